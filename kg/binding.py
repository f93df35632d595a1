"""Parameters bound to a query as a VALUES block of serialised RDF terms.

A value never enters the query as text of its own: it is a Term (an IRI that a name
resolved to, or a literal), written in N-Triples syntax with its characters escaped, and
placed in a VALUES block, as rdflib does for ``initBindings`` on a remote store. Oxigraph
would take SEP-0007 substitutions too, but applies them after its joins: at 100,000
triples the canned queries ran 10 to 300 times slower that way.
"""

import itertools
import re

from .errors import UsageError
from .lexer import tokens

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def serialize(term):
    """A Term in SPARQL (N-Triples) syntax; UsageError for an IRI that cannot be written.

    >>> from kg.store import Term
    >>> serialize(Term.literal('say "hi" }'))
    '"say \\\\"hi\\\\" }"'
    >>> serialize(Term.uri("https://w3id.org/faction-kg/derna/dmsc"))
    '<https://w3id.org/faction-kg/derna/dmsc>'
    """
    if term.kind == "uri":
        return _iri(term.value)
    if term.kind == "bnode":
        raise UsageError("a blank node cannot be bound in a query to another store")
    text = f'"{term.value.translate(_ESCAPES)}"'
    if term.lang:
        return f"{text}@{term.lang}"
    return f"{text}^^{_iri(term.datatype)}" if term.datatype else text


def _iri(value):
    if _BAD_IRI.search(value):
        raise UsageError(f"not an IRI: {value!r}")
    return f"<{value}>"


def with_values(text, bindings):
    """The query with each binding as a VALUES block at the head of every group that mentions it.

    The WHERE clause always gets it, which is the binding; the groups inside get it too,
    so that the engine applies it before it joins and not after, which can take minutes.
    A subquery shares with the query only the variables it selects: its groups get the
    bindings of those (so that it starts from the bound value instead of computing its
    answer for every value and joining afterwards), and keep their other variables; a
    subquery with a LIMIT or OFFSET keeps them all, since its rows depend on the others.

    >>> from kg.store import Term
    >>> a = {"a": Term.uri("x:y")}
    >>> print(with_values('SELECT ?a WHERE { ?a <p> ?b OPTIONAL { ?b <q> ?c } }', a))
    SELECT ?a WHERE { VALUES ?a { <x:y> } ?a <p> ?b OPTIONAL { ?b <q> ?c } }
    >>> print(with_values('SELECT ?a { ?a <p> ?b { SELECT ?a (MIN(?c) AS ?m) { ?a <q> ?c } GROUP BY ?a } }', a))
    SELECT ?a { VALUES ?a { <x:y> } ?a <p> ?b { SELECT ?a (MIN(?c) AS ?m) { VALUES ?a { <x:y> } ?a <q> ?c } GROUP BY ?a } }
    >>> print(with_values('SELECT ?a { ?a <p> ?b { SELECT ?b (MIN(?a) AS ?m) { ?b <q> ?a } GROUP BY ?b } }', a))
    SELECT ?a { VALUES ?a { <x:y> } ?a <p> ?b { SELECT ?b (MIN(?a) AS ?m) { ?b <q> ?a } GROUP BY ?b } }
    >>> print(with_values('SELECT ?a { ?a <p> ?b { SELECT ?a { ?a <q> ?c } LIMIT 5 } }', a))
    SELECT ?a { VALUES ?a { <x:y> } ?a <p> ?b { SELECT ?a { ?a <q> ?c } LIMIT 5 } }
    """
    if not bindings:
        return text
    values = {name: f" VALUES ?{name} {{ {serialize(term)} }}" for name, term in bindings.items()}
    # a frame per open bracket: [end, kind, names mentioned, names in scope, the subqueries it is in (by number)]
    groups, stack, limited, data_next, selected = [], [], set(), False, None
    subqueries = itertools.count()
    for m in tokens(text):
        token, word = m.group(), m.group().upper()
        if selected is not None and token != "{":  # a subquery's SELECT clause: the variables it selects
            depth, names, as_next = selected
            if token[0] in "?$" and (depth == 0 or as_next):
                names.add(token[1:])
            elif token == "*" and depth == 0:
                names |= set(values)
            selected = [depth + (token == "(") - (token == ")"), names, word == "AS"]
            continue
        if token == "{":
            parent = stack[-1] if stack else None
            scope, inside = (parent[3], parent[4]) if parent else (set(values), ())
            if data_next:
                kind = "data"
            elif parent and parent[1] == "subquery":
                kind, scope, inside = "group", scope & selected[1], (*inside, parent[5])
            else:
                kind = "skip" if parent and parent[1] != "group" else "group"
            stack.append([m.end(), kind, set(), scope, inside])
            data_next, selected = False, None
        elif token == "}":
            if not stack:
                break
            end, kind, names, _, inside, *_ = stack.pop()
            if kind == "group":
                groups.append((end, names, inside))
            if kind in ("group", "subquery") and stack and stack[-1][1] in ("group", "subquery"):
                stack[-1][2] |= names
        elif token[0] in "?$":
            if stack and stack[-1][1] == "group" and token[1:] in stack[-1][3]:
                stack[-1][2].add(token[1:])
        elif word == "VALUES":
            data_next = True
        elif word == "SELECT" and stack:
            stack[-1][1:] = ["subquery", stack[-1][2], stack[-1][3], stack[-1][4], next(subqueries)]
            selected = [0, set(), False]
        elif word in ("LIMIT", "OFFSET") and stack and stack[-1][1] == "subquery":
            limited.add(stack[-1][5])
    if not groups:
        raise UsageError("the query has no WHERE clause to bind parameters in")
    where = min(end for end, _, _ in groups)
    inserts = sorted(((end, "".join(v for n, v in values.items() if end == where or n in names and not limited & set(inside)))
                      for end, names, inside in groups), reverse=True)
    for end, block in inserts:
        text = text[:end] + block + text[end:]
    return text
