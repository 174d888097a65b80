"""The desk's spreading threshold, and raising it: a cluster of claims and
candidates that passes it ("5 outlets in 2 languages within 6 hours") gets
one `SpreadingAlert`, a mark in the review queue for its claims, and a
`cluster.spreading` webhook (checked by beat every minute; the board itself
is `claims.selectors.spreading`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.permissions import can_manage_watches
from claims.selectors.spreading import Cluster, spreading_clusters
from config.exceptions import ApplicationError, NotAllowed
from verify.clients.webhooks import webhook_emit_spreading
from verify.models import SPREAD_LIMITS, SpreadingAlert, SpreadThreshold
from verify.publishing.record import public_status
from verify.selectors import passes, spread_threshold

LIMITS = SPREAD_LIMITS


@transaction.atomic
def spread_threshold_set(*, actor: AbstractBaseUser, **values) -> SpreadThreshold:
    """Set the threshold (any of outlets, languages, within_hours, active)."""
    if not can_manage_watches(actor):
        raise NotAllowed(_("Your role cannot set the spreading threshold."))
    threshold = spread_threshold()
    for name, value in values.items():
        if name in LIMITS and not LIMITS[name][0] <= value <= LIMITS[name][1]:
            raise ApplicationError(
                _("Give a number from %(low)s to %(high)s.")
                % {"low": LIMITS[name][0], "high": LIMITS[name][1]},
                field=name,
            )
        setattr(threshold, name, value)
    threshold.save()
    return threshold


def public_cluster(cluster: Cluster, claim: Claim | None, threshold: SpreadThreshold) -> dict:
    """What a subscriber may read of a cluster: counts, the outlets (watched
    sources, all registered and accepted), who had it first and where; the
    claim only once it is public; never a candidate's unreviewed text."""
    earliest = cluster.earliest
    public = claim is not None and public_status(claim) != "unpublished"
    return {
        "key": cluster.key,
        "outlets": len(cluster.outlets),
        "outlet_names": sorted(cluster.outlets.values()),
        "languages": sorted(cluster.languages),
        "independent_origins": len(cluster.origins),
        "items": len(cluster.items),
        "items_last_hour": cluster.last_hour,
        "first_seen_at": cluster.first_seen.isoformat() if cluster.first_seen else None,
        "earliest": {"outlet": earliest.outlet, "url": earliest.url, "at": earliest.at.isoformat()}
        if earliest
        else None,
        "claim": claim.pk if public else None,
        "threshold": str(threshold),
    }


def spreading_check(*, now: datetime | None = None) -> list[SpreadingAlert]:
    """Raise each cluster that passed the threshold within its hours, once."""
    threshold = spread_threshold()
    if not threshold.active:
        return []
    window = timedelta(hours=threshold.within_hours)
    clusters = [c for c in spreading_clusters(window=window, now=now) if passes(c, threshold)]
    known = set(
        SpreadingAlert.objects.filter(cluster__in=[c.key for c in clusters]).values_list(
            "cluster", flat=True
        )
    )
    claims = Claim.objects.in_bulk([c.claim_id for c in clusters if c.claim_id])
    raised = []
    for cluster in clusters:
        if cluster.key in known:
            continue
        claim = claims.get(cluster.claim_id)
        try:
            with transaction.atomic():
                alert = SpreadingAlert.objects.create(
                    cluster=cluster.key,
                    claim=claim,
                    outlets=len(cluster.outlets),
                    languages=len(cluster.languages),
                    origins=len(cluster.origins),
                    first_seen_at=cluster.first_seen or timezone.now(),
                    threshold=str(threshold),
                )
                webhook_emit_spreading(
                    cluster=public_cluster(cluster, claim, threshold), claim=claim
                )
        except IntegrityError:
            continue  # another check raised it meanwhile
        raised.append(alert)
    return raised
