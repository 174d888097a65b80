"""What the attributions and evidence endpoints share: one base (their
output is claims.representations, also nested in a claim's item and in the
signed public record)."""

from collections.abc import Callable

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from claims.selectors import claim_visible_to, user_is_desk
from config.api.permissions import ReadOrSignedIn


class ClaimPartViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Parts of claims (attributions, evidence): everyone reads those of the
    claims they may see; staff add and remove them through a service."""

    permission_classes = [ReadOrSignedIn]
    input_class: type[serializers.Serializer]
    part: str  # "attributions" or "evidence": the key in a claim's item

    # Everyone but the desk reads a part as its claim's signed public record
    # holds it. verify provides the reader at start-up (VerifyConfig.ready):
    # claims does not import verify. `signed_only(queryset, part)` keeps the
    # parts a current record holds; `signed_parts(part, claim_ids)` gives
    # them as signed, by id.
    signed_only: Callable | None = None
    signed_parts: Callable | None = None

    def visible_claims(self):
        return claim_visible_to(self.request.user)

    def _public(self) -> bool:
        return not user_is_desk(self.request.user)

    def visible(self, queryset):
        if self._public():
            return ClaimPartViewSet.signed_only(queryset, self.part)
        return queryset

    def _signed(self, parts) -> list[dict]:
        signed = ClaimPartViewSet.signed_parts(self.part, {p.claim_id for p in parts})
        return [signed[p.pk] for p in parts]

    def list(self, request, *args, **kwargs):
        if not self._public():
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._signed(page))

    def retrieve(self, request, *args, **kwargs):
        if not self._public():
            return super().retrieve(request, *args, **kwargs)
        return Response(self._signed([self.get_object()])[0])

    def add(self, user, values):
        raise NotImplementedError

    def remove(self, part, user):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        part = self.add(request.user, data.validated_data)
        return Response(self.serializer_class(part).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        self.remove(self.get_object(), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
