"""Who may do what with claims and their parts: the named predicates every
check calls (the API's permission class made from them is in
claims/api/permissions.py). The permission strings appear here and in the
roles table (verify/roles.py), nowhere else (tests/config/test_layers.py
holds it)."""

from django.contrib.auth.models import AbstractBaseUser


def can_see_the_desk_claims(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.view_claim")


def can_file_claims(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.add_claim")


def can_edit_claims(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.change_claim")


def can_add_attributions(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.add_attribution")


def can_edit_attributions(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.change_attribution")


def can_remove_attributions(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.delete_attribution")


def can_add_evidence(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.add_evidence")


def can_edit_evidence(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.change_evidence")


def can_remove_evidence(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.delete_evidence")


def can_see_watches(user: AbstractBaseUser) -> bool:
    return user.has_perm("claims.view_watch")


def can_manage_watches(user: AbstractBaseUser) -> bool:
    """Create, pause and resume the feeds and channels the desk follows."""
    return user.has_perm("claims.add_watch") and user.has_perm("claims.change_watch")
