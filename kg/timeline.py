"""The events and operations in date order, as a picture that shows how sure each date is.

A day the sources give is a dot; a date known only within bounds (a month, a year,
"by the end of 2014") is a bar from the earliest to the latest day it can be; a date
the sources give only in words ("last May", "early Sunday") cannot be placed, and is
listed below the axis with those words. Dated events come in the order of their
earliest possible day, then their latest.
"""

import datetime
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .network import _local, network
from .picture import CHAR
from .queries import internal

ASSETS = Path(__file__).parent / "assets"
ROW = 20.0
LABEL_WIDTH = 470.0
TRACK = 560.0
MARGIN = 30.0
INVOLVING = ("conducts", "participant", "targets", "commands", "condemns")  # how an actor takes part in an event


@dataclass
class Event:
    id: str
    label: str
    type: str
    date: str = ""  # the sources' words
    not_before: datetime.date | None = None
    not_after: datetime.date | None = None
    precision: str = "text"  # day, month, year or text
    place: str = ""
    actors: list = field(default_factory=list)  # (relation, actor label, standing if not asserted)

    @property
    def dated(self):
        return self.not_before is not None or self.not_after is not None

    @property
    def shape(self):
        """day (a dot), range (a bar between bounds) or undated."""
        if not self.dated:
            return "undated"
        return "day" if self.not_before == self.not_after else "range"

    def when(self):
        """The date in words, with its bounds when they say more."""
        first, last = self.not_before, self.not_after
        if not self.dated:
            return f"“{self.date}”, not placed in time" if self.date else "no date in the sources"
        if first == last:
            bounds = first.isoformat()
        elif first and last:
            bounds = f"{first.isoformat()} to {last.isoformat()}"
        else:
            bounds = f"not before {first.isoformat()}" if first else f"not after {last.isoformat()}"
        return f"“{self.date}”, {bounds}" if self.date and self.date != str(first) else bounds


@dataclass
class Timeline:
    events: list  # dated, in date order, then undated, by label
    actor: str | None = None  # the label of the actor it is about


def _date(row, name):
    return datetime.date.fromisoformat(row[name].value) if name in row else None


def timeline(graph, actor=None):
    """The events and operations of the built graph in date order; with ``actor`` (any name), those it takes part in."""
    events = {}
    for row in graph.query(internal("events")).rows:
        ident = _local(row["event"].value)
        events[ident] = Event(
            id=ident, label=row["label"].value, type=_local(row["type"].value),
            date=row["dateText"].value if "dateText" in row else "",
            not_before=_date(row, "notBefore"), not_after=_date(row, "notAfter"),
            precision=_local(row["datePrecision"].value).removesuffix("Precision").lower() if "datePrecision" in row else "text",
            place=row["placeLabel"].value if "placeLabel" in row else "")
    net = network(graph, scope="all")
    involved = {}
    for e in net.edges:
        if e.relation in INVOLVING and e.target in events and net.nodes[e.source].kind == "Actor":
            standing = "" if e.standing == "asserted" else e.standing
            events[e.target].actors.append((e.relation, net.nodes[e.source].label, standing))
            involved.setdefault(e.source, set()).add(e.target)
    label = None
    if actor is not None:
        from .resolver import resolve

        entity = resolve(graph, actor, "Actor")
        label = entity.label
        mine = involved.get(_local(entity.iri), set())
        events = {k: v for k, v in events.items() if k in mine}
    dated = sorted((e for e in events.values() if e.dated),
                   key=lambda e: (e.not_before or e.not_after, e.not_after or e.not_before, e.label))
    undated = sorted((e for e in events.values() if not e.dated), key=lambda e: e.label.lower())
    return Timeline(dated + undated, label)


def _fmt(x):
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _who(event):
    people = [f"{label} ({standing})" if standing else label for relation, label, standing in event.actors if relation in ("conducts", "participant")]
    return ", ".join(dict.fromkeys(people))


def _clip(text, width):
    limit = int(width / CHAR)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ticks(first, last):
    """Year ticks, or month ticks over a short span."""
    if last.year - first.year >= 2:
        return [datetime.date(y, 1, 1) for y in range(first.year, last.year + 2)], "%Y"
    months = []
    day = datetime.date(first.year, first.month, 1)
    while day <= last + datetime.timedelta(days=31):
        months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months, "%b %Y"


def render_svg(line, title=None, interactive=False):
    """The timeline as a standalone SVG document (a string); hovering an event shows its date and who took part."""
    title = title or (f"Events and operations involving {line.actor}" if line.actor else "Events and operations") + f" ({len(line.events)})"
    dated = [e for e in line.events if e.dated]
    undated = [e for e in line.events if not e.dated]
    left = MARGIN + LABEL_WIDTH + 20
    width = left + TRACK + MARGIN + 30  # room for the last tick label
    out = [f'<text class="title" x="{MARGIN}" y="{MARGIN}">{escape(title)}</text>',
           f'<g class="key"><circle cx="{MARGIN + 6}" cy="{MARGIN + 22}" r="5" class="mark"/>'
           f'<text x="{MARGIN + 16}" y="{MARGIN + 26}">the day is known</text>'
           f'<rect x="{MARGIN + 150}" y="{MARGIN + 17}" width="40" height="10" class="mark range"/>'
           f'<text x="{MARGIN + 196}" y="{MARGIN + 26}">known only within these bounds (a month, a year, “by the end of 2014”)</text></g>']
    y = MARGIN + 60
    if dated:
        first = min(e.not_before or e.not_after for e in dated)
        last = max(e.not_after or e.not_before for e in dated)
        ticks, pattern = _ticks(first, last)
        start, end = ticks[0], ticks[-1]
        span = (end - start).days or 1

        def x(day):
            return left + (day - start).days / span * TRACK

        axis_top, axis_bottom = y, y + 16 + ROW * len(dated)
        every = -(-len(ticks) * 64 // int(TRACK))  # a label at least 64 px from the next
        for i, tick in enumerate(ticks):
            out.append(f'<line class="tick" x1="{_fmt(x(tick))}" y1="{_fmt(axis_top)}" x2="{_fmt(x(tick))}" y2="{_fmt(axis_bottom)}"/>')
            if i % every == 0:
                out.append(f'<text class="tick" x="{_fmt(x(tick))}" y="{_fmt(axis_top - 4)}">{tick.strftime(pattern)}</text>')
        y += 16
        for e in dated:
            a, b = x(e.not_before or e.not_after), x(e.not_after or e.not_before) + (TRACK / span if e.not_after else 0)
            mark = (f'<circle class="mark" cx="{_fmt(a)}" cy="{_fmt(y + ROW / 2)}" r="5"/>' if e.shape == "day" else
                    f'<rect class="mark range" x="{_fmt(a)}" y="{_fmt(y + 5)}" width="{_fmt(max(b - a, 3))}" height="{_fmt(ROW - 10)}"/>')
            out.append(_row(e, y, mark))
            y += ROW
    if undated:
        y += 24
        out.append(f'<text class="heading" x="{MARGIN}" y="{_fmt(y)}">Not placed in time: the sources give no date, or only words such as “last May”</text>')
        y += 8
        for e in undated:
            out.append(_row(e, y, f'<text class="words" x="{_fmt(left)}" y="{_fmt(y + 14)}">{escape(_clip(e.when(), TRACK))}</text>'))
            y += ROW
    height = y + MARGIN
    style = (ASSETS / "timeline-svg.css").read_text(encoding="utf-8")
    size = "" if interactive else f' width="{_fmt(width)}" height="{_fmt(height)}"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-timeline" viewBox="0 0 {_fmt(width)} {_fmt(height)}"{size}>\n'
            f'<style>{style}</style>\n<rect width="{_fmt(width)}" height="{_fmt(height)}" fill="#fff"/>\n' + "\n".join(out) + "\n</svg>\n")


def _row(e, y, mark):
    details = [e.label, f"{e.type}; {e.when()}"]
    if e.place:
        details.append(f"at {e.place}")
    if _who(e):
        details.append(f"by {_who(e)}")
    words = f" “{e.date}”" if e.dated and e.date else ""
    label = _clip(e.label, LABEL_WIDTH - len(words) * CHAR)
    return (f'<g class="event {e.shape}" data-id="{e.id}"><title>{escape(chr(10).join(details))}</title>'
            f'<rect class="band" x="{MARGIN - 4}" y="{_fmt(y)}" width="{_fmt(LABEL_WIDTH + TRACK + 28)}" height="{_fmt(ROW)}"/>'
            f'<text class="label" x="{MARGIN}" y="{_fmt(y + 14)}">{escape(label)}<tspan class="words">{escape(words)}</tspan></text>{mark}</g>')


def render_html(line, title=None):
    """The timeline as one HTML page with its style inline; hovering an event shows its date, place and actors."""
    heading = title or (f"Timeline: {line.actor}" if line.actor else "Timeline")
    details = {e.id: {"label": e.label, "type": e.type, "when": e.when(), "place": e.place, "by": _who(e)} for e in line.events}
    data = json.dumps(details, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    css = (ASSETS / "timeline.css").read_text(encoding="utf-8")
    script = (ASSETS / "timeline.js").read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(heading)}</title>\n'
            f'<style>\n{css}</style>\n</head>\n<body>\n<main>\n{render_svg(line, title, interactive=True)}</main>\n'
            '<aside id="panel"><p class="hint">Hover over an event to see its date, place and who took part.</p></aside>\n'
            f'<script type="application/json" id="kg-data">{data}</script>\n<script>\n{script}</script>\n</body>\n</html>\n')
