"""Export the build in the RDF formats triple stores and other tools load as is, deterministically."""

from pathlib import Path

from .errors import UsageError
from .store import built_graph, to_oxigraph

PREFIXES = {
    "fkg": "https://w3id.org/faction-kg/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
GRAPHS = {"asserted": ("asserted", "provenance"), "inferred": ("inferred",), "all": ("asserted", "provenance", "inferred")}
FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


def export(build_dir="build", fmt="turtle", which="all", namespace=None):
    """The build's graphs ``which`` (asserted, inferred or all) serialised as ``fmt``, as bytes."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    wanted = GRAPHS[which]
    quads = [q for q in ox.parse(path=str(built_graph(build_dir)), format=ox.RdfFormat.N_QUADS)
             if q.graph_name.value.rsplit("/", 1)[-1] in wanted]
    quads.sort(key=str)
    prefixes = dict(PREFIXES, **({"d": namespace} if namespace else {}))
    if fmt in ("nquads", "trig"):
        target = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
        return ox.serialize(quads, format=target, prefixes=prefixes if fmt == "trig" else None)
    triples = sorted({q.triple for q in quads}, key=str)
    target = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    return ox.serialize(triples, format=target, prefixes=prefixes if fmt != "ntriples" else None)


def write(data, path):
    """Write bytes to ``path`` through a temporary file, so that a failure leaves no half file."""
    import os
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialize_triples(triples, fmt="turtle"):
    """Triples of Terms (from a CONSTRUCT or DESCRIBE) as Turtle, N-Triples or JSON-LD bytes."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    if fmt not in formats:
        raise UsageError(f"a CONSTRUCT or DESCRIBE answers in {', '.join(formats)}, not {fmt}")
    out = sorted((ox.Triple(*map(to_oxigraph, t)) for t in triples), key=str)
    return ox.serialize(out, format=formats[fmt], prefixes=PREFIXES if fmt != "ntriples" else None)
