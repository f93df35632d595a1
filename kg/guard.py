"""What the SPARQL endpoint refuses before a query runs: updates, SERVICE, FROM of graphs
that are not in the store, and nesting too deep to parse safely.

The check reads the query's tokens (``kg.lexer``), so a keyword inside a quote or an
IRI is not mistaken for one. Oxigraph itself still parses the query and reports its
syntax errors.

>>> scan('PREFIX g: <http://g/> SELECT * FROM g:one FROM NAMED <http://two> { ?s ?p "SERVICE" }').from_graphs
['http://g/one', 'http://two']
>>> scan('INSERT DATA { <a> <b> <c> }').update
'INSERT'
>>> scan('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }').service
True
"""

import re
from dataclasses import dataclass, field

from .errors import KgError
from .lexer import tokens

MAX_DEPTH = 64
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}


class Refused(KgError):
    """A request the endpoint will not run, with the HTTP status that says why."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.status = status


@dataclass
class Scan:
    update: str | None = None
    service: bool = False
    from_graphs: list = field(default_factory=list)
    depth: int = 0


def scan(text):
    """What a SPARQL request does, as far as the endpoint's rules care."""
    found = Scan()
    prefixes, depth, previous, pending = {}, 0, [], None
    for m in tokens(text):
        kind, value = m.lastgroup, m.group()
        if kind == "string":
            continue
        if kind == "open":
            depth += 1
            found.depth = max(found.depth, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            keyword = value.upper()
            if keyword in UPDATE_KEYWORDS and found.update is None:
                found.update = keyword
            elif keyword == "SERVICE":
                found.service = True
            elif keyword == "FROM":
                pending = "FROM"
            elif keyword == "NAMED" and pending == "FROM":
                pending = "FROM"
        elif kind in ("iri", "pname"):
            iri = value[1:-1] if kind == "iri" else _expand(value, prefixes)
            if previous[-2:-1] == ["PREFIX"] and kind == "iri":
                prefixes[previous[-1]] = iri
            elif pending == "FROM":
                found.from_graphs.append(iri)
        if kind != "word" or value.upper() not in ("FROM", "NAMED"):
            pending = None
        previous = (previous + [value.upper() if kind == "word" else value])[-2:]
    return found


def _expand(pname, prefixes):
    prefix, _, local = pname.partition(":")
    return prefixes.get(prefix + ":", prefix + ":") + local


def check(text, graphs):
    """Refuse a query the endpoint will not run; ``graphs`` are the IRIs of the store's named graphs."""
    found = scan(text)
    if found.update:
        raise Refused(f"SPARQL Update ({found.update}) is refused: this endpoint is read-only")
    if found.service:
        raise Refused("SERVICE is refused: this endpoint never sends requests to other services")
    if found.depth > MAX_DEPTH:
        raise Refused(f"the query is nested {found.depth} levels deep; the limit is {MAX_DEPTH}", status=400)
    for iri in found.from_graphs:
        if iri not in graphs:
            raise Refused(f"FROM <{iri}> is refused: it is not a graph of this store, and this endpoint never "
                          "fetches data from elsewhere (GET /sparql lists the graphs it has)")
    return found


def check_dataset_iri(iri):
    """A protocol dataset IRI (default-graph-uri, named-graph-uri) only names a graph here: no file is ever read."""
    if not re.match(r"^(https?|urn):", iri, re.IGNORECASE):
        raise Refused(f"graph IRI {iri!r} is refused: only http, https or urn graph names, and nothing is ever fetched or read")
