from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from sources.aliases import normalize_alias
from sources.models import ReliabilityRating, Source, SourceName


def sources_public() -> QuerySet[Source]:
    """The sources anyone may see: all but those ingestion proposed and the
    source desk has not accepted (the one place "public" means that for sources)."""
    return Source.objects.filter(pending=False)


def sources_pending_among(source_ids) -> QuerySet[Source]:
    """Which of these sources still wait for the source desk."""
    return Source.objects.filter(pk__in=source_ids, pending=True)


def source_by_alias(*, name: str) -> QuerySet[Source]:
    """Sources whose name, handle or an alias matches `name` in normal form."""
    key = normalize_alias(name)
    return Source.objects.filter(aliases__normalized=key).distinct()


def chain_of(source_id: int, parent_of: Mapping[int, int | None]) -> list[int]:
    """A source's parent chain as ids, itself first, read from a map of each
    source to its parent; a loop ends it. The one walk of the chain: the
    chains below, the register's matching and the confidence engine's SQL
    (verify.confidence.inputs_sql, tied to this by its tests) follow it."""
    chain, seen = [source_id], {source_id}
    parent = parent_of.get(source_id)
    while parent and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = parent_of.get(parent)
    return chain


def source_chains(sources: Iterable[Source]) -> dict[int, list[Source]]:
    """Each source's parent chain, itself first; one query per level of depth."""
    sources = list(sources)
    known: dict[int, Source] = {s.pk: s for s in sources}
    wanted = {s.parent_id for s in known.values() if s.parent_id and s.parent_id not in known}
    while wanted:
        fetched = list(Source.objects.filter(pk__in=wanted))
        known.update((source.pk, source) for source in fetched)
        wanted = {s.parent_id for s in fetched if s.parent_id and s.parent_id not in known}
    parent_of = {pk: source.parent_id for pk, source in known.items()}
    return {s.pk: [known[pk] for pk in chain_of(s.pk, parent_of)] for s in sources}


def source_ancestors(source: Source) -> list[Source]:
    """The parent organisations of a source, nearest first."""
    return source_chains([source])[source.pk][1:]


def source_and_descendants(source_id: int) -> set[int]:
    """The source and every source below it (its channels, its units): the
    ids whose chain passes through it. One query per level of depth."""
    family, frontier = {source_id}, {source_id}
    while frontier:
        frontier = set(Source.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= family
        family |= frontier
    return family


def source_rating_history(*, source: Source) -> QuerySet[ReliabilityRating]:
    return source.ratings.select_related("rated_by").order_by("-rated_at", "-id")


def names_in(language: str | None) -> dict[str, str]:
    """The register's names with their name in `language`, for the sources
    that have one ({"Rybar": "Рибар"}); empty for English, the register's
    own. One query; callers look a name up and fall back to it."""
    if not language or language.startswith("en"):
        return {}
    return dict(
        SourceName.objects.filter(language=language.split("-")[0]).values_list(
            "source__name", "name"
        )
    )
