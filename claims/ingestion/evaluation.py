"""Scoring the first pass against gold annotations (the format of
`shared/data/ingestion-dev/gold.json`), by two rules.

The **strict rule** (the one the product is measured by, `score_strict`): a
gold claim is found when one candidate's own text covers at least half of
the gold text's words and at least a quarter of the candidate's words are
the gold's, and the candidate's origin names one of the claim's gold
origins: the registered source's name or aliases when ingestion resolved
it (a misfiled source is wrong), else the phrase as the article gave it.
Names match by whole words (one name's words, function words aside, are a
subset of the other's). Precision counts candidates whose text and origin
both match a gold claim; every other candidate is listed with what is wrong
with it (wrong text, wrong origin, misfiled source, invented source).

The **corpus rule** (`score_article`, kept for continuity with the figures
of earlier rounds): the candidate's text *or its sentence* covers half the
gold words, names match by containment or one shared word, and precision
ignores the origin.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claims.ingestion.extract import Found, Link
from claims.ingestion.keys import concept_key, latin_key
from claims.ingestion.register import Register
from claims.models import Stance

# Words that say what kind of body speaks, not which one: two names sharing
# only these are not the same source.
GENERIC = {
    "agency", "media", "ministry", "state", "news", "office", "official", "officials", "army",
    "forces", "defence", "defense", "government", "general", "spokesman", "source", "sources",
    "report", "reports", "television", "channel", "service", "group",
    "агенция", "медии", "медиите", "министерство", "министерството", "държавни", "държавната",
    "армия", "армията", "правителство", "правителството", "агентство", "агентства",
    "міністерство", "міністерства", "министерства", "армии", "представител",
    "говорител", "говорителят", "officer", "commander", "syrian", "russian", "ukrainian",
    "turkish", "iranian", "israeli", "american", "british", "french", "kurdish", "arab",
}  # fmt: skip
NATIONALITY_STEMS = ("сирийск", "руск", "украинск", "турск", "иранск", "израелск", "американск",
                     "російськ", "сирійськ", "українськ", "российск", "сирийск")  # fmt: skip


def _words(text: str) -> set[str]:
    """Lower-cased words of 3+ letters, compared on their first 5 letters."""
    return {w[:5] for w in re.findall(r"\w+", text.casefold()) if len(w) >= 3 and not w.isdigit()}


def covers(candidate_text: str, gold_text: str) -> bool:
    gold = _words(gold_text)
    return bool(gold) and len(gold & _words(candidate_text)) * 2 >= len(gold)


def _normal(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    words = re.sub(r"[^\w\s]", " ", name).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _generic(word: str) -> bool:
    return word in GENERIC or word.startswith(NATIONALITY_STEMS)


def same_source(ours: str, gold: str) -> bool:
    a, b = _normal(ours), _normal(gold)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    shared = set(a.split()) & set(b.split())
    return any(len(w) >= 4 and not _generic(w) for w in shared)


def any_same(ours: Iterable[str], gold: Iterable[str]) -> bool:
    gold = list(gold)
    return any(same_source(o, g) for o in ours for g in gold)


@dataclass
class ArticleScore:
    file: str
    language: str
    gold: int = 0
    found: int = 0  # text and origin
    text_found: int = 0  # text only
    origin_right: int = 0  # of text_found
    stance_right: int = 0  # of text_found
    relays_checked: int = 0  # text_found claims whose gold names relays
    relays_right: int = 0
    denials: int = 0
    denials_found: int = 0
    candidates: int = 0
    true_candidates: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


@dataclass
class Totals(ArticleScore):
    articles: int = 0

    def add(self, score: ArticleScore) -> None:
        self.articles += 1
        _add_counts(self, score)


def _add_counts(total, score) -> None:
    """Add a score's counts (its int and float fields but `articles`) to a total's."""
    for name, value in vars(score).items():
        if isinstance(value, int | float) and not isinstance(value, bool) and name != "articles":
            setattr(total, name, getattr(total, name) + value)


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _origins(found: Found) -> list[Link]:
    return [link for link in found.links if link.via is None]


def _relay_names(found: Found, origin_index: int, names_of) -> list[list[str]]:
    """The chain from the origin outward: each link that relays the one before."""
    chain, current = [], origin_index
    while True:
        nxt = next((i for i, link in enumerate(found.links) if link.via == current), None)
        if nxt is None:
            return chain
        chain.append(names_of(found.links[nxt]))
        current = nxt


def score_article(
    item: dict, found: list[Found], names_of: Callable[[Link], list[str]]
) -> ArticleScore:
    """Score one article's candidates against its gold claims."""
    score = ArticleScore(file=item["file"], language=item.get("language", ""))
    score.gold = len(item["claims"])
    score.candidates = len(found)
    matched_candidates: set[int] = set()
    for claim in item["claims"]:
        gold_text = claim["text"]
        by_text = [
            i
            for i, f in enumerate(found)
            if covers(f.text, gold_text) or covers(f.sentence, gold_text)
        ]
        matched_candidates.update(by_text)
        wanted_denials = [a for a in claim["attributions"] if a["stance"] == "denies"]
        score.denials += len(wanted_denials)
        label = gold_text[:90]
        if not by_text:
            score.misses.append(label)
            continue
        score.text_found += 1
        best = None  # (candidate, origin link index, gold attribution)
        for i in by_text:
            for index, link in enumerate(found[i].links):
                if link.via is not None:
                    continue
                for attribution in claim["attributions"]:
                    if any_same(names_of(link), attribution["origin"]):
                        best = best or (found[i], index, attribution)
                        if link.stance == attribution["stance"]:
                            best = (found[i], index, attribution)
        if best is None:
            origins = [link.name for i in by_text for link in _origins(found[i])]
            score.misses.append(f"{label}  [origin: ours {origins or '—'}]")
            continue
        candidate, index, attribution = best
        score.found += 1
        score.origin_right += 1
        link = candidate.links[index]
        if link.stance == attribution["stance"]:
            score.stance_right += 1
            if attribution["stance"] == "denies":
                score.denials_found += 1
        else:
            score.wrong.append(f"stance {link.stance} ≠ {attribution['stance']}: {label}")
        if attribution["relays"]:
            score.relays_checked += 1
            ours = _relay_names(candidate, index, names_of)
            gold = attribution["relays"]
            if len(ours) >= len(gold) and all(
                any_same(o, g) for o, g in zip(ours, gold, strict=False)
            ):
                score.relays_right += 1
            else:
                score.wrong.append(f"relays {[o[0] for o in ours]} ≠ {gold}: {label}")
    score.true_candidates = len(matched_candidates)
    score.extras = [f.text[:90] for i, f in enumerate(found) if i not in matched_candidates]
    return score


def load_gold(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def run_articles(
    gold_path: Path, run: Callable[[str], list[Found]]
) -> Iterator[tuple[dict, list[Found], float]]:
    """The first pass (`run`: text → candidates) on every article of the gold
    file (texts beside it): each gold item, its candidates and the seconds
    they took, for the rules to score."""
    for item in load_gold(gold_path):
        text = (gold_path.parent / item["file"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        found = run(text)
        yield item, found, time.perf_counter() - started


def table(scores: list[ArticleScore], totals: Totals, *, details: bool = True) -> str:
    """The report: one line per article, the overall line, then each
    article's misses, wrong parts and extra candidates."""
    head = (
        f"{'article':<40} {'gold':>4} {'found':>5} {'recall':>6} {'prec':>5} "
        f"{'origin':>6} {'stance':>6} {'relays':>6} {'denials':>7} {'sec':>5}"
    )
    lines = [head, "-" * len(head)]

    def line(s: ArticleScore) -> str:
        return (
            f"{s.file[:40]:<40} {s.gold:>4} {s.found:>5} {ratio(s.found, s.gold):>6.2f} "
            f"{ratio(s.true_candidates, s.candidates):>5.2f} "
            f"{ratio(s.origin_right, s.text_found):>6.2f} "
            f"{ratio(s.stance_right, s.text_found):>6.2f} "
            f"{ratio(s.relays_right, s.relays_checked):>6.2f} "
            f"{s.denials_found:>3}/{s.denials:<3} {s.seconds:>5.2f}"
        )

    lines += [line(s) for s in scores]
    lines += ["-" * len(head), line(totals)]
    if details:
        for s in scores:
            if not (s.misses or s.wrong or s.extras):
                continue
            lines += ["", f"== {s.file}"]
            lines += [f"  missed: {m}" for m in s.misses]
            lines += [f"  wrong:  {w}" for w in s.wrong]
            lines += [f"  extra:  {e}" for e in s.extras]
    return "\n".join(lines)


# --- the strict rule ------------------------------------------------------------------------

# Words that name no one by themselves: two names are compared without them.
FUNCTION_WORDS = {
    "the", "of", "a", "an", "and", "in", "on", "for", "at", "to", "by", "from", "with", "s",
    "на", "в", "във", "за", "от", "и", "с", "със", "по", "към", "у", "з", "із", "та", "й", "і",
    "до", "від", "об", "о", "при", "из", "со", "к", "для",
}  # fmt: skip


def name_words(name: str) -> frozenset[str]:
    """A name's words after NFKC and case-folding, without punctuation and
    function words ("Ukraine's" gives "ukraine")."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    text = re.sub(r"'s\b", " ", text)
    return frozenset(w for w in re.findall(r"\w+", text) if w not in FUNCTION_WORDS)


def strict_same(ours: str, gold: str) -> bool:
    """Whole words: one name's words are a subset of the other's ("RIA" is
    not found in "Syrian army", "he" not in "the ministry"), as written or
    each word transliterated ("Zhuravlev" is "Zhuravlyov" and "Журавльов",
    the key the register resolves spellings by)."""
    a, b = name_words(ours), name_words(gold)
    if not (a and b):
        return False
    if a <= b or b <= a:
        return True
    a, b = ({latin_key(w) for w in words} for words in (a, b))
    return a <= b or b <= a


def strict_covers(candidate_text: str, gold_text: str) -> bool:
    """The candidate's own text covers half the gold's words, and a quarter of
    its own words are the gold's (a whole paragraph does not match a claim)."""
    gold, ours = _words(gold_text), _words(candidate_text)
    shared = len(gold & ours)
    return bool(gold and ours) and shared * 2 >= len(gold) and shared * 4 >= len(ours)


# What is wrong with a candidate, by the strict rule.
WRONG_TEXT, WRONG_ORIGIN, MISFILED, INVENTED, UNRESOLVED = (
    "wrong text", "wrong origin", "misfiled source", "invented source", "unresolved source",
)  # fmt: skip
ERRORS = (WRONG_TEXT, WRONG_ORIGIN, MISFILED, INVENTED, UNRESOLVED)


@dataclass
class StrictScore:
    """One article's (or example's, or a whole set's) figures by the strict rule."""

    file: str
    language: str = ""
    gold: int = 0
    found: int = 0
    denials: int = 0
    denials_found: int = 0
    relays_checked: int = 0
    relays_right: int = 0
    candidates: int = 0
    true_candidates: int = 0
    articles: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (kind, candidate text)
    # every gold attribution found with its origin, relays and stance
    complete: bool = True

    @property
    def recall(self) -> float:
        return ratio(self.found, self.gold)

    @property
    def precision(self) -> float:
        return ratio(self.true_candidates, self.candidates)

    def add(self, other: StrictScore) -> None:
        self.articles += other.articles or 1
        _add_counts(self, other)
        self.errors += other.errors
        self.complete = self.complete and other.complete


def _origin_matches(
    found: Found, index: int, attribution: dict, names_of: Callable[[Link], list[str]]
) -> bool:
    return any(
        strict_same(n, g) for n in names_of(found.links[index]) for g in attribution["origin"]
    )


def _relay_paths(found: Found, index: int) -> list[list[int]]:
    """Every way from a link outward: parallel relays ("carried by TASS and
    RIA") branch, each branch one path."""
    nexts = [i for i, link in enumerate(found.links) if link.via == index]
    if not nexts:
        return [[]]
    return [[i, *path] for i in nexts for path in _relay_paths(found, i)]


def _chain_matches(found: Found, index: int, relays: list[list[str]], names_of, skip) -> bool:
    """One path from the origin outward with the same number of relay levels,
    in order, each named by the strict rule (a gold attribution per parallel
    relay); `skip` drops the publisher's own link."""
    for path in _relay_paths(found, index):
        ours = [names for names in (names_of(found.links[i]) for i in path) if not skip(names)]
        if len(ours) == len(relays) and all(
            any(strict_same(o, g) for o in level for g in gold)
            for level, gold in zip(ours, relays, strict=True)
        ):
            return True
    return False


def score_strict(
    item: dict,
    found: list[Found],
    names_of: Callable[[Link], list[str]],
    *,
    phrase_of: Callable[[Link], str] = lambda link: link.phrase or link.name,
    publisher: str = "",
) -> StrictScore:
    """Score one text's candidates by the strict rule. `names_of(link)`: the
    registered source's name and aliases when the link was resolved, else
    the phrase; `phrase_of(link)`: the phrase as the article gave it (a
    resolved link whose phrase is right but whose register entry is not was
    misfiled); `publisher`: the outlet whose own page it is, never a relay."""
    score = StrictScore(file=item.get("file", ""), language=item.get("language", ""))
    claims = item["claims"]
    score.gold, score.candidates = len(claims), len(found)

    def is_publisher(names: list[str]) -> bool:
        return bool(publisher) and any(strict_same(n, publisher) for n in names)

    by_text = [[i for i, f in enumerate(found) if strict_covers(f.text, c["text"])] for c in claims]
    for claim, candidates in zip(claims, by_text, strict=True):
        _score_gold_claim(score, claim, [(i, found[i]) for i in candidates], names_of, is_publisher)
    gold_names = [
        name
        for claim in claims
        for attribution in claim["attributions"]
        for name in [*attribution["origin"], *(n for level in attribution["relays"] for n in level)]
    ]
    for i, candidate in enumerate(found):
        claims_here = [c for c, hits in zip(claims, by_text, strict=True) if i in hits]
        right = any(
            _origin_matches(candidate, index, attribution, names_of)
            for claim in claims_here
            for attribution in claim["attributions"]
            for index, link in enumerate(candidate.links)
            if link.via is None
        )
        if right:
            score.true_candidates += 1
            continue
        kind = _wrong_kind(candidate, claims_here, gold_names, phrase_of)
        who = ", ".join(link.name for link in _origins(candidate)) or "—"
        score.errors.append((kind, f"{candidate.text[:90]}  [origin: {who}]"))
    return score


def _score_gold_claim(score: StrictScore, claim: dict, candidates, names_of, is_publisher) -> None:
    """One gold claim against the candidates whose text covers it: found when
    one names an origin; each attribution's denial and relay chain checked."""
    origins_found = 0
    for attribution in claim["attributions"]:
        denial = attribution["stance"] == Stance.DENIES
        score.denials += denial
        hits = [
            (candidate, index)
            for _i, candidate in candidates
            for index, link in enumerate(candidate.links)
            if link.via is None and _origin_matches(candidate, index, attribution, names_of)
        ]
        origins_found += bool(hits)
        stance = [(c, x) for c, x in hits if c.links[x].stance == attribution["stance"]]
        score.denials_found += bool(denial and stance)
        if attribution["relays"]:
            score.relays_checked += 1
        chain = [
            (c, x) for c, x in stance
            if _chain_matches(c, x, attribution["relays"], names_of, is_publisher)
        ]  # fmt: skip
        score.relays_right += bool(attribution["relays"] and chain)
        score.complete = score.complete and bool(chain)
    if origins_found:
        score.found += 1
        return
    ours = [link.name for _i, candidate in candidates for link in _origins(candidate)]
    score.misses.append(claim["text"][:90] + (f"  [origin: ours {ours}]" if candidates else ""))
    score.complete = False


def _names_party(ours: str, gold: str) -> bool:
    """A phrase that names a gold party, in any case form ("посольстві X" is
    "посольство X"): not invented, whatever else is wrong."""
    if strict_same(ours, gold):
        return True
    a, b = concept_key(ours), concept_key(gold)
    return bool(a and b) and (a <= b or b <= a)


def _wrong_kind(candidate: Found, claims_here: list[dict], gold_names, phrase_of) -> str:
    """Why a candidate with no right origin is wrong, in the order the desk
    would care: left for the desk to pick, a source invented, a text no
    claim has, a source filed under another party, the wrong origin."""
    origins = _origins(candidate)
    if any(link.unresolved for link in origins):  # shown to the desk to pick
        return UNRESOLVED
    if any(
        link.source is None and not any(_names_party(phrase_of(link), g) for g in gold_names)
        for link in origins
    ):
        return INVENTED
    if not claims_here:
        return WRONG_TEXT
    gold_origins = [g for c in claims_here for a in c["attributions"] for g in a["origin"]]
    if any(
        link.source is not None and any(strict_same(phrase_of(link), g) for g in gold_origins)
        for link in origins
    ):
        return MISFILED
    return WRONG_ORIGIN


def strict_table(rows: list[StrictScore], total: StrictScore, *, label: str = "article") -> str:
    head = (
        f"{label:<40} {'gold':>4} {'found':>5} {'recall':>6} {'cands':>5} {'prec':>5} "
        f"{'relays':>6} {'denials':>7}"
    )

    def line(s: StrictScore) -> str:
        return (
            f"{s.file[:40]:<40} {s.gold:>4} {s.found:>5} {s.recall:>6.2f} {s.candidates:>5} "
            f"{s.precision:>5.2f} {ratio(s.relays_right, s.relays_checked):>6.2f} "
            f"{s.denials_found:>3}/{s.denials:<3}"
        )

    return "\n".join([head, "-" * len(head), *map(line, rows), "-" * len(head), line(total)])


def by_language(scores: list[StrictScore]) -> list[StrictScore]:
    """One row per language, in the order the languages first appear."""
    rows: dict[str, StrictScore] = {}
    for score in scores:
        rows.setdefault(score.language, StrictScore(file=score.language or "?")).add(score)
    return list(rows.values())


def error_lines(scores: list[StrictScore]) -> list[str]:
    """The candidate-level error list: counts by kind, then each candidate."""
    counts = {kind: 0 for kind in ERRORS}
    lines = []
    for score in scores:
        for kind, _text in score.errors:
            counts[kind] += 1
        if score.errors or score.misses:
            lines += ["", f"== {score.file}"]
            lines += [f"  missed: {m}" for m in score.misses]
            lines += [f"  {kind}: {text}" for kind, text in score.errors]
    return [", ".join(f"{kind} {n}" for kind, n in counts.items()), *lines]


# --- the constructions catalogue ------------------------------------------------------------


@dataclass
class ConstructionScore:
    id: str
    language: str
    name: str
    score: StrictScore
    not_claims_hit: int = 0  # candidates covering half of a span that must give no claim

    @property
    def covered(self) -> bool:
        return self.score.complete


def score_constructions(
    catalogue: list[dict],
    run: Callable[[str, str], list[Found]],
    names_of: Callable[[Link], list[str]],
) -> list[ConstructionScore]:
    """Each construction's two examples by the strict rule; it is covered when
    every gold attribution of both is found with origin, relays and stance.
    `run(text, publisher)`: the first pass on one example."""
    results = []
    for construction in catalogue:
        total = StrictScore(file=construction["id"], language=construction["language"])
        hits = 0
        for n, example in enumerate(construction["examples"], 1):
            publisher = example.get("publisher", "")
            found = run(example["text"], publisher)
            item = {"file": f"{construction['id']}/{n}", "claims": example["claims"],
                    "language": construction["language"]}  # fmt: skip
            name = re.sub(r"\s*\(.*\)$", "", publisher)
            score = score_strict(item, found, names_of, publisher=name)
            total.add(score)
            total.misses += [f"{n}: {m}" for m in score.misses]
            hits += sum(
                1 for span in example.get("not_claims", []) for f in found if covers(f.text, span)
            )
        results.append(
            ConstructionScore(
                construction["id"], construction["language"], construction["name"], total, hits
            )
        )
    return results


def construction_lines(results: list[ConstructionScore]) -> list[str]:
    """Coverage per language, then one line per construction."""
    languages: dict[str, list[ConstructionScore]] = {}
    for result in results:
        languages.setdefault(result.language, []).append(result)
    head = f"{'language':<8} {'covered':>8} {'share':>6} {'recall':>6} {'prec':>5} {'denials':>7}"

    def line(label: str, rows: list[ConstructionScore]) -> str:
        total = StrictScore(file=label)
        for row in rows:
            total.add(row.score)
        covered = sum(r.covered for r in rows)
        return (
            f"{label:<8} {covered:>4}/{len(rows):<3} {ratio(covered, len(rows)):>6.2f} "
            f"{total.recall:>6.2f} {total.precision:>5.2f} "
            f"{total.denials_found:>3}/{total.denials:<3}"
        )

    lines = [head, *(line(code, rows) for code, rows in languages.items()), line("all", results)]
    lines.append("")
    for r in results:
        mark = "covered" if r.covered else "—"
        lines.append(
            f"{r.id:<6} {mark:<8} claims {r.score.found}/{r.score.gold} "
            f"cands {r.score.true_candidates}/{r.score.candidates}"
            + (f" not-claims {r.not_claims_hit}" if r.not_claims_hit else "")
            + f"  {r.name[:70]}"
        )
    return lines


# --- the register on lookalike names -------------------------------------------------------


@dataclass
class LookalikeReport:
    """How the register resolves names that are different parties from a
    register entry (never filed under it) and names of the same party
    written otherwise (filed under it)."""

    different: int = 0
    misfiled: list[str] = field(default_factory=list)  # "a → b" filed under the wrong party
    suggested_across: list[str] = field(default_factory=list)  # offered as a suggestion even so
    same: int = 0
    resolved: int = 0
    unresolved: list[str] = field(default_factory=list)  # "a → what it became"

    @property
    def same_share(self) -> float:
        return ratio(self.resolved, self.same)

    def lines(self) -> list[str]:
        return [
            f"different parties: {self.different}, misfiled {len(self.misfiled)}, "
            f"suggested across {len(self.suggested_across)}",
            f"same party: {self.same}, resolved together {self.resolved} ({self.same_share:.2f})",
            *(f"  misfiled: {line}" for line in self.misfiled),
            *(f"  suggested across: {line}" for line in self.suggested_across),
            *(f"  not resolved: {line}" for line in self.unresolved),
        ]


def lookalike_report(pairs: list[dict], register: Register) -> LookalikeReport:
    """`pairs` as ingestion-constructions/lookalikes.json gives them; every
    `b` must be a registered source's name."""
    ids = {name: pk for pk, name in register.names.items()}
    report = LookalikeReport()
    for pair in pairs:
        target = ids[pair["b"]]
        (match, *_rest) = register.resolve(pair["a"])
        if pair["same"]:
            report.same += 1
            if match.source_id == target:
                report.resolved += 1
            else:
                became = register.names.get(match.source_id, f"new ({match.resolution})")
                report.unresolved.append(f"{pair['a']} → {became}")
        else:
            report.different += 1
            if match.source_id == target:
                report.misfiled.append(f"{pair['a']} → {pair['b']}")
            elif match.suggested_id == target:
                report.suggested_across.append(f"{pair['a']} → {pair['b']}")
    return report
