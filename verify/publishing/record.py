"""The public record: what the public sees of a claim, built from the claim's
reviewed material when an editor signs it off, stored whole
(verify.models.PublicRecord) and read by every public surface: the public
page, the API's list, detail and search for anonymous users and API
clients, the citation endpoint, ClaimReview, STIX, feeds, public similar
results and webhook payloads.

A record is built only from the claim itself and from the claims of its
cluster that are public themselves: nothing an unpublished claim carries
reaches it. Building writes nothing (the services in
verify.publishing.services store it); reading adds only what is live by
design: the retraction (immediate), the claim's public status, links, and
each source's current grade beside the one signed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from rest_framework import serializers

from claims.models import Claim
from claims.representations import AttributionOutput, EvidenceOutput
from claims.selectors import claim_visible_to
from claims.selectors.origins import (
    Origin,
    attributions_by_claim,
    cautious_grade,
    claim_cluster,
    origins_of,
)
from config.exceptions import Conflict
from sources.models import Source
from sources.scales import Credibility, verdict_word
from sources.selectors import names_in, source_chains
from verify.models import (
    CHANGING_ACTIONS,
    SIGNING_ACTIONS,
    ClaimEvent,
    PublicRecord,
    Review,
)
from verify.publishing.citation import LANGUAGES, Citation, citation_line, citation_shown
from verify.publishing.claimreview import Withdrawn, claimreview_build
from verify.publishing.graph import attribution_graph_svg
from verify.publishing.stix import stix_objects
from verify.selectors import current_records

_DATETIME = serializers.DateTimeField()


def _iso(moment) -> str | None:
    return None if moment is None else _DATETIME.to_representation(moment)


@dataclass
class RecordDraft:
    """A record as it would be signed now, before it is stored."""

    item: dict
    page: dict
    sources: dict[int, str]  # source id -> its grade now
    credibility: str
    likelihood: str
    origin_count: int


def public_members(claim: Claim) -> list[int]:
    """The claim and the claims of its cluster that are public themselves:
    what its record may be built from."""
    public = claim_visible_to(AnonymousUser())
    return [claim.pk, *claim_cluster(claim, among=public).values_list("pk", flat=True)]


def verdict_of(review: Review) -> dict:
    """The verdict block of an item, in the API's words."""
    return {
        "credibility": review.credibility,
        "credibility_label": str(Credibility(review.credibility).label),
        "verdict": verdict_word(review.credibility),
        "likelihood": review.likelihood or None,
        "likelihood_label": str(review.get_likelihood_display()) or None,
        "analytic_confidence": review.confidence,
        "grade": review.grade,
        "rationale": review.rationale,
        "reviewed_at": _iso(review.submitted_at),
    }


def origin_item(origin: Origin) -> dict:
    """An origin as the API gives it (the detail's `origins`)."""
    return {
        "name": origin.name,
        "organisation": origin.root.name,
        "reliability": origin.reliability,
        "stance": origin.stance,
        "sources": [s.pk for s in origin.sources],
        "relays": len(origin.relays),
        "relay_languages": origin.relay_languages,
    }


def _origin_shown(origin: Origin) -> dict:
    """What the public page says of an origin beside the API's figures."""
    return {
        "stance_label": str(origin.attributions[0].get_stance_display()),
        "relayed_by": sorted({relay.source.name for relay in origin.relays}),
        "quotes": [a.quote for a in origin.attributions if a.quote],
    }


def _graphs(claim: Claim) -> dict[str, str]:
    """The attribution graph in each language of the public pages."""
    graphs = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            graphs[lang] = str(attribution_graph_svg(claim, names=names_in(lang)))
    return graphs


def graph_signed(record, lang: str) -> str:
    """The signed graph in `lang` (records signed before there was one per
    language keep their one graph)."""
    return record.page.get("graphs", {}).get(lang) or record.page.get("graph", "")


def record_build(claim: Claim, *, review: Review, signed_at) -> RecordDraft:
    """The record of `claim` resting on `review`, from its own material and
    its public cluster members' attributions (the origins)."""
    members = public_members(claim)
    by_claim = attributions_by_claim(members)
    own = by_claim.get(claim.pk, [])
    cluster = sorted((a for m in members for a in by_claim.get(m, [])), key=lambda a: a.pk)
    origins = origins_of(None, attributions=cluster)
    evidence = list(claim.evidence.order_by("id"))
    item = {
        "id": claim.pk,
        "text": claim.text,
        "language": claim.language,
        "text_en": claim.text_en,
        "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "event_place": claim.event_place,
        "tags": list(claim.tags.order_by("name").values_list("slug", flat=True)),
        "published_at": _iso(claim.published_at),
        "verdict": verdict_of(review),
        "origin_count": len(origins),
        "attributions": AttributionOutput(own, many=True).data,
        "evidence": EvidenceOutput(evidence, many=True).data,
    }
    same = Claim.objects.filter(pk__in=members[1:]).order_by("pk")
    page = {
        "origins": [origin_item(o) for o in origins],
        "origins_shown": [_origin_shown(o) for o in origins],
        "same_claims": [{"id": c.pk, "language": c.language, "text": c.text} for c in same],
        "citations": {
            lang: {"text": line.text, "html": str(line.html)}
            for lang in LANGUAGES
            for line in [citation_line(review=review, origins=origins, lang=lang)]
        },
        "graphs": _graphs(claim),
        "claimreview": claimreview_build(claim=claim, review=review, origins=origins),
        "stix": stix_objects(
            claim=claim, review=review, attributions=own, origins=origins, signed_at=signed_at
        ),
    }
    named = [a.source for a in own] + [s for o in origins for s in o.sources]
    return RecordDraft(
        item=_plain(item),
        page=_plain(page),
        sources={s.pk: s.reliability for s in named},
        credibility=review.credibility,
        likelihood=review.likelihood,
        origin_count=len(origins),
    )


def _plain(data):
    """JSON as it is stored and read back (dates and decimals as text)."""
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# --- reading ------------------------------------------------------------------


def record_of(claim: Claim) -> PublicRecord | None:
    """The claim's current public record; none when it was never signed. No
    query when the claim came with `verify.selectors.with_record()`."""
    if hasattr(claim, "current_record"):
        return claim.current_record[0] if claim.current_record else None
    return current_records().filter(claim=claim).first()


def public_status(claim: Claim) -> str:
    if not claim.has_been_public:
        return "unpublished"
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.RETRACTED):
        return claim.status
    return "under_re_review"


def public_item(claim: Claim, record: PublicRecord, *, links: dict[str, str]) -> dict:
    """The API item the public reads: the signed item and what is live by
    design (status, retraction, links, the record's version)."""
    return {
        **record.item,
        "public_status": public_status(claim),
        "retracted_at": _iso(claim.retracted_at),
        "retraction_reason": claim.retraction_reason,
        "links": {name: url.format(claim.pk) for name, url in links.items()},
        "public_record": {"version": record.version, "signed_at": _iso(record.signed_at)},
    }


def public_detail(claim: Claim, record: PublicRecord, *, links: dict[str, str]) -> dict:
    """The detail item: the list item with the origins (and each source's
    grade now beside the grade signed), the same claims and the versions."""
    item = public_item(claim, record, links=links)
    item["origins"] = origins_now(record)
    item["same_claims"] = record.page["same_claims"]
    item["public_record"]["versions"] = record_versions(claim)
    return item


def origins_now(record: PublicRecord) -> list[dict]:
    """The record's origins as signed, each with `reliability_now`: its
    sources' grade today, by the rule the signed one followed (a source's
    own grade or its nearest graded parent's, the more cautious of a
    group). A query per level of parents."""
    sources = Source.objects.filter(
        pk__in={pk for o in record.page["origins"] for pk in o["sources"]}
    )
    grades = {
        pk: next((s.reliability for s in line if s.reliability), "")
        for pk, line in source_chains(sources).items()
    }
    return [
        {**o, "reliability_now": cautious_grade(grades.get(pk, "") for pk in o["sources"])}
        for o in record.page["origins"]
    ]


def record_versions(claim: Claim) -> list[dict]:
    """The corrections log: every signed version, newest first, with its
    date and what changed."""
    return [
        {"version": version, "signed_at": _iso(signed_at), "change": change}
        for version, signed_at, change in claim.public_records.order_by("-version").values_list(
            "version", "signed_at", "change"
        )
    ]


def citation_public(claim: Claim, record: PublicRecord, *, lang: str) -> Citation:
    """The signed citation line as the public reads it now."""
    if lang not in LANGUAGES:
        lang = "en"
    stored = record.page["citations"][lang]
    line = Citation(lang=lang, text=stored["text"], html=mark_safe(stored["html"]))
    return citation_shown(line, claim=claim)


# --- what waits for an editor ---------------------------------------------------


def _last_signing() -> Subquery:
    return Subquery(
        ClaimEvent.objects.filter(claim=OuterRef(OuterRef("pk")), action__in=SIGNING_ACTIONS)
        .order_by("-id")
        .values("id")[:1]
    )


def changed_since_signed() -> Q:
    """Published claims with a change (attribution, evidence, a cluster link
    or unlink, a cluster member published) since their record was signed:
    the editors' queue "changed since publication"."""
    changes = ClaimEvent.objects.filter(
        claim=OuterRef("pk"), action__in=CHANGING_ACTIONS, id__gt=_last_signing()
    )
    return Q(Exists(changes), status=Claim.Status.PUBLISHED)


def regraded_since_signed(source_id: int | None = None) -> Q:
    """Published claims whose current record names a source (this one, if
    given) whose grade has changed since the record was signed."""
    from django.db.models import F

    from verify.models import PublicRecordSource

    named = PublicRecordSource.objects.filter(
        record__claim=OuterRef("pk"), record__is_current=True
    ).exclude(reliability=F("source__reliability"))
    if source_id is not None:
        named = named.filter(source_id=source_id)
    return Q(Exists(named), status=Claim.Status.PUBLISHED)


def sources_regraded_since_signed() -> QuerySet[Source]:
    """Sources named by a current record with another grade than now."""
    from django.db.models import F

    from verify.models import PublicRecordSource

    regraded = PublicRecordSource.objects.filter(
        source=OuterRef("pk"),
        record__is_current=True,
        record__claim__status=Claim.Status.PUBLISHED,
    ).exclude(reliability=F("source__reliability"))
    return Source.objects.filter(Exists(regraded)).order_by("name")


def record_changes(claim: Claim) -> list[dict]:
    """The editors' side-by-side diff: each part of the public record as
    signed and as it would be signed now, changed parts marked."""
    record = record_of(claim)
    if record is None:
        return []
    draft = record_build(claim, review=record.review, signed_at=record.signed_at)
    return [
        {"part": part, "signed": signed, "now": now, "changed": signed != now}
        for part, signed, now in _diff_parts(record.item, record.page, draft.item, draft.page)
    ]


def _lines(part: str, item: dict, page: dict) -> list[str]:
    if part == "citation":
        return [page["citations"][lang]["text"] for lang in LANGUAGES]
    if part == "origins":
        return [
            f"{o['name']} ({o['reliability'] or '?'}) — {o['stance']}, {o['relays']} relay(s)"
            for o in page["origins"]
        ]
    if part == "attributions":
        return [
            f"{a['source_name']} — {a['stance']}: {a['quote'] or a['url'] or '—'}"
            for a in item["attributions"]
        ]
    if part == "evidence":
        return [
            f"{e['relation']} {e['kind']}: {e['url'] or e['description']}" for e in item["evidence"]
        ]
    return [f"{c['id']} ({c['language']}): {c['text']}" for c in page["same_claims"]]


PARTS = ("citation", "origins", "attributions", "evidence", "same_claims")


def _diff_parts(item, page, new_item, new_page):
    for part in PARTS:
        yield part, _lines(part, item, page), _lines(part, new_item, new_page)


# --- a claim's parts as signed (the /attributions/ and /evidence/ endpoints) ---


def signed_only(queryset, part: str):
    """Parts (attributions or evidence) that their claim's current record
    holds: the ones the public may read."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    records = connection.ops.quote_name(PublicRecord._meta.db_table)
    if connection.vendor == "postgresql":
        held = f"r.item -> %s @> jsonb_build_array(jsonb_build_object('id', {table}.id))"
        sql = f"""EXISTS (SELECT 1 FROM {records} r
                  WHERE r.claim_id = {table}.claim_id AND r.is_current AND {held})"""
    else:
        sql = f"""EXISTS (SELECT 1 FROM {records} r, json_each(r.item, '$.' || %s) e
                  WHERE r.claim_id = {table}.claim_id AND r.is_current
                    AND json_extract(e.value, '$.id') = {table}.id)"""
    return queryset.extra(where=[sql], params=[part])


def signed_parts(part: str, claim_ids) -> dict[int, dict]:
    """The parts of these claims' current records, as signed, by id."""
    return {
        signed["id"]: signed
        for item in current_records().filter(claim__in=claim_ids).values_list("item", flat=True)
        for signed in item[part]
    }


def claimreview_for(claim: Claim, *, url: str) -> dict:
    """The signed ClaimReview of a public claim, at `url`; a retracted claim
    has none (410)."""
    if claim.status == Claim.Status.RETRACTED:
        raise Withdrawn(
            _("Claim %(number)s was retracted: %(reason)s")
            % {"number": claim.pk, "reason": claim.retraction_reason},
            field="status",
        )
    record = record_of(claim)
    if record is None:
        raise Conflict(
            _("This claim has not been published."), field="status", code="not_published"
        )
    return {**record.page["claimreview"], "url": url}
