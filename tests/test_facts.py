"""Broken facts files give one readable problem naming the file, the line and the fix."""

import pytest

from kg.errors import FactsError
from kg.facts import read_facts
from kg.ontology import Ontology


def problems(facts_dir):
    with pytest.raises(FactsError) as err:
        read_facts(facts_dir, Ontology())
    return [str(p) for p in err.value.problems]


def edit(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_fixture_reads(mini):
    facts = read_facts(mini[0], Ontology())
    assert len(facts.claims) == 6 and "amber-vale" in facts.entities


def test_malformed_yaml_names_file_and_line(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "    label: River Brigade", "    label: [River Brigade")
    [p] = problems(mini[0])
    assert p.startswith("facts.yaml:") and "YAML syntax" in p


def test_unknown_key_suggests_the_right_one(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "    relation: opposes", "    relashun: opposes\n    relation: opposes")
    [p] = problems(mini[0])
    assert p.startswith(f"facts.yaml:{line_of(f, 'relashun')}:") and "'relation'" in p


def test_unknown_identifier_names_line_and_closest(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "    object: northern-front\n    evidence:\n      - doc: report.txt\n        quote: Colonel", "    object: northern-frnt\n    evidence:\n      - doc: report.txt\n        quote: Colonel")
    [p] = problems(mini[0])
    assert "unknown object 'northern-frnt'" in p and "northern-front" in p
    assert p.startswith(f"facts.yaml:{line_of(f, 'subject: amber-vale')}:")


@pytest.mark.parametrize("bad", ["2014-05-00", "2016-02-30", "2014-13"])
def test_impossible_dates_are_errors(mini, bad):
    f = mini[0] / "facts.yaml"
    edit(f, "date: {text: Monday}", f'date: "{bad}"')
    [p] = problems(mini[0])
    assert p.startswith(f"facts.yaml:{line_of(f, bad)}:") and bad in p


def test_a_name_shared_by_two_entities(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "    label: Hill Army", "    label: Hill Army\n    aliases: [Northern Front]")
    [p] = problems(mini[0])
    assert "'Northern Front' is also a name of" in p


def test_wrong_type_suggests_the_closest(mini):
    edit(mini[0] / "facts.yaml", "type: Person", "type: Persn")
    [p] = problems(mini[0])
    assert "unknown type 'Persn'" in p and "'Person'" in p


def test_claim_without_evidence(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "    evidence:\n      - doc: report.txt\n        quote: The Hill Army opposes", "    note: no source\n    old:\n      - doc: report.txt\n        quote: The Hill Army opposes")
    found = problems(mini[0])
    assert any("no evidence" in p for p in found)


def test_unknown_document(mini):
    edit(mini[0] / "facts.yaml", "      - doc: report.txt\n        quote: The Hill Army", "      - doc: nowhere.txt\n        quote: The Hill Army")
    [p] = problems(mini[0])
    assert "unknown document 'nowhere.txt'" in p


def test_non_utf8_bytes_name_the_line(mini):
    f = mini[0] / "facts.yaml"
    data = f.read_bytes().replace(b"Port Town\n", b"Port T\xe9wn\n", 1)
    f.write_bytes(data)
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    [p] = problems(mini[0])
    assert p.startswith(f"facts.yaml:{line}:") and "not UTF-8" in p


def test_duplicate_key_in_a_mapping(mini):
    edit(mini[0] / "facts.yaml", "    label: River Brigade", "    label: River Brigade\n    label: River Force")
    [p] = problems(mini[0])
    assert "duplicate key 'label'" in p


def test_count_must_be_a_whole_number(mini):
    edit(mini[0] / "facts.yaml", "value: 3", "value: three")
    [p] = problems(mini[0])
    assert "whole number" in p


def test_same_claim_twice_pools_its_evidence(mini):
    f = mini[0] / "facts.yaml"
    f.write_text(f.read_text() + """  - subject: northern-front
    relation: alliedWith
    object: river-brigade
    evidence:
      - doc: report.txt
        quote: a spokesman said
        claimant: northern-front
""")
    facts = read_facts(mini[0], Ontology())
    [alliance] = [c for c in facts.claims if c.relation == "alliedWith"]
    assert len(alliance.evidence) == 2 and (alliance.subject, alliance.object) == ("northern-front", "river-brigade")


def test_every_fault_is_reported_at_once(mini):
    f = mini[0] / "facts.yaml"
    edit(f, "type: Person", "type: Persn")
    edit(f, "relation: opposes", "relation: opposez")
    assert len(problems(mini[0])) == 2


def test_identifiers_elsewhere_are_checked_and_become_exact_matches(mini):
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from kg.loader import load
    from kg.ontology import Ontology
    from kg.vocab import FKG

    facts_dir, _ = mini
    path = facts_dir / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: ", text.index("entities:"))
    line_end = text.index("\n", first)
    good = text[:line_end] + "\n    identifiers: {wikidata: Q1016, acled: Some Name, ucdp: 42}" + text[line_end:]
    path.write_text(good, encoding="utf-8")
    kg_ = load(facts_dir, Ontology())
    ident = text[first + len("  - id: "):line_end].strip()
    node = kg_.namespace[ident]
    assert (node, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q1016")) in kg_.asserted
    notations = {(o.datatype, str(o)) for s, p, o in kg_.asserted if s == node and p == SKOS.notation}
    assert notations == {(FKG.ACLEDActorName, "Some Name"), (FKG.UCDPActorId, "42")}
    line = text[:line_end].count("\n") + 2
    path.write_text(text[:line_end] + "\n    identifiers: {wikidata: 1016, ucdp: x, gnd: 1}" + text[line_end:], encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        load(facts_dir, Ontology())
    shown = str(caught.value)
    assert f"facts.yaml:{line}: wikidata identifier 1016 is not a QID" in shown
    assert "UCDP actor id 'x' is not a whole number" in shown and "unknown identifier scheme 'gnd'" in shown


TRICKY_YAML = [
    "a: &x [1, 2]\nb: *x\n",  # an alias: PyYAML's own constructor builds the document
    "base: &base {k: 1}\nmerged:\n  <<: *base\n  l: 2\n",  # a merge key
    "c: !!bool yes\nd: !!int '12'\ne: !!str 12\n",  # explicit tags on scalars
    "f: !!set {a, b}\n",  # and on a collection: PyYAML's own constructor again
    "a: ''\nb: null\nc: 'null'\nd: '-'\ne: +1\nf: '12'\ng: 12\nh: ~\ni:\nj: [~, '', 0, -0, +0, 007, yes, 2016-02-01]\n",
    "- subject: x\n  evidence:\n    - doc: a.txt\n      quote: |\n        two\n        lines\n",
]


@pytest.mark.parametrize("text", TRICKY_YAML)
def test_the_fast_yaml_reader_builds_what_pyyaml_builds(text):
    import yaml

    from kg import facts

    class Reference(facts._Loader):
        resolve = yaml.resolver.BaseResolver.resolve  # PyYAML's general resolver

    def shape(value):  # values with the line of each mapping and key
        if isinstance(value, facts.Node):
            return ("map", value.line, value.key_lines, {k: shape(v) for k, v in value.items()})
        if isinstance(value, list):
            return [shape(v) for v in value]
        return (type(value).__name__, value)

    assert shape(facts._load(text)) == shape(yaml.load(text, Loader=Reference))  # noqa: S506 - a SafeLoader subclass


@pytest.mark.parametrize("namespace", ["https://example.org/mi{ni/", "https://example.org/a b/", "example.org/mini/", "https://example.org/mini"])
def test_a_namespace_that_no_iri_could_start_with_is_refused(mini, namespace):
    f = mini[0] / "dataset.yaml"
    edit(f, "namespace: https://example.org/mini/", f"namespace: '{namespace}'")
    [p] = problems(mini[0])
    assert p.startswith(f"dataset.yaml:{line_of(f, 'namespace:')}: namespace must be an http(s) IRI")
