"""Query results as a table for people, and as the W3C SPARQL 1.1 results formats (JSON, XML, CSV, TSV)."""

import io
import json

XSD = "http://www.w3.org/2001/XMLSchema#"
BARE = {XSD + "integer", XSD + "decimal", XSD + "boolean"}


def to_json(result):
    """SPARQL 1.1 Query Results JSON Format."""

    def term(t):
        out = {"type": t.kind, "value": t.value}
        if t.lang:
            out["xml:lang"] = t.lang
        elif t.datatype:
            out["datatype"] = t.datatype
        return out

    bindings = [{name: term(t) for name, t in row.items()} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def to_xml(result):
    """SPARQL Query Results XML Format."""
    from xml.sax.saxutils import escape, quoteattr

    def term(t):
        if t.kind == "uri":
            return f"<uri>{escape(t.value)}</uri>"
        if t.kind == "bnode":
            return f"<bnode>{escape(t.value)}</bnode>"
        attr = f" xml:lang={quoteattr(t.lang)}" if t.lang else f" datatype={quoteattr(t.datatype)}" if t.datatype else ""
        return f"<literal{attr}>{escape(t.value)}</literal>"

    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.vars]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        lines += [f"      <binding name={quoteattr(v)}>{term(row[v])}</binding>" for v in result.vars if v in row]
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def to_csv(result):
    """SPARQL 1.1 Query Results CSV Format: plain values, RFC 4180 quoting, CRLF line ends."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([("_:" + row[v].value) if v in row and row[v].kind == "bnode" else (row[v].value if v in row else "") for v in result.vars])
    return out.getvalue()


def _tsv_term(t):
    if t.kind == "uri":
        return f"<{t.value}>"
    if t.kind == "bnode":
        return f"_:{t.value}"
    if t.datatype in BARE and t.value and " " not in t.value:
        return t.value
    text = t.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if t.lang:
        return f'"{text}"@{t.lang}'
    return f'"{text}"^^<{t.datatype}>' if t.datatype else f'"{text}"'


def to_tsv(result):
    """SPARQL 1.1 Query Results TSV Format: terms in Turtle syntax, tab-separated."""
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join(_tsv_term(row[v]) if v in row else "" for v in result.vars) for row in result.rows]
    return "\n".join(lines) + "\n"


def _cell(term, namespace):
    if term is None:
        return ""
    if term.kind == "uri" and namespace and term.value.startswith(namespace):
        return term.value[len(namespace):]
    if term.kind == "uri" and "#" in term.value:
        return term.value.rsplit("#", 1)[-1]
    return term.value


def columns(result, hidden=(), shown=None):
    """The columns a person sees: ``shown`` if given, else all but the hidden ones, a label
    column standing in for its identifier column."""
    if shown:
        return [v for v in shown if v in result.vars and v not in hidden]
    return [v for v in result.vars if v not in hidden and v + "Label" not in result.vars]


def to_table(result, hidden=(), namespace=None, width=None, shown=None):
    """An aligned table that wraps long text to the terminal's width."""
    import shutil
    import textwrap

    names = columns(result, hidden, shown)
    if not result.rows:
        return "(no results)\n"
    heads = [n[:-5] if n.endswith("Label") else n for n in names]
    cells = [[_cell(row.get(n), namespace) for n in names] for row in result.rows]
    width = width or shutil.get_terminal_size((120, 24)).columns
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(heads)]
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 8:
        widths[widths.index(max(widths))] -= 1
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    for row in cells:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths)]
        for k in range(max(map(len, wrapped))):
            lines.append("  ".join((col[k] if k < len(col) else "").ljust(w) for col, w in zip(wrapped, widths)).rstrip())
    return "\n".join(lines) + "\n"


FORMATS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
