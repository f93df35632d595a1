"""Content negotiation: which format answers a request, from its Accept header or ``format`` parameter.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", SOLUTIONS)
'xml'
>>> choose("*/*", GRAPH)
'turtle'
>>> choose("image/png", SOLUTIONS) is None
True
"""

# Offered formats in order of preference: key -> (media type, other media types it answers to).
SOLUTIONS = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
}
BOOLEAN = {key: SOLUTIONS[key] for key in ("json", "xml")}
GRAPH = {
    "turtle": ("text/turtle", ("application/x-turtle",)),
    "ntriples": ("application/n-triples", ("text/plain",)),
    "jsonld": ("application/ld+json", ("application/json",)),
    "rdfxml": ("application/rdf+xml", ("application/xml", "text/xml")),
}


def _ranges(accept):
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        yield media.lower(), q


def _quality(media, ranges):
    """The q of the most specific range that matches ``media`` (None if none does)."""
    kind = media.split("/")[0]
    best, specificity = None, -1
    for pattern, q in ranges:
        level = 2 if pattern == media else 1 if pattern == kind + "/*" else 0 if pattern == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best


def choose(accept, offered, fmt=None):
    """The key of the offered format the client prefers; None if it accepts none of them.

    ``fmt`` (a ``format`` request parameter: a key or a media type) overrides the header.
    """
    if fmt:
        fmt = fmt.lower()
        for key, (media, aliases) in offered.items():
            if fmt == key or fmt == media or fmt in aliases:
                return key
        return None
    ranges = list(_ranges(accept or ""))
    if not ranges:
        return next(iter(offered))
    best, best_q = None, 0.0
    for key, (media, aliases) in offered.items():
        q = max((x for x in (_quality(m, ranges) for m in (media, *aliases)) if x is not None), default=0.0)
        if q > best_q:
            best, best_q = key, q
    return best


def media_type(key, offered):
    return offered[key][0]
