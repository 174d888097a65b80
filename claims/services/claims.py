from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims.lemmas import text_lemmas
from claims.models import Attribution, Claim, Evidence, Tag
from claims.permissions import (
    can_add_attributions,
    can_add_evidence,
    can_edit_attributions,
    can_edit_claims,
    can_edit_evidence,
    can_file_claims,
    can_remove_attributions,
    can_remove_evidence,
)
from claims.selectors.origins import attribution_chains
from claims.services.archive import evidence_archive_schedule
from claims.services.embeddings import claim_embeddings_queue
from claims.signals import claim_inputs_changed, evidence_changing
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.models import Source

# Claim fields that describe the assertion itself: frozen once it has been public.
_TEXT_FIELDS = {"text", "language", "text_en", "event_date", "event_place"}


def _inputs_changed(claim_id: int, *, actor: AbstractBaseUser | None, change: str) -> None:
    claim_inputs_changed.send(sender=Claim, claim_id=claim_id, actor=actor, change=change)


def _require(
    user: AbstractBaseUser | None, may: Callable[[AbstractBaseUser], bool], message: str
) -> None:
    if user is not None and not may(user):
        raise NotAllowed(message)


def tag_get_or_create(*, name: str, kind: str = Tag.Kind.TOPIC) -> Tag:
    """The tag whose slug the name makes ("Redteam Tag" and "redteam tag"
    are one tag); made with this name when there is none."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("A tag needs a name."), field="tags")
    slug = slugify(name, allow_unicode=True)
    if not slug:
        raise ApplicationError(
            _("A tag name needs a letter or a digit: %(name)s") % {"name": name[:50]},
            field="tags",
        )
    try:
        with transaction.atomic():
            tag, _created = Tag.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind}
            )
    except IntegrityError:  # made meanwhile, or a tag of that very name by another slug
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
        if tag is None:
            raise
    return tag


@transaction.atomic
def claim_create(
    *,
    text: str,
    language: str,
    actor: AbstractBaseUser | None,
    text_en: str = "",
    event_date: date | None = None,
    event_place: str = "",
    tags: Iterable[Tag | str] = (),
) -> Claim:
    """File a new claim; it enters the workflow as `new`. Tags may be given
    by name: new ones are made in the same transaction, so a refused claim
    leaves none behind."""
    _require(actor, can_file_claims, _("Your role cannot file claims."))
    claim = Claim(
        text=text.strip(),
        language=language.strip().lower(),
        text_en=text_en.strip(),
        event_date=event_date,
        event_place=event_place.strip(),
        created_by=actor,
    )
    claim.lemmas = text_lemmas(claim.text, claim.language)
    claim.full_clean()
    claim.save()
    claim.tags.set(_tags(tags))
    claim_embeddings_queue([claim.pk])
    return claim


def _tags(tags: Iterable[Tag | str]) -> list[Tag]:
    return [tag if isinstance(tag, Tag) else tag_get_or_create(name=tag) for tag in tags]


def claim_check_version(*, current: int, expected: int | None) -> None:
    """Refuse a change made from a claim read at `expected` when it is now at
    `current` (no silent overwrite); None means the caller does not say."""
    if expected is not None and current != expected:
        raise Conflict(
            _("Someone else changed this claim since you opened it; reload and try again."),
            field="version",
            code="stale_version",
        )


def claim_lock(*, claim: Claim, expected_version: int | None = None) -> Claim:
    """The claim's row, locked for this transaction; refused when it changed
    since the caller read `expected_version`."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    claim_check_version(current=locked.version, expected=expected_version)
    return locked


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
    expected_version: int | None = None,
    tags: Iterable[Tag | str] | None = None,
    **fields,
) -> Claim:
    """Edit a claim's text, date, place or tags. Once a claim has been public,
    its text is frozen: a correction is a new claim, or a retraction; a
    retracted claim is frozen whole, its tags too."""
    _require(actor, can_edit_claims, _("Your role cannot edit claims."))
    unknown = set(fields) - _TEXT_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise ApplicationError(_("%(field)s cannot be edited here.") % {"field": name}, field=name)
    locked = claim_lock(claim=claim, expected_version=expected_version)
    if locked.status == Claim.Status.RETRACTED:
        raise Conflict(_("A retracted claim is kept as it was."), field="status", code="frozen")
    if fields and locked.has_been_public:
        raise Conflict(
            _("A claim that has been published cannot be edited in place."),
            field=sorted(fields)[0],
            code="frozen",
        )
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.lemmas = text_lemmas(locked.text, locked.language)
    locked.full_clean()
    locked.version += 1
    locked.save()
    if tags is not None:
        before = set(locked.tags.values_list("pk", flat=True))
        locked.tags.set(_tags(tags))
        if set(locked.tags.values_list("pk", flat=True)) != before:
            _inputs_changed(locked.pk, actor=actor, change=_("Tags changed"))
    if {"text", "text_en"} & set(fields):
        claim_embeddings_queue([locked.pk])
    return locked


def _check_via(*, claim: Claim, attribution: Attribution | None, via: Attribution | None) -> None:
    if via is None:
        return
    if via.claim_id != claim.pk:
        raise ApplicationError(
            _("An attribution can only relay another attribution of the same claim."), field="via"
        )
    if attribution is not None and attribution.pk is not None:
        chain = attribution_chains(claim=claim)[via.pk]
        if any(link.pk == attribution.pk for link in chain):
            raise ApplicationError(
                _("That relay would make the attribution chain loop back on itself."), field="via"
            )


@transaction.atomic
def attribution_add(
    *,
    claim: Claim,
    source: Source,
    actor: AbstractBaseUser | None,
    stance: str = Attribution.Stance.ASSERTS,
    via: Attribution | None = None,
    url: str = "",
    quote: str = "",
    published_at: datetime | None = None,
    unnamed: bool = False,
) -> Attribution:
    """Record that `source` stated or relayed the claim, citing `via` if it
    relays; `unnamed`: an unnamed person of the source's organisation said it."""
    _require(actor, can_add_attributions, _("Your role cannot add attributions."))
    if claim.status == Claim.Status.RETRACTED:
        raise Conflict(_("A retracted claim takes no new attributions."), field="claim")
    _check_via(claim=claim, attribution=None, via=via)
    attribution = Attribution(
        claim=claim,
        source=source,
        via=via,
        stance=stance,
        url=url.strip(),
        quote=quote.strip(),
        published_at=published_at,
        unnamed=unnamed,
        created_by=actor,
    )
    attribution.full_clean()
    try:
        with transaction.atomic():
            attribution.save()
    except IntegrityError as exc:  # the chain trigger, when a concurrent edit won
        raise Conflict(str(exc).splitlines()[0], field="via") from exc
    _inputs_changed(
        claim.pk, actor=actor, change=_("Attribution added: %(source)s") % {"source": source}
    )
    return attribution


def attribution_set_via(
    *, attribution: Attribution, via: Attribution | None, actor: AbstractBaseUser | None
) -> Attribution:
    """Say whom an attribution relays (e.g. after tracing a news site back to
    the Telegram post it used); the chain may not loop."""
    return attribution_update(attribution=attribution, actor=actor, via=via)


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    kind: str,
    relation: str,
    actor: AbstractBaseUser | None,
    url: str = "",
    description: str = "",
    latitude=None,
    longitude=None,
    archive: bool = True,
) -> Evidence:
    """Attach a photo, video, document, geolocation or page for or against a
    claim; its URL is archived in the background unless `archive` is off."""
    _require(actor, can_add_evidence, _("Your role cannot add evidence."))
    evidence = Evidence(
        claim=claim,
        kind=kind,
        relation=relation,
        url=url.strip(),
        description=description.strip(),
        latitude=latitude,
        longitude=longitude,
        added_by=actor,
    )
    _check_evidence(evidence)
    evidence.full_clean()
    evidence.save()
    _inputs_changed(
        claim.pk,
        actor=actor,
        change=_("Evidence added: %(what)s") % {"what": evidence.url or evidence.description[:80]},
    )
    if archive:
        evidence_archive_schedule(evidence=evidence)
    return evidence


_ATTRIBUTION_FIELDS = {"source", "stance", "url", "quote", "published_at", "unnamed"}


@transaction.atomic
def attribution_update(
    *, attribution: Attribution, actor: AbstractBaseUser | None, **fields
) -> Attribution:
    """Correct an attribution's source, stance, URL, quote, time or relay."""
    _require(actor, can_edit_attributions, _("Your role cannot edit attributions."))
    locked = Attribution.objects.select_for_update().select_related("claim").get(pk=attribution.pk)
    if locked.claim.status == Claim.Status.RETRACTED:
        raise Conflict(_("A retracted claim's attributions are kept as they were."), field="claim")
    unknown = set(fields) - _ATTRIBUTION_FIELDS - {"via"}
    if unknown:
        name = sorted(unknown)[0]
        raise ApplicationError(_("%(field)s cannot be edited here.") % {"field": name}, field=name)
    if "via" in fields:
        _check_via(claim=locked.claim, attribution=locked, via=fields["via"])
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean()
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise Conflict(str(exc).splitlines()[0], field="via") from exc
    _inputs_changed(
        locked.claim_id,
        actor=actor,
        change=_("Attribution edited: %(source)s") % {"source": locked.source},
    )
    return locked


@transaction.atomic
def attribution_remove(*, attribution: Attribution, actor: AbstractBaseUser | None) -> None:
    """Remove a mistaken attribution; one that others relay must be unlinked first."""
    _require(actor, can_remove_attributions, _("Your role cannot remove attributions."))
    locked = Attribution.objects.select_for_update().select_related("claim").get(pk=attribution.pk)
    if locked.claim.status == Claim.Status.RETRACTED:
        raise Conflict(_("A retracted claim's attributions are kept as they were."), field="claim")
    relays = list(locked.relays.select_related("source"))
    if relays:
        names = ", ".join(sorted({r.source.name for r in relays}))
        raise ApplicationError(
            _("%(source)s is relayed by %(relays)s; change their relay first.")
            % {"source": locked.source, "relays": names},
            field="via",
        )
    locked.delete()
    _inputs_changed(
        locked.claim_id,
        actor=actor,
        change=_("Attribution removed: %(source)s") % {"source": locked.source},
    )


def _check_evidence(evidence: Evidence) -> None:
    """The two rules the database also keeps, said about the right field."""
    if not evidence.url and not evidence.description:
        raise ApplicationError(_("Evidence needs a URL or a description."), field="url")
    if (evidence.latitude is None) != (evidence.longitude is None):
        raise ApplicationError(
            _("Give both latitude and longitude, or neither."),
            field="latitude" if evidence.latitude is None else "longitude",
        )


def _evidence_in_use(evidence: Evidence) -> None:
    """The apps above may keep evidence as it is (claims.signals)."""
    evidence_changing.send(sender=Evidence, evidence=evidence)


@transaction.atomic
def evidence_update(*, evidence: Evidence, actor: AbstractBaseUser | None, **fields) -> Evidence:
    """Correct evidence no submitted review rests on."""
    _require(actor, can_edit_evidence, _("Your role cannot edit evidence."))
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _evidence_in_use(locked)
    allowed = {"kind", "relation", "url", "description", "latitude", "longitude"}
    for name, value in fields.items():
        if name not in allowed:
            raise ApplicationError(
                _("%(field)s cannot be edited here.") % {"field": name}, field=name
            )
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_evidence(locked)
    locked.full_clean()
    if "url" in fields:  # a new address needs a new archived copy
        locked.archive_status, locked.archive_sha256, locked.archive_error = "", "", ""
        locked.archive_file, locked.archived_at, locked.archive_http_status = "", None, None
    locked.save()
    _inputs_changed(
        locked.claim_id,
        actor=actor,
        change=_("Evidence edited: %(what)s") % {"what": locked.url or locked.description[:80]},
    )
    if "url" in fields:
        evidence_archive_schedule(evidence=locked)
    return locked


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: AbstractBaseUser | None) -> None:
    """Remove evidence no submitted review rests on."""
    _require(actor, can_remove_evidence, _("Your role cannot remove evidence."))
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    _evidence_in_use(locked)
    locked.delete()
    _inputs_changed(
        locked.claim_id,
        actor=actor,
        change=_("Evidence removed: %(what)s") % {"what": locked.url or locked.description[:80]},
    )
