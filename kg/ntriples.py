"""N-Triples lines of rdflib triples, written directly: the build's hot loop.

rdflib's own writer checks every IRI again on every use; the loader has checked
them once, so this only formats (and remembers IRIs it has formatted).
"""

from functools import lru_cache

from rdflib import Literal, URIRef

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@lru_cache(maxsize=1 << 20)
def _iri(value):
    return f"<{value}>"


def term(t):
    """One term in N-Triples syntax.

    >>> term(Literal('say "hi"', lang="en"))
    '"say \\\\"hi\\\\""@en'
    """
    if isinstance(t, URIRef):
        return _iri(str(t))
    if isinstance(t, Literal):
        text = f'"{str(t).translate(_ESCAPES)}"'
        if t.language:
            return f"{text}@{t.language}"
        return f"{text}^^<{t.datatype}>" if t.datatype else text
    return f"_:{t}"


def lines(triples, graph=None):
    """Sorted N-Triples lines, or N-Quads lines in ``graph``, each ending in a newline."""
    end = f" <{graph}> .\n" if graph else " .\n"
    return sorted(f"{term(s)} {_iri(str(p))} {term(o)}{end}" for s, p, o in triples)


def in_graph(ntriples, graph):
    """N-Triples lines as N-Quads lines in ``graph``."""
    end = f"<{graph}> .\n"
    return [line[:-2] + end for line in ntriples]
