"""Properties of the loader and the build on random facts folders (hypothesis).

The folders follow facts/README.md: a document, entities of several kinds with aliases
in any script, claims of relations that fit their ends, with quotes, gradings, dates,
stances and disputes. Whatever the loader accepts must validate; every build of it must
be byte for byte the same; and its exports must give back the very graph that was built.
"""

import hashlib
import tempfile
from pathlib import Path

import pyoxigraph as ox
import yaml
from hypothesis import given, reject
from hypothesis import strategies as st

import kg
from kg.errors import FactsError
from kg.exporter import export
from kg.loader import load
from kg.names import name_key
from kg.ontology import Ontology
from kg.validation import validate

ONTOLOGY = Ontology()
KINDS = {"actor": ["ArmedGroup", "Coalition", "Government"], "person": ["Person"], "place": ["City", "Region"],
         "event": ["Airstrike", "Clash"]}
RELATIONS = [  # relation, subject kind, object kind (None: a whole-number value)
    ("alliedWith", "actor", "actor"), ("opposes", "actor", "actor"), ("supports", "actor", "actor"),
    ("commands", "person", "actor"), ("spokespersonFor", "person", "actor"), ("memberOf", "person", "actor"),
    ("basedIn", "actor", "place"), ("locatedIn", "place", "place"), ("conducts", "actor", "event"),
    ("place", "event", "place"), ("fatalities", "event", None),
]
# Any character but surrogates and control characters: other scripts, combining marks, bidi controls, U+2028...
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(lambda s: s.strip())
QUOTE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=3, max_size=80).filter(lambda s: len(s.strip()) >= 3)
DATE = st.one_of(st.dates().map(str), st.dates().map(lambda d: str(d)[:7]), st.dates().map(lambda d: str(d)[:4]),
                 st.builds(lambda t: {"text": t}, TEXT))


def evidence():
    return st.fixed_dictionaries({"doc": st.just("report.txt"), "quote": QUOTE},
                                 optional={"grade": st.from_regex(r"\A[A-F][1-6]\Z"), "date": DATE})


@st.composite
def facts_folders(draw):
    """A facts folder as {file name: YAML data}."""
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=2, max_size=8))
    names = draw(st.lists(TEXT, min_size=len(kinds) * 2, max_size=len(kinds) * 2, unique_by=name_key))
    entities = []
    for i, kind in enumerate(kinds):
        entity = {"id": f"{kind}-{i}", "type": draw(st.sampled_from(KINDS[kind])), "label": names[2 * i]}
        if draw(st.booleans()):
            entity["aliases"] = [names[2 * i + 1]]
        if kind == "event":
            entity["evidence"] = draw(st.lists(evidence(), min_size=1, max_size=2))
            entity["date"] = draw(DATE)
        entities.append(entity)
    ids = {kind: [e["id"] for e in entities if e["id"].startswith(kind)] for kind in KINDS}
    claims = []
    for relation, subject, obj in draw(st.lists(st.sampled_from(RELATIONS), max_size=10)):
        if not ids[subject] or (obj and not ids[obj]):
            continue
        claim = {"subject": draw(st.sampled_from(ids[subject])), "relation": relation}
        if obj:
            claim["object"] = draw(st.sampled_from(ids[obj]))
            if claim["object"] == claim["subject"]:
                continue
        else:
            claim["value"] = draw(st.integers(0, 10_000))
        claim["stance"] = draw(st.sampled_from(["affirms", "denies"]))
        if draw(st.booleans()):
            claim["dispute"] = "which-side"
        if draw(st.booleans()):
            claim["start"] = draw(DATE)
        claim["evidence"] = draw(st.lists(evidence(), min_size=1, max_size=2))
        claims.append(claim)
    return {
        "dataset.yaml": {"id": "random", "title": "Random facts", "namespace": "https://example.org/random/"},
        "documents.yaml": {"documents": [{"file": "report.txt", "sha256": hashlib.sha256(b"report").hexdigest(), "reliability": "C"}]},
        "facts.yaml": {"entities": entities, "disputes": [{"id": "which-side", "label": draw(TEXT)}], "claims": claims},
    }


def write(folder, files):
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def loaded(folder):
    """The folder loaded, or the example rejected if the loader refuses it (the properties are about what it accepts)."""
    try:
        return load(folder, ONTOLOGY)
    except FactsError:
        reject()


@given(facts_folders())
def test_what_the_loader_accepts_validates(files):
    with tempfile.TemporaryDirectory() as tmp:
        graph = loaded(write(Path(tmp) / "facts", files))
        report = validate(graph, ONTOLOGY)
    assert report.conforms, [str(v) for v in report.violations]


def quads(data, fmt):
    return set(ox.parse(data, format=fmt))


@given(facts_folders())
def test_builds_are_byte_identical_and_exports_give_the_graph_back(files):
    with tempfile.TemporaryDirectory() as tmp:
        facts = write(Path(tmp) / "facts", files)
        loaded(facts)
        a, b = (kg.build(facts, out=Path(tmp) / name).out for name in ("a", "b"))
        for name in ("asserted.nq", "provenance.nq", "inferred.nq", "graph.nq", "graph.trig", "graph.ttl", "manifest.json"):
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
        built = quads((a / "graph.nq").read_bytes(), ox.RdfFormat.N_QUADS)
        assert quads(export(a, "nquads"), ox.RdfFormat.N_QUADS) == built
        assert quads(export(a, "trig"), ox.RdfFormat.TRIG) == built
        assert {q.triple for q in quads(export(a, "turtle"), ox.RdfFormat.TURTLE)} == {q.triple for q in built}
        store = ox.Store()  # re-imported into another store and exported again: the same bytes
        store.load(export(a, "nquads"), format=ox.RdfFormat.N_QUADS)
        again = ox.serialize(sorted(store, key=str), format=ox.RdfFormat.N_QUADS)
        assert again == export(a, "nquads")
