"""Who may do what in the review workflow: the named predicates the
workflow table, the queue and the API call. The permission strings appear
here and in the roles table (verify/roles.py), nowhere else
(tests/config/test_layers.py holds it)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q, QuerySet


def can_review(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.add_review")


def can_read_reviews(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.view_review")


def can_assign(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.assign_claim")


def can_sign_off(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.publish_claim")


def can_reopen(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.reopen_claim")


def can_retract(user: AbstractBaseUser) -> bool:
    return user.has_perm("verify.retract_claim")


def people_who_can_review() -> QuerySet:
    """The active users `can_review` holds for, as a queryset (whom an editor
    may assign a claim to)."""
    review = Permission.objects.filter(content_type__app_label="verify", codename="add_review")
    grants = Q(groups__permissions__in=review) | Q(user_permissions__in=review)
    return get_user_model().objects.filter(grants | Q(is_superuser=True), is_active=True).distinct()
