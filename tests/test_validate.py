"""SHACL and corpus checks catch real data faults and point back to the facts file and line."""

import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.loader import load
from kg.ontology import Ontology
from kg.validation import validate
from kg.vocab import FKG, PROV, RDF, TIME, XSD


@pytest.fixture(params=["sparql", "pyshacl"], autouse=True)
def engine(request, monkeypatch):
    """Every test runs with the compiled SPARQL validator and with pyshacl, the reference."""
    monkeypatch.setattr(sys.modules[__name__], "ENGINE", request.param)
    return request.param


ENGINE = "sparql"


def check(facts_dir, corpus=None, mutate=None):
    ontology = Ontology()
    graph = load(facts_dir, ontology)
    if mutate:
        mutate(graph)
    return validate(graph, ontology, corpus, engine=ENGINE)


def append(facts_dir, text):
    f = facts_dir / "facts.yaml"
    f.write_text(f.read_text() + text)
    return len(f.read_text().splitlines()) - text.count("\n") + 1


CLAIM = """  - subject: {s}
    relation: {r}
    object: {o}
    evidence:
      - doc: report.txt
        quote: {q}
"""


def test_the_fixture_is_clean(mini):
    report = check(*mini)
    assert report.findings == []


def test_commander_who_is_not_a_person(mini):
    line = append(mini[0], CLAIM.format(s="hill-army", r="commands", o="northern-front", q="The Hill Army opposes the Northern Front."))
    report = check(*mini)
    assert not report.conforms
    assert any(f.where == f"facts.yaml:{line}" and "commander must be a person" in f.message for f in report.violations)


def test_relation_with_wrong_ends(mini):
    line = append(mini[0], CLAIM.format(s="port-town", r="alliedWith", o="hill-army", q="The Hill Army opposes the Northern Front."))
    report = check(*mini)
    assert any(f.where == f"facts.yaml:{line}" for f in report.violations)


def test_denied_claims_are_checked_too(mini):
    line = append(mini[0], CLAIM.format(s="monday-strike", r="memberOf", o="hill-army", q="the Hill Army denied it.") + "    stance: denies\n")
    report = check(*mini)
    assert any(f.where == f"facts.yaml:{line}" for f in report.violations)


def test_allied_and_opposed_without_dispute_is_a_warning(mini):
    append(mini[0], CLAIM.format(s="hill-army", r="alliedWith", o="northern-front", q="The Hill Army opposes the Northern Front."))
    report = check(*mini)
    assert report.conforms
    assert any("allied" in f.message for f in report.warnings)


def test_quote_not_in_its_document(mini):
    f = mini[0] / "facts.yaml"
    f.write_text(f.read_text().replace("quote: The Hill Army opposes the Northern Front.", "quote: The Hill Army loves the Northern Front."))
    report = check(*mini)
    assert any("quote is not in report.txt" in v.message for v in report.violations)


def test_changed_document_is_caught_by_its_hash(mini):
    doc = mini[1] / "report.txt"
    doc.write_text(doc.read_text() + "An added line.\n")
    report = check(*mini)
    assert any("has changed" in v.message for v in report.violations)


def test_actor_without_label_or_type(mini):
    def mutate(g):
        g.asserted -= {t for t in g.asserted if t[:2] == (g.namespace["river-brigade"], SKOS.prefLabel)}
        g.asserted.add((g.namespace["ghost"], SKOS.prefLabel, Literal("Ghost")))

    report = check(*mini, mutate=mutate)
    messages = " ".join(v.message for v in report.violations)
    assert "preferred label" in messages and "needs a type" in messages


def test_claim_without_evidence_and_dangling_reference(mini):
    def mutate(g):
        [claim] = [s for s, p, o in g.provenance if p == RDF.predicate and o == FKG.opposes]
        g.provenance -= {t for t in g.provenance if t[0] == claim and t[1] in (PROV.wasDerivedFrom, RDF.object)}
        g.provenance.add((claim, RDF.object, g.namespace["nobody"]))

    report = check(*mini, mutate=mutate)
    messages = " ".join(v.message for v in report.violations)
    assert "needs evidence" in messages and "not defined" in messages


def test_impossible_date_literal(mini):
    def mutate(g):
        when = URIRef(str(g.namespace["monday-strike"]) + "/date")
        g.asserted.add((when, TIME.inXSDDate, Literal("2016-02-30", datatype=XSD.date)))

    report = check(*mini, mutate=mutate)
    assert any("calendar day" in v.message for v in report.violations)


def test_speculation_is_never_a_plain_triple(mini):
    append(mini[0], CLAIM.format(s="river-brigade", r="opposes", o="hill-army", q="The Hill Army opposes the Northern Front.") + "        grade: F4\n")
    graph = load(mini[0], Ontology())
    river, hill = graph.namespace["river-brigade"], graph.namespace["hill-army"]
    assert (river, FKG.opposes, hill) not in graph.asserted
    assert (river, FKG.opposes, hill) in graph.claimed


def test_too_many_values_and_several_faults_of_one_value_match_pyshacl(mini):
    """Counts over the maximum, and a value breaking two constraints at once (one query per property's values)."""
    def mutate(g):
        river = g.namespace["river-brigade"]
        g.asserted.add((river, SKOS.prefLabel, Literal("Second label", lang="en")))  # minCount 1, maxCount 1: too many
        when = URIRef(str(g.namespace["monday-strike"]) + "/date")
        g.asserted |= {(when, FKG.notBefore, Literal("2016-05-01", datatype=XSD.date)),
                       (when, FKG.notBefore, Literal("2016-05-02x", datatype=XSD.date))}  # maxCount only, and ill-formed
        [evidence] = sorted({s for s, p, o in g.provenance if p == FKG.credibility})[:1]
        g.provenance.add((evidence, FKG.quote, Literal("ok")))  # a second quote, and too short
        g.provenance.add((evidence, FKG.credibility, FKG.Affirmed))  # a second credibility, and not a grade

    ontology = Ontology()
    graph = load(mini[0], ontology)
    mutate(graph)
    fast, reference = validate(graph, ontology, engine="sparql"), validate(graph, ontology, engine="pyshacl")
    assert fast.findings == reference.findings
    messages = " ".join(v.message for v in fast.violations)
    for expected in ("exactly one preferred label", "not-before is not a valid calendar day", "one verbatim quote", "information credibility"):
        assert expected in messages
