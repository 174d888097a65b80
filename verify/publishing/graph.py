"""The attribution graph of a claim as inline SVG, drawn on the server:
origins on the left, relays to their right, the claim last; nodes coloured by
stance and labelled with the source's reliability grade."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from claims.models import Attribution, Claim, Stance
from claims.selectors.origins import attribution_chains
from sources.selectors import names_in

NODE_W, NODE_H = 210, 62
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


def _lines(text: str) -> tuple[str, str]:
    """A name on two lines of a node, broken between words; only a name
    longer than both is cut."""
    if len(text) <= MAX_LABEL:
        return text, ""
    cut = text.rfind(" ", 0, MAX_LABEL + 1)
    cut = cut if cut > 0 else MAX_LABEL
    return text[:cut].rstrip(), _short(text[cut:].strip())


def _layout(chains: dict[int, list[Attribution]]) -> tuple[dict, dict, int]:
    """Each attribution's top-left corner: its column is its distance from
    its origin, its row its place among those of the same column (grouped by
    origin). Also the number of columns and rows."""
    depth = {pk: len(chain) - 1 for pk, chain in chains.items()}
    origin_of = {pk: chain[-1].pk for pk, chain in chains.items()}
    columns: dict[int, list[int]] = {}
    for pk in sorted(chains, key=lambda pk: (origin_of[pk], pk)):
        columns.setdefault(depth[pk], []).append(pk)
    position = {
        pk: (PAD + col * (NODE_W + COL_GAP), PAD + row * (NODE_H + ROW_GAP))
        for col, pks in columns.items()
        for row, pk in enumerate(pks)
    }
    return position, columns, max(len(pks) for pks in columns.values())


def _edge(x1, y1, x2, y2) -> dict:
    return {"x1": x1, "y1": y1, "x2": x2 - 4, "y2": y2, "mid": (x1 + x2) / 2}


def _node(attribution: Attribution, x: float, y: float, names: dict[str, str]) -> dict:
    """One source's box: where, its colours by stance, its name in two lines
    and its grade."""
    fill, stroke = COLOURS[attribution.stance]
    source = attribution.source
    name = names.get(source.name, source.name)
    first, second = _lines(name)
    return {
        "x": x,
        "y": y,
        "text_x": x + 8,
        "line1_y": y + 18,
        "line2_y": y + 34,
        "line3_y": y + 52,
        "fill": fill,
        "stroke": stroke,
        "stance": attribution.stance,
        "stance_label": attribution.get_stance_display(),
        "name": name,
        "label": first,
        "label2": second,
        "grade": source.reliability or "?",
        "graded": bool(source.reliability),
    }


def attribution_graph_svg(claim: Claim, *, names: dict[str, str] | None = None) -> SafeString:
    """The graph in the active language; `names` gives sources' names in it
    (sources.selectors.names_in), by default read for the active language."""
    names = names_in(get_language()) if names is None else names
    chains = attribution_chains(claim=claim)
    if not chains:
        return mark_safe("")
    attributions: dict[int, Attribution] = {pk: chain[0] for pk, chain in chains.items()}
    relayed = {a.via_id for a in attributions.values() if a.via_id}
    position, columns, rows = _layout(chains)
    height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
    claim_x = PAD + (max(columns) + 1) * (NODE_W + COL_GAP)
    claim_y = (height - NODE_H) / 2

    edges, nodes = [], []
    for pk, attribution in attributions.items():
        x, y = position[pk]
        if attribution.via_id:
            vx, vy = position[attribution.via_id]
            edges.append(_edge(vx + NODE_W, vy + NODE_H / 2, x, y + NODE_H / 2))
        if pk not in relayed:
            edges.append(_edge(x + NODE_W, y + NODE_H / 2, claim_x, claim_y + NODE_H / 2))
        nodes.append(_node(attribution, x, y, names))
    svg = render_to_string(
        "verify/attribution_graph.svg",
        {
            "claim": claim,
            "claim_label": _short(str(claim)),
            "claim_x": claim_x,
            "claim_y": claim_y,
            "claim_text_x": claim_x + 8,
            "claim_line1_y": claim_y + 18,
            "claim_line2_y": claim_y + 34,
            "width": claim_x + NODE_W + PAD,
            "height": height,
            "node_w": NODE_W,
            "node_h": NODE_H,
            "edges": edges,
            "nodes": nodes,
        },
    )
    return mark_safe(svg.strip())  # the template escapes every value it writes


def graph_legend() -> SafeString:
    items = format_html_join(
        " ",
        '<span style="border-left:10px solid {};padding-left:4px">{}</span>',
        ((COLOURS[s][1], escape(label)) for s, label in Stance.choices),
    )
    return format_html('<p class="ct-legend">{}</p>', items)
