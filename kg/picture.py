"""The network as a picture: an SVG that stands alone, and an interactive HTML page that needs no internet.

The layout is computed here (``kg.layout``), so the same network always gives the
same bytes. Colours tell the relation apart (alliance, opposition, backing, command,
membership), arrows its direction, dashes a contested claim (disputed, doubtful,
denied); each edge carries its sources, shown on hover in the SVG and in a side
panel in the HTML page, whose script and style ship with the package (``kg/assets``).
"""

import json
import math
import textwrap
from html import escape
from pathlib import Path

from .layout import layout
from .palette import GROUP_NAMES, GROUPS, TYPE_NAMES, TYPES, node_colour

ASSETS = Path(__file__).parent / "assets"
FONT = 11.0
CHAR = 6.4  # the mean width of a character at FONT, for sizing labels
LINE = 13.0
WRAP = 22
DASHES = {"asserted": "", "disputed": "7 4", "doubtful": "2 4", "denied": "1 5"}
STANDING_NAMES = {"asserted": "asserted", "disputed": "disputed (sources disagree)",
                  "doubtful": "doubtful (graded 4 or 5)", "denied": "denied by a source"}
PARALLEL = 24.0  # the spread of parallel edges between the same two nodes
MARGIN = 30.0


def _lines(label):
    return textwrap.wrap(label, WRAP, break_long_words=False) or [label]


def _radius(net, node_id):
    degree = sum(node_id in (e.source, e.target) for e in net.edges)
    return (15.0 if node_id == net.focus else 6.0 + 1.6 * math.sqrt(degree))


def _box(net, node_id):
    lines = _lines(net.nodes[node_id].label)
    r = _radius(net, node_id)
    weight = 1.12 if node_id == net.focus else 1.0
    return max(2 * r, max(map(len, lines)) * CHAR * weight) + 6, 2 * r + 4 + LINE * len(lines)


def _fmt(x):
    return f"{x:.1f}".rstrip("0").rstrip(".")


def edge_text(net, edge):
    """An edge in words, with its sources: what the SVG shows on hover."""
    arrow = f"—{edge.relation}→" if edge.directed else f"—{edge.relation}—"
    head = f"{net.nodes[edge.source].label} {arrow} {net.nodes[edge.target].label}"
    status = edge.standing + (f": {edge.dispute}" if edge.dispute else "")
    count = len(edge.documents)
    lines = [head, f"{status}; {count} document{'s' if count != 1 else ''}" + (f"; {edge.date}" if edge.date else "")]
    return "\n".join(lines + [f"• {s}" for s in edge.sources])


class _Drawing:
    def __init__(self, net, title):
        self.net, self.title = net, title
        self.sizes = {n: _box(net, n) for n in net.nodes}
        pairs = {tuple(sorted((e.source, e.target))) for e in net.edges}
        self.pos = layout(net.nodes, pairs, self.sizes, centre=net.focus)
        self.circle = {n: (x, y - self.sizes[n][1] / 2 + _radius(net, n)) for n, (x, y) in self.pos.items()}

    def frame(self):
        """The network's box (left, top, width, height), at least as wide as a legend row."""
        if not self.pos:
            return -450.0, -MARGIN, 900.0, 2 * MARGIN
        xs = [x + s * self.sizes[n][0] / 2 for n, (x, _) in self.pos.items() for s in (-1, 1)]
        ys = [y + s * self.sizes[n][1] / 2 for n, (_, y) in self.pos.items() for s in (-1, 1)]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if self.net.focus:  # the focus in the middle
            half_w, half_h = max(-left, right), max(-top, bottom)
            left, right, top, bottom = -half_w, half_w, -half_h, half_h
        width = max(right - left + 2 * MARGIN, 900.0)
        return (left + right) / 2 - width / 2, top - MARGIN, width, bottom - top + 2 * MARGIN

    def edges(self):
        groups = {}
        for e in self.net.edges:
            groups.setdefault(tuple(sorted((e.source, e.target))), []).append(e)
        out = []
        for (a, b), parallel in sorted(groups.items()):
            for k, e in enumerate(parallel):
                out.append(self.edge(e, (k - (len(parallel) - 1) / 2) * PARALLEL, a))
        return out

    def edge(self, e, offset, first):
        (x1, y1), (x2, y2) = self.circle[e.source], self.circle[e.target]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        sign = 1 if e.source == first else -1  # the same side for edges drawn in either direction
        cx, cy = (x1 + x2) / 2 - dy / length * offset * sign, (y1 + y2) / 2 + dx / length * offset * sign
        r1, r2 = _radius(self.net, e.source), _radius(self.net, e.target) + (2 if e.directed else 0)
        sx, sy = self._toward(x1, y1, cx, cy, r1)
        tx, ty = self._toward(x2, y2, cx, cy, r2)
        path = f"M{_fmt(sx)},{_fmt(sy)} Q{_fmt(cx)},{_fmt(cy)} {_fmt(tx)},{_fmt(ty)}"
        width = min(1.4 + 0.8 * (len(e.documents) - 1), 4.0)
        style = f' stroke="{GROUPS[e.group]}" stroke-width="{_fmt(width)}"'
        if DASHES[e.standing]:
            style += f' stroke-dasharray="{DASHES[e.standing]}"'
        marker = f' marker-end="url(#arrow-{e.group})"' if e.directed else ""
        return (f'<g class="edge {e.group} {e.standing}" data-id="{escape(e.id)}" data-source="{e.source}" data-target="{e.target}">'
                f"<title>{escape(edge_text(self.net, e))}</title>"
                f'<path class="line" d="{path}" fill="none"{style}{marker}/>'
                f'<path class="hit" d="{path}" fill="none" stroke="transparent" stroke-width="10"/></g>')

    @staticmethod
    def _toward(x, y, cx, cy, r):
        dx, dy = cx - x, cy - y
        length = math.hypot(dx, dy) or 1.0
        return x + dx / length * r, y + dy / length * r

    def nodes(self):
        out = []
        for n, node in self.net.nodes.items():
            x, y = self.circle[n]
            r = _radius(self.net, n)
            focus = " focus" if n == self.net.focus else ""
            names = f"\nalso: {'; '.join(node.names)}" if node.names else ""
            text = "".join(f'<tspan x="0" dy="{_fmt(LINE if i else r + LINE)}">{escape(line)}</tspan>'
                           for i, line in enumerate(_lines(node.label)))
            out.append(f'<g class="node{focus}" data-id="{n}" transform="translate({_fmt(x)},{_fmt(y)})">'
                       f"<title>{escape(node.label)} ({node.type}){escape(names)}</title>"
                       f'<circle r="{_fmt(r)}" fill="{node_colour(node)}"/><text y="-3">{text}</text></g>')
        return out

    def legend(self, left, width):
        """The title and the key, in rows that wrap at ``width``; returns (elements, height), drawn from y = 0."""
        x, right = left + MARGIN, left + width - MARGIN
        out, y = [f'<text class="title" x="{_fmt(x)}" y="{_fmt(MARGIN)}">{escape(self.title)}</text>'], MARGIN
        line = '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2.5"{4}/>'
        circle = '<circle cx="{0}" cy="{1}" r="6" fill="{2}" stroke="#555"/>'
        rows = [
            [(line, colour, "", GROUP_NAMES[group]) for group, colour in GROUPS.items() if group != "other"],
            [(line, "#555", f' stroke-dasharray="{dash}"' if dash else "", STANDING_NAMES[standing]) for standing, dash in DASHES.items()]
            + [(None, None, None, "arrow: direction; thickness: documents")],
            [(circle, TYPES[kind], None, TYPE_NAMES.get(kind, kind.lower()))
             for kind in sorted({node.type for node in self.net.nodes.values()} & set(TYPES), key=list(TYPES).index)],
        ]
        for row in rows:
            col, y = x, y + 22
            for shape, colour, extra, name in row:
                step = (32 if shape is line else 16 if shape is circle else 0) + len(name) * CHAR
                if col > x and col + step > right:
                    col, y = x, y + 20
                if shape is line:
                    out.append(line.format(_fmt(col), _fmt(y - 4), _fmt(col + 26), colour, extra))
                elif shape is circle:
                    out.append(circle.format(_fmt(col + 6), _fmt(y - 4), colour))
                out.append(f'<text x="{_fmt(col + step - len(name) * CHAR)}" y="{_fmt(y)}">{escape(name)}</text>')
                col += step + 14
        return out, y + 10

    def svg(self, interactive=False):
        left, top, width, height = self.frame()
        legend, legend_height = self.legend(left, width)
        top, height = top - legend_height, height + legend_height
        style = (ASSETS / "network-svg.css").read_text(encoding="utf-8")
        markers = "".join(
            f'<marker id="arrow-{g}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
            f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
            for g, c in GROUPS.items())
        size = "" if interactive else f' width="{_fmt(width)}" height="{_fmt(height)}"'
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-network" viewBox="{_fmt(left)} {_fmt(top)} {_fmt(width)} {_fmt(height)}"{size}>',
                 f"<style>{style}</style><defs>{markers}</defs>",
                 f'<rect class="background" x="{_fmt(left)}" y="{_fmt(top)}" width="{_fmt(width)}" height="{_fmt(height)}" fill="#fff"/>',
                 f'<g class="legend" transform="translate(0,{_fmt(top)})">', *legend, "</g>", '<g class="edges">', *self.edges(), '</g><g class="nodes">', *self.nodes(), "</g></svg>"]
        return "\n".join(parts) + "\n"


def default_title(net):
    if net.focus:
        return f"{net.nodes[net.focus].label}: actors within reach ({len(net.nodes)} actors, {len(net.edges)} claims)"
    return f"Actors and their relations ({len(net.nodes)} actors, {len(net.edges)} claims)"


def render_svg(net, title=None):
    """The network as a standalone SVG document (a string); hovering an edge shows its sources."""
    return _Drawing(net, title or default_title(net)).svg()


def _data(net):
    """What the page's script shows in its panel: each node and each edge with its sources."""
    return {
        "nodes": {n: {"label": v.label, "type": v.type, "names": list(v.names), "matches": list(v.matches)}
                  for n, v in net.nodes.items()},
        "edges": {e.id: {"source": e.source, "target": e.target, "relation": e.relation, "directed": e.directed,
                         "standing": e.standing, "dispute": e.dispute, "date": e.date,
                         "sources": [{"doc": s.doc, "quote": s.quote, "claimant": s.claimant, "grade": s.grade} for s in e.sources]}
                  for e in net.edges},
    }


def render_html(net, title=None):
    """The network as one HTML page with its script and style inline: pan, zoom, and the sources of an edge on hover or click."""
    title = title or default_title(net)
    data = json.dumps(_data(net), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    css = (ASSETS / "network.css").read_text(encoding="utf-8")
    script = (ASSETS / "network.js").read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>\n{css}</style>\n</head>\n<body>\n'
            f'<main id="canvas">\n{_Drawing(net, title).svg(interactive=True)}</main>\n'
            '<aside id="panel"><p class="hint">Hover over or click a line to see the claim and its sources; '
            "click an actor to see its relations. Drag to move, scroll to zoom, double-click to reset.</p></aside>\n"
            f'<script type="application/json" id="kg-data">{data}</script>\n<script>\n{script}</script>\n</body>\n</html>\n')
