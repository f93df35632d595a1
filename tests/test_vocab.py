"""The Python vocabulary and the ontology agree, and the ontology says what the reasoner needs."""

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import paths
from kg.vocab import FKG


def ontology():
    return Graph().parse(paths.ontology_file())


def test_vocab_module_lists_exactly_the_ontology_terms():
    g = ontology()
    declared = {str(s)[len(str(FKG)):] for s in g.subjects() if str(s).startswith(str(FKG))}
    assert declared == set(FKG.__annotations__)


def test_every_class_and_property_has_a_label_and_a_definition():
    g = ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(FKG))}
    assert len(terms) > 80
    missing = [t for t in terms if g.value(t, RDFS.label) is None or g.value(t, SKOS.definition) is None]
    assert missing == []


def test_characteristics_the_reasoner_needs():
    g = ontology()
    assert (FKG.alliedWith, RDF.type, OWL.SymmetricProperty) in g
    assert (FKG.alliedWith, RDF.type, OWL.TransitiveProperty) not in g
    assert (FKG.commands, OWL.inverseOf, FKG.commandedBy) in g
    assert (FKG.partOf, RDF.type, OWL.TransitiveProperty) in g
    assert (FKG.subOrganizationOf, RDFS.subPropertyOf, None) in g
    # alliances change and sources disagree: alliance and opposition are never disjoint
    assert (FKG.alliedWith, OWL.propertyDisjointWith, FKG.opposes) not in g
    assert (FKG.opposes, OWL.propertyDisjointWith, FKG.alliedWith) not in g


def test_claimable_relations_are_the_documented_ones():
    g = ontology()
    claimable = {str(s)[len(str(FKG)):] for s in g.subjects(FKG.claimable, Literal(True))}
    readme = (paths.resource("facts") / "README.md").read_text()
    for name in claimable:
        assert f"`{name}`" in readme, f"{name} is not documented in facts/README.md"


def test_shapes_parse_and_use_only_declared_terms():
    shapes = Graph().parse(paths.shapes_file())
    declared = set(FKG.__annotations__)
    used = {str(t)[len(str(FKG)):] for triple in shapes for t in triple if str(t).startswith(str(FKG)) and str(t) != str(FKG)}
    assert used <= declared, used - declared
