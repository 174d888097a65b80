"""/api/v1/claims/: one router entry, its operations in their own modules:
read.py (list, one claim), write.py (file, edit), transitions.py, similar.py."""

from rest_framework import viewsets

from claims.models import Claim
from config.api.permissions import ReadOrSignedIn
from verify.api.claims.items import ClaimDetailOutput, ClaimOutput, link_templates
from verify.api.claims.read import ClaimList, ClaimRetrieve
from verify.api.claims.similar import ClaimSimilar
from verify.api.claims.transitions import ClaimTransitions
from verify.api.claims.write import ClaimCreate, ClaimUpdate
from verify.filters import ClaimFilter
from verify.selectors import claim_list


class ClaimViewSet(
    ClaimList,
    ClaimRetrieve,
    ClaimCreate,
    ClaimUpdate,
    ClaimTransitions,
    ClaimSimilar,
    viewsets.GenericViewSet,
):
    # Reads for everyone (claim_list shows each caller what they may see);
    # writes for signed-in users, whose role the services check.
    permission_classes = [ReadOrSignedIn]
    filterset_class = ClaimFilter
    filter_backends: list = []  # the selector filters; the FilterSet documents the parameters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Claim.objects.none()
        filters = self.request.query_params if self.action == "list" else {}
        return claim_list(
            user=self.request.user, filters=filters, links=link_templates(self.request)
        )

    def get_serializer_class(self):
        return ClaimOutput if self.action == "list" else ClaimDetailOutput
