"""``kg build``: load, validate, reason, write. Each stage is a function; the build is their sequence.

Artifacts are deterministic (sorted, canonical), written to a temporary folder and
moved into place only when every stage has succeeded, and the whole build is skipped
when its inputs have not changed since the last good one.
"""

import collections
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import __version__, paths
from .manifest import MANIFEST, corpus_fingerprint, fingerprint, is_current, read_manifest
from .errors import DataError
from .loader import load
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


def _sorted_nquads(graphs):
    """Canonical N-Quads: one line per quad, sorted, so that a diff shows what changed."""
    lines = []
    for iri, graph in graphs.items():
        for line in graph.serialize(format="nt").splitlines():
            if line.strip():
                lines.append(f"{line.rstrip()[:-1]}<{iri}> .\n")
    return "".join(sorted(lines))


def _trig(graphs):
    """TriG with one block per named graph, triples sorted as canonical N-Triples."""
    parts = []
    for iri, graph in graphs.items():
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
        parts.append(f"<{iri}> {{\n" + "".join(f"  {line}\n" for line in lines) + "}\n")
    return "\n".join(parts)


def _turtle(graph, namespace):
    """Turtle of a graph with readable prefixes; stable because the graph has no blank nodes."""
    g = Graph()
    g += graph
    g.bind("d", namespace)
    g.bind("fkg", FKG)
    return g.serialize(format="turtle")


def counts(kg, inferred, ontology):
    """Entities by type, relations by type, claims, contested claims, inferred triples."""
    types = collections.Counter(e.type for e in kg.facts.entities.values())
    relations = {rel.iri: name for name, rel in ontology.relations.items()}
    rels = collections.Counter(relations[p] for _, p, _ in kg.asserted if p in relations)
    claims = kg.facts.claims
    return {
        "entities": dict(sorted(types.items())),
        "relations": dict(sorted(rels.items())),
        "alliances": sum(1 for _ in kg.asserted.subjects(RDF.type, FKG.Alliance)),
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


def _write(out, files, manifest):
    """Write every artifact to a temporary folder, then move them into ``out``; manifest last."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        for name in [*files, MANIFEST]:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(facts_dir=None, out="build", corpus=None, force=False):
    """Build the knowledge graph of a facts folder into ``out``; raise DataError if it does not validate."""
    from .validation import validate

    started = time.perf_counter()
    facts_dir = Path(facts_dir or paths.default_facts())
    out = Path(out)
    stamp = fingerprint(facts_dir)
    checked = corpus_fingerprint(corpus) if corpus is not None else None
    previous = read_manifest(out)
    if not force and is_current(previous, out, stamp) and checked in (None, previous.get("corpus")):
        return BuildResult(out, True, previous.get("counts", {}), seconds=time.perf_counter() - started)

    ontology = Ontology()
    kg = load(facts_dir, ontology)
    report = validate(kg, ontology, corpus)
    if not report.conforms:
        raise DataError(f"{facts_dir} does not validate; the last good build is kept:\n" + "\n".join(map(str, report.violations)))

    from .reason import reason

    inferred = reason(kg.asserted, ontology, kg.namespace)
    graphs = {kg.graph_iri("asserted"): kg.asserted, kg.graph_iri("provenance"): kg.provenance, kg.graph_iri("inferred"): inferred}
    whole = Graph()
    for graph in graphs.values():
        whole += graph
    files = {
        "asserted.nq": _sorted_nquads({kg.graph_iri("asserted"): kg.asserted}),
        "provenance.nq": _sorted_nquads({kg.graph_iri("provenance"): kg.provenance}),
        "inferred.nq": _sorted_nquads({kg.graph_iri("inferred"): inferred}),
        "graph.nq": _sorted_nquads(graphs),
        "graph.trig": _trig(graphs),
        "graph.ttl": _turtle(whole, kg.namespace),
        "ontology.ttl": paths.ontology_file().read_text(encoding="utf-8"),
    }
    summary = counts(kg, inferred, ontology)
    manifest = {
        "generator": f"faction-kg {__version__}",
        "fingerprint": stamp,
        "corpus": checked,
        "dataset": kg.facts.dataset.get("id"),
        "namespace": str(kg.namespace),
        "graphs": {name: str(kg.graph_iri(name)) for name in ("asserted", "provenance", "inferred")},
        "counts": summary,
        "files": {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(files.items())},
    }
    _write(out, files, manifest)
    return BuildResult(out, False, summary, [str(w) for w in report.warnings], time.perf_counter() - started)

