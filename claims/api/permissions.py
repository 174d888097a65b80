"""The API's permission classes made from claims' predicates
(claims/permissions.py)."""

from rest_framework import permissions

from claims.permissions import can_file_claims


class FilesClaims(permissions.BasePermission):
    """The desk roles that file claims (reviewers, editors)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and can_file_claims(request.user)
