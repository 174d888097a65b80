"""The attribution graph of a claim as inline SVG, drawn on the server:
origins on the left, relays to their right, the claim last; nodes coloured by
stance and labelled with the source's reliability grade."""

from __future__ import annotations

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from claims.models import Attribution, Claim, Stance
from claims.selectors import attribution_chains

NODE_W, NODE_H = 210, 46
COL_GAP, ROW_GAP = 60, 18
PAD = 16
MAX_LABEL = 28

COLOURS = {
    Stance.ASSERTS: ("#e6f4ea", "#1e8e3e"),
    Stance.DENIES: ("#fce8e6", "#d93025"),
    Stance.QUESTIONS: ("#fef7e0", "#e37400"),
    Stance.REPORTS_RUMOUR: ("#f3e8fd", "#8430ce"),
}


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def attribution_graph_svg(claim: Claim) -> SafeString:
    chains = attribution_chains(claim=claim)
    if not chains:
        return mark_safe("")
    attributions: dict[int, Attribution] = {pk: chain[0] for pk, chain in chains.items()}
    depth = {pk: len(chain) - 1 for pk, chain in chains.items()}
    origin_of = {pk: chain[-1].pk for pk, chain in chains.items()}
    relayed = {a.via_id for a in attributions.values() if a.via_id}
    columns: dict[int, list[int]] = {}
    for pk in sorted(attributions, key=lambda pk: (origin_of[pk], pk)):
        columns.setdefault(depth[pk], []).append(pk)

    position = {}
    for col, pks in columns.items():
        for row, pk in enumerate(pks):
            position[pk] = (PAD + col * (NODE_W + COL_GAP), PAD + row * (NODE_H + ROW_GAP))
    rows = max(len(pks) for pks in columns.values())
    height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
    claim_x = PAD + (max(columns) + 1) * (NODE_W + COL_GAP)
    claim_y = (height - NODE_H) / 2
    width = claim_x + NODE_W + PAD

    def edge(x1, y1, x2, y2):
        mid = (x1 + x2) / 2
        return format_html(
            '<path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="#9aa0a6" '
            'stroke-width="1.5" marker-end="url(#ct-arrow)"/>',
            x1,
            y1,
            mid,
            y1,
            mid,
            y2,
            x2 - 4,
            y2,
        )

    edges = []
    for pk, attribution in attributions.items():
        x, y = position[pk]
        start = (x + NODE_W, y + NODE_H / 2)
        if attribution.via_id:
            vx, vy = position[attribution.via_id]
            edges.append(edge(vx + NODE_W, vy + NODE_H / 2, x, y + NODE_H / 2))
        if pk not in relayed:
            edges.append(edge(*start, claim_x, claim_y + NODE_H / 2))

    nodes = []
    for pk, attribution in attributions.items():
        x, y = position[pk]
        fill, stroke = COLOURS[attribution.stance]
        source = attribution.source
        grade = source.reliability or "?"
        nodes.append(
            format_html(
                '<g class="ct-node stance-{}"><title>{} — {} (reliability {})</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" font-size="13" font-weight="600">{}</text>'
                '<text x="{}" y="{}" font-size="11" fill="{}">{} · {}</text></g>',
                attribution.stance,
                source.name,
                attribution.get_stance_display(),
                grade,
                x,
                y,
                NODE_W,
                NODE_H,
                fill,
                stroke,
                x + 8,
                y + 19,
                _short(source.name),
                x + 8,
                y + 36,
                stroke,
                attribution.get_stance_display().lower(),
                f"grade {grade}" if source.reliability else "ungraded",
            )
        )
    claim_node = format_html(
        '<g class="ct-claim"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6" '
        'fill="#ffffff" stroke="#202124" stroke-width="2"/>'
        '<text x="{}" y="{}" font-size="13" font-weight="700">Claim {}</text>'
        '<text x="{}" y="{}" font-size="11">{}</text></g>',
        str(claim),
        claim_x,
        claim_y,
        NODE_W,
        NODE_H,
        claim_x + 8,
        claim_y + 19,
        claim.pk,
        claim_x + 8,
        claim_y + 36,
        _short(str(claim)),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="ct-graph" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" font-family="sans-serif">'
        "<title>{}</title>"
        '<defs><marker id="ct-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#9aa0a6"/></marker></defs>{}{}{}</svg>',
        width,
        height,
        width,
        height,
        f"Attribution graph of claim {claim.pk}: origins on the left, the claim on the right",
        format_html_join("", "{}", ((e,) for e in edges)),
        format_html_join("", "{}", ((n,) for n in nodes)),
        claim_node,
    )


def graph_legend() -> SafeString:
    items = format_html_join(
        " ",
        '<span style="border-left:10px solid {};padding-left:4px">{}</span>',
        ((COLOURS[s][1], escape(label)) for s, label in Stance.choices),
    )
    return format_html('<p class="ct-legend">{}</p>', items)
