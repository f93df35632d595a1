"""Canned queries: one SPARQL file per question, documented by its header.

A header is a block of comment lines at the top of the file::

    # title: Allies of an actor
    # description: The actor's allies, stated or inferred ...
    # param: actor ACTOR the actor, by any name or identifier
    # table: allyLabel status sources
    # page: inner

The file name is the query's name. Each parameter is a variable of the query that is
bound, never pasted into the text: an entity parameter (ACTOR, PERSON, PLACE, ENTITY)
to the IRI its name resolves to, a NAME parameter to the name's look-up key.

An answer can be asked for a page at a time (``limit`` rows from ``offset``), as the
command line and the server do by default (``PAGE`` rows): the page is the query with
LIMIT and OFFSET after its ORDER BY, or, with ``page: inner``, on its first sub-select,
which lists the answer's rows in the answer's order so that the rest of the query works
on that page's rows only. The limit and offset are integers, checked here.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import paths
from .errors import UsageError
from .names import shown

HEADER = re.compile(r"^#\s*(title|description|param|table|page):\s*(.*?)\s*$")
PARAM_TYPES = {"ACTOR": "Actor", "PERSON": "Person", "PLACE": "Place", "ENTITY": None, "NAME": None}
PAGE = 100  # rows in a page of a canned answer at the command line and the server, unless asked otherwise


class Param(NamedTuple):
    name: str
    type: str
    description: str


class CannedQuery(NamedTuple):
    name: str
    title: str
    description: str
    params: tuple
    text: str
    table: tuple = ()  # the columns a table shows, when not all of them
    inner_page: bool = False  # a page limits the first sub-select (header ``page: inner``)


def parse(path):
    """A canned query from its file; UsageError if its header is incomplete or wrong."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    fields, params = {}, []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            name, kind, *words = value.split()
            if kind not in PARAM_TYPES:
                raise UsageError(f"{path.name}: parameter {name} has unknown type {kind} (use {', '.join(PARAM_TYPES)})")
            if not re.search(rf"\?{re.escape(name)}\b", text):
                raise UsageError(f"{path.name}: parameter {name} is not a variable of the query")
            params.append(Param(name, kind, " ".join(words)))
        else:
            fields[key] = value
    for key in ("title", "description"):
        if key not in fields:
            raise UsageError(f"{path.name}: the header has no {key}")
    if fields.get("page", "inner") != "inner":
        raise UsageError(f"{path.name}: unknown page: {fields['page']} (the only one is inner)")
    table = tuple(fields.get("table", "").split())
    return CannedQuery(path.stem, fields["title"], fields["description"], tuple(params), text, table, "page" in fields)


@lru_cache(maxsize=8)
def catalog(folder=None):
    """Every canned query, by name (read once per process)."""
    folder = Path(folder or paths.resource("queries"))
    return {q.name: q for q in map(parse, sorted(folder.glob("*.rq")))}


@lru_cache(maxsize=32)
def find(name, folder=None):
    """One canned query, reading only its own file; None if there is no such query."""
    path = Path(folder or paths.resource("queries")) / f"{name}.rq"
    return parse(path) if "/" not in name and path.is_file() else None


def get(name, folder=None):
    """One canned query; UsageError naming the closest ones if there is no such query."""
    query = find(name, folder)
    if query is None:
        import difflib

        close = difflib.get_close_matches(name, sorted(catalog(folder)), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `kg query --list` lists them"
        raise UsageError(f"no canned query named {shown(name)}{hint}")
    return query


def internal(name):
    """A query the library itself runs (name look-up, classes), from kg/sparql/."""
    return (Path(__file__).parent / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def bindings(graph, query, args):
    """The bindings of a canned query's parameters from the arguments a user typed."""
    if len(args) != len(query.params):
        wanted = " ".join(p.name.upper() for p in query.params) or "no arguments"
        raise UsageError(f"{query.name} takes {wanted}, not {len(args)} argument(s)")
    from .names import name_key
    from .resolver import resolve
    from .store import Term

    bound = {}
    for param, value in zip(query.params, args):
        if param.type == "NAME":
            bound[param.name] = Term.literal(name_key(value))
        else:
            bound[param.name] = Term.uri(resolve(graph, value, PARAM_TYPES[param.type]).iri)
    return bound


def paged(query, limit=None, offset=0):
    """The query's text limited to ``limit`` rows (all if None) from row ``offset`` on.

    The clause goes on a line of its own, so that a comment before it cannot hide it.

    >>> q = CannedQuery("q", "t", "d", (), "SELECT ?a WHERE { ?a <p> ?b } ORDER BY ?a  # by name")
    >>> print(paged(q, 10, 20))
    SELECT ?a WHERE { ?a <p> ?b } ORDER BY ?a  # by name
    LIMIT 10 OFFSET 20
    >>> inner = CannedQuery("q", "t", "d", (), "SELECT * { { SELECT ?a { ?a <p> ?b } ORDER BY ?a } ?a <q> ?c } ORDER BY ?a", inner_page=True)
    >>> print(paged(inner, 10))
    SELECT * { { SELECT ?a { ?a <p> ?b } ORDER BY ?a
    LIMIT 10
    } ?a <q> ?c } ORDER BY ?a
    """
    for value in (limit, offset):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise UsageError(f"a limit or offset is a whole number of rows, not {value!r}")
    clause = " ".join(([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else []))
    if not clause:
        return query.text
    if not query.inner_page:
        return f"{query.text.rstrip()}\n{clause}"
    from .lexer import tokens

    depth, outside, previous = 0, None, None
    for m in tokens(query.text):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == outside:  # the end of the first sub-select
                return f"{query.text[:m.start()].rstrip()}\n{clause}\n{query.text[m.start():]}"
        elif token.upper() == "SELECT" and previous == "{" and outside is None:
            outside = depth - 1
        previous = token
    raise UsageError(f"{query.name}: page: inner, but the query has no sub-select")


def ask(graph, name, *args, limit=None, offset=0):
    """The Result of canned query ``name`` with ``args`` (names of entities, in any case).

    With ``limit``, at most that many rows from row ``offset`` on, and ``result.more`` tells
    whether the answer has rows after them; without, every row.
    """
    query = get(name)
    bound = bindings(graph, query, args)
    if limit is None:
        return graph.query(paged(query, None, offset), bound)
    result = graph.query(paged(query, limit + 1, offset), bound)
    result.more = len(result.rows) > limit
    del result.rows[limit:]
    return result
