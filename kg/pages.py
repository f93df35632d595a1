"""The server's web pages, rendered on the server: the query page, entity pages and error pages.

Links between entities go to ``/entity/<identifier>``; assets come from ``/static/``, so
the pages work with no internet.
"""

from html import escape

from .resolver import Entity


def _page(title, body, script=None):
    tail = f'<script src="/static/{script}"></script>' if script else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · faction-kg</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header>
  <a class="home" href="/">faction-kg</a>
  <form action="/entity" method="get" role="search">
    <input name="name" placeholder="Find an actor, person, place or event by any name" aria-label="Find an entity">
  </form>
  <nav><a href="/">Query</a> <a href="/graph">Network</a> <a href="/timeline">Timeline</a> <a href="/openapi.json">API</a> <a href="/sparql">Service description</a></nav>
</header>
<main>
{body}
</main>
{tail}
</body>
</html>
"""


def entity_id(iri):
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _link(iri, label):
    return f'<a href="/entity/{escape(entity_id(iri))}">{escape(label)}</a>'


def query_page(queries, namespace=None):
    """The query page: the canned queries, each with a form for its parameters, and a SPARQL editor."""
    items = []
    for q in queries.values():
        inputs = "".join(
            f'<input name="{escape(p.name)}" placeholder="{escape(p.name)}" title="{escape(p.description)}" required>'
            for p in q.params)
        items.append(f"""<li>
  <form class="canned" data-query="{escape(q.name)}">
    <button type="submit">{escape(q.name)}</button> {inputs}
    <a href="#" class="show" data-query="{escape(q.name)}">SPARQL</a>
    <p>{escape(q.title)}: {escape(q.description)}</p>
  </form>
</li>""")
    sample = "SELECT ?actor ?label WHERE {\n  ?actor a <https://w3id.org/faction-kg/ontology#Actor> ;\n         <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .\n}\nORDER BY ?label\nLIMIT 50"
    body = f"""<section class="queries" data-namespace="{escape(namespace or '')}">
<h1>Ask the graph</h1>
<div class="columns">
<div>
<h2>Canned questions</h2>
<ul class="canned-list">
{"".join(items)}
</ul>
</div>
<div>
<h2>SPARQL</h2>
<form id="editor">
<textarea id="sparql" name="query" rows="14" spellcheck="false">{escape(sample)}</textarea>
<button type="submit">Run query</button> <span id="status" role="status"></span>
</form>
</div>
</div>
</section>
<section><h2>Results</h2><div id="results"><p class="hint">Run a question to see its answer here.</p></div></section>"""
    return _page("Query", body, script="query.js")


def _table(headers, rows):
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _value(row, name):
    return row[name].value if name in row else ""


def entity_page(entity: Entity, statements, claims):
    """One entity: its names and type, what the graph states about it, and every claim with its source."""
    facts = []
    for row in statements.rows:
        other = row["other"]
        shown = _link(other.value, _value(row, "otherLabel")) if other.kind == "uri" and "#" not in other.value else escape(_value(row, "otherLabel"))
        arrow = "→" if row["direction"].value == "out" else "←"
        facts.append(f'<tr class="{escape(row["how"].value)}"><td>{arrow} {escape(row["relation"].value)}</td><td>{shown}</td>'
                     f'<td>{escape(row["how"].value)}</td><td>{escape(_value(row, "sources"))}</td></tr>')
    contested, plain = [], []
    for row in claims.rows:
        subject = _link(row["subject"].value, _value(row, "subjectLabel"))
        obj = row["object"]
        shown = _link(obj.value, _value(row, "objectLabel")) if obj.kind == "uri" else escape(obj.value)
        cells = (f'<td>{subject}</td><td>{escape(row["relation"].value)}</td><td>{shown}</td>'
                 f'<td class="{escape(row["stance"].value)}">{escape(row["stance"].value)}</td>'
                 f'<td>{escape(_value(row, "doc"))}</td><td><q>{escape(_value(row, "quote"))}</q></td>'
                 f'<td>{escape(_value(row, "claimant"))}</td><td>{escape(_value(row, "grade"))}</td>')
        if "dispute" in row:
            question = row["dispute"].value
            first = not contested or question != contested[-1][0]
            contested.append((question, f'<tr><td>{escape(question) if first else ""}</td>{cells}</tr>'))
        else:
            plain.append(f"<tr>{cells}</tr>")
    claim_heads = ["subject", "relation", "object", "stance", "document", "quote", "claimant", "grade"]
    body = [f'<h1>{escape(entity.label)}</h1>',
            f'<p class="meta">{escape(entity.type)} · <code>{escape(entity.id)}</code> · <a href="{escape(entity.iri)}">{escape(entity.iri)}</a></p>',
            f'<p class="names">Also called: {escape("; ".join(n for n in entity.names if n != entity.label)) or "—"}</p>']
    if "Actor" in entity.classes:
        body.append(f'<p class="pictures"><a href="/graph/{escape(entity.id)}">Network around {escape(entity.label)}</a> · '
                    f'<a href="/timeline/{escape(entity.id)}">Timeline</a></p>')
    if contested:
        body += [f'<section class="contested"><h2>Contested ({len(contested)} claims)</h2>',
                 _table(["question", *claim_heads], [html for _, html in contested]), "</section>"]
    body += [f'<section><h2>Relations ({len(facts)})</h2>',
             _table(["relation", "with", "how", "documents"], facts) if facts else "<p>None.</p>", "</section>"]
    body += [f'<section class="sources"><h2>Sources ({len(plain)} claims)</h2>',
             _table(claim_heads, plain) if plain else "<p>None.</p>", "</section>"]
    return _page(entity.label, "\n".join(body))


def error_page(status, message):
    import re
    from urllib.parse import quote

    linked = re.sub(r"'([^'<>]+)'", lambda m: f"'<a href=\"/entity?name={quote(m.group(1))}\">{m.group(1)}</a>'", escape(message, quote=False))
    return _page(f"Error {status}", f'<h1>Error {status}</h1><p class="error">{linked}</p>')
