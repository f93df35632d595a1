"""``kg build``: load, validate, reason, write. Each stage is a function; the build is their sequence.

Artifacts are deterministic (sorted, canonical), written to a staging folder that
becomes the current build in one rename only when every stage has succeeded
(:mod:`kg.builds`), and the whole build is skipped when its inputs have not changed
since the last good one. Builds of one folder take turns: each holds its lock.
"""

import collections
import contextlib
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, builds, paths
from .collector import paused
from .errors import DataError, OutputError
from .exporter import PREFIXES
from .loader import load
from .manifest import MANIFEST, STORE, corpus_fingerprint, fingerprint, is_current, read_manifest
from .ntriples import in_graph, merged, sorted_ntriples
from .ontology import Ontology
from .vocab import FKG, RDF


@dataclass
class BuildResult:
    """What a build did, for the summary."""

    out: Path
    skipped: bool
    counts: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # seconds per stage: load, validate, reason, write


def _trig(graphs):
    """TriG (UTF-8) with one block per named graph (name -> its sorted N-Quads, UTF-8), each triple on an indented line.

    A line's end is the only place where `` <graph> .`` meets a newline (a literal's
    newlines are escaped), so the blocks are made by replacing bytes, not line by line.
    """
    blocks = []
    for iri, nquads in graphs.items():
        lines = nquads.replace(f" <{iri}> .\n".encode("utf-8"), b" .\n  ")  # each line ends in " .\n" and the next is indented
        blocks.append(f"<{iri}> {{\n".encode("utf-8") + (b"  " + lines[:-2] if lines else b"") + b"}\n")
    return b"\n".join(blocks)


def _turtle(ntriples, namespace):
    """Turtle (UTF-8) of sorted N-Triples (UTF-8) with readable prefixes; stable because the graph has no blank nodes."""
    import pyoxigraph as ox

    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, "d": str(namespace)})


def counts(kg, inferred, ontology):
    """Entities by type, relations by type, claims, contested claims, inferred triples."""
    types = collections.Counter(e.type for e in kg.facts.entities.values())
    relations = {rel.iri: name for name, rel in ontology.relations.items()}
    rels = collections.Counter(relations[p] for _, p, _ in kg.asserted if p in relations)
    rdf_type, alliance = RDF.type, FKG.Alliance  # looked up once: a closed namespace checks each lookup
    alliances = sum(1 for _, p, o in kg.asserted if p == rdf_type and o == alliance)
    claims = kg.facts.claims
    return {
        "entities": dict(sorted(types.items())),
        "relations": dict(sorted(rels.items())),
        "alliances": alliances,
        "claims": len(claims),
        "contested claims": sum(1 for c in claims if c.dispute),
        "disputes": len(kg.facts.disputes),
        "denied claims": sum(1 for c in claims if c.stance == "denies"),
        "evidence": sum(len(c.evidence) for c in claims),
        "documents": len(kg.facts.documents),
        "asserted triples": len(kg.asserted),
        "provenance triples": len(kg.provenance),
        "inferred triples": len(inferred),
    }


class Stopwatch:
    """Seconds per stage, and in all."""

    def __init__(self):
        self.started = self.clock = time.perf_counter()
        self.timings = {}

    def lap(self, stage):
        now = time.perf_counter()
        self.timings[stage], self.clock = now - self.clock, now

    @property
    def total(self):
        return time.perf_counter() - self.started


def build(facts_dir=None, out="build", corpus=None, force=False, notify=None):
    """Build the knowledge graph of a facts folder into ``out``; raise DataError if it does not validate.

    ``notify`` is told when the build waits for another build of the same folder.
    """
    with paused():  # the cycle collector: see kg.collector
        return _build_folder(facts_dir, out, corpus, force, notify)


def _build_folder(facts_dir, out, corpus, force, notify):
    watch = Stopwatch()
    facts_dir = Path(facts_dir or paths.default_facts())
    out = Path(out)
    stamp = {"fingerprint": fingerprint(facts_dir), "corpus": corpus_fingerprint(corpus) if corpus is not None else None}

    def up_to_date():
        previous = read_manifest(out)
        if not force and is_current(previous, out, stamp["fingerprint"]) and stamp["corpus"] in (None, previous.get("corpus")):
            return BuildResult(out, True, previous.get("counts", {}), seconds=watch.total)
        return None

    if skipped := up_to_date():
        return skipped
    ontology = Ontology()
    kg = load(facts_dir, ontology)
    for name in ("asserted", "provenance"):
        kg.nquads(name)  # made once, here: the database, the files and validation read them
    watch.lap("load")
    with contextlib.ExitStack() as stack:
        with _writing(out):
            out.mkdir(parents=True, exist_ok=True)
            stack.enter_context(builds.lock(out, notify))
            if skipped := up_to_date():  # another build made it while this one waited
                return skipped
            builds.clean(out)
            staging = Path(tempfile.mkdtemp(prefix=builds.STAGING, dir=out))
        stack.callback(shutil.rmtree, staging, ignore_errors=True)
        return _build(kg, ontology, out, staging, corpus, stamp, watch)


@contextlib.contextmanager
def _writing(out):
    """An OSError while writing the build (a full disk, a read-only folder) as one line that says nothing was replaced."""
    try:
        yield
    except OSError as e:
        where = f" ({e.filename})" if e.filename else ""
        raise OutputError(f"cannot write the build to {out}/: {e.strerror or e}{where}; the last good build is kept") from None


class _Loading:
    """Graphs bulk-loaded into the build's database in a background thread (pyoxigraph releases the GIL).

    Each graph is given as its N-Triples (UTF-8) and loaded into its named graph: parsing
    N-Triples costs less than parsing the same lines as N-Quads.
    """

    def __init__(self, store, graphs):
        import threading

        self.error = None
        self.thread = threading.Thread(target=self._run, args=(store, graphs), daemon=True)
        self.thread.start()

    def _run(self, store, graphs):
        import pyoxigraph as ox

        try:
            for iri, ntriples in graphs.items():
                store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri)), lenient=True)  # IRIs: see kg.facts._is_iri
        except BaseException as e:  # raised again in the build's thread by wait()
            self.error = e

    def wait(self):
        self.thread.join()
        if self.error is not None:
            raise self.error


def _build(kg, ontology, out, staging, corpus, stamp, watch):
    """Validate, reason and write, all in the staging folder until it is published.

    The database the queries open is loaded on the other core meanwhile: the asserted and
    provenance graphs while the facts are validated, the inferred graph while the text
    artifacts are made; each artifact is written and hashed on the side once it is made.
    """
    import pyoxigraph as ox
    from concurrent.futures import ThreadPoolExecutor

    with _writing(out):
        store = ox.Store(str(staging / STORE))  # the database the queries open read-only
    loadings = [_Loading(store, {kg.graph_iri(name): kg.ntriples(name) for name in ("asserted", "provenance")})]
    try:
        with ThreadPoolExecutor(1) as saving:  # files written and hashed on the side (both release the GIL)
            summary, warnings = _validate_reason_write(kg, ontology, out, staging, corpus, stamp, watch, store, loadings, saving)
    finally:
        for loading in loadings:  # a failed build leaves no thread writing into the staging folder it removes
            loading.thread.join()
    with _writing(out):
        store.flush()
        del store, loadings  # the database closed (RocksDB ends its background work) before the folder is renamed
        builds.publish(out, staging)
    watch.lap("write")
    return BuildResult(out, False, summary, warnings, watch.total, watch.timings)


def _save(path, data):
    """Write one artifact (UTF-8 bytes); its sha256 for the manifest."""
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _validate_reason_write(kg, ontology, out, staging, corpus, stamp, watch, store, loadings, saving):
    from .reason import reason
    from .validation import validate

    saved = {f"{name}.nq": saving.submit(_save, staging / f"{name}.nq", kg.nquads(name)) for name in ("asserted", "provenance")}
    report = validate(kg, ontology, corpus)
    if not report.conforms:
        raise DataError("the facts do not validate; the last good build is kept:\n" + "\n".join(map(str, report.violations)))
    watch.lap("validate")

    inferred = reason(kg.asserted, ontology, kg.namespace)
    watch.lap("reason")
    nt = {"asserted": kg.ntriples("asserted"), "provenance": kg.ntriples("provenance"), "inferred": sorted_ntriples(inferred)}
    nquads = {"asserted": kg.nquads("asserted"), "provenance": kg.nquads("provenance"), "inferred": in_graph(nt["inferred"], kg.graph_iri("inferred"))}
    saved["inferred.nq"] = saving.submit(_save, staging / "inferred.nq", nquads["inferred"])
    with _writing(out):
        loadings[0].wait()
    loadings.append(_Loading(store, {kg.graph_iri("inferred"): nt["inferred"]}))
    artifacts = {
        "graph.nq": lambda: merged(*nquads.values()),
        "graph.trig": lambda: _trig({kg.graph_iri(name): data for name, data in nquads.items()}),
        "graph.ttl": lambda: _turtle(merged(*nt.values(), unique=True), kg.namespace),
        "ontology.ttl": lambda: paths.ontology_file().read_text(encoding="utf-8").encode("utf-8"),
    }
    for name, make in artifacts.items():
        saved[name] = saving.submit(_save, staging / name, make())
    summary = counts(kg, inferred, ontology)
    with _writing(out):
        manifest = {
            "generator": f"faction-kg {__version__}",
            **stamp,
            "dataset": kg.facts.dataset.get("id"),
            "namespace": str(kg.namespace),
            "graphs": {name: str(kg.graph_iri(name)) for name in ("asserted", "provenance", "inferred")},
            "counts": summary,
            "files": {name: saved[name].result() for name in sorted(saved)},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        loadings[1].wait()
    return summary, [str(w) for w in report.warnings]
