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

import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import psycopg

VERSION = "2"  # bump when the data's shape changes; a stored set of another version is rebuilt
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


def generate(conn: psycopg.Connection, *, claims: int, users: dict[str, int], log=print) -> dict:
    """Fill the database with `claims` claims and everything around them.
    `users` maps the roles the rows need (reviewer, editor) to user ids.
    Returns the counts and the seconds each phase took."""
    rng = random.Random(SEED)
    n_sources = max(50, min(20_000, claims // 50))
    n_orgs = max(5, n_sources // 10)
    counts, timings = {}, {}
    started = time.perf_counter()

    conn.execute("SET session_replication_role = replica")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    indexes = _secondary_indexes(conn, TABLES)
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")

    def copy(table, columns, types, rows):
        t = time.perf_counter()
        n = 0
        with conn.cursor().copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
        ) as out:
            out.set_types(types)
            for row in rows:
                out.write_row(row)
                n += 1
        counts[table] = n
        timings[f"copy {table}"] = round(time.perf_counter() - t, 1)
        log(f"  {table}: {n:,} rows in {timings[f'copy {table}']} s")

    # Sources: organisations first (ids 1..n_orgs), then channels, outlets and
    # people, most of them under an organisation.
    def sources():
        for pk in range(1, n_sources + 1):
            org = pk <= n_orgs
            parent = None if org or rng.random() < 0.3 else rng.randint(1, n_orgs)
            kind = (
                rng.choice(["intelligence_service", "government", "military", "organisation"])
                if org
                else rng.choice(["channel", "news_outlet", "person", "osint_group"])
            )
            grade = rng.choice(RELIABILITY) if org or rng.random() < 0.2 else ""
            yield (
                pk,
                f"{'Organisation' if org else 'Source'} {pk}",
                kind,
                "telegram" if kind == "channel" else "",
                "",
                "",
                "",
                "",
                "",
                grade,
                BASE,
                BASE,
                parent,
            )

    copy(
        "sources_source",
        [
            "id",
            "name",
            "kind",
            "platform",
            "handle",
            "url",
            "country",
            "affiliation",
            "description",
            "reliability",
            "created_at",
            "updated_at",
            "parent_id",
        ],
        [
            "int8",
            "varchar",
            "varchar",
            "varchar",
            "varchar",
            "varchar",
            "varchar",
            "varchar",
            "text",
            "varchar",
            "timestamptz",
            "timestamptz",
            "int8",
        ],
        sources(),
    )

    tags = [
        (pk, f"Story {pk}", f"story-{pk}", "story" if pk % 5 == 0 else "topic", "")
        for pk in range(1, 51)
    ]
    copy(
        "claims_tag",
        ["id", "name", "slug", "kind", "description"],
        ["int8", "varchar", "varchar", "varchar", "text"],
        tags,
    )

    # Claims, and in the same pass the rows that hang off them.
    plan = []  # per claim: (published?, created_at)
    spread = timedelta(days=3 * 365).total_seconds() / claims

    def claim_rows():
        for pk in range(1, claims + 1):
            actor, action, place, extra = (
                rng.choice(ACTORS),
                rng.choice(ACTIONS),
                rng.choice(PLACES),
                rng.choice(EXTRAS),
            )
            english = " ".join(
                p for p in (actor[0].capitalize(), action[0], place[0], extra[0]) if p
            )
            bulgarian = " ".join(
                p for p in (actor[1].capitalize(), action[1], place[1], extra[1]) if p
            )
            bg = rng.random() < 0.4
            created = BASE + timedelta(seconds=pk * spread)
            roll = rng.random()
            status = (
                "published"
                if roll < 0.85
                else "retracted"
                if roll < 0.88
                else rng.choice(["new", "in_review", "awaiting_sign_off", "reopened"])
            )
            public = status in ("published", "retracted")
            published = created + timedelta(hours=2) if public else None
            plan.append(public)
            yield (
                pk,
                (bulgarian if bg else english) + f" (report {pk}).",
                "bg" if bg else "en",
                english + "." if bg else "",
                (created - timedelta(days=1)).date(),
                place[0],
                status,
                1,
                2 if public else 1,
                published,
                published + timedelta(days=1) if status == "retracted" else None,
                "Geolocation showed an older video." if status == "retracted" else "",
                created,
                created + timedelta(hours=3),
                users["reviewer"],
            )

    copy(
        "claims_claim",
        [
            "id",
            "text",
            "language",
            "text_en",
            "event_date",
            "event_place",
            "status",
            "review_round",
            "version",
            "published_at",
            "retracted_at",
            "retraction_reason",
            "created_at",
            "updated_at",
            "created_by_id",
        ],
        [
            "int8",
            "text",
            "varchar",
            "text",
            "date",
            "varchar",
            "varchar",
            "int4",
            "int4",
            "timestamptz",
            "timestamptz",
            "text",
            "timestamptz",
            "timestamptz",
            "int4",
        ],
        claim_rows(),
    )

    def attribution_rows():
        pk = 0
        for claim_id in range(1, claims + 1):
            mine = []
            for _ in range(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 3])):
                pk += 1
                relay = mine and rng.random() < 0.6
                via = rng.choice(mine) if relay else None
                mine.append(pk)
                yield (
                    pk,
                    claim_id,
                    rng.randint(n_orgs + 1, n_sources) if relay else rng.randint(1, n_sources),
                    via,
                    rng.choice(STANCES) if not relay else "asserts",
                    "",
                    "",
                    None,
                    BASE,
                )

    copy(
        "claims_attribution",
        [
            "id",
            "claim_id",
            "source_id",
            "via_id",
            "stance",
            "url",
            "quote",
            "published_at",
            "created_at",
        ],
        [
            "int8",
            "int8",
            "int8",
            "int8",
            "varchar",
            "varchar",
            "text",
            "timestamptz",
            "timestamptz",
        ],
        attribution_rows(),
    )

    copy(
        "claims_claim_tags",
        ["claim_id", "tag_id"],
        ["int8", "int8"],
        ((pk, rng.randint(1, 50)) for pk in range(1, claims + 1) if pk % 10 == 0),
    )
    copy(
        "claims_evidence",
        [
            "claim_id",
            "kind",
            "relation",
            "url",
            "description",
            "latitude",
            "longitude",
            "created_at",
            "archive_error",
            "archive_file",
            "archive_sha256",
            "archive_status",
        ],
        [
            "int8",
            "varchar",
            "varchar",
            "varchar",
            "text",
            "numeric",
            "numeric",
            "timestamptz",
            "text",
            "varchar",
            "varchar",
            "varchar",
        ],
        (
            (pk, "geolocation", "supports", "", "Geolocated frame.", LAT, LON, BASE, "", "", "", "")
            for pk in range(1, claims + 1)
            if pk % 5 == 0
        ),
    )

    def review_rows():
        for pk, public in enumerate(plan, start=1):
            if public:
                at = BASE + timedelta(seconds=pk * spread, hours=1)
                yield (
                    pk,
                    1,
                    rng.choice(CREDIBILITY),
                    "",
                    "moderate",
                    rng.choice(RELIABILITY),
                    "Two independent origins; imagery matches.",
                    at,
                    at,
                    users["reviewer"],
                )

    copy(
        "verify_review",
        [
            "claim_id",
            "round",
            "credibility",
            "likelihood",
            "confidence",
            "source_reliability",
            "rationale",
            "created_at",
            "submitted_at",
            "reviewer_id",
        ],
        [
            "int8",
            "int4",
            "varchar",
            "varchar",
            "varchar",
            "varchar",
            "text",
            "timestamptz",
            "timestamptz",
            "int4",
        ],
        review_rows(),
    )
    # One sign-off per public claim, resting on that claim's review (ids follow).
    t = time.perf_counter()
    conn.execute(
        """
        INSERT INTO verify_claimevent
              (action, from_status, to_status, reason, created_at, actor_id, claim_id, review_id)
        SELECT 'publish', 'awaiting_sign_off', 'published', '', r.submitted_at + interval '1 hour',
               %s, r.claim_id, r.id
          FROM verify_review r
        """,
        [users["editor"]],
    )
    timings["sign-off events"] = round(time.perf_counter() - t, 1)

    t = time.perf_counter()
    conn.execute("TRUNCATE claims_searchword")  # the vocabulary trigger was off too
    conn.execute(
        """
        INSERT INTO claims_searchword (word)
        SELECT word FROM ts_stat(
            'SELECT to_tsvector(''simple'', text || '' '' || text_en) FROM claims_claim')
        """
    )
    timings["search vocabulary"] = round(time.perf_counter() - t, 1)

    t = time.perf_counter()
    for _name, definition in indexes:
        conn.execute(definition)
    timings["rebuild indexes"] = round(time.perf_counter() - t, 1)
    log(f"  rebuilt {len(indexes)} indexes in {timings['rebuild indexes']} s")
    for table in ["sources_source", "claims_tag", "claims_claim", "claims_attribution"]:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    conn.execute("SET session_replication_role = DEFAULT")
    conn.execute("DELETE FROM bench_meta")
    conn.execute(
        "INSERT INTO bench_meta VALUES ('version', %s), ('claims', %s)", [VERSION, str(claims)]
    )
    conn.commit()
    t = time.perf_counter()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE")
    conn.autocommit = False
    timings["vacuum analyze"] = round(time.perf_counter() - t, 1)
    timings["total"] = round(time.perf_counter() - started, 1)
    return {"counts": counts, "seconds": timings, "date": date.today().isoformat()}
