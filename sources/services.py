from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from config.exceptions import ApplicationError, NotAllowed
from sources.aliases import normalize_alias
from sources.models import ReliabilityRating, Source, SourceAlias, SourceName
from sources.permissions import can_edit_sources, can_grade_sources
from sources.selectors import source_ancestors
from sources.signals import source_changed


def _check_parent(source: Source, parent: Source | None) -> None:
    if parent is None:
        return
    if source.pk is not None and (
        parent.pk == source.pk or source.pk in {s.pk for s in source_ancestors(parent)}
    ):
        raise ApplicationError(
            _("%(parent)s cannot be the parent of %(source)s: it would make a loop.")
            % {"parent": parent, "source": source},
            field="parent",
        )


@transaction.atomic
def source_create(
    *,
    name: str,
    kind: str,
    platform: str = "",
    handle: str = "",
    url: str = "",
    country: str = "",
    affiliation: str = "",
    parent: Source | None = None,
    description: str = "",
    aliases: Iterable[str] = (),
    pending: bool = False,
) -> Source:
    """Register a source; its name and handle become aliases so matching finds
    them. `pending`: proposed by ingestion, waiting for the source desk."""
    source = Source(
        name=name.strip(),
        kind=kind,
        platform=platform,
        handle=handle.strip(),
        url=url,
        country=country.upper(),
        affiliation=affiliation,
        parent=parent,
        description=description,
        pending=pending,
    )
    source.full_clean()
    source.save()
    for alias in (source.name, source.handle, *aliases):
        if alias and normalize_alias(alias):
            source_alias_add(source=source, name=alias)
    return source


@transaction.atomic
def sources_accept(*, sources: Iterable[Source], actor: AbstractBaseUser) -> int:
    """The source desk accepts sources ingestion proposed into the register;
    returns how many were waiting."""
    if not can_edit_sources(actor):
        raise NotAllowed(_("Only the source desk accepts proposed sources."))
    waiting = list(
        Source.objects.select_for_update().filter(pk__in=[s.pk for s in sources], pending=True)
    )
    for source in waiting:
        source.pending = False
        source.save(update_fields=["pending", "updated_at"])
    return len(waiting)


@transaction.atomic
def source_update(*, source: Source, **fields) -> Source:
    """Change a source's register entry; its grade changes only through source_grade."""
    if "reliability" in fields:
        raise ApplicationError(_("Grade a source with a rationale instead."), field="reliability")
    if "parent" in fields:
        _check_parent(source, fields["parent"])
    for name, value in fields.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    if "parent" in fields:  # grouping of origins changes with the organisation
        source_changed.send(sender=Source, source_id=source.pk)
    return source


@transaction.atomic
def source_alias_add(*, source: Source, name: str) -> SourceAlias:
    """Add another name for a source; adding one it already has changes nothing."""
    normalized = normalize_alias(name)
    if not normalized:
        raise ApplicationError(_("An alias needs at least one letter or digit."), field="name")
    alias, _created = SourceAlias.objects.get_or_create(
        source=source, normalized=normalized, defaults={"name": name.strip()}
    )
    return alias


def source_name_set(*, source: Source, language: str, name: str) -> SourceName:
    """Name a source in a language (one name per language; a second call
    renames it)."""
    entry = SourceName(source=source, language=language.strip().lower(), name=name.strip())
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry, _created = SourceName.objects.update_or_create(
        source=source, language=entry.language, defaults={"name": entry.name}
    )
    return entry


def source_name_remove(*, entry: SourceName) -> None:
    entry.delete()


@transaction.atomic
def source_grade(
    *, source: Source, grade: str, rationale: str, actor: AbstractBaseUser
) -> ReliabilityRating:
    """Grade a source (A–G); the grade is kept in its history with the reason."""
    if not can_grade_sources(actor):
        raise NotAllowed(_("Only the source desk grades sources."))
    locked = Source.objects.select_for_update().get(pk=source.pk)
    rating = ReliabilityRating(
        source=locked, grade=grade, rationale=rationale.strip(), rated_by=actor
    )
    rating.full_clean()
    rating.save()
    locked.reliability = grade
    locked.save(update_fields=["reliability", "updated_at"])
    source.reliability = grade
    source_changed.send(sender=Source, source_id=source.pk)
    return rating


@transaction.atomic
def source_alias_rename(*, alias: SourceAlias, name: str) -> SourceAlias:
    """Correct an alias's spelling; its normal form follows."""
    normalized = normalize_alias(name)
    if not normalized:
        raise ApplicationError(_("An alias needs at least one letter or digit."), field="name")
    if alias.source.aliases.exclude(pk=alias.pk).filter(normalized=normalized).exists():
        raise ApplicationError(
            _("%(source)s already has the alias %(alias)s.")
            % {"source": alias.source, "alias": repr(name)},
            field="name",
        )
    alias.name, alias.normalized = name.strip(), normalized
    alias.save(update_fields=["name", "normalized"])
    return alias


@transaction.atomic
def source_alias_remove(*, alias: SourceAlias) -> None:
    alias.delete()
