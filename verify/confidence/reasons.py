"""The confidence engine's reasons as data: a code and its arguments
(`{"code": "origin_graded", "args": {"grade": "B", "name": "HUR"}}`),
stored with the suggestion and rendered in the reader's language wherever
they are shown: the review panel, the API (`?lang=` or Accept-Language).
This table is the one place a reason's words are written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext_lazy

from sources.scales import Reliability

# code → words; %(name)s is a source's name, shown in the reader's language
# when the caller passes the names (`names`).
REASONS = {
    "no_attributions": gettext_lazy("no attributions yet"),
    "single_origin": gettext_lazy("single origin"),
    "independent_origins": ngettext_lazy(
        "%(count)s independent origin", "%(count)s independent origins", "count"
    ),
    "one_family": gettext_lazy("%(names)s belong to %(root)s: one origin"),
    "relays": ngettext_lazy(
        "%(count)s relay of %(name)s adds no independence",
        "%(count)s relays of %(name)s add no independence",
        "count",
    ),
    "relays_in_languages": ngettext_lazy(
        "%(count)s relay of %(name)s in %(languages)s languages adds no independence",
        "%(count)s relays of %(name)s in %(languages)s languages add no independence",
        "count",
    ),
    "origin_deceptive": gettext_lazy("origin graded G (deliberately deceptive): %(name)s"),
    "rumour_deceptive": gettext_lazy(
        "rumour from a source graded G (deliberately deceptive): %(name)s"
    ),
    "origin_graded": gettext_lazy("origin graded %(grade)s (%(label)s): %(name)s"),
    "rumour_graded": gettext_lazy("rumour from a source graded %(grade)s (%(label)s): %(name)s"),
    "origin_unknown": gettext_lazy("origin of unknown reliability: %(name)s"),
    "rumour_unknown": gettext_lazy("rumour from a source of unknown reliability: %(name)s"),
    "reported_as_rumour": gettext_lazy("reported as rumour"),
    "denied_graded": gettext_lazy("denied by an independent origin graded %(grade)s: %(name)s"),
    "denied_unknown": gettext_lazy("denied by an origin of unknown reliability: %(name)s"),
    "questioned": gettext_lazy("questioned by %(name)s"),
    "relay_denies": gettext_lazy("%(name)s relays it but denies it"),
    "supporting_evidence": gettext_lazy("supporting evidence: %(count)s"),
    "refuting_evidence": gettext_lazy("refuting evidence: %(count)s"),
    "earlier_review": gettext_lazy("earlier review graded %(grade)s (round %(round)s)"),
    "cannot_be_judged": gettext_lazy("nothing of known reliability: truth cannot be judged"),
    "single_origin_caps": gettext_lazy("a single origin can never confirm a claim"),
    "refuting_outweighs": gettext_lazy("refuting evidence outweighs every report"),
    # a reason stored as words before reasons were data, not matched below
    "text": "%(text)s",
}
# The arguments that name a source (rendered in the reader's language).
NAME_ARGS = ("name", "root")


def reason(code: str, **args) -> dict:
    """A reason as the engine stores it."""
    return {"code": code, "args": args}


def reason_text(item: Mapping | str, names: Mapping[str, str] | None = None) -> str:
    """One reason in the active language; `names` maps a source's register
    name to its name in that language."""
    if isinstance(item, str):  # stored before reasons were data
        item = reason_from_words(item)
    code, args = item.get("code", ""), dict(item.get("args") or {})
    words = REASONS.get(code)
    if words is None:
        return code
    if names:
        for key in NAME_ARGS:
            if key in args:
                args[key] = names.get(args[key], args[key])
        if "names" in args:
            args["names"] = [names.get(n, n) for n in args["names"]]
    if "names" in args:
        args["names"] = _and(args["names"])
    if code in ("origin_graded", "rumour_graded"):
        args["label"] = Reliability(args["grade"]).label
    return str(words % args) if code != "text" else args.get("text", "")


def reasons_text(
    items: Iterable[Mapping | str], *, language: str | None = None, names=None
) -> list[str]:
    """The reasons in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        return [reason_text(item, names) for item in items]


def _and(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return str(gettext_lazy("%(first)s and %(last)s")) % {
        "first": ", ".join(names[:-1]),
        "last": names[-1],
    }


# --- reasons stored as English words, read back as codes ------------------------------

_ENGLISH = [
    ("no_attributions", r"no attributions yet"),
    ("single_origin", r"single origin"),
    ("independent_origins", r"(?P<count>\d+) independent origins?"),
    ("one_family", r"(?P<names>.+) belong to (?P<root>.+): one origin"),
    ("relays_in_languages", r"(?P<count>\d+) relays? of (?P<name>.+) in (?P<languages>\d+) "
     r"languages adds? no independence"),
    ("relays", r"(?P<count>\d+) relays? of (?P<name>.+) adds? no independence"),
    ("origin_deceptive", r"origin graded G \(deliberately deceptive\): (?P<name>.+)"),
    ("rumour_deceptive", r"rumour from graded G \(deliberately deceptive\): (?P<name>.+)"),
    ("origin_graded", r"origin graded (?P<grade>[A-E]) \([^)]*\): (?P<name>.+)"),
    ("rumour_graded", r"rumour from graded (?P<grade>[A-E]) \([^)]*\): (?P<name>.+)"),
    ("origin_unknown", r"origin of unknown reliability: (?P<name>.+)"),
    ("rumour_unknown", r"rumour from of unknown reliability: (?P<name>.+)"),
    ("reported_as_rumour", r"reported as rumour"),
    ("denied_graded", r"denied by an independent origin graded (?P<grade>[A-G]): (?P<name>.+)"),
    ("denied_unknown", r"denied by an origin of unknown reliability: (?P<name>.+)"),
    ("questioned", r"questioned by (?P<name>.+)"),
    ("relay_denies", r"(?P<name>.+) relays it but denies it"),
    ("supporting_evidence", r"supporting evidence: (?P<count>\d+)"),
    ("refuting_evidence", r"refuting evidence: (?P<count>\d+)"),
    ("earlier_review", r"earlier review graded (?P<grade>\S+) \(round (?P<round>\d+)\)"),
    ("cannot_be_judged", r"nothing of known reliability: truth cannot be judged"),
    ("single_origin_caps", r"a single origin can never confirm a claim"),
    ("refuting_outweighs", r"refuting evidence outweighs every report"),
]  # fmt: skip
_ENGLISH_RE = [(code, re.compile(f"^{pattern}$")) for code, pattern in _ENGLISH]


def reason_from_words(words: str) -> dict:
    """A reason the engine stored as English words (before they were data)
    as its code and arguments; words that match no reason stay words."""
    for code, pattern in _ENGLISH_RE:
        if match := pattern.match(words):
            args = {
                k: int(v) if k in ("count", "languages", "round") else v
                for k, v in match.groupdict().items()
            }
            if "names" in args:
                args["names"] = args["names"].split(" and ")
            return reason(code, **args)
    return reason("text", text=words)
