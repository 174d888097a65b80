"""The public page of a published claim, with its ClaimReview JSON-LD."""

import json

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from claims.selectors import claim_visible_to, origins_of
from verify.api.exports import public_url
from verify.citation import citation_for
from verify.claimreview import claimreview_for
from verify.graph import attribution_graph_svg, graph_legend
from verify.selectors import published_review


def _json_ld(data: dict) -> str:
    # Inside <script>: no "</script>" or HTML comment can break out.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def claim_page(request, pk: int):
    claim = claim_visible_to(AnonymousUser()).filter(pk=pk).first()
    if claim is None:
        raise Http404("No published claim with this id.")
    context = {
        "claim": claim,
        "review": published_review(claim=claim),
        "origins": origins_of(claim),
        "citations": [citation_for(claim, lang=lang) for lang in ("en", "bg")],
        "graph": attribution_graph_svg(claim),
        "legend": graph_legend(),
        "claimreview": None,
    }
    if claim.status != claim.Status.RETRACTED:
        context["claimreview"] = _json_ld(claimreview_for(claim, url=public_url(request, claim)))
    return render(request, "verify/claim_page.html", context)
