"""The public side: the index of published claims (search and filters) and
each claim's page with its ClaimReview JSON-LD, read from the claims'
signed public records (verify.publishing.record), nothing else."""

import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from claims.ingestion.lang import LANGUAGES as DESK_LANGUAGES
from claims.selectors import claim_visible_to, user_is_desk
from config.language import SESSION_LANGUAGE, offered
from sources.scales import VERDICTS, AnalyticConfidence
from sources.selectors import names_in
from verify.api.exports import public_url
from verify.publishing.citation import LANGUAGES
from verify.publishing.graph import graph_legend
from verify.publishing.record import (
    citation_public,
    claimreview_for,
    graph_signed,
    origins_now,
    record_of,
    record_versions,
)
from verify.selectors import claim_list, sources_on_public_records
from verify.services.preferences import user_language_set


def _json_ld(data: dict) -> str:
    # Inside <script>: no "</script>" or HTML comment can break out.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _in_reader_language(origins: list[dict]) -> list[dict]:
    """The signed origins with their sources named in the reader's
    language where the register has that name (sources.selectors.names_in)."""
    names = names_in(get_language())
    for origin in origins:
        origin["name"] = names.get(origin["name"], origin["name"])
        origin["relayed_by"] = [names.get(n, n) for n in origin["relayed_by"]]
    return origins


def claim_page(request, pk: int):
    claim = claim_visible_to(AnonymousUser()).filter(pk=pk).first()
    record = record_of(claim) if claim is not None else None
    if record is None:
        raise Http404(_("No published claim with this id."))
    verdict = record.item["verdict"]
    context = {
        "claim": claim,
        "item": record.item,
        "verdict": verdict,
        "confidence": AnalyticConfidence(verdict["analytic_confidence"]).label,
        "origins": _in_reader_language(
            [
                {**origin, **shown}
                for origin, shown in zip(
                    origins_now(record), record.page["origins_shown"], strict=True
                )
            ]
        ),
        "citations": [citation_public(claim, record, lang=lang) for lang in LANGUAGES],
        # rendered escaped when it was signed, in the reader's language
        "graph": mark_safe(graph_signed(record, get_language())),
        "legend": graph_legend(),
        "record": record,
        "versions": record_versions(claim),
        "claimreview": None,
    }
    if claim.status != claim.Status.RETRACTED:
        context["claimreview"] = _json_ld(claimreview_for(claim, url=public_url(request, claim)))
    if user_is_desk(request.user):  # back to the desk's page of it
        context["desk_url"] = reverse("admin:claims_claim_change", args=[claim.pk])
    return render(request, "verify/claim_page.html", context)


INDEX_FILTERS = ("search", "verdict", "source", "language")
PAGE_SIZE = 20


def public_index(request):
    """`/`: the latest published claims, newest first (best first for a
    search), filtered by verdict, source and language as the public API
    filters them (signed records only)."""
    filters = QueryDict(mutable=True)  # a query's shape, as the API's filters read it
    for name in INDEX_FILTERS:
        if value := request.GET.get(name, "").strip():
            filters[name] = value
    errors: dict[str, list[str]] = {}
    try:
        claims = claim_list(user=AnonymousUser(), filters=filters)
    except ValidationError as exc:
        errors = exc.message_dict
        claims = claim_list(user=AnonymousUser(), filters={}).none()
    if "search" not in filters:
        claims = claims.order_by("-published_at", "-id")
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"claim": claim, "item": claim.current_record[0].item} for claim in page]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "errors": errors,
        "verdicts": [(word, label) for word, label in VERDICTS.values()],
        "sources": sources_on_public_records().values_list("pk", "name"),
        "languages": DESK_LANGUAGES,  # offered in the filter; any code may be typed
        "query": filters.urlencode(),
    }
    return render(request, "verify/index.html", context, status=400 if errors else 200)


def switch_language(request):
    """The language switch of the public pages (a plain link,
    `/language/?language=bg&next=/claims/5/`: the pages carry no form and no
    CSRF token, and stay cacheable) and of the admin header (a form posted
    with its token). The choice goes in Django's language cookie and, for a
    signed-in person, their session; posted, it is also remembered with
    their account (restored when they sign in elsewhere)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    given = request.POST if request.method == "POST" else request.GET
    code, target = given.get("language", ""), given.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if not offered(code):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    if request.user.is_authenticated:
        request.session[SESSION_LANGUAGE] = code
        if request.method == "POST":
            user_language_set(user=request.user, language=code)
    return response
