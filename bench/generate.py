"""The benchmark data set, written with psycopg 3 binary COPY.

At the full size: 1 M claims (most of them public), ~3 M attributions in
relay chains, 20 k sources under 2 k organisations, a submitted review and
its sign-off event for every public claim, evidence and tags on some.

Triggers and foreign-key checks are off while loading
(`session_replication_role = replica`): the chain-guard trigger takes an
advisory lock and walks each chain, which would turn minutes into hours,
and the generator builds chains that are valid by construction (each relay
points at an earlier attribution of the same claim). Secondary indexes are
dropped before the load and rebuilt after it, as any bulk load does.
"""

import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import psycopg

VERSION = "3"  # bump when the data's shape changes; a stored set of another version is rebuilt
SEED = 20241202

ACTORS = [
    ("Syrian army", "сирийската армия"),
    ("rebel forces", "бунтовническите сили"),
    ("HTS fighters", "бойци на ХТС"),
    ("Russian forces", "руските сили"),
    ("Turkish-backed forces", "подкрепяните от Турция сили"),
    ("Kurdish SDF forces", "кюрдските сили на СДС"),
    ("Hezbollah units", "части на Хизбула"),
    ("Iranian advisers", "ирански съветници"),
    ("government troops", "правителствените войски"),
    ("opposition groups", "опозиционни групи"),
]
ACTIONS = [
    ("captured", "превзеха"),
    ("shelled", "обстреляха"),
    ("withdrew from", "се изтеглиха от"),
    ("entered", "влязоха в"),
    ("surrounded", "обкръжиха"),
    ("struck targets in", "нанесоха удари по"),
    ("lost control of", "загубиха контрол над"),
    ("advanced towards", "настъпиха към"),
]
PLACES = [
    ("Aleppo", "Алепо"),
    ("Hama", "Хама"),
    ("Homs", "Хомс"),
    ("Idlib", "Идлиб"),
    ("Damascus", "Дамаск"),
    ("Latakia", "Латакия"),
    ("Tartus", "Тартус"),
    ("Deir ez-Zor", "Дейр ез-Зор"),
    ("Raqqa", "Ракка"),
    ("Manbij", "Манбидж"),
    ("Saraqib", "Саракиб"),
    ("Kafr Nabl", "Кафр Набл"),
    ("Khan Shaykhun", "Хан Шейхун"),
    ("Morek", "Морек"),
    ("Tell Rifaat", "Тел Рифаат"),
    ("Palmyra", "Палмира"),
    ("Daraa", "Дараа"),
    ("Quneitra", "Кунейтра"),
    ("Hmeimim", "Хмеймим"),
    ("Kuweires", "Кувейрес"),
]
EXTRAS = [
    ("", ""),
    ("with T-72 tanks", "с танкове Т-72"),
    ("using drones", "с дронове"),
    ("overnight", "през нощта"),
    ("amid heavy fighting", "сред тежки боеве"),
    ("near the airbase", "край авиобазата"),
    ("according to Telegram channels", "според телеграм канали"),
    ("after an artillery barrage", "след артилерийски обстрел"),
]
RELIABILITY = ["A", "B", "B", "C", "C", "C", "D", "E", "F", ""]
CREDIBILITY = ["1", "2", "3", "3", "4", "5", "6", "false"]
STANCES = ["asserts"] * 7 + ["denies", "questions", "reports_rumour"]
BASE = datetime(2022, 1, 1, tzinfo=UTC)
LAT, LON = Decimal("35.131900"), Decimal("36.757800")  # Hama

# Tables the generator fills, children first (truncated in this order).
TABLES = [
    "verify_publicrecordsource",
    "verify_publicrecord",
    "verify_suggestion",
    "verify_suggestionrequest",
    "verify_claimevent",
    "verify_review",
    "claims_evidence",
    "claims_claim_tags",
    "claims_attribution",
    "claims_claim",
    "claims_tag",
    "sources_sourcealias",
    "sources_source",
]


def _secondary_indexes(conn, tables):
    """Definitions of indexes that back no constraint, to drop and rebuild."""
    return conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
          LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
         WHERE i.indrelid = ANY(%s::regclass[]) AND c.oid IS NULL
        """,
        [tables],
    ).fetchall()


def stored_size(conn) -> int | None:
    """The claim count of the data set in this database, if it is ours."""
    conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
    rows = dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())
    if rows.get("version") != VERSION:
        return None
    return int(rows["claims"]) if "claims" in rows else None


# The columns each table is loaded with, and their COPY types.
COLUMNS = {
    "sources_source": [
        ("id", "int8"), ("name", "varchar"), ("kind", "varchar"), ("platform", "varchar"),
        ("handle", "varchar"), ("url", "varchar"), ("country", "varchar"),
        ("affiliation", "varchar"), ("description", "text"), ("reliability", "varchar"),
        ("created_at", "timestamptz"), ("updated_at", "timestamptz"), ("parent_id", "int8"),
    ],
    "claims_tag": [
        ("id", "int8"), ("name", "varchar"), ("slug", "varchar"), ("kind", "varchar"),
        ("description", "text"),
    ],
    "claims_claim": [
        ("id", "int8"), ("text", "text"), ("language", "varchar"), ("text_en", "text"),
        ("event_date", "date"), ("event_place", "varchar"), ("status", "varchar"),
        ("review_round", "int4"), ("version", "int4"), ("published_at", "timestamptz"),
        ("retracted_at", "timestamptz"), ("retraction_reason", "text"),
        ("created_at", "timestamptz"), ("updated_at", "timestamptz"), ("created_by_id", "int4"),
    ],
    "claims_attribution": [
        ("id", "int8"), ("claim_id", "int8"), ("source_id", "int8"), ("via_id", "int8"),
        ("stance", "varchar"), ("url", "varchar"), ("quote", "text"),
        ("published_at", "timestamptz"), ("created_at", "timestamptz"),
    ],
    "claims_claim_tags": [("claim_id", "int8"), ("tag_id", "int8")],
    "claims_evidence": [
        ("claim_id", "int8"), ("kind", "varchar"), ("relation", "varchar"), ("url", "varchar"),
        ("description", "text"), ("latitude", "numeric"), ("longitude", "numeric"),
        ("created_at", "timestamptz"), ("archive_error", "text"), ("archive_file", "varchar"),
        ("archive_sha256", "varchar"), ("archive_status", "varchar"),
    ],
    "verify_review": [
        ("claim_id", "int8"), ("round", "int4"), ("credibility", "varchar"),
        ("likelihood", "varchar"), ("confidence", "varchar"), ("source_reliability", "varchar"),
        ("rationale", "text"), ("created_at", "timestamptz"), ("submitted_at", "timestamptz"),
        ("reviewer_id", "int4"),
    ],
}  # fmt: skip


class _Load:
    """One load of the data set: its size, its random stream and what each
    phase took."""

    def __init__(self, conn: psycopg.Connection, claims: int, users: dict[str, int], log):
        self.conn, self.claims, self.users, self.log = conn, claims, users, log
        self.rng = random.Random(SEED)
        self.n_sources = max(50, min(20_000, claims // 50))
        self.n_orgs = max(5, self.n_sources // 10)
        self.spread = timedelta(days=3 * 365).total_seconds() / claims
        self.public: list[bool] = []  # per claim, filled while its rows are written
        self.counts: dict[str, int] = {}
        self.timings: dict[str, float] = {}

    def copy(self, table: str, rows) -> None:
        """COPY `rows` into `table` in binary, counting them and timing it."""
        t = time.perf_counter()
        columns, types = zip(*COLUMNS[table], strict=True)
        n = 0
        with self.conn.cursor().copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        ) as out:
            out.set_types(list(types))
            for row in rows:
                out.write_row(row)
                n += 1
        self.counts[table] = n
        self.timings[f"copy {table}"] = round(time.perf_counter() - t, 1)
        self.log(f"  {table}: {n:,} rows in {self.timings[f'copy {table}']} s")

    def timed(self, name: str, sql: str, params=None) -> None:
        t = time.perf_counter()
        self.conn.execute(sql, params)
        self.timings[name] = round(time.perf_counter() - t, 1)


def _source_rows(load: _Load):
    """Organisations first (ids 1..n_orgs), then channels, outlets and
    people, most of them under an organisation."""
    rng = load.rng
    for pk in range(1, load.n_sources + 1):
        org = pk <= load.n_orgs
        parent = None if org or rng.random() < 0.3 else rng.randint(1, load.n_orgs)
        kind = (
            rng.choice(["intelligence_service", "government", "military", "organisation"])
            if org
            else rng.choice(["channel", "news_outlet", "person", "osint_group"])
        )
        grade = rng.choice(RELIABILITY) if org or rng.random() < 0.2 else ""
        name = f"{'Organisation' if org else 'Source'} {pk}"
        platform = "telegram" if kind == "channel" else ""
        yield (pk, name, kind, platform, "", "", "", "", "", grade, BASE, BASE, parent)


def _claim_text(rng: random.Random) -> tuple[str, str, str]:
    """A claim in English and in Bulgarian, and its place, from the phrase lists."""
    parts = (rng.choice(ACTORS), rng.choice(ACTIONS), rng.choice(PLACES), rng.choice(EXTRAS))
    english = " ".join(p for p in (parts[0][0].capitalize(), *(x[0] for x in parts[1:])) if p)
    bulgarian = " ".join(p for p in (parts[0][1].capitalize(), *(x[1] for x in parts[1:])) if p)
    return english, bulgarian, parts[2][0]


def _status(rng: random.Random) -> str:
    """Most claims public, a few retracted, the rest somewhere in the workflow."""
    roll = rng.random()
    if roll < 0.85:
        return "published"
    if roll < 0.88:
        return "retracted"
    return rng.choice(["new", "in_review", "awaiting_sign_off", "reopened"])


def _claim_rows(load: _Load):
    rng = load.rng
    for pk in range(1, load.claims + 1):
        english, bulgarian, place = _claim_text(rng)
        bg = rng.random() < 0.4
        created = BASE + timedelta(seconds=pk * load.spread)
        status = _status(rng)
        public = status in ("published", "retracted")
        published = created + timedelta(hours=2) if public else None
        retracted = status == "retracted"
        load.public.append(public)
        yield (
            pk,
            (bulgarian if bg else english) + f" (report {pk}).",
            "bg" if bg else "en",
            english + "." if bg else "",
            (created - timedelta(days=1)).date(),
            place,
            status,
            1,
            2 if public else 1,
            published,
            published + timedelta(days=1) if retracted else None,
            "Geolocation showed an older video." if retracted else "",
            created,
            created + timedelta(hours=3),
            load.users["reviewer"],
        )


def _attribution_rows(load: _Load):
    """One to five attributions a claim; a relay points at an earlier one of
    the same claim, so every chain is valid by construction."""
    rng, pk = load.rng, 0
    for claim_id in range(1, load.claims + 1):
        mine = []
        for _ in range(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 3])):
            pk += 1
            relay = mine and rng.random() < 0.6
            via = rng.choice(mine) if relay else None
            mine.append(pk)
            source = (
                rng.randint(load.n_orgs + 1, load.n_sources)
                if relay
                else rng.randint(1, load.n_sources)
            )
            stance = rng.choice(STANCES) if not relay else "asserts"
            yield (pk, claim_id, source, via, stance, "", "", None, BASE)


def _review_rows(load: _Load):
    """A submitted review for every public claim."""
    for pk, public in enumerate(load.public, start=1):
        if public:
            at = BASE + timedelta(seconds=pk * load.spread, hours=1)
            yield (
                pk, 1, load.rng.choice(CREDIBILITY), "", "moderate", load.rng.choice(RELIABILITY),
                "Two independent origins; imagery matches.", at, at, load.users["reviewer"],
            )  # fmt: skip


def _load_rows(load: _Load) -> None:
    claims, rng = load.claims, load.rng
    load.copy("sources_source", _source_rows(load))
    load.copy(
        "claims_tag",
        [
            (pk, f"Story {pk}", f"story-{pk}", "story" if pk % 5 == 0 else "topic", "")
            for pk in range(1, 51)
        ],
    )
    load.copy("claims_claim", _claim_rows(load))
    load.copy("claims_attribution", _attribution_rows(load))
    load.copy(
        "claims_claim_tags",
        ((pk, rng.randint(1, 50)) for pk in range(1, claims + 1) if pk % 10 == 0),
    )
    load.copy(
        "claims_evidence",
        (
            (pk, "geolocation", "supports", "", "Geolocated frame.", LAT, LON, BASE, "", "", "", "")
            for pk in range(1, claims + 1)
            if pk % 5 == 0
        ),
    )
    load.copy("verify_review", _review_rows(load))


def _derived_rows(load: _Load) -> None:
    """What follows from the rows: one sign-off per public claim, resting on
    that claim's review (ids follow), and the search vocabulary (its trigger
    was off too)."""
    load.timed(
        "sign-off events",
        """
        INSERT INTO verify_claimevent
              (action, from_status, to_status, reason, created_at, actor_id, claim_id, review_id)
        SELECT 'publish', 'awaiting_sign_off', 'published', '', r.submitted_at + interval '1 hour',
               %s, r.claim_id, r.id
          FROM verify_review r
        """,
        [load.users["editor"]],
    )
    _records(load)
    load.conn.execute("TRUNCATE claims_searchword")
    load.timed(
        "search vocabulary",
        """
        INSERT INTO claims_searchword (word)
        SELECT word FROM ts_stat(
            'SELECT to_tsvector(''simple'', text || '' '' || text_en) FROM claims_claim')
        """,
    )


def _iso(column: str) -> str:
    """A timestamp as the API writes it (DRF: ISO 8601 in UTC, `Z`, the
    microseconds only when there are some)."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN extract(microseconds FROM {utc})::int %% 1000000 <> 0"
        f" THEN to_char({utc}, '.US') ELSE '' END || 'Z' END"
    )


# A signed public record for every public claim, in SQL: at 1 M the
# product's builder (`public_record_store`, a claim at a time with its
# graphs, citations, ClaimReview and STIX) would take hours. The `item` is
# what the list, search, deep page and similar read, field for field as the
# builder writes it (`bench.run` compares a sample with the builder's). The
# `page` is marked `generated` and carries no origins, chains, citations,
# ClaimReview or STIX: the bench reads no generated claim's public page,
# citation, ClaimReview or STIX (the multi-node run reads the claims it
# signs through the product). Origins as the product counts them: chain
# ends grouped by their source's top organisation (the generator makes no
# clusters).
RECORDS_SQL = """
WITH RECURSIVE up AS (
  SELECT s.id AS source_id, s.id, s.parent_id, 0 AS depth FROM sources_source s
  UNION ALL
  SELECT up.source_id, p.id, p.parent_id, up.depth + 1
    FROM up JOIN sources_source p ON p.id = up.parent_id WHERE up.depth < 32
), roots AS (
  SELECT source_id, id AS root_id FROM up WHERE parent_id IS NULL
), origins AS (
  SELECT a.claim_id, count(DISTINCT r.root_id) AS n
    FROM claims_attribution a JOIN roots r USING (source_id)
   WHERE a.via_id IS NULL GROUP BY a.claim_id
), tags AS (
  SELECT ct.claim_id, jsonb_agg(t.slug ORDER BY t.name) AS tags
    FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id GROUP BY ct.claim_id
), ats AS (
  SELECT a.claim_id, jsonb_agg(jsonb_build_object(
           'id', a.id, 'claim', a.claim_id, 'source', a.source_id,
           'source_name', s.name, 'source_reliability', s.reliability,
           'stance', a.stance, 'via', a.via_id, 'url', a.url, 'quote', a.quote,
           'unnamed', a.unnamed, 'published_at', {attributed}) ORDER BY a.id) AS items
    FROM claims_attribution a JOIN sources_source s ON s.id = a.source_id GROUP BY a.claim_id
), evs AS (
  SELECT v.claim_id, jsonb_agg(jsonb_build_object(
           'id', v.id, 'claim', v.claim_id, 'kind', v.kind, 'relation', v.relation,
           'url', v.url, 'description', v.description,
           'latitude', v.latitude::text, 'longitude', v.longitude::text) ORDER BY v.id) AS items
    FROM claims_evidence v GROUP BY v.claim_id
)
INSERT INTO verify_publicrecord (claim_id, version, is_current, event_id, review_id, signed_at,
       change, credibility, likelihood, origin_count, item, page)
SELECT c.id, 1, true, e.id, r.id, e.created_at, '', r.credibility, r.likelihood,
       coalesce(o.n, 0),
       jsonb_build_object(
         'id', c.id, 'text', c.text, 'language', c.language, 'text_en', c.text_en,
         'event_date', c.event_date::text, 'event_place', c.event_place,
         'tags', coalesce(g.tags, '[]'),
         'published_at', {published},
         'verdict', jsonb_build_object(
           'credibility', r.credibility,
           'credibility_label', %(labels)s::jsonb -> 'credibility' ->> r.credibility,
           'verdict', %(labels)s::jsonb -> 'verdict' ->> r.credibility,
           'likelihood', nullif(r.likelihood, ''),
           'likelihood_label', %(labels)s::jsonb -> 'likelihood' ->> nullif(r.likelihood, ''),
           'analytic_confidence', r.confidence,
           'grade', coalesce(nullif(r.source_reliability, ''), '?')
                    || CASE WHEN r.credibility = 'false' THEN '-False' ELSE r.credibility END,
           'rationale', r.rationale, 'reviewed_at', {reviewed}),
         'origin_count', coalesce(o.n, 0),
         'attributions', coalesce(ats.items, '[]'),
         'evidence', coalesce(evs.items, '[]')),
       jsonb_build_object('generated', true, 'origins', '[]'::jsonb, 'same_claims', '[]'::jsonb)
  FROM verify_claimevent e
  JOIN verify_review r ON r.id = e.review_id
  JOIN claims_claim c ON c.id = e.claim_id
  LEFT JOIN origins o ON o.claim_id = c.id
  LEFT JOIN tags g ON g.claim_id = c.id
  LEFT JOIN ats ON ats.claim_id = c.id
  LEFT JOIN evs ON evs.claim_id = c.id
""".format(
    published=_iso("c.published_at"),
    reviewed=_iso("r.submitted_at"),
    attributed=_iso("a.published_at"),
)

# The sources each record names, with their grade at signing.
RECORD_SOURCES_SQL = """
INSERT INTO verify_publicrecordsource (record_id, source_id, reliability)
SELECT DISTINCT p.id, a.source_id, s.reliability
  FROM verify_publicrecord p
  JOIN claims_attribution a ON a.claim_id = p.claim_id
  JOIN sources_source s ON s.id = a.source_id
"""


def _records(load: _Load) -> None:
    # The words the API gives for each code, from the product's scales
    # (imported here: the rest of the generator needs no Django).
    from sources.scales import Credibility, Likelihood, verdict_word

    labels = {
        "credibility": {c.value: str(c.label) for c in Credibility},
        "verdict": {c.value: verdict_word(c.value) for c in Credibility},
        "likelihood": {c.value: str(c.label) for c in Likelihood},
    }
    load.timed("public records", RECORDS_SQL, {"labels": json.dumps(labels)})
    load.timed("public record sources", RECORD_SOURCES_SQL)


def _finish(load: _Load, indexes) -> None:
    """Rebuild the indexes, move the sequences past the ids written, turn
    the triggers back on, stamp the set's version and size, analyse."""
    conn = load.conn
    t = time.perf_counter()
    for _name, definition in indexes:
        conn.execute(definition)
    load.timings["rebuild indexes"] = round(time.perf_counter() - t, 1)
    load.log(f"  rebuilt {len(indexes)} indexes in {load.timings['rebuild indexes']} s")
    for table in ["sources_source", "claims_tag", "claims_claim", "claims_attribution"]:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    conn.execute("SET session_replication_role = DEFAULT")
    conn.execute("DELETE FROM bench_meta")
    conn.execute(
        "INSERT INTO bench_meta VALUES ('version', %s), ('claims', %s)", [VERSION, str(load.claims)]
    )
    conn.commit()
    conn.autocommit = True
    load.timed("vacuum analyze", "VACUUM ANALYZE")
    conn.autocommit = False


def generate(conn: psycopg.Connection, *, claims: int, users: dict[str, int], log=print) -> dict:
    """Fill the database with `claims` claims and everything around them.
    `users` maps the roles the rows need (reviewer, editor) to user ids.
    Returns the counts and the seconds each phase took."""
    load = _Load(conn, claims, users, log)
    started = time.perf_counter()
    conn.execute("SET session_replication_role = replica")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    indexes = _secondary_indexes(conn, TABLES)
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    _load_rows(load)
    _derived_rows(load)
    _finish(load, indexes)
    load.timings["total"] = round(time.perf_counter() - started, 1)
    return {"counts": load.counts, "seconds": load.timings, "date": date.today().isoformat()}
