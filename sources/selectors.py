from django.db.models import QuerySet

from sources.aliases import normalize_alias
from sources.models import ReliabilityRating, Source


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
