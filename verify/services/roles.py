"""Role groups and their permissions (the table is in verify/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from verify.roles import ROLE_PERMISSIONS


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create or update the role groups so each holds exactly its permissions."""
    from django.apps import apps

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups
