"""A claim's API item written by PostgreSQL, as JSON text, in the page's own
query: the list is then one query whatever its size, and Python only passes
each item on (docs/benchmarks.md). verify/api/claims/items.py writes the
same item from Python (SQLite, and the shape's documentation); a test holds
the two to each other key for key.

Nothing here is spelt twice: table and column names come from the models'
`_meta`, codes from the enums, the user table from AUTH_USER_MODEL, the
verdict words and the combined grade from sources.scales (rendered as CASE
tables generated from the Python rule), and the desk's private fields are
added only for `user_is_desk`. Values travel as named parameters.
"""

from __future__ import annotations

import re
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.expressions import RawSQL

from claims.models import Attribution, Claim, Evidence, Tag, ever_public_sql
from sources.models import Source
from sources.scales import VERDICTS, Credibility, Likelihood, Reliability, combined_grade
from verify.models import ClaimEvent, Review, Suggestion

_PARAM = re.compile(r"%\((\w+)\)s")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _col(alias: str, model, field: str) -> str:
    return f"{alias}.{connection.ops.quote_name(model._meta.get_field(field).column)}"


class _Sql:
    """Collects named parameters; `render` turns them into positional ones,
    as an annotation inside a larger query needs."""

    def __init__(self):
        self.values: dict[str, object] = {}

    def param(self, name: str, value: str) -> str:
        """A text parameter, typed: PostgreSQL may plan the statement before
        it sees the values (a prepared statement)."""
        self.values[name] = value
        return f"%({name})s::text"

    def case(self, name: str, column: str, pairs) -> str:
        """`CASE column WHEN code THEN label …`: a lookup table as SQL."""
        whens = []
        for i, (code, label) in enumerate(pairs):
            whens.append(
                f"WHEN {column} = {self.param(f'{name}_k{i}', str(code))} "
                f"THEN {self.param(f'{name}_v{i}', str(label))}"
            )
        return "CASE " + " ".join(whens) + " END"

    def render(self, sql: str) -> tuple[str, list]:
        names = _PARAM.findall(sql)
        return _PARAM.sub("%s", sql), [self.values[name] for name in names]


@cache
def _grades() -> list[tuple[tuple[str, str], str]]:
    """Every (reliability, credibility) pair with its combined grade, from
    the one rule (sources.scales.combined_grade)."""
    return [
        ((reliability, credibility), combined_grade(reliability, credibility))
        for reliability in ["", *Reliability.values]
        for credibility in Credibility.values
    ]


def claim_item_sql(*, desk: bool, links: dict[str, str]) -> tuple[str, list]:
    """The SQL expression of a claim's item (JSON text) for a query over the
    claims table, and its parameters. `links` maps a link's name to its URL
    with `{}` where the id goes; the first is the claim's own. Written once
    per (desk, links) and process: it is the same for every request."""
    sql, params = _claim_item_sql(desk, tuple(links.items()))
    return sql, list(params)


def _published_review_id(sql: _Sql, claim_id: str) -> str:
    """The id of the review the latest sign-off rests on, for the claim whose
    id is the SQL `claim_id`: compiled from `ClaimEvent.objects.sign_offs()`,
    the one definition of "the published review"."""
    query = (
        ClaimEvent.objects.sign_offs()
        .filter(claim_id=RawSQL(claim_id, ()))
        .values("review_id")[:1]
        .query
    )
    text, params = query.sql_with_params()
    for i, value in enumerate(params):
        text = text.replace("%s", sql.param(f"sign_off{i}", value), 1)
    return text


def _claim_col(field: str) -> str:
    """A column of the claim the item is written for."""
    return _col(_table(Claim), Claim, field)


def _link_pairs(sql: _Sql, links: dict[str, str]) -> list[str]:
    """`name, url` for json_build_object: each link with the claim's id in it."""
    link_pairs = []
    for i, (name, url) in enumerate(links.items()):
        before, after = url.split("{}")
        link_pairs.append(
            f"{sql.param(f'link{i}', name)}, "
            f"{sql.param(f'link{i}_before', before)} || {_claim_col('id')} || "
            f"{sql.param(f'link{i}_after', after)}"
        )
    return link_pairs


def _verdict_sql(sql: _Sql) -> str:
    """The verdict the public sees, as JSON: the review the latest sign-off
    rests on, with its words and its combined grade."""
    r = "r"
    review = {f: _col(r, Review, f) for f in (
        "credibility", "likelihood", "confidence", "source_reliability", "rationale",
        "submitted_at", "id",
    )}  # fmt: skip
    grade = (
        "CASE "
        + " ".join(
            f"WHEN {review['source_reliability']} = {sql.param(f'g{i}r', rel)} "
            f"AND {review['credibility']} = {sql.param(f'g{i}c', cred)} "
            f"THEN {sql.param(f'g{i}', label)}"
            for i, ((rel, cred), label) in enumerate(_grades())
        )
        + " END"
    )
    return f"""(SELECT json_build_object(
            'credibility', {review["credibility"]},
            'credibility_label', {sql.case("cred", review["credibility"], Credibility.choices)},
            'verdict', {sql.case("word", review["credibility"],
                                 [(code, word) for code, (word, _) in VERDICTS.items()])},
            'likelihood', nullif({review["likelihood"]}, ''),
            'likelihood_label', {sql.case("lik", review["likelihood"], Likelihood.choices)},
            'analytic_confidence', {review["confidence"]},
            'grade', {grade},
            'rationale', {review["rationale"]},
            'reviewed_at', claimtrace_iso({review["submitted_at"]}))
          FROM {_table(Review)} {r}
         WHERE {review["id"]} = ({_published_review_id(sql, _claim_col("id"))}))"""  # fmt: skip


def _tags_sql() -> str:
    tags_through = Claim.tags.through
    claim_fk = Claim._meta.get_field("tags").m2m_column_name()
    tag_fk = Claim._meta.get_field("tags").m2m_reverse_name()
    t, ct = "t", "ct"
    return f"""ARRAY(SELECT {_col(t, Tag, "slug")}
                        FROM {_table(tags_through)} {ct}
                        JOIN {_table(Tag)} {t} ON {_col(t, Tag, "id")} = {ct}.{tag_fk}
                       WHERE {ct}.{claim_fk} = {_claim_col("id")}
                       ORDER BY {_col(t, Tag, "name")})"""  # fmt: skip


def _attributions_sql() -> str:
    a, src = "a", "src"
    return f"""coalesce((SELECT json_agg(json_build_object(
                        'id', {_col(a, Attribution, "id")},
                        'claim', {_col(a, Attribution, "claim")},
                        'source', {_col(a, Attribution, "source")},
                        'source_name', {_col(src, Source, "name")},
                        'source_reliability', {_col(src, Source, "reliability")},
                        'stance', {_col(a, Attribution, "stance")},
                        'via', {_col(a, Attribution, "via")},
                        'url', {_col(a, Attribution, "url")},
                        'quote', {_col(a, Attribution, "quote")},
                        'unnamed', {_col(a, Attribution, "unnamed")},
                        'published_at', claimtrace_iso({_col(a, Attribution, "published_at")}))
                        ORDER BY {_col(a, Attribution, "id")})
                      FROM {_table(Attribution)} {a}
                      JOIN {_table(Source)} {src}
                        ON {_col(src, Source, "id")} = {_col(a, Attribution, "source")}
                     WHERE {_col(a, Attribution, "claim")} = {_claim_col("id")}),
                   '[]')"""  # fmt: skip


def _evidence_sql() -> str:
    ev = "ev"
    return f"""coalesce((SELECT json_agg(json_build_object(
                        'id', {_col(ev, Evidence, "id")},
                        'claim', {_col(ev, Evidence, "claim")},
                        'kind', {_col(ev, Evidence, "kind")},
                        'relation', {_col(ev, Evidence, "relation")},
                        'url', {_col(ev, Evidence, "url")},
                        'description', {_col(ev, Evidence, "description")},
                        'latitude', {_col(ev, Evidence, "latitude")}::text,
                        'longitude', {_col(ev, Evidence, "longitude")}::text)
                        ORDER BY {_col(ev, Evidence, "id")})
                      FROM {_table(Evidence)} {ev}
                     WHERE {_col(ev, Evidence, "claim")} = {_claim_col("id")}),
                   '[]')"""  # fmt: skip


def _desk_sql() -> str:
    """What only the desk's item carries: workflow state and the engine's
    suggestion."""
    user = get_user_model()
    u, s = "u", "s"
    suggestion = _table(Suggestion)
    return f""",
        'status', {_claim_col("status")},
        'assignee', (SELECT {_col(u, user, user.USERNAME_FIELD)} FROM {_table(user)} {u}
                      WHERE {_col(u, user, "id")} = {_claim_col("assignee")}),
        'version', {_claim_col("version")},
        'review_round', {_claim_col("review_round")},
        'suggestion', (SELECT json_build_object(
                        'credibility', {_col(s, Suggestion, "credibility")},
                        'likelihood', nullif({_col(s, Suggestion, "likelihood")}, ''),
                        'confidence', {_col(s, Suggestion, "confidence")},
                        'analytic_confidence', {_col(s, Suggestion, "analytic_confidence")},
                        'origin_count', {_col(s, Suggestion, "origin_count")},
                        'reason_codes', {_col(s, Suggestion, "reasons")},
                        'computed_at', claimtrace_iso({_col(s, Suggestion, "computed_at")}))
                       FROM {suggestion} {s}
                      WHERE {_col(s, Suggestion, "claim")} = {_claim_col("id")})"""  # fmt: skip


@cache
def _claim_item_sql(desk: bool, link_items: tuple[tuple[str, str], ...]) -> tuple[str, tuple]:
    links = dict(link_items)
    sql = _Sql()
    status = Claim.Status
    published, retracted = (
        sql.param("published", status.PUBLISHED),
        sql.param("retracted", status.RETRACTED),
    )
    link_pairs = _link_pairs(sql, links)
    s, suggestion = "s", _table(Suggestion)
    item = f"""json_build_object(
        'id', {_claim_col("id")},
        'text', {_claim_col("text")},
        'language', {_claim_col("language")},
        'text_en', {_claim_col("text_en")},
        'event_date', {_claim_col("event_date")},
        'event_place', {_claim_col("event_place")},
        'public_status', CASE WHEN NOT {ever_public_sql(_claim_col("published_at"))}
                              THEN 'unpublished'
                              WHEN {_claim_col("status")} IN ({published}, {retracted})
                              THEN {_claim_col("status")}
                              ELSE 'under_re_review' END,
        'tags', {_tags_sql()},
        'published_at', claimtrace_iso({_claim_col("published_at")}),
        'retracted_at', claimtrace_iso({_claim_col("retracted_at")}),
        'retraction_reason', {_claim_col("retraction_reason")},
        'verdict', {_verdict_sql(sql)},
        'origin_count', (SELECT {_col(s, Suggestion, "origin_count")} FROM {suggestion} {s}
                          WHERE {_col(s, Suggestion, "claim")} = {_claim_col("id")}),
        'attributions', {_attributions_sql()},
        'evidence', {_evidence_sql()},
        'links', CASE WHEN NOT {ever_public_sql(_claim_col("published_at"))}
                      THEN json_build_object({link_pairs[0]})
                      ELSE json_build_object({", ".join(link_pairs)}) END"""  # fmt: skip
    if desk:
        item += _desk_sql()
    text, params = sql.render(item + ")::text")
    return text, tuple(params)


def public_item_sql(*, links: dict[str, str]) -> tuple[str, list]:
    """The public item (verify.publishing.record.public_item) as JSON text: the
    current record's stored item with what is live by design merged in.
    One indexed read a row; nothing of the claim's unsigned material."""
    sql, params = _public_item_sql(tuple(links.items()))
    return sql, list(params)


@cache
def _public_item_sql(link_items: tuple[tuple[str, str], ...]) -> tuple[str, tuple]:
    from verify.models import PublicRecord

    sql = _Sql()
    c = _claim_col

    def r(field: str) -> str:
        return _col("r", PublicRecord, field)

    status = Claim.Status
    published, retracted = (
        sql.param("published", status.PUBLISHED),
        sql.param("retracted", status.RETRACTED),
    )
    link_pairs = _link_pairs(sql, dict(link_items))
    item = f"""(SELECT ({r("item")} || jsonb_build_object(
        'public_status', CASE WHEN {c("status")} IN ({published}, {retracted}) THEN {c("status")}
                              ELSE 'under_re_review' END,
        'retracted_at', claimtrace_iso({c("retracted_at")}),
        'retraction_reason', {c("retraction_reason")},
        'links', jsonb_build_object({", ".join(link_pairs)}),
        'public_record', jsonb_build_object(
            'version', {r("version")}, 'signed_at', claimtrace_iso({r("signed_at")}))))::text
      FROM {_table(PublicRecord)} r
     WHERE {r("claim")} = {c("id")} AND {r("is_current")})"""  # fmt: skip
    text, params = sql.render(item)
    return text, tuple(params)
