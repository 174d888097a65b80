"""The public page of a published claim, with its ClaimReview JSON-LD: read
from the claim's signed public record (verify.public_record), nothing else."""

import json

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from claims.selectors import claim_visible_to
from sources.scales import AnalyticConfidence
from verify.api.exports import public_url
from verify.citation import LANGUAGES
from verify.claimreview import claimreview_for
from verify.graph import graph_legend
from verify.public_record import citation_public, origins_now, record_of, record_versions


def _json_ld(data: dict) -> str:
    # Inside <script>: no "</script>" or HTML comment can break out.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def claim_page(request, pk: int):
    claim = claim_visible_to(AnonymousUser()).filter(pk=pk).first()
    record = record_of(claim) if claim is not None else None
    if record is None:
        raise Http404("No published claim with this id.")
    verdict = record.item["verdict"]
    context = {
        "claim": claim,
        "item": record.item,
        "verdict": verdict,
        "confidence": AnalyticConfidence(verdict["analytic_confidence"]).label,
        "origins": [
            {**origin, **shown}
            for origin, shown in zip(origins_now(record), record.page["origins_shown"], strict=True)
        ],
        "citations": [citation_public(claim, record, lang=lang) for lang in LANGUAGES],
        "graph": mark_safe(record.page["graph"]),  # rendered escaped when it was signed
        "legend": graph_legend(),
        "record": record,
        "versions": record_versions(claim),
        "claimreview": None,
    }
    if claim.status != claim.Status.RETRACTED:
        context["claimreview"] = _json_ld(claimreview_for(claim, url=public_url(request, claim)))
    return render(request, "verify/claim_page.html", context)
