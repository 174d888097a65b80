"""A claim's attribution chains, its independent origins (`origins_of`, the
rule the page, the API and the engine share) and the clusters of the same
claim."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from claims.models import Attribution, Claim, Stance
from sources.models import Source
from sources.scales import RELIABILITY_ORDER
from sources.selectors import source_chains


def attribution_chains(
    *, claim: Claim | None = None, claim_id: int | None = None
) -> dict[int, list[Attribution]]:
    """For each attribution of the claim (given as an object or by id), its
    chain from itself to its origin.

    One query for the whole claim, whatever the depth of the chains.
    """
    claim_id = claim.pk if claim is not None else claim_id
    attributions = Attribution.objects.filter(claim_id=claim_id).select_related("source")
    return _chains(list(attributions.order_by("pk")))


def attribution_origin(attribution: Attribution) -> Attribution:
    """The end of the attribution's `via` chain: who first said it."""
    return attribution_chains(claim=attribution.claim)[attribution.pk][-1]


@dataclass
class Origin:
    """One independent origin of a claim: the organisation at the top of the
    origin sources' parent chains. A channel and the service that owns it are
    one origin; ten outlets relaying one Telegram post are one origin."""

    root: Source
    sources: list[Source] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)  # chain ends
    relays: list[Attribution] = field(default_factory=list)
    reliability: str = ""  # "" when no source on the way up is graded
    grades: list[str] = field(default_factory=list)  # of `sources`, in order

    def add_end(self, end: Attribution, grade: str) -> None:
        """One of the origin's chain ends, with its source's grade (its own
        or its nearest graded parent's). A group of sources takes the more
        cautious grade."""
        self.attributions.append(end)
        if all(source.pk != end.source_id for source in self.sources):
            self.sources.append(end.source)
            self.grades.append(grade)
            self.reliability = cautious_grade(self.grades)

    @property
    def stances(self) -> set[str]:
        return {a.stance for a in self.attributions}

    @cached_property
    def stance(self) -> str:
        """What this origin says, taken together; asserting and denying at
        once reads as questioning. Read once its chain ends are all in."""
        stances = self.stances
        if Stance.ASSERTS in stances and Stance.DENIES in stances:
            return Stance.QUESTIONS
        for stance in (Stance.DENIES, Stance.ASSERTS, Stance.REPORTS_RUMOUR):
            if stance in stances:
                return stance
        return Stance.QUESTIONS

    @property
    def relay_languages(self) -> list[str]:
        """The languages the relays passed it on in (the languages of the
        claims of the cluster they are on)."""
        return sorted({getattr(r, "claim_language", "") for r in self.relays} - {""})

    def _label(self, source: Source) -> str:
        """A source as its chain ends name it: "an unnamed source in HUR" when
        only unnamed people of it spoke."""
        ends = [a for a in self.attributions if a.source_id == source.pk]
        if ends and all(a.unnamed for a in ends):
            return _("an unnamed source in %(source)s") % {"source": source.name}
        return source.name

    @property
    def name(self) -> str:
        names = [self._label(s) for s in self.sources]
        return names[0] if len(names) == 1 else f"{self.root.name} ({', '.join(names)})"


def cautious_grade(grades: Iterable[str]) -> str:
    """An origin's grade when its sources have several: the more cautious."""
    known = [g for g in grades if g and g in RELIABILITY_ORDER]
    return max(known, key=RELIABILITY_ORDER.index) if known else ""


_ORDER = RELIABILITY_ORDER + "F"


def origin_order(origin: Origin) -> tuple[int, str]:
    """Origins are listed most reliable first, then by name."""
    grade = origin.reliability
    return (_ORDER.index(grade) if grade else len(_ORDER), origin.root.name)


def origins_of(
    claim: Claim | None,
    *,
    attributions: list[Attribution] | None = None,
    lineage: dict[int, list[Source]] | None = None,
) -> list[Origin]:
    """The claim's independent origins, most reliable first, counted across
    its cluster: an origin reached through several claims is one origin.

    Follows `via` to each chain's end, then groups ends whose sources share a
    top organisation. An origin's reliability is its source's grade, or the
    nearest graded parent's; the more cautious grade when a group has several.
    A constant number of queries whatever the number or depth of chains;
    none when `attributions` (with sources) and the `lineage` of their
    sources are given, as the batch recompute does.
    """
    if attributions is None:
        attributions = cluster_attributions([claim.pk]).get(claim.pk, [])
    chains = _chains(attributions)
    ends = {chain[-1].pk: chain[-1] for chain in chains.values()}
    if lineage is None:
        lineage = source_chains({a.source_id: a.source for a in ends.values()}.values())

    origins: dict[int, Origin] = {}
    for end in sorted(ends.values(), key=lambda a: a.pk):  # sources in the order first said
        line = lineage[end.source_id]
        grade = next((s.reliability for s in line if s.reliability), "")
        origins.setdefault(line[-1].pk, Origin(root=line[-1])).add_end(end, grade)
    for attribution in attributions:
        end = chains[attribution.pk][-1]
        if attribution.pk != end.pk:
            origins[lineage[end.source_id][-1].pk].relays.append(attribution)
    return sorted(origins.values(), key=origin_order)


@dataclass(eq=False, slots=True)
class SourceRow:
    """What origin counting reads of a source: the batch recompute builds
    its origins from these plain rows (verify/confidence/inputs_sql.py) instead of
    model instances."""

    pk: int
    name: str
    parent_id: int | None
    reliability: str


@dataclass(eq=False, slots=True)
class AttributionRow:
    """What origin counting reads of an attribution (see `SourceRow`)."""

    pk: int
    claim_id: int
    via_id: int | None
    stance: str
    source_id: int
    source: SourceRow
    claim_language: str
    unnamed: bool = False


def attributions_by_claim(claim_ids: Iterable[int]) -> dict[int, list[Attribution]]:
    """Each claim's attributions with their sources, oldest first, each with
    the `claim_language` it was said in; one query."""
    attributions: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in (
        Attribution.objects.filter(claim_id__any=list(claim_ids))
        .select_related("source")
        .annotate(claim_language=F("claim__language"))
        .order_by("id")
    ):
        attributions[attribution.claim_id].append(attribution)
    return attributions


def cluster_ids(claim_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each claim, the ids of the claims in its cluster (the claims a
    reviewer linked as the same claim), itself included, oldest first; a
    claim in no cluster is its own. Two indexed queries."""
    ids = list(claim_ids)
    root_of = dict(Claim.objects.filter(pk__any=ids).values_list("pk", "same_as_id"))
    roots = {root or pk for pk, root in root_of.items()}
    members: dict[int, list[int]] = {root: [root] for root in roots}
    for pk, root in Claim.objects.filter(same_as_id__any=roots).values_list("pk", "same_as_id"):
        members[root].append(pk)
    return {pk: sorted(members[root or pk]) for pk, root in root_of.items()}


def cluster_closure(clusters: dict[int, list[int]]) -> dict[int, list[int]]:
    """`cluster_ids` extended to every member of the clusters it found."""
    return {pk: members for members in clusters.values() for pk in members}


def claim_cluster(claim: Claim, *, among: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """The other claims confirmed as the same claim as this one (`among`
    those given, e.g. the ones a user may see), oldest first; none when it is
    in no cluster. One query."""
    root = claim.same_as_id or claim.pk
    claims = Claim.objects.all() if among is None else among
    return claims.filter(Q(pk=root) | Q(same_as_id=root)).exclude(pk=claim.pk).order_by("pk")


def cluster_attributions(
    claim_ids: Iterable[int],
    *,
    clusters: dict[int, list[int]] | None = None,
) -> dict[int, list[Attribution]]:
    """Each claim's attributions together with those of every claim in its
    cluster: what its origins are counted on. Three queries; one when the
    `clusters` (from `cluster_ids`) are given."""
    if clusters is None:
        clusters = cluster_ids(claim_ids)
    own = attributions_by_claim({pk for members in clusters.values() for pk in members})
    return {
        pk: (
            own.get(members[0], [])  # in no cluster: already oldest first
            if len(members) == 1
            else sorted((a for m in members for a in own.get(m, [])), key=lambda a: a.pk)
        )
        for pk, members in clusters.items()
    }


def origins_by_claim(
    claims: Iterable[Claim | int], *, attributions: dict[int, list[Attribution]] | None = None
) -> dict[int, list[Origin]]:
    """`origins_of` for many claims (or claim ids) at once, across their
    clusters, in a constant number of queries (the clusters and their
    attributions, unless given, and one per level of parent organisations)."""
    ids = [getattr(c, "pk", c) for c in claims]
    if attributions is None:
        attributions = cluster_attributions(ids)
    lineage = source_chains(
        {a.source_id: a.source for pk in ids for a in attributions.get(pk, [])}.values()
    )
    return {
        pk: origins_of(None, attributions=attributions.get(pk, []), lineage=lineage) for pk in ids
    }


def _chains(attributions: list[Attribution]) -> dict[int, list[Attribution]]:
    by_id = {a.pk: a for a in attributions}
    chains: dict[int, list[Attribution]] = {}
    for attribution in attributions:
        chain, seen = [attribution], {attribution.pk}
        while chain[-1].via_id is not None and chain[-1].via_id not in seen:
            chain.append(by_id[chain[-1].via_id])
            seen.add(chain[-1].pk)
        chains[attribution.pk] = chain
    return chains


# Cross-lingual search: the claims whose embedding is this near a query of
