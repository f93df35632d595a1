"""The graph in a remote SPARQL 1.1 store, queried over HTTP like the embedded one.

``RemoteGraph.query`` answers with the same ``Result`` and ``Term`` objects as the
embedded engines, so that every canned query, the name look-up and every output
format work the same way. What stores differ in is evened out here:

- parameters are bound with a VALUES block of serialised terms at the head of the
  WHERE clause (the query text itself is never edited with user input);
- the dataset is the three graphs of the build (``named-graph-uri``), so that a store's
  own graphs (Virtuoso's system graphs) never show up under ``GRAPH ?g``;
- ``typed-literal`` (Virtuoso), ``xsd:string`` and the integer types are read as the
  embedded engines write them;
- a partial answer is an error, never a silent truncation: Virtuoso's row cap
  (``X-SPARQL-MaxRows``) and its timeouts (``X-SQL-State: S1TAT``), and a body cut off
  mid-way (Oxigraph's timeouts);
- Virtuoso answers ASK with a table (``__ASK_RETVAL``) and booleans as 1 and 0.
"""

import json
import re
import urllib.parse

from .http_client import Endpoint, RemoteError
from .binding import with_values
from .lexer import tokens
from .store import EMPTY, Result, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
GRAPHS = ("asserted", "provenance", "inferred")
RESULTS_JSON = "application/sparql-results+json"
TRIPLES = "application/n-triples"

_ORDER = re.compile(r"\bORDER\s+BY\b(.*?)(?=\b(?:LIMIT|OFFSET)\b|$)", re.I | re.S)


def graph_names(base):
    """The three graphs of a build pushed under ``base``: base + asserted, provenance, inferred."""
    return {name: base + name for name in GRAPHS}


def ordered_outside(text):
    """A grouped query with its ORDER BY moved to an outer query over it; other queries as they are.

    Virtuoso refuses an ORDER BY expression over an aggregate's name (``ORDER BY
    (!BOUND(?earliest))``); over the rows of a subquery it is a plain variable.

    >>> print(ordered_outside('SELECT ?a (MIN(?b) AS ?m) WHERE { ?a <p> ?b } GROUP BY ?a ORDER BY (!BOUND(?m)) ?m'))
    SELECT ?a ?m WHERE { { SELECT ?a (MIN(?b) AS ?m) WHERE { ?a <p> ?b } GROUP BY ?a } } ORDER BY (!BOUND(?m)) ?m
    >>> print(ordered_outside('SELECT ?a (MIN(?b) AS ?m) WHERE { ?a <p> ?b } GROUP BY ?a ORDER BY ?m LIMIT 5'))
    SELECT ?a ?m WHERE { { SELECT ?a (MIN(?b) AS ?m) WHERE { ?a <p> ?b } GROUP BY ?a } } ORDER BY ?m LIMIT 5
    """
    select = end = None
    names, depth, braces, after_as = [], 0, 0, False
    for m in tokens(text):
        token = m.group()
        if select is None:
            if token.upper() == "SELECT":
                select = m.start()
        elif token == "{":
            braces += 1
        elif token == "}":
            braces -= 1
            if not braces:
                end = m.end()
                break
        elif braces:
            continue
        elif token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.upper() == "AS":
            after_as = True
        elif token[0] in "?$" and (depth == 0 or after_as):
            names.append(token)
            after_as = False
    tail = text[end:] if end else ""
    order = _ORDER.search(tail)
    if not (order and names and re.search(r"\bGROUP\s+BY\b", tail, re.I)):
        return text
    inner = text[select:end] + tail[: order.start()].rstrip()
    rest = tail[order.end():].strip()  # LIMIT, OFFSET
    return f"{text[:select]}SELECT {' '.join(names)} WHERE {{ {{ {inner} }} }} ORDER BY{order.group(1).rstrip()}{' ' + rest if rest else ''}"


def _neutral(binding):
    kind = binding["type"]
    if kind == "uri":
        return Term.uri(binding["value"])
    if kind == "bnode":
        return Term("bnode", binding["value"])
    datatype, value = binding.get("datatype"), binding["value"]
    if datatype == XSD + "boolean":  # Virtuoso writes 1 and 0
        value = {"1": "true", "0": "false"}.get(value, value)
    return Term.literal(value, binding.get("xml:lang"), XSD + "integer" if datatype in INTEGERS else datatype)


def _triple_term(text):
    """One N-Triples term (as the store wrote it) as a Term."""
    if text.startswith("<"):
        return Term.uri(text[1:-1])
    if text.startswith("_:"):
        return Term("bnode", text[2:])
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?', text, re.S)
    value = json.loads(f'"{m.group(1)}"') if m else text
    return Term.literal(value, m and m.group(2), m and m.group(3))


class RemoteGraph:
    """A SPARQL 1.1 query service, holding the build's graphs; the same ``query`` as the local graph.

    ``graphs`` are the graph IRIs the queries see (all of the store's named graphs if
    empty); ``params`` are extra protocol parameters (e.g. Virtuoso's ``timeout`` in ms).
    """

    def __init__(self, url, graphs=(), user=None, password=None, params=None, timeout=300):
        self.endpoint = Endpoint(url, user, password, timeout)
        self.url = url
        self.graphs = tuple(graphs)
        self.params = dict(params or {})

    def query(self, text, bindings=None):
        """A Result for SELECT, a bool for ASK, a list of (s, p, o) Terms for CONSTRUCT/DESCRIBE."""
        form = [("query", ordered_outside(with_values(text, bindings))), *((("named-graph-uri", g) for g in self.graphs)),
                *self.params.items()]
        headers, body = self.endpoint.request(
            "POST", urllib.parse.urlencode(form).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": f"{RESULTS_JSON}, {TRIPLES};q=0.9"})
        if headers.get("X-SQL-State") == "S1TAT":
            raise RemoteError(f"{self.url} ran out of time and answered with partial results; "
                              "narrow the query or raise the store's timeout")
        if headers.get("X-SPARQL-MaxRows"):
            raise RemoteError(f"{self.url} cut the answer at {headers['X-SPARQL-MaxRows']} rows (Virtuoso's "
                              "ResultSetMaxRows); raise it in virtuoso.ini or narrow the query")
        if headers.get_content_type() == TRIPLES:
            return self._triples(body)
        try:
            answer = json.loads(body)
        except ValueError:
            raise RemoteError(f"{self.url} answered with incomplete or unreadable results "
                              f"({headers.get_content_type()}, {len(body)} bytes); it may have timed out") from None
        if "boolean" in answer:
            return bool(answer["boolean"])
        names = answer["head"]["vars"]
        if names == ["__ASK_RETVAL"]:  # Virtuoso answers ASK with a row holding 1, or no row
            return any(b["__ASK_RETVAL"]["value"] == "1" for b in answer["results"]["bindings"])
        rows = [{n: t for n in names if n in b and (t := _neutral(b[n])) != EMPTY} for b in answer["results"]["bindings"]]
        return Result(names, rows)

    def _triples(self, body):
        out = []
        for line in body.decode("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                s, p, o = line.rstrip(" .").split(" ", 2)
                out.append((_triple_term(s), _triple_term(p), _triple_term(o)))
        return out

    def check(self):
        """RemoteError unless the store holds a faction-kg graph where the queries look."""
        if not self.query("ASK { GRAPH ?g { ?s <https://w3id.org/faction-kg/ontology#nameKey> ?k } }"):
            where = ", ".join(f"<{g}>" for g in self.graphs) or "any named graph"
            raise RemoteError(f"{self.url} holds no faction-kg graph in {where}: run `kg push` first")
