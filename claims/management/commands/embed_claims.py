"""python manage.py embed_claims [--all]: backfill claim embeddings, then
rebuild the vector index."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from claims.matching import index
from claims.models import Claim
from claims.selectors.similar import claims_to_embed
from claims.services.embeddings import BATCH, claim_embeddings_refresh


class Command(BaseCommand):
    help = (
        "Compute the embeddings of claims that have none under the configured model (or, "
        "with --all, check every claim's text too), in batches with a progress bar, then "
        "rebuild the vector index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Check every claim, not only new.")

    def handle(self, *args, all, **options):
        claims = Claim.objects.order_by("pk") if all else claims_to_embed()
        ids = list(claims.values_list("pk", flat=True))
        written = 0
        with tqdm(total=len(ids), unit="claim", disable=not ids) as bar:
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                written += claim_embeddings_refresh(claim_ids=batch)
                bar.update(len(batch))
        held = index.rebuild()
        self.stdout.write(f"{written} embedding(s) written; the index holds {held}.")
