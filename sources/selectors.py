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


def source_ancestors(source: Source) -> list[Source]:
    """The parent organisations of a source, nearest first."""
    chain: list[Source] = []
    seen = {source.pk}
    current = source.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


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
