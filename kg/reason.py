"""OWL 2 RL reasoning: what the ontology implies, kept in a graph of its own.

Two engines give the same answer: the rules compiled from the ontology (``rules``,
the default, fast) and owlrl's full closure of a copy of the ontology and the
asserted graph (``owlrl``, the reference). Only the entailments about the data set's
own nodes are kept; the closure's axiomatic noise (reflexive sameAs, every node typed
rdfs:Resource or owl:Thing, facts about the vocabularies themselves) is not published.
"""

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import DataError

BUILTIN = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#")


def _kept(triple, namespace):
    s, p, o = triple
    if not isinstance(s, URIRef) or not str(s).startswith(namespace):
        return False
    if p == RDF.type:
        return isinstance(o, URIRef) and not str(o).startswith(BUILTIN)
    return not str(p).startswith(BUILTIN)


def reason(asserted, ontology, namespace, engine="rules"):
    """The triples OWL 2 RL entails about the data set's nodes that are not asserted."""
    if engine == "owlrl":
        return _owlrl(asserted, ontology, namespace)
    from .rules import Rules

    return {t for t in Rules(ontology.graph).run(asserted) if _kept(t, str(namespace))}


def _owlrl(asserted, ontology, namespace):
    import owlrl

    closure = Graph()
    closure += ontology.graph
    for triple in asserted:
        closure.add(triple)
    engine = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False)
    engine.expand(closure)
    errors = [str(m) for m in closure.objects(None, owlrl.Namespaces.ERRNS.error)]
    if errors:
        raise DataError("the graph is inconsistent with the ontology: " + "; ".join(sorted(errors)[:5]))
    return {t for t in closure if t not in asserted and t not in ontology.graph and _kept(t, str(namespace))}
