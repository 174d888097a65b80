from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination by default: a deep page costs what the first one does."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200
