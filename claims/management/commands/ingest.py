from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.services.ingestion import ingestion_job_create, ingestion_run
from config.exceptions import ApplicationError
from sources.models import Source


class Command(BaseCommand):
    help = "Ingest an article (a file of text or HTML, or a URL) and list its candidate claims."

    def add_arguments(self, parser):
        parser.add_argument("article", help="A file path or an http(s) URL.")
        parser.add_argument("--user", required=True, help="Whose job it is (a username).")
        parser.add_argument("--publisher", help="The outlet that published it (source name).")

    def handle(self, *args, article, user, publisher=None, **options):
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user called {user!r}.")
        outlet = None
        if publisher:
            outlet = Source.objects.filter(name=publisher).first()
            if outlet is None:
                raise CommandError(f"No source called {publisher!r} in the register.")
        if article.startswith(("http://", "https://")):
            given = {"url": article}
        else:
            path = Path(article)
            if not path.is_file():
                raise CommandError(f"{article} is neither a file nor an http(s) URL.")
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CommandError(f"{article} is not UTF-8 text.") from exc
            given = {"html" if path.suffix.lower() in (".html", ".htm") else "text": text}
        try:
            job = ingestion_job_create(actor=person, publisher=outlet, **given)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        job = ingestion_run(job_pk=job.pk)  # at once; the queued run then finds it done
        if job.status == job.Status.FAILED:
            raise CommandError(f"Ingestion failed: {job.error}")
        self.stdout.write(
            f"Job {job.pk}: {job.result['candidates']} new candidate(s), "
            f"{job.result['already_known']} already known; language {job.language}."
        )
        for candidate in job.candidates.all():
            origins = ", ".join(a["name"] for a in candidate.attributions if a["via"] is None)
            hedges = f" [{', '.join(candidate.hedges)}]" if candidate.hedges else ""
            self.stdout.write(f"  {candidate.position:>3} {candidate.text}  ← {origins}{hedges}")
