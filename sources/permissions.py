"""Who may do what with the source register: the named predicates every
check calls. The permission strings appear here and in the roles table
(verify/roles.py), nowhere else (tests/config/test_layers.py holds it)."""

from django.contrib.auth.models import AbstractBaseUser


def can_edit_sources(user: AbstractBaseUser) -> bool:
    return user.has_perm("sources.change_source")


def can_grade_sources(user: AbstractBaseUser) -> bool:
    return user.has_perm("sources.add_reliabilityrating")
