"""POST /claims/{id}/transitions/{name}/: the workflow, by the one table."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from config.api.errors import WRITE_ERRORS
from verify.api.claims.items import ClaimDetailOutput
from verify.workflow.services import TRANSITION_NAMES, claim_transition


class TransitionInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    assignee = serializers.IntegerField(
        required=False, help_text="For `assign`: the reviewer's user id."
    )
    duplicate_of = serializers.IntegerField(
        required=False, help_text="For `mark_duplicate`: the claim this one repeats."
    )
    same_as = serializers.IntegerField(
        required=False, help_text="For `link_same`: a claim that says the same, in any language."
    )


class ClaimTransitions:
    @extend_schema(
        summary="Move a claim through the workflow",
        description="`take`, `release`, `assign`, `publish` (sign-off), `reopen` and "
        "`retract` (both need a reason), `mark_duplicate` (with `duplicate_of`), "
        "`link_same` (with `same_as`: the claims form one cluster, whose origins, relays "
        "and suggestion are counted together) and `unlink_same`. The same services and "
        "rules as the admin.",
        parameters=[
            OpenApiParameter(
                "transition", OpenApiTypes.STR, OpenApiParameter.PATH, enum=[*TRANSITION_NAMES]
            )
        ],
        request=TransitionInput,
        responses={200: ClaimDetailOutput, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[a-z_]+)")
    def transition(self, request, pk=None, transition=None):
        claim = self.get_object()
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if transition not in TRANSITION_NAMES:
            raise NotFound(_("No transition called “%(name)s”.") % {"name": transition})
        assignee = None
        if "assignee" in values:
            assignee = get_user_model().objects.filter(pk=values["assignee"]).first()
            if assignee is None:
                raise serializers.ValidationError({"assignee": ["No user with this id."]})
        original, same_as = self._claim(values, "duplicate_of"), self._claim(values, "same_as")
        claim_transition(
            name=transition,
            claim=claim,
            actor=request.user,
            expected_version=values["version"],
            reason=values.get("reason", ""),
            assignee=assignee,
            duplicate_of=original,
            same_as=same_as,
        )
        return Response(self.claim_item(claim))

    def _claim(self, values: dict, name: str):
        """The claim an input names, among those the caller may see."""
        if name not in values:
            return None
        found = self.get_queryset().filter(pk=values[name]).first()
        if found is None:
            raise serializers.ValidationError({name: ["No claim with this id."]})
        return found
