"""Score the first pass: `manage.py evaluate_ingestion GOLD.json [GOLD.json …]
[--constructions constructions.json] [--lookalikes lookalikes.json]`.

Each gold file (the articles sit beside it) is scored by the strict rule
(article, language and overall tables, the candidate error list) and by the
corpus rule of earlier rounds (its overall line, for continuity). The
constructions catalogue is scored example by example (coverage per language
and per construction); the lookalike pairs give the register report. Uses
the register in the database (`--demo-register` loads the demo's first, on
an empty database); the register names the lookalike pairs point at and the
register lacks are added for the report and rolled back after it.
"""

import json
import re
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.ingestion.evaluation import (
    StrictScore,
    Totals,
    by_language,
    construction_lines,
    error_lines,
    lookalike_report,
    ratio,
    run_articles,
    score_article,
    score_constructions,
    score_strict,
    strict_table,
    table,
)
from claims.ingestion.extract import Link, extract
from claims.ingestion.language import detect_language
from claims.ingestion.register import Register
from sources.models import Source, SourceAlias
from sources.services import source_create


class Command(BaseCommand):
    help = (
        "Score ingestion against gold annotations by the strict rule (and the corpus rule "
        "beside it): recall, precision, relays, denials, the candidate error list; the "
        "constructions catalogue's coverage; the register on lookalike names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "gold", type=Path, nargs="*", help="gold.json files; the articles sit beside each"
        )
        parser.add_argument("--constructions", type=Path, help="constructions.json")
        parser.add_argument("--lookalikes", type=Path, help="lookalikes.json")
        parser.add_argument(
            "--brief", action="store_true", help="the tables only, without the error lists"
        )
        parser.add_argument(
            "--demo-register",
            action="store_true",
            help="load the demo register and claims first (for an empty database)",
        )

    def handle(self, *args, gold, constructions, lookalikes, brief, demo_register, **options):
        paths = [*gold, *(p for p in (constructions, lookalikes) if p)]
        if not paths:
            raise CommandError("Give at least one gold.json, --constructions or --lookalikes.")
        for path in paths:
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
        if demo_register:
            call_command("load_demo", stdout=self.stdout)
        self.register = Register()
        self.aliases: dict[int, list[str]] = {}
        for name, source_id in SourceAlias.objects.values_list("name", "source_id"):
            self.aliases.setdefault(source_id, []).append(name)
        self.results: dict[str, object] = {}  # for the suite's floor tests
        for path in gold:
            self.results[str(path)] = self._gold(path, brief)
        if constructions:
            self.results["constructions"] = self._constructions(constructions, brief)
        if lookalikes:
            self.results["lookalikes"] = self._lookalikes(lookalikes)

    # -- the names a link is judged by

    def strict_names(self, link: Link) -> list[str]:
        """The registered source's name and aliases when resolved, else the
        phrase; an unnamed source in a registered body is "source in" its names;
        none for a pointer left unresolved ("the president" with two presidents
        named: the desk picks, so nothing is filed yet)."""
        if link.unresolved and not link.unnamed:  # an unnamed source still names its kind
            return []
        if link.source is not None:
            registered = self.register.names.get(link.source, link.name)
            names = [registered, *self.aliases.get(link.source, [])]
            if link.unnamed:  # the typed attribution, as the citation words it, in either number
                return [f"{head} in {n}" for n in names for head in ("source", "sources")]
            return names
        return [n for n in (link.phrase, link.name) if n]

    def corpus_names(self, link: Link) -> list[str]:
        names = [link.name, link.phrase, *self.aliases.get(link.source, [])]
        return [n for n in names if n]

    def _run(self, text: str, publisher: str = ""):
        outlet = None
        if publisher:
            match = self.register.resolve(re.sub(r"\s*\(.*\)$", "", publisher))[0]
            outlet = (match.source_id, match.source_name) if match.source_id else None
        return extract(text, register=self.register, detect=detect_language, publisher=outlet)[1]

    # -- the three reports

    def _gold(self, path: Path, brief: bool) -> StrictScore:
        rows, total = [], StrictScore(file="overall")
        corpus_rows, corpus = [], Totals(file="overall", language="")
        for item, found, seconds in run_articles(path, self._run):  # one pass, both rules
            score = score_strict(item, found, self.strict_names)
            old = score_article(item, found, self.corpus_names)
            score.seconds = old.seconds = seconds
            rows.append(score)
            total.add(score)
            corpus_rows.append(old)
            corpus.add(old)
        out = [f"# {path} — strict rule", strict_table(rows, total), "",
               strict_table(by_language(rows), total, label="language")]  # fmt: skip
        out += [
            "",
            f"strict: recall {total.recall:.2f} ({total.found}/{total.gold}), precision "
            f"{total.precision:.2f} ({total.true_candidates}/{total.candidates}), relays "
            f"{ratio(total.relays_right, total.relays_checked):.2f}, denials "
            f"{total.denials_found}/{total.denials}",
            f"corpus rule (earlier rounds): recall {ratio(corpus.found, corpus.gold):.2f}, "
            f"precision {ratio(corpus.true_candidates, corpus.candidates):.2f}, denials "
            f"{corpus.denials_found}/{corpus.denials}",
            f"seconds per article {total.seconds / max(total.articles, 1):.2f}",
        ]
        errors = error_lines(rows)
        out += ["", "candidate errors: " + errors[0], *([] if brief else errors[1:])]
        self.stdout.write("\n".join(out) + "\n")
        if brief:
            return total
        self.stdout.write("\n# corpus rule, article by article\n")
        self.stdout.write(table(corpus_rows, corpus) + "\n")
        return total

    def _constructions(self, path: Path, brief: bool):
        results = score_constructions(json.loads(path.read_text()), self._run, self.strict_names)
        lines = construction_lines(results)
        self.stdout.write(f"# {path} — constructions, strict rule\n" + "\n".join(lines) + "\n")
        if not brief:
            for r in results:
                if not r.covered:
                    self.stdout.write(f"\n== {r.id} {r.name}\n")
                    self.stdout.write("".join(f"  missed: {m}\n" for m in r.score.misses))
                    self.stdout.write("".join(f"  {k}: {t}\n" for k, t in r.score.errors))
        return results

    def _lookalikes(self, path: Path):
        pairs = json.loads(path.read_text())
        with transaction.atomic():
            known = set(Source.objects.values_list("name", flat=True))
            for name in sorted({p["b"] for p in pairs} - known):
                source_create(name=name, kind=Source.Kind.OTHER)
            report = lookalike_report(pairs, Register())
            transaction.set_rollback(True)
        self.stdout.write(f"# {path} — the register on lookalike names\n")
        self.stdout.write("\n".join(report.lines()) + "\n")
        return report
