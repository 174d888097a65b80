"""The board of spreading claims: what the watched feeds and channels
brought lately, grouped into clusters and ranked by spread.

A cluster is a claim cluster (a candidate accepted as a claim, or matched
by ingestion to one, in any language: the cluster's root claim) or, until
then, a candidate of its own; an item belongs to the clusters of the
candidates its ingestion job found, and a repeat of an item (the same URL or
words in another feed) to its original's. Spread: distinct outlets (the
watched sources the items came through), languages, independent origins
(distinct first links of the candidates' chains), items in the last hour,
and who had it first (the earliest item)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from claims.models import Candidate, WatchItem

LAST_HOUR = timedelta(hours=1)
# The most recent items a board reads: a bounded cost a request, whatever the
# window (a simulated day here is 50 000 items; docs/monitoring.md).
MAX_ITEMS = 20_000


@dataclass
class Earliest:
    outlet: str
    url: str
    at: datetime
    text: str


@dataclass
class Cluster:
    key: str  # "claim:<root id>" or "candidate:<id>"
    claim_id: int | None
    candidate_id: int
    text: str
    outlets: dict[int, str] = field(default_factory=dict)  # source id -> name
    languages: set[str] = field(default_factory=set)
    origins: set[str] = field(default_factory=set)
    items: set[int] = field(default_factory=set)
    last_hour: int = 0
    first_seen: datetime | None = None
    earliest: Earliest | None = None

    @property
    def spread(self) -> tuple:
        """The board's order: outlets, languages, origins, the last hour,
        then who was first."""
        first = self.first_seen.timestamp() if self.first_seen else 0.0
        return (
            -len(self.outlets),
            -len(self.languages),
            -len(self.origins),
            -self.last_hour,
            first,
        )


def _cluster_key(candidate: Candidate) -> tuple[str, int | None]:
    claim = candidate.claim or candidate.duplicate_of
    if claim is None:
        return f"candidate:{candidate.pk}", None
    root = claim.same_as_id or claim.pk
    return f"claim:{root}", root


def _origin(candidate: Candidate) -> str:
    for link in candidate.attributions or []:
        if link.get("via") is None:
            return (
                f"source:{link['source']}" if link.get("source") else f"name:{link.get('name', '')}"
            )
    return ""


def _seen_at(item: WatchItem) -> datetime:
    return item.published_at or item.first_seen_at


def spreading_clusters(*, window: timedelta = timedelta(hours=24), now: datetime | None = None):
    """The clusters of the items first seen within `window` (the latest
    MAX_ITEMS of them), most spread first."""
    now = now or timezone.now()
    items = list(
        WatchItem.objects.filter(first_seen_at__gte=now - window)
        .select_related("watch__source", "duplicate_of")
        .order_by("-first_seen_at", "-id")[:MAX_ITEMS]
    )
    jobs = {item.job_id for item in items if item.job_id}
    jobs |= {
        item.duplicate_of.job_id for item in items if item.duplicate_of and item.duplicate_of.job_id
    }
    by_job: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in Candidate.objects.filter(job_id__in=jobs).select_related(
        "claim", "duplicate_of"
    ):
        by_job[candidate.job_id].append(candidate)
    clusters: dict[str, Cluster] = {}
    for item in items:
        job = item.job_id or (item.duplicate_of.job_id if item.duplicate_of else None)
        for candidate in by_job.get(job, []):
            key, claim_id = _cluster_key(candidate)
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = Cluster(key, claim_id, candidate.pk, candidate.text)
            _add(cluster, item, candidate, now)
    return sorted(clusters.values(), key=lambda c: c.spread)


def _add(cluster: Cluster, item: WatchItem, candidate: Candidate, now: datetime) -> None:
    source = item.watch.source
    cluster.outlets[source.pk] = source.name
    cluster.languages.add(candidate.language)
    if origin := _origin(candidate):
        cluster.origins.add(origin)
    if item.pk not in cluster.items:
        cluster.items.add(item.pk)
        cluster.last_hour += item.first_seen_at >= now - LAST_HOUR
    seen = _seen_at(item)
    if cluster.first_seen is None or seen < cluster.first_seen:
        cluster.first_seen = seen
        cluster.earliest = Earliest(source.name, item.url, seen, item.title or item.text[:300])
