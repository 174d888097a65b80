"""The API's permission classes made from claims' predicates
(claims/permissions.py)."""

from rest_framework import permissions

from claims.permissions import can_file_claims, can_manage_watches, can_see_watches


class FilesClaims(permissions.BasePermission):
    """The desk roles that file claims (reviewers, editors)."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and can_file_claims(request.user)


class WatchesDesk(permissions.BasePermission):
    """The desk roles that follow feeds and channels: they read the watches
    and the board; changing one needs the role that manages them."""

    def has_permission(self, request, view):
        if not (request.user.is_authenticated and can_see_watches(request.user)):
            return False
        return request.method in permissions.SAFE_METHODS or can_manage_watches(request.user)
