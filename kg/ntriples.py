"""N-Triples lines of rdflib triples, written directly: the build's hot loop.

rdflib's own writer checks every IRI again on every use; the loader has checked
them once, so this only formats, each IRI once per call.
"""

from rdflib import Literal, URIRef

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(t):
    """One term in N-Triples syntax.

    >>> term(Literal('say "hi"', lang="en"))
    '"say \\\\"hi\\\\""@en'
    """
    if isinstance(t, Literal):
        text = f'"{str(t).translate(_ESCAPES)}"'
        if t.language:
            return f"{text}@{t.language}"
        return f"{text}^^<{t.datatype}>" if t.datatype else text
    if isinstance(t, URIRef):
        return f"<{t}>"
    return f"_:{t}"


def lines(triples, graph=None):
    """Sorted N-Triples lines, or N-Quads lines in ``graph``, each ending in a newline."""
    end = f" <{graph}> .\n" if graph else " .\n"
    made = {}  # IRI (or blank node) -> its text: most recur; literals rarely do, and hash slowly
    out = []
    for s, p, o in triples:
        a = made.get(s)
        if a is None:
            a = made[s] = term(s)
        b = made.get(p)
        if b is None:
            b = made[p] = term(p)
        if isinstance(o, Literal):
            c = term(o)
        else:
            c = made.get(o)
            if c is None:
                c = made[o] = term(o)
        out.append(f"{a} {b} {c}{end}")
    out.sort()
    return out


def in_graph(ntriples, graph):
    """N-Triples lines as N-Quads lines in ``graph``."""
    end = f"<{graph}> .\n"
    return [line[:-2] + end for line in ntriples]
