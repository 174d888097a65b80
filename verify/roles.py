"""The desk's roles as Django groups, with the permissions each one needs.

`verify.services.roles_sync()` makes the groups match this table exactly; it
runs after every migrate and from `manage.py setup_roles`, and is safe to run
again.
"""

REVIEWER = "reviewer"
EDITOR = "editor"
SOURCE_DESK = "source desk"
API_CLIENT = "API client"

_REVIEWER_PERMS = [
    "claims.view_claim",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_attribution",
    "claims.add_attribution",
    "claims.change_attribution",
    "claims.delete_attribution",
    "claims.view_evidence",
    "claims.add_evidence",
    "claims.change_evidence",
    "claims.delete_evidence",
    "claims.view_tag",
    "claims.add_tag",
    "claims.view_ingestionjob",
    "claims.add_ingestionjob",
    "claims.view_candidate",
    "claims.change_candidate",
    "claims.view_watch",
    "claims.add_watch",
    "claims.change_watch",
    "claims.view_watchitem",
    "sources.view_source",
    "sources.view_sourcealias",
    "sources.view_sourcename",
    "sources.view_reliabilityrating",
    "verify.view_review",
    "verify.add_review",
    "verify.view_claimevent",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    REVIEWER: _REVIEWER_PERMS,
    EDITOR: [
        *_REVIEWER_PERMS,
        "claims.change_tag",
        "verify.publish_claim",
        "verify.reopen_claim",
        "verify.retract_claim",
        "verify.assign_claim",
    ],
    SOURCE_DESK: [
        "sources.view_source",
        "sources.add_source",
        "sources.change_source",
        "sources.view_sourcealias",
        "sources.add_sourcealias",
        "sources.change_sourcealias",
        "sources.delete_sourcealias",
        "sources.view_sourcename",
        "sources.add_sourcename",
        "sources.change_sourcename",
        "sources.delete_sourcename",
        "sources.view_reliabilityrating",
        "sources.add_reliabilityrating",
        "claims.view_claim",
        "claims.view_attribution",
        "verify.view_review",
        "verify.view_claimevent",
    ],
    # Token holders of other newsroom systems: they read what is public and
    # manage their own webhook subscriptions, nothing more.
    API_CLIENT: [
        "verify.view_webhooksubscription",
        "verify.add_webhooksubscription",
        "verify.change_webhooksubscription",
        "verify.delete_webhooksubscription",
    ],
}
