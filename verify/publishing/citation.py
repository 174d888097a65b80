"""The line an editor pastes into an article, in English or Bulgarian, as
text or HTML. It states the verdict, the combined grade, how many independent
origins stand behind the claim and who they are, and the review date. It says
no more than the desk found: one origin is "single origin", a rumour says so,
a retraction comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.models import SUPPORTING_STANCES, Claim, Stance
from claims.selectors.origins import Origin, origins_of
from config.exceptions import Conflict
from config.language import SPOKEN
from sources.scales import verdict_label
from sources.selectors import names_in
from verify.models import Review
from verify.selectors import published_review

LANGUAGES = SPOKEN  # a citation line in every language the product speaks
FORMATS = ("text", "html")

MAX_RELAYS_NAMED = 2


@dataclass
class Citation:
    lang: str
    text: str
    html: SafeString


def _date(moment) -> str:
    # Bulgarian writes month names in lower case: "2 декември 2024".
    text = formats.date_format(moment, "j F Y")
    return text.lower() if translation.get_language() == "bg" else text


def _names(names: list[str]) -> str:
    if len(names) <= MAX_RELAYS_NAMED:
        return _(" and ").join(names) if len(names) == 2 else names[0]
    shown = ", ".join(names[:MAX_RELAYS_NAMED])
    more = len(names) - MAX_RELAYS_NAMED
    return ngettext("%(names)s and %(count)d more", "%(names)s and %(count)d more", more) % {
        "names": shown,
        "count": more,
    }


def _describe(origin: Origin, names: dict[str, str]) -> str:
    name = names.get(origin.name, origin.name)
    relays = sorted({names.get(r.source.name, r.source.name) for r in origin.relays})
    if not relays:
        return name
    languages = len(origin.relay_languages)
    if languages > 1:
        # Relayed in several languages: a cluster of the same claim.
        outlets = ngettext("%(count)d outlet", "%(count)d outlets", len(relays)) % {
            "count": len(relays)
        }
        return ngettext(
            "%(origin)s, relayed by %(outlets)s in %(count)d language",
            "%(origin)s, relayed by %(outlets)s in %(count)d languages",
            languages,
        ) % {"origin": name, "outlets": outlets, "count": languages}
    return _("%(origin)s, relayed by %(relays)s") % {
        "origin": name,
        "relays": _names(relays),
    }


def _sources(origins: list[Origin], names: dict[str, str]) -> str:
    """Who stands behind the claim, each source by its name in the active
    language (`names`, sources.selectors.names_in) or the register's."""
    saying = [o for o in origins if o.stance in SUPPORTING_STANCES]
    questioning = [o for o in origins if o.stance == Stance.QUESTIONS]
    denying = [o for o in origins if o.stance == Stance.DENIES]
    if len(saying) == 1:
        sources = _("single origin — %(origin)s") % {"origin": _describe(saying[0], names)}
    elif saying:
        sources = ngettext(
            "%(count)d independent origin — %(origins)s",
            "%(count)d independent origins — %(origins)s",
            len(saying),
        ) % {"count": len(saying), "origins": "; ".join(_describe(o, names) for o in saying)}
    else:
        sources = _("no origin on record")
    if saying and all(o.stance == Stance.REPORTS_RUMOUR for o in saying):
        sources += " " + _("(reported as rumour)")
    if questioning:
        sources += "; " + _("questioned by %(origins)s") % {
            "origins": _names([names.get(o.name, o.name) for o in questioning])
        }
    if denying:
        sources += "; " + _("denied by %(origins)s") % {
            "origins": _names([names.get(o.name, o.name) for o in denying])
        }
    return sources


def citation_line(*, review: Review, origins: list[Origin], lang: str = "en") -> Citation:
    """The verdict's line as an editor signs it off: verdict, grade, origins,
    review date. What a public record stores, in each language."""
    if lang not in LANGUAGES:
        lang = "en"
    with translation.override(lang):
        verdict, date = _(verdict_label(review.credibility)), _date(review.submitted_at)
        sources = _sources(origins, names_in(lang))
        reviewed = _("reviewed %(date)s") % {"date": date}
        text = f"{verdict} ({review.grade}): {sources}; {reviewed}."
        html = format_html(
            '<strong>{} ({})</strong>: {}; {} <time datetime="{}">{}</time>.',
            verdict,
            review.grade,
            sources,
            _("reviewed"),
            review.submitted_at.date().isoformat(),
            date,
        )
    return Citation(lang=lang, text=text, html=html)


def citation_shown(line: Citation, *, claim: Claim) -> Citation:
    """A stored line as the public reads it now: a retraction comes first
    (it is immediate), a claim under re-review says so."""
    text, html = line.text, line.html
    with translation.override(line.lang):
        if claim.status == Claim.Status.RETRACTED:
            head = _("Retracted %(date)s: %(reason)s") % {
                "date": _date(claim.retracted_at),
                "reason": claim.retraction_reason,
            }
            earlier = _("Earlier verdict:")
            text = f"{head} {earlier} {text}"
            html = format_html("<strong>{}</strong> {} {}", head, earlier, html)
        elif claim.status != Claim.Status.PUBLISHED:
            note = _("Under re-review.")
            text = f"{text} {note}"
            html = format_html("{} <em>{}</em>", html, note)
        html = format_html('<span class="claimtrace-citation" lang="{}">{}</span>', line.lang, html)
    return Citation(lang=line.lang, text=text, html=html)


def citation_for(
    claim: Claim,
    *,
    lang: str = "en",
    review: Review | None = None,
    origins: list[Origin] | None = None,
) -> Citation:
    """The line as it would read from the claim's material now: the desk's
    preview. The public reads the signed line (verify.publishing.record)."""
    review = review or published_review(claim=claim)
    if review is None:
        raise Conflict(
            _("This claim has not been published; there is no citation for it yet."),
            field="status",
            code="not_published",
        )
    if origins is None:
        origins = origins_of(claim)
    return citation_shown(citation_line(review=review, origins=origins, lang=lang), claim=claim)
