"""The build on the real Derna facts, and its promises: deterministic, atomic, skipped when unchanged."""

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

import kg
from kg.corpus import normalise
from kg.errors import DataError
from kg.vocab import FKG, PROV

from .conftest import CORPUS

NS = "https://w3id.org/faction-kg/derna/"
ASSERTED, PROVENANCE, INFERRED = (URIRef(NS + "graph/" + g) for g in ("asserted", "provenance", "inferred"))


def snapshot(folder):
    """Every file under a folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def d(ident):
    return URIRef(NS + ident)


def test_build_summary_counts(derna_build):
    c = derna_build.counts
    assert not derna_build.skipped
    assert sum(c["entities"].values()) >= 100
    assert c["claims"] >= 150 and c["contested claims"] >= 12 and c["disputes"] >= 5
    assert c["inferred triples"] > 0 and c["documents"] == 5


@pytest.mark.parametrize("a,b", [("lna", "hor"), ("dmsc", "gnc"), ("gna", "pfg")])
def test_the_three_alliances_are_there_with_their_sources(derna_graphs, a, b):
    g = derna_graphs.graph(ASSERTED)
    p = derna_graphs.graph(PROVENANCE)
    alliance = d(f"alliance/{min(a, b)}--{max(a, b)}")
    assert (alliance, RDF.type, FKG.Alliance) in g
    assert {d(a), d(b)} == set(g.objects(alliance, FKG.party))
    claims = list(g.objects(alliance, FKG.restsOn))
    assert claims
    for claim in claims:
        for evidence in p.objects(claim, PROV.wasDerivedFrom):
            assert p.value(evidence, FKG.quote) and p.value(evidence, PROV.wasQuotedFrom)


def test_the_reverse_of_an_alliance_is_inferred(derna_graphs):
    asserted, inferred = derna_graphs.graph(ASSERTED), derna_graphs.graph(INFERRED)
    pairs = list(asserted.subject_objects(FKG.alliedWith))
    assert pairs
    for s, o in pairs:
        assert (o, FKG.alliedWith, s) in inferred or (o, FKG.alliedWith, s) in asserted


def test_inverse_roles_and_transitive_parts_are_inferred(derna_graphs):
    inferred = derna_graphs.graph(INFERRED)
    assert (d("pfg"), FKG.commandedBy, d("ibrahim-jodhran")) in inferred
    assert (d("lna"), FKG.commandedBy, d("khalifa-haftar")) in inferred
    assert (d("lna"), RDF.type, FKG.Actor) in inferred


@pytest.mark.parametrize("facts", ["facts/derna", "tests/fixtures/mini/facts"])
def test_the_fast_rules_infer_exactly_what_owlrl_infers(facts):
    from kg.loader import load
    from kg.ontology import Ontology
    from kg.reason import reason

    from .conftest import ROOT

    ontology = Ontology()
    graph = load(ROOT / facts, ontology)
    owlrl = reason(graph.asserted, ontology, graph.namespace, engine="owlrl")
    assert owlrl and reason(graph.asserted, ontology, graph.namespace) == owlrl


def test_the_sparql_validator_finds_what_pyshacl_finds_on_derna():
    from kg.loader import load
    from kg.ontology import Ontology
    from kg.validation import validate

    from .conftest import ROOT

    ontology = Ontology()
    graph = load(ROOT / "facts" / "derna", ontology)
    graph.claimed.add((graph.namespace["pfg"], FKG.commands, graph.namespace["lna"]))  # a commander who is no person
    fast, reference = validate(graph, ontology), validate(graph, ontology, engine="pyshacl")
    assert fast.findings and fast.findings == reference.findings


def test_operation_volcano_is_part_of_dignity(derna_graphs):
    assert (d("operation-volcano"), FKG.partOf, d("operation-dignity")) in derna_graphs.graph(ASSERTED)


def test_inferred_graph_has_no_axiomatic_noise(derna_graphs):
    inferred = derna_graphs.graph(INFERRED)
    assert not list(inferred.triples((None, OWL.sameAs, None)))
    assert not list(inferred.triples((None, RDF.type, RDFS.Resource)))
    assert not list(inferred.triples((None, RDF.type, OWL.Thing)))
    assert all(str(s).startswith(NS) for s in inferred.subjects())


@pytest.mark.parametrize("entity,names", [
    ("islamic-state", ["Daesh", "IS", "ISIS", "ISIL", "islamic state"]),
    ("ibrahim-jodhran", ["Jodhran", "Jathran", "Ibrahim Jathran"]),
    ("derna", ["Derna", "Darnah", "Darna"]),
    ("khalifa-haftar", ["Haftar", "Hefter", "Hiftar", "General Khalifa Haftar"]),
    ("dmsc", ["DMSC", "Derna Mujahideen Shura Council", "Shura Council of Derna Jihadists", "Derna Shura Council",
              "Shura Council of Mujahideen in Derna", "Shura Council of Jihadists of Derna", "Mujahideen Shura Council"]),
])
def test_names_resolve_to_their_entity(derna_graphs, entity, names):
    g = derna_graphs.graph(ASSERTED)
    for name in names:
        owners = set(g.subjects(FKG.nameKey, URIRef(name) and _key(name)))
        assert owners == {d(entity)}, name


def _key(name):
    from rdflib import Literal

    return Literal(" ".join(name.lower().split()))


def test_every_name_resolves_to_exactly_one_entity(derna_graphs):
    g = derna_graphs.graph(ASSERTED)
    owners = {}
    for s, key in g.subject_objects(FKG.nameKey):
        owners.setdefault(str(key), set()).add(s)
    assert len(owners) > 200
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_every_quote_is_verbatim_in_the_document_it_cites(derna_graphs):
    p = derna_graphs.graph(PROVENANCE)
    texts = {}
    quotes = list(p.subject_objects(FKG.quote))
    assert len(quotes) > 200
    for evidence, quote in quotes:
        doc = p.value(evidence, PROV.wasQuotedFrom)
        name = str(p.value(doc, FKG.fileName))
        if name not in texts:
            texts[name] = normalise((CORPUS / name).read_text(encoding="utf-8"))
        assert normalise(str(quote)) in texts[name], (name, str(quote))
        assert len(str(quote)) <= 400 and not re.search(r"[.!?]\s+[A-Z].*[.!?]\s+[A-Z]", str(quote))


def test_every_contested_point_has_two_sides(derna_graphs):
    p = derna_graphs.graph(PROVENANCE)
    disputes = set(p.subjects(RDF.type, FKG.Dispute))
    assert len(disputes) >= 5
    for dispute in disputes:
        claims = list(p.subjects(FKG.dispute, dispute))
        sides = {(p.value(c, RDF.object), p.value(c, FKG.stance), p.value(c, RDF.predicate)) for c in claims}
        claimants = {p.value(e, FKG.claimant) for c in claims for e in p.objects(c, PROV.wasDerivedFrom)}
        assert len(sides) >= 2 and len(claimants) >= 2, dispute
        for claim in claims:
            assert (p.value(claim, RDF.subject), p.value(claim, RDF.predicate), p.value(claim, RDF.object)) not in derna_graphs.graph(ASSERTED)


def test_disputed_claims_are_never_plain_triples(derna_graphs):
    p, asserted = derna_graphs.graph(PROVENANCE), derna_graphs.graph(ASSERTED)
    for claim in p.subjects(RDF.type, FKG.Claim):
        triple = (p.value(claim, RDF.subject), p.value(claim, RDF.predicate), p.value(claim, RDF.object))
        plain = str(p.value(claim, FKG.asserted)) == "true"
        has_dispute = p.value(claim, FKG.dispute) is not None
        if has_dispute or p.value(claim, FKG.stance) == FKG.Denied:
            assert not plain
        if plain:
            assert triple in asserted


def test_a_rebuild_is_byte_identical(mini, tmp_path):
    a = kg.build(mini[0], out=tmp_path / "a", corpus=mini[1])
    b = kg.build(mini[0], out=tmp_path / "b", corpus=mini[1])
    names = sorted(p.name for p in a.out.iterdir() if p.is_file())  # store/ is a database, not a text artifact
    assert "graph.trig" in names and "graph.ttl" in names and (a.out / "store").is_dir()
    for name in names:
        assert (a.out / name).read_bytes() == (b.out / name).read_bytes(), name


def test_nothing_is_redone_when_nothing_changed(mini, tmp_path):
    out = tmp_path / "build"
    assert not kg.build(mini[0], out=out, corpus=mini[1]).skipped
    assert kg.build(mini[0], out=out, corpus=mini[1]).skipped
    (mini[0] / "facts.yaml").write_text((mini[0] / "facts.yaml").read_text().replace("Port Town\n", "Port City\n", 1))
    assert not kg.build(mini[0], out=out, corpus=mini[1]).skipped


@pytest.mark.parametrize("breakage", [
    ("label: Hill Army", "label: [Hill Army"),  # the facts do not load
    ("object: northern-front\n    evidence:\n      - doc: report.txt\n        quote: Colonel",
     "object: port-town\n    evidence:\n      - doc: report.txt\n        quote: Colonel"),  # they do not validate
])
def test_a_failed_build_keeps_the_previous_one(mini, tmp_path, breakage):
    out = tmp_path / "build"
    kg.build(mini[0], out=out, corpus=mini[1])
    before = snapshot(out)
    f = mini[0] / "facts.yaml"
    f.write_text(f.read_text().replace(*breakage))
    with pytest.raises(DataError) as err:
        kg.build(mini[0], out=out, corpus=mini[1])
    assert "facts.yaml:" in str(err.value)
    assert snapshot(out) == before


def test_another_rdf_engine_loads_every_artifact_as_is(derna_build):
    """Oxigraph, a different parser, reads the same quads from N-Quads, TriG and Turtle."""
    import pyoxigraph

    out = derna_build.out
    nq = set(pyoxigraph.parse(path=str(out / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS))
    trig = set(pyoxigraph.parse(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    ttl = set(pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert nq == trig and len(nq) > 8000
    assert {(q.subject, q.predicate, q.object) for q in nq} == {(t.subject, t.predicate, t.object) for t in ttl}
    graphs = {q.graph_name.value for q in nq}
    assert graphs == {str(g) for g in (ASSERTED, PROVENANCE, INFERRED)}
