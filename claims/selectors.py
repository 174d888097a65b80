from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from claims.models import Attribution, Claim


def claim_visible_to(user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims this user may see: staff with claim access see all; everyone
    else (anonymous users, API clients) only claims that have been published,
    retracted ones included and marked as such."""
    if user.is_authenticated and user.is_staff and user.has_perm("claims.view_claim"):
        return Claim.objects.all()
    return Claim.objects.filter(published_at__isnull=False)


def attribution_chains(*, claim: Claim) -> dict[int, list[Attribution]]:
    """For each attribution of the claim, its chain from itself to its origin.

    One query for the whole claim, whatever the depth of the chains.
    """
    by_id = {a.pk: a for a in claim.attributions.select_related("source")}
    chains: dict[int, list[Attribution]] = {}
    for attribution in by_id.values():
        chain = [attribution]
        seen = {attribution.pk}
        while chain[-1].via_id is not None and chain[-1].via_id not in seen:
            nxt = by_id[chain[-1].via_id]
            chain.append(nxt)
            seen.add(nxt.pk)
        chains[attribution.pk] = chain
    return chains


def attribution_origin(attribution: Attribution) -> Attribution:
    """The end of the attribution's `via` chain: who first said it."""
    return attribution_chains(claim=attribution.claim)[attribution.pk][-1]
