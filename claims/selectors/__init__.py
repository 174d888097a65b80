"""claims' reads, by sub-domain: who may see what (here: `user_is_desk`,
`claim_visible_to`, the one rule), origins and clusters (`origins`), search
(`search`) and the same claim in any language (`similar`)."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from claims.models import Claim
from claims.permissions import can_see_the_desk_claims


def user_is_desk(user: User | AnonymousUser) -> bool:
    """The desk (staff with claim access) sees every claim and the private
    fields (workflow state, reviewers, the engine's suggestion); everyone
    else sees published claims only. The one place this is decided."""
    return user.is_authenticated and user.is_staff and can_see_the_desk_claims(user)


def claim_visible_to(user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims this user may see: the desk sees all; everyone else (anonymous
    users, API clients) only claims that have been published, retracted ones
    included and marked as such."""
    if user_is_desk(user):
        return Claim.objects.all()
    return Claim.objects.ever_public()
