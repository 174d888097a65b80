"""python manage.py evaluate_matching ../shared/data/matching-dev-2.json
    --means-from ../shared/data/ingestion-dev/gold.json ../shared/data/ingestion-dev-2/*/gold.json
    --fit-on ../shared/data/matching-dev.json

The figures on a matching set. `--means-from`: the language means from the
sentences of the articles beside those ingestion gold files, a corpus that
is neither set (without it, from the evaluated items themselves, as earlier
rounds did: optimistic). `--fit-on`: the weights and the line fitted on
another set, then measured on this one; without it, the shipped weights."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.matching.evaluation import (
    article_sentences,
    corpus_means,
    evaluate,
    fit,
    load,
    report,
)
from claims.matching.scoring import WEIGHTS, Weights


class Command(BaseCommand):
    help = (
        "Score the claim matcher on a matching set: success@1, success@5, MRR, and the "
        "near misses scored above the 'likely the same' line; optionally with language means "
        "from an independent corpus and weights fitted on another set."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A matching set (events, distractors).")
        parser.add_argument(
            "--means-from",
            type=Path,
            nargs="+",
            default=[],
            help="ingestion gold.json files whose articles give the means",
        )
        parser.add_argument("--fit-on", type=Path, help="another matching set to fit the line on")
        parser.add_argument(
            "--fit-weights", action="store_true", help="with --fit-on: search the weights too"
        )
        parser.add_argument("--line", type=float, help="score with this line instead")
        parser.add_argument("--brief", action="store_true", help="The figures only.")
        parser.add_argument(
            "--uncentered",
            action="store_true",
            help="Score as a desk with too few claims to center vectors on (no language means).",
        )

    def handle(
        self, *args, path, means_from, fit_on, fit_weights, line, brief, uncentered, **options
    ):
        for file in [path, *means_from, *([fit_on] if fit_on else [])]:
            if not file.is_file():
                raise CommandError(f"No such file: {file}.")
        means = corpus_means(article_sentences(means_from)) if means_from else None
        if means is not None:
            self.stdout.write(f"language means from {means.count} sentences of the dev articles")
        else:
            self.stdout.write("language means from the evaluated items themselves (optimistic)")
        weights: Weights = WEIGHTS
        if fit_on:
            if means is None:
                raise CommandError("--fit-on needs --means-from: the fit must not see the set.")
            weights = fit(load(fit_on), means, search=fit_weights)
            self.stdout.write(f"fitted on {fit_on.name}: {weights}")
        if line is not None:
            weights = Weights(weights.share, weights.terms, weights.names, line)
        self.result = evaluate(load(path), means=means, weights=weights, centered=not uncentered)
        self.stdout.write(report(self.result, details=not brief))
