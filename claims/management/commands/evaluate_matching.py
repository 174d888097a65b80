"""python manage.py evaluate_matching ../shared/data/matching-dev.json"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.matching.evaluation import evaluate, load, report
from claims.matching.scoring import LIKELY_SAME


class Command(BaseCommand):
    help = (
        "Score the claim matcher on a matching set: success@1, success@5, MRR, and the "
        "near-miss distractors scored above the 'same claim' threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A matching set (events with mentions, distractors).")
        parser.add_argument("--threshold", type=float, default=LIKELY_SAME)
        parser.add_argument("--brief", action="store_true", help="The figures only.")
        parser.add_argument(
            "--uncentered",
            action="store_true",
            help="Score as a desk with too few claims to center vectors on (no language means).",
        )

    def handle(self, *args, path, threshold, brief, uncentered, **options):
        if not Path(path).is_file():
            raise CommandError(f"No matching set at {path}.")
        self.result = evaluate(load(Path(path)), threshold, centered=not uncentered)
        self.stdout.write(report(self.result, threshold, details=not brief))
