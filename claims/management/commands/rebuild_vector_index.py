"""python manage.py rebuild_vector_index: the on-disk index from the database."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from claims.matching import index


class Command(BaseCommand):
    help = "Rebuild the vector index file from the embeddings stored in the database."

    def handle(self, *args, **options):
        with tqdm(unit="claim") as bar:

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            held = index.rebuild(progress)
        self.stdout.write(f"The index at {index.index_path()} holds {held} claim(s).")
