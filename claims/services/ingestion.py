"""Ingestion: an article in (text, HTML or a URL), candidate claims out, for
a person to accept, edit or drop. The job runs in the background; it writes
its candidates in one transaction at the end, so a failed job leaves none."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from trafilatura.utils import decode_file

from claims.ingestion.extract import extract
from claims.ingestion.language import detect_language
from claims.ingestion.register import Register
from claims.ingestion.text import html_to_text
from claims.matching import index
from claims.matching.embeddings import claim_terms, claim_vector
from claims.models import TEXT_MAX_CHARS, Candidate, Claim, IngestionJob
from claims.permissions import can_file_claims
from claims.selectors.similar import claim_nearest_in_letters, claims_matching_text
from claims.services.claims import attribution_add, claim_create
from config import outbound
from config.celery_app import enqueue_on_commit
from config.exceptions import ApplicationError, Conflict, NotAllowed
from sources.aliases import normalize_alias
from sources.models import Source
from sources.services import source_create

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 20
FETCHABLE = ("text/html", "text/plain", "application/xhtml+xml")


class IngestionFailed(Exception):
    """Why a job could not run, in words for the person who started it."""


def _max_chars() -> int:
    return settings.CLAIMTRACE_INGEST_MAX_CHARS


def _check_text(text: str, field: str) -> str:
    if not text or not text.strip():
        raise ApplicationError(_("Paste the article's text; it is empty."), field=field)
    if "\x00" in text or sum(ch < " " and ch not in "\n\r\t" for ch in text) > len(text) / 100:
        raise ApplicationError(_("This looks like a binary file, not an article."), field=field)
    if len(text) > _max_chars():
        raise ApplicationError(
            _("The article is longer than %(limit)s characters.") % {"limit": _max_chars()},
            field=field,
            code="too_large",
        )
    return text


@transaction.atomic
def ingestion_job_create(
    *,
    actor: AbstractBaseUser,
    text: str = "",
    html: str = "",
    url: str = "",
    publisher: Source | None = None,
    author_name: str = "",
) -> IngestionJob:
    """File an article for the first pass; the job runs after commit. The
    article is its text or its HTML, or else its URL (fetched); a URL given
    with a pasted text is where that text was read, kept with its claims."""
    if not can_file_claims(actor):
        raise NotAllowed(_("Your role cannot file claims."))
    given = [(k, v) for k, v in (("text", text), ("html", html)) if v]
    url = url.strip()
    if len(given) > 1 or not (given or url):
        raise ApplicationError(
            _("Give the article's text or its HTML, or its URL to fetch it."), field="text"
        )
    if url:  # where a pasted text was read; fetched only when it is all there is
        url = outbound.url_given(url, check=not given)
    if given:
        kind, value = given[0]
        value = _check_text(value, kind)
    else:
        kind, value = "url", url
    job = IngestionJob.objects.create(
        created_by=actor,
        kind=kind,
        input=value,
        url=url,
        publisher=publisher,
        author_name=author_name[:200],
    )
    enqueue_on_commit("claims.run_ingestion", job.pk)
    return job


def fetch_article(url: str) -> tuple[str, str]:
    """The page at `url` as (kind, body): "html" or "text", fetched through
    the one outbound client (public addresses only, size and time limits)."""
    try:
        response = outbound.request(
            "GET",
            url,
            timeout=FETCH_TIMEOUT,
            max_bytes=_max_chars() * 4,
            accept_types=FETCHABLE,
            accept_label=_("an article (HTML or text)"),
        )
    except outbound.OutboundError as exc:
        raise IngestionFailed(str(exc)) from exc
    if response.status >= 400:
        raise IngestionFailed(
            _("%(url)s answered HTTP %(code)s.") % {"url": url, "code": response.status}
        )
    kind = "text" if response.content_type == "text/plain" else "html"
    if kind == "html" and not response.charset:
        # No charset in the headers: the page's <meta> says, or it is guessed.
        return kind, decode_file(response.body)
    try:
        body = response.body.decode(response.charset or "utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        raise IngestionFailed(_("%(url)s is not readable text.") % {"url": url}) from exc
    return kind, body


def _progress(job: IngestionJob, percent: int, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.progress = percent
    job.save(update_fields=["progress", *fields])


def _fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_alias(text).encode()).hexdigest()


def _candidates_store(job: IngestionJob, found, language: str) -> int:
    """Store what extraction found as the job's candidates, each text once
    (a fingerprint already stored, by this job or an earlier one, is
    skipped), with the likely duplicate among filed claims. Returns how many
    were stored."""
    known = set(
        Candidate.objects.filter(fingerprint__in=[_fingerprint(f.text) for f in found]).values_list(
            "fingerprint", flat=True
        )
    )
    made = 0
    for item in found:
        fingerprint = _fingerprint(item.text)
        if fingerprint in known:
            continue
        known.add(fingerprint)
        similar = _likely_duplicate(job, item.text, item.language or language)
        Candidate.objects.create(
            job=job,
            position=item.position,
            sentence=item.sentence,
            text=item.text,
            language=item.language or language,
            hedges=item.hedges,
            attributions=[vars(link) for link in item.links],
            cue=item.cue or ("carried" if item.links else "unattributed"),
            fingerprint=fingerprint,
            duplicate_of=similar[0] if similar else None,
            duplicate_score=round(similar[1], 3) if similar else None,
        )
        made += 1
    return made


def ingestion_run(*, job_pk: int) -> IngestionJob:
    """Run a job: fetch if needed, extract, match duplicates, store the
    candidates. Running it again after it finished changes nothing."""
    job = IngestionJob.objects.select_related("publisher").get(pk=job_pk)
    if job.status in (IngestionJob.Status.DONE, IngestionJob.Status.FAILED):
        return job
    _progress(job, 5, status=IngestionJob.Status.RUNNING)
    try:
        kind, body = (job.kind, job.input)
        if kind == IngestionJob.Kind.URL:
            kind, body = fetch_article(job.input)
            _check_text(body, "url")
        text = html_to_text(body) if kind == IngestionJob.Kind.HTML else body
        if not text.strip():
            raise IngestionFailed(_("The article has no text."))
        _progress(job, 30)
        publisher = (job.publisher.pk, job.publisher.name) if job.publisher else None
        language, found, article_date = extract(
            text,
            register=Register(),
            detect=detect_language,
            publisher=publisher,
            author=job.author_name,
        )
        _progress(job, 70, language=language)
        with transaction.atomic():
            made = _candidates_store(job, found, language)
            job.status = IngestionJob.Status.DONE
            job.progress = 100
            job.finished_at = timezone.now()
            job.result = {
                "candidates": made,
                "already_known": len(found) - made,
                "language": language,
                "article_date": article_date or None,
            }
            job.save(update_fields=["status", "progress", "finished_at", "result"])
    except (IngestionFailed, ApplicationError) as exc:
        # A fetched page that is empty or too long fails _check_text: the
        # job must say so, not stay "running" for ever.
        job.status = IngestionJob.Status.FAILED
        job.error = str(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    return job


def ingestion_warm_up() -> None:
    """Load what a first job would otherwise load while someone waits: the
    language detector, each language's morphology and word lists, the
    embedding model and the vector index. Run by a worker as it starts, and
    by a web process that runs its tasks itself (the quick start), in the
    background. A warm-up that fails is logged; the first job loads then."""
    try:
        for sentence in (
            "The ministry said that the bridge was closed.",
            "Министерството съобщи, че мостът е затворен.",
            "Міністерство повідомило, що міст закрито.",
            "Министерство сообщило, что мост закрыт.",
        ):
            extract(sentence, register=Register(), detect=detect_language)
            index.nearest(claim_vector(sentence), 1)
            claim_terms(sentence)
    except Exception:
        logger.warning("ingestion_warm_up_failed", exc_info=True)
    finally:
        connections.close_all()  # this thread's, or the parent's before it forks


def _likely_duplicate(job: IngestionJob, text: str, language: str) -> tuple[Claim, float] | None:
    """The filed claim a candidate most likely repeats: the same wording
    (trigrams), else the same claim in any language (the matcher's
    `likely_same`), among the claims the job's author may see."""
    same_words = claim_nearest_in_letters(text=text, language=language)
    if same_words or job.created_by is None:
        return same_words
    best = claims_matching_text(user=job.created_by, text=text, language=language, limit=1)
    return (best[0].claim, best[0].score) if best and best[0].likely_same else None


def _already(candidate: Candidate) -> str:
    return _("This candidate was already %(status)s.") % {
        "status": candidate.get_status_display().lower()
    }


def _picked(locked: Candidate, sources: Mapping[int, Source] | None) -> dict[int, Source]:
    """The sources the desk picked for links of the chain, by the link's
    place in it; each must name a link the candidate has."""
    picks = {int(index): source for index, source in (sources or {}).items()}
    missing = sorted(i for i in picks if not 0 <= i < len(locked.attributions))
    if missing:
        raise ApplicationError(
            _("The candidate's chain has no link %(links)s.")
            % {"links": ", ".join(str(i) for i in missing)},
            field="sources",
        )
    return picks


def _link_source(link: dict, job_id: int) -> Source:
    """The registered source ingestion resolved the link to, or a new one,
    pending: the source desk accepts it before anything public names it."""
    source = Source.objects.filter(pk=link["source"]).first() if link["source"] else None
    return source or source_create(
        name=link["name"][:200],
        kind=link.get("kind") or Source.Kind.OTHER,
        affiliation=link.get("description", "")[:200],
        description=f"Added from ingestion job {job_id}.",
        pending=True,
    )


@transaction.atomic
def candidate_accept(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser,
    text: str | None = None,
    text_en: str = "",
    sources: Mapping[int, Source] | None = None,
) -> Claim:
    """File the candidate as a new claim with its attribution chain, in the
    text the desk edited (`text`) and with the sources it picked for links
    of the chain (`sources`, by the link's place in it: the ones ingestion
    could not resolve must be picked). Sources the register did not know
    are added to it, pending, with the kind ingestion guessed and the
    article's description of them as their affiliation. Each attribution
    keeps the article's address when the job has one."""
    locked = Candidate.objects.select_for_update().select_related("job").get(pk=candidate.pk)
    if locked.status != Candidate.Status.PROPOSED:
        raise Conflict(_already(locked), field="status")
    picks = _picked(locked, sources)
    unresolved = [
        link["name"]
        for place, link in enumerate(locked.attributions)
        if link.get("unresolved") and place not in picks
    ]
    if unresolved:
        raise ApplicationError(
            _("Pick the source of %(names)s first: ingestion could not tell who it is.")
            % {"names": ", ".join(f"“{name}”" for name in unresolved)},
            field="attributions",
        )
    claim = claim_create(
        text=text if text is not None else locked.text,
        language=locked.language,
        text_en=text_en or (locked.text if locked.language == "en" else ""),
        actor=actor,
    )
    made = []
    for place, link in enumerate(locked.attributions):
        source = picks.get(place) or _link_source(link, locked.job_id)
        via = made[link["via"]] if link["via"] is not None and link["via"] < len(made) else None
        made.append(
            attribution_add(
                claim=claim,
                source=source,
                stance=link["stance"],
                via=via,
                url=locked.job.url,
                quote=link.get("quote", "")[:TEXT_MAX_CHARS],
                unnamed=bool(link.get("unnamed")),
                actor=actor,
            )
        )
    locked.status = Candidate.Status.ACCEPTED
    locked.claim = claim
    locked.save(update_fields=["status", "claim"])
    return claim


@transaction.atomic
def candidate_drop(*, candidate: Candidate, actor: AbstractBaseUser) -> Candidate:
    if not can_file_claims(actor):
        raise NotAllowed(_("Your role cannot triage candidates."))
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != Candidate.Status.PROPOSED:
        raise Conflict(_already(locked), field="status")
    locked.status = Candidate.Status.DROPPED
    locked.save(update_fields=["status"])
    return locked


# A job still queued this long after it was made lost its task.
JOB_SWEEP_AFTER_SECONDS = 600


def ingestion_jobs_sweep() -> int:
    """Queue again the jobs that no worker ever started (the broker was down
    when they were made). Returns how many were queued."""
    cutoff = timezone.now() - timedelta(seconds=JOB_SWEEP_AFTER_SECONDS)
    queued = list(
        IngestionJob.objects.filter(
            status=IngestionJob.Status.QUEUED, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in queued:
        enqueue_on_commit("claims.run_ingestion", pk)
    return len(queued)
