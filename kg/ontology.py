"""What the ontology allows in the facts: entity types and claimable relations."""

from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from . import paths
from .vocab import FKG

ENTITY_ROOTS = (FKG.Actor, FKG.Place, FKG.Event)


@dataclass(frozen=True)
class Relation:
    """A claimable property: its IRI, whether it takes an entity or a literal, and its datatype."""

    name: str
    iri: object
    literal: bool
    datatype: object = None
    symmetric: bool = False


class Ontology:
    """The parsed ontology, with the look-ups the loader needs."""

    def __init__(self, path=None):
        self.path = path or paths.ontology_file()
        self.graph = Graph().parse(self.path, format="turtle")

    def local(self, iri):
        return str(iri)[len(str(FKG)):]

    @cached_property
    def entity_types(self):
        """Local class name -> (class IRI, root class) for every class under Actor, Place or Event."""
        types = {}
        for root in ENTITY_ROOTS:
            for cls in self.graph.transitive_subjects(RDFS.subClassOf, root):
                if str(cls).startswith(str(FKG)):
                    types[self.local(cls)] = (cls, root)
        return types

    @cached_property
    def relations(self):
        """Relation name -> Relation for every property marked fkg:claimable."""
        found = {}
        for prop in self.graph.subjects(FKG.claimable, Literal(True)):
            literal = (prop, RDF.type, OWL.DatatypeProperty) in self.graph
            found[self.local(prop)] = Relation(
                name=self.local(prop),
                iri=prop,
                literal=literal,
                datatype=self.graph.value(prop, RDFS.range) if literal else None,
                symmetric=(prop, RDF.type, OWL.SymmetricProperty) in self.graph,
            )
        return found
