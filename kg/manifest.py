"""The build's manifest and input fingerprint: cheap enough for every query to check freshness."""

import json
import os
from pathlib import Path

from . import __version__, paths

MANIFEST = "manifest.json"
STORE = "store"  # the Oxigraph database the queries read
STAT_CACHE = ".fingerprint"  # in the build folder: the last fingerprint and the size and time of each input it hashed
ARTIFACTS = ("asserted.nq", "provenance.nq", "inferred.nq", "graph.nq", "graph.trig", "graph.ttl", "ontology.ttl")


def _hash(sources):
    import hashlib

    h = hashlib.sha256(__version__.encode())
    for name, path in sources:
        with open(path, "rb") as f:  # streamed: a huge file is refused later, not read into memory here
            h.update(name.encode() + b"\0" + hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


def _files(folder, suffix, recursive=False):
    """(path relative to ``folder``, path) of its files ending in ``suffix``, sorted; os.scandir, as every query lists them."""
    found, stack = [], [(folder, "")]
    while stack:
        here, prefix = stack.pop()
        for entry in os.scandir(here):
            if entry.is_dir() and recursive:
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(suffix) and entry.is_file():
                found.append((prefix + entry.name, entry.path))
    return sorted(found)


def fingerprint(facts_dir, out=None):
    """A hash of what the graph is made from: facts, ontology, shapes, code.

    With ``out``, the hash is reused while no input changed size or modification time since
    it was last computed (as ``git status`` does), which spares a query reading every input.
    """
    sources = [(f"facts/{name}", path) for name, path in _files(facts_dir, ".yaml", recursive=True)]
    sources += [(f"ontology/{p.name}", p) for p in (paths.ontology_file(), paths.shapes_file())]
    code = os.path.dirname(__file__)
    sources += [(f"kg/{name}", path) for name, path in _files(code, ".py")]
    sources += [(f"kg/sparql/{name}", path) for name, path in _files(os.path.join(code, "sparql"), ".rq")]
    if out is None:
        return _hash(sources)
    stats = [os.path.realpath(facts_dir), *([name, (st := os.stat(path)).st_size, st.st_mtime_ns] for name, path in sources)]
    cache = Path(out) / STAT_CACHE
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["stats"] == stats:
            return cached["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    stamp = _hash(sources)
    try:  # best effort: a read-only build folder only costs the next query a hash
        tmp = cache.with_name(f"{STAT_CACHE}.{os.getpid()}")
        tmp.write_text(json.dumps({"stats": stats, "fingerprint": stamp}), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return stamp


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
    if is_current(manifest, out, fingerprint(facts_dir, out)):
        return None
    if notify:
        notify(f"building the graph first: {'the facts or code changed' if manifest else f'there is no build in {out}/'}")
    from .builder import build

    return build(facts_dir, out=out, corpus=corpus, notify=notify)
