"""Ask a canned query: resolve its arguments to entities, bind them, run it."""

from .errors import UsageError
from .names import name_key
from .queries import PARAM_TYPES, get
from .resolve import resolve
from .store import Term


def bindings(graph, query, args):
    """The bindings of a canned query's parameters from the arguments a user typed."""
    if len(args) != len(query.params):
        wanted = " ".join(p.name.upper() for p in query.params) or "no arguments"
        raise UsageError(f"{query.name} takes {wanted}, not {len(args)} argument(s)")
    bound = {}
    for param, value in zip(query.params, args):
        if param.type == "NAME":
            bound[param.name] = Term.literal(name_key(value))
        else:
            bound[param.name] = Term.uri(resolve(graph, value, PARAM_TYPES[param.type]).iri)
    return bound


def ask(graph, name, *args):
    """The Result of canned query ``name`` with ``args`` (names of entities, in any case)."""
    query = get(name)
    return graph.query(query.text, bindings(graph, query, args))
