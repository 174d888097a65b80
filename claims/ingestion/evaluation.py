"""Scoring the first pass against gold annotations (the format of
`shared/data/ingestion-dev/gold.json`, its README gives the rule).

A gold claim is *found* when a candidate's text (or its sentence) covers at
least half of the gold text's words and one of the candidate's origins is one
of the gold origins. Precision counts candidates whose text matches any gold
claim. On the claims whose text was found, the origin, stance and relays are
checked one by one, so a developer sees which part of the pass went wrong.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claims.ingestion.extract import Found, Link
from claims.ingestion.register import Register

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
        for name in (
            "gold", "found", "text_found", "origin_right", "stance_right", "relays_checked",
            "relays_right", "denials", "denials_found", "candidates", "true_candidates", "seconds",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(score, name))


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


def evaluate(
    gold_path: Path,
    run: Callable[[str], list[Found]],
    names_of: Callable[[Link], list[str]],
) -> tuple[list[ArticleScore], Totals]:
    """Run the first pass (`run`: text → candidates) on every article of the
    gold file (texts beside it) and score it."""
    scores, totals = [], Totals(file="overall", language="")
    for item in load_gold(gold_path):
        text = (gold_path.parent / item["file"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        found = run(text)
        score = score_article(item, found, names_of)
        score.seconds = time.perf_counter() - started
        scores.append(score)
        totals.add(score)
    return scores, totals


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
