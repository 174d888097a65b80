"""Permissions every endpoint picks from. The default (settings) is DenyAll:
an endpoint that does not say who may use it serves nobody."""

from rest_framework import permissions


class DenyAll(permissions.BasePermission):
    message = "This endpoint declares no permission."

    def has_permission(self, request, view):
        return False


# Reads for everyone (the selectors decide what each one sees); writes for
# signed-in users, whose role the service then checks.
ReadOrSignedIn = permissions.IsAuthenticatedOrReadOnly
# Everyone; the view itself shows only what the caller may see.
Public = permissions.AllowAny
SignedIn = permissions.IsAuthenticated
