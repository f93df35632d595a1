"""The built graph, queried with SPARQL: Oxigraph by default, rdflib as a second engine.

Both engines load the same ``graph.nq`` and answer in the same engine-neutral terms,
so that a test can check that every canned query gives the same rows on both.
Parameters are always bound as terms (a VALUES block of serialised terms in Oxigraph,
see ``kg.binding``; ``initBindings`` in rdflib), never pasted into the query text.
"""

from pathlib import Path
from typing import NamedTuple

from .errors import UsageError
from .builds import current
from .manifest import STORE

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Term(NamedTuple):  # a NamedTuple rather than a dataclass: made in a tenth of the time, at every start
    """An RDF term as SPARQL results carry it: kind is uri, literal or bnode."""

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def uri(cls, value):
        return cls("uri", str(value))

    @classmethod
    def literal(cls, value, lang=None, datatype=None):
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return cls("literal", str(value), lang or None, datatype)


class Result:
    """The answer to a SELECT query: its variables and its rows (variable -> Term).

    Unbound variables are omitted, and so is an empty plain literal: engines differ on
    whether an aggregate over nothing is "" or unbound, and to a reader they are the same.
    ``more`` is true for a page of an answer that has rows after it.
    """

    def __init__(self, vars, rows=None, more=False):
        self.vars, self.rows, self.more = vars, [] if rows is None else rows, more

    def __eq__(self, other):
        return isinstance(other, Result) and (self.vars, self.rows, self.more) == (other.vars, other.rows, other.more)

    def __repr__(self):
        return f"Result(vars={self.vars!r}, rows={self.rows!r}, more={self.more!r})"


EMPTY = Term.literal("")


def _row(bindings):
    return {name: term for name, term in bindings.items() if term != EMPTY}


def built_graph(build_dir):
    """The path of the build's graph.nq; UsageError if there is no build."""
    path = Path(build_dir) / "graph.nq"
    if not path.is_file():
        raise UsageError(f"no built graph in {build_dir}: run `kg build` first")
    return path


def to_oxigraph(term):
    """A Term as a pyoxigraph term."""
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term.value)


def _open(build_dir):
    """The Oxigraph store of a resolved build folder: its database read-only, or its N-Quads in memory."""
    import pyoxigraph as ox

    database = build_dir / STORE
    if database.is_dir():
        return ox.Store.read_only(str(database))
    store = ox.Store()
    store.bulk_load(path=str(built_graph(build_dir)), format=ox.RdfFormat.N_QUADS)
    return store


class OxigraphGraph:
    """The build's Oxigraph database opened read-only, or its N-Quads loaded into memory."""

    def __init__(self, build_dir):
        import pyoxigraph as ox

        self.ox = ox
        self.store = _open(current(build_dir))  # resolved once: a build finishing meanwhile does not mix in

    @classmethod
    def of(cls, store):
        """A pyoxigraph Store, queried as a graph."""
        import pyoxigraph as ox

        graph = cls.__new__(cls)
        graph.ox, graph.store = ox, store
        return graph

    @classmethod
    def of_store(cls, path):
        """An Oxigraph database folder opened read-only."""
        import pyoxigraph as ox

        return cls.of(ox.Store.read_only(str(path)))

    def _neutral(self, term):
        ox = self.ox
        if isinstance(term, ox.NamedNode):
            return Term.uri(term.value)
        if isinstance(term, ox.BlankNode):
            return Term("bnode", term.value)
        return Term.literal(term.value, term.language, term.datatype.value if term.datatype else None)

    def query(self, text, bindings=None):
        """Run a query: a Result for SELECT, a bool for ASK, a list of (s, p, o) Terms for CONSTRUCT/DESCRIBE.

        ``bindings`` maps variable names to Terms.
        """
        ox = self.ox
        if bindings:
            from .binding import with_values

            text = with_values(text, bindings)
        try:
            answer = self.store.query(text)
        except SyntaxError as e:
            raise UsageError(f"SPARQL syntax error: {e}") from None
        except RuntimeError as e:  # e.g. a bound variable that the query does not select
            raise UsageError(f"SPARQL error: {e}") from None
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = [_row({n: self._neutral(s[n]) for n in names if s[n] is not None}) for s in answer]
            return Result(names, rows)
        return [tuple(self._neutral(t) for t in (x.subject, x.predicate, x.object)) for x in answer]


def _skip_unbound_in_distinct_aggregates():
    """rdflib raises on DISTINCT aggregates over unbound values, which SPARQL skips: skip them too."""
    from rdflib.plugins.sparql import aggregates
    from rdflib.plugins.sparql.sparql import NotBoundError

    original = aggregates.Accumulator.use_row
    if getattr(original, "skips_unbound", False):
        return

    def use_row(self, row):
        try:
            return original(self, row)
        except NotBoundError:
            return False

    use_row.skips_unbound = True
    aggregates.Accumulator.use_row = use_row


class RdflibGraph:
    """The build loaded into an rdflib Dataset, with rdflib's SPARQL engine (network access off)."""

    def __init__(self, build_dir):
        import rdflib
        import rdflib.plugins.sparql

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        _skip_unbound_in_distinct_aggregates()
        self.rdflib = rdflib
        self.dataset = rdflib.Dataset()
        self.dataset.parse(built_graph(current(build_dir)), format="nquads")

    def _term(self, term):
        r = self.rdflib
        if term.kind == "uri":
            return r.URIRef(term.value)
        if term.kind == "bnode":
            return r.BNode(term.value)
        return r.Literal(term.value, lang=term.lang, datatype=term.datatype)

    def _neutral(self, term):
        r = self.rdflib
        if isinstance(term, r.URIRef):
            return Term.uri(term)
        if isinstance(term, r.BNode):
            return Term("bnode", str(term))
        return Term.literal(str(term), term.language, str(term.datatype) if term.datatype else None)

    def query(self, text, bindings=None):
        init = {k: self._term(v) for k, v in (bindings or {}).items()}
        try:
            answer = self.dataset.query(text, initBindings=init)
        except Exception as e:  # rdflib raises pyparsing errors for bad syntax
            raise UsageError(f"SPARQL error: {e}") from None
        if answer.type == "ASK":
            return bool(answer.askAnswer)
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars]
            rows = [_row({n: self._neutral(row[i]) for i, n in enumerate(names) if row[i] is not None}) for row in answer]
            return Result(names, rows)
        return [tuple(self._neutral(t) for t in triple) for triple in answer]


ENGINES = {"oxigraph": OxigraphGraph, "rdflib": RdflibGraph}


def open_graph(build_dir="build", engine="oxigraph"):
    """The built graph in ``build_dir``, ready for queries."""
    return ENGINES[engine](build_dir)
