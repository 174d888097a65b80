"""Score the first pass on a gold corpus: `manage.py evaluate_ingestion
../shared/data/ingestion-dev/gold.json`. Uses the register in the database
(`--demo-register` loads the demo's first, on an empty database)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingestion.evaluation import evaluate, ratio, table
from claims.ingestion.extract import Link, extract
from claims.ingestion.language import detect_language
from claims.ingestion.register import Register
from sources.models import SourceAlias


class Command(BaseCommand):
    help = "Score ingestion against gold annotations: recall, precision, origins, stances, relays."

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="a gold.json; the articles sit beside it")
        parser.add_argument(
            "--brief", action="store_true", help="the table only, without misses and extras"
        )
        parser.add_argument(
            "--demo-register",
            action="store_true",
            help="load the demo register and claims first (for an empty database)",
        )

    def handle(self, *args, gold: Path, brief: bool, demo_register: bool, **options):
        if not gold.is_file():
            raise CommandError(f"gold: no such file: {gold}")
        if demo_register:
            from verify.demo import demo_load

            demo_load()
        register = Register()
        aliases: dict[int, list[str]] = {}
        for name, source_id in SourceAlias.objects.values_list("name", "source_id"):
            aliases.setdefault(source_id, []).append(name)

        def names_of(link: Link) -> list[str]:
            names = [link.name, link.phrase]
            if link.source is not None:
                names += aliases.get(link.source, [])
            return [n for n in names if n]

        def run(text: str):
            return extract(text, register=register, detect=detect_language)[1]

        scores, totals = evaluate(gold, run, names_of)
        self.stdout.write(table(scores, totals, details=not brief))
        self.stdout.write(
            f"\nrecall {ratio(totals.found, totals.gold):.2f} ({totals.found}/{totals.gold}), "
            f"precision {ratio(totals.true_candidates, totals.candidates):.2f} "
            f"({totals.true_candidates}/{totals.candidates}), "
            f"origin {ratio(totals.origin_right, totals.text_found):.2f}, "
            f"stance {ratio(totals.stance_right, totals.text_found):.2f}, "
            f"relays {ratio(totals.relays_right, totals.relays_checked):.2f}, "
            f"denials {totals.denials_found}/{totals.denials}"
        )
        self.totals = totals  # for the suite's floor test
