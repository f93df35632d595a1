"""N-Triples lines of rdflib triples, written directly: the build's hot loop.

rdflib's own writer checks every IRI again on every use; the loader has checked
them once, so this only formats, each IRI once per call.
"""

import itertools

from rdflib import Literal, URIRef

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(t):
    """One term in N-Triples syntax.

    >>> term(Literal('say "hi"', lang="en"))
    '"say \\\\"hi\\\\""@en'
    """
    if type(t) is URIRef:  # the common case first, and an exact type test: isinstance on rdflib's terms is slow when it fails
        return f"<{t}>"
    if isinstance(t, Literal):
        text = f'"{str(t).translate(_ESCAPES)}"'
        if t.language:
            return f"{text}@{t.language}"
        return f"{text}^^<{t.datatype}>" if t.datatype else text
    if isinstance(t, URIRef):
        return f"<{t}>"
    return f"_:{t}"


def sorted_ntriples(triples):
    """rdflib triples as N-Triples, one line each, sorted, in one UTF-8 text."""
    made = {}  # IRI -> its text: most recur; literals rarely do, and hash slowly
    out = []
    for s, p, o in triples:
        a = made.get(s)
        if a is None:
            a = made[s] = term(s)
        b = made.get(p)
        if b is None:
            b = made[p] = term(p)
        if type(o) is URIRef:
            c = made.get(o)
            if c is None:
                c = made[o] = term(o)
        else:
            c = term(o)
        out.append(f"{a} {b} {c} .\n")
    out.sort()
    return "".join(out).encode("utf-8")


def in_graph(ntriples, graph):
    """UTF-8 N-Triples as N-Quads in ``graph``: " .\n" ends each line and is found nowhere else (literals escape newlines).

    >>> in_graph(b'<s> <p> "a .b" .\\n<s> <p> <o> .\\n', "g")
    b'<s> <p> "a .b" <g> .\\n<s> <p> <o> <g> .\\n'
    """
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode("utf-8"))


def merged(*texts, unique=False):
    """The lines of sorted UTF-8 texts as one sorted text (UTF-8 sorts as code points do); each line once if ``unique``."""
    lines = sorted(b"".join(texts).splitlines(keepends=True))  # sorted runs: Timsort merges them
    return b"".join(line for line, _ in itertools.groupby(lines)) if unique else b"".join(lines)
