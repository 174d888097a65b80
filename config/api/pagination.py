import math

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import exceptions, pagination, serializers

# A cursor's position for an integer key must fit PostgreSQL's bigint.
_BIGINT = (-(2**63), 2**63 - 1)


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination by default: a deep page costs what the first one
    does. A cursor is checked before it reaches the database: a malformed
    one is a 400 naming `cursor`, never a 500."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise _invalid() from exc
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        ordering = self.ordering if isinstance(self.ordering, list | tuple) else [self.ordering]
        name = ordering[0].lstrip("-")
        try:
            field = getattr(self, "_model", None)._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):
            field = None  # an annotation, e.g. a search's relevance: a number
        try:
            value = field.to_python(position) if field is not None else float(position)
        except (DjangoValidationError, TypeError, ValueError, OverflowError) as exc:
            raise _invalid() from exc
        if isinstance(value, float) and not math.isfinite(value):
            raise _invalid()
        if isinstance(field, models.IntegerField) and not _BIGINT[0] <= value <= _BIGINT[1]:
            raise _invalid()


def _invalid() -> serializers.ValidationError:
    return serializers.ValidationError({"cursor": ["Invalid cursor: start again from page one."]})
