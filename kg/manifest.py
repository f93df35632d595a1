"""The build's manifest and input fingerprint: cheap enough for every query to check freshness."""

import hashlib
import json
from pathlib import Path

from . import __version__, paths

MANIFEST = "manifest.json"
STORE = "store"  # the Oxigraph database the queries read
ARTIFACTS = ("asserted.nq", "provenance.nq", "inferred.nq", "graph.nq", "graph.trig", "graph.ttl", "ontology.ttl")


def _hash(sources):
    h = hashlib.sha256(__version__.encode())
    for name, path in sources:
        with open(path, "rb") as f:  # streamed: a huge file is refused later, not read into memory here
            h.update(name.encode() + b"\0" + hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


def fingerprint(facts_dir):
    """A hash of what the graph is made from: facts, ontology, shapes, code."""
    facts_dir = Path(facts_dir)
    sources = [(f"facts/{p.relative_to(facts_dir).as_posix()}", p) for p in sorted(facts_dir.rglob("*.yaml"))]
    sources += [(f"ontology/{p.name}", p) for p in (paths.ontology_file(), paths.shapes_file())]
    sources += [(f"kg/{p.name}", p) for p in sorted(Path(__file__).parent.glob("*.py"))]
    return _hash(sources)


def corpus_fingerprint(corpus):
    """A hash of the corpus a build's quotes were checked against."""
    return _hash((p.name, p) for p in sorted(Path(corpus).glob("*")) if p.is_file())


def read_manifest(out):
    """The manifest of the build in ``out``, or None if there is no readable one."""
    try:
        return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(manifest, out, stamp):
    """Whether the build in ``out`` was made from inputs with this fingerprint and is complete."""
    return (bool(manifest) and manifest.get("fingerprint") == stamp and (Path(out) / STORE).is_dir()
            and all((Path(out) / a).is_file() for a in ARTIFACTS))


def ensure_built(facts_dir=None, out="build", corpus=None, notify=None):
    """Build ``out`` if it is missing or older than its inputs; ``notify`` is told why."""
    facts_dir = Path(facts_dir or paths.default_facts())
    manifest = read_manifest(out)
    if is_current(manifest, out, fingerprint(facts_dir)):
        return None
    if notify:
        notify(f"building the graph first: {'the facts or code changed' if manifest else f'there is no build in {out}/'}")
    from .builder import build

    return build(facts_dir, out=out, corpus=corpus, notify=notify)
