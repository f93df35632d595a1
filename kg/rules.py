"""The OWL 2 RL rules the ontology needs, compiled from its axioms and run to a fixpoint.

owlrl computes the whole OWL 2 RL closure and is the reference; these rules compute
the part of it the graph keeps, a hundred times faster. The rules are read from the
ontology, never written per property: subclass and subproperty (cax-sco, prp-spo1),
domain and range (prp-dom, prp-rng), inverse (prp-inv), symmetric (prp-symp),
transitive (prp-trp) and two-step property chains (prp-spo2); disjoint classes
(cax-dw) make the graph inconsistent. A test checks that on the Derna graph they
infer exactly what owlrl infers.
"""

from collections import defaultdict

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from .errors import DataError
from .vocab import RDF, plain

TYPE = plain(RDF).type


def _closure(pairs):
    """Map each key to everything reachable from it (not itself)."""
    direct = defaultdict(set)
    for a, b in pairs:
        if a != b:
            direct[a].add(b)
    reach = {}
    for start in list(direct):
        seen, todo = set(), list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        reach[start] = seen
    return reach


class Rules:
    """The rules an ontology implies."""

    def __init__(self, ontology_graph):
        g = ontology_graph
        self.supers = _closure(g.subject_objects(RDFS.subClassOf))
        self.superprops = _closure(g.subject_objects(RDFS.subPropertyOf))
        self.inverse = defaultdict(set)
        for p, q in g.subject_objects(OWL.inverseOf):
            self.inverse[p].add(q)
            self.inverse[q].add(p)
        self.symmetric = set(g.subjects(TYPE, OWL.SymmetricProperty))
        self.transitive = set(g.subjects(TYPE, OWL.TransitiveProperty))
        self.domain = defaultdict(set)
        self.range = defaultdict(set)
        for p, c in g.subject_objects(RDFS.domain):
            self.domain[p].add(c)
        for p, c in g.subject_objects(RDFS.range):
            self.range[p].add(c)
        self.chains = []
        for p, head in g.subject_objects(OWL.propertyChainAxiom):
            steps = list(Collection(g, head))
            if len(steps) != 2:
                raise DataError(f"property chain of {p} has {len(steps)} steps; the rules support two")
            self.chains.append((steps[0], steps[1], p))
        self.disjoint = set()
        for a, b in g.subject_objects(OWL.disjointWith):
            self.disjoint |= {(a, b), (b, a)}
        for node in g.subjects(TYPE, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(node, OWL.members)))
            self.disjoint |= {(a, b) for a in members for b in members if a != b}

    def consequences(self, triple):
        """What one triple implies by itself, without joins."""
        s, p, o = triple
        if p == TYPE:
            for c in self.supers.get(o, ()):
                yield s, TYPE, c
            return
        for q in self.superprops.get(p, ()):
            yield s, q, o
        for c in self.domain.get(p, ()):
            yield s, TYPE, c
        if isinstance(o, URIRef):
            for c in self.range.get(p, ()):
                yield o, TYPE, c
            for q in self.inverse.get(p, ()):
                yield o, q, s
            if p in self.symmetric:
                yield o, p, s

    def run(self, triples):
        """Every triple the rules derive from ``triples``, asserted ones excluded."""
        known = set(triples)
        by_subject, by_object = defaultdict(set), defaultdict(set)  # (p, s) -> objects, (p, o) -> subjects
        joined = self.transitive | {c[0] for c in self.chains} | {c[1] for c in self.chains}

        def index(t):
            if t[1] in joined:
                by_subject[t[1], t[0]].add(t[2])
                by_object[t[1], t[2]].add(t[0])

        for t in known:
            index(t)
        todo = list(known)
        while todo:
            new = []
            for t in todo:
                s, p, o = t
                derived = list(self.consequences(t))
                if p in self.transitive:
                    derived += [(s, p, z) for z in by_subject[p, o]] + [(x, p, o) for x in by_object[p, s]]
                for first, second, result in self.chains:
                    if p == first:
                        derived += [(s, result, z) for z in by_subject[second, o]]
                    if p == second:
                        derived += [(x, result, o) for x in by_object[first, s]]
                for d in derived:
                    if d not in known:
                        known.add(d)
                        index(d)
                        new.append(d)
            todo = new
        self.check(known)
        return known - set(triples)

    def check(self, triples):
        """Raise DataError if a node has two disjoint classes."""
        types = defaultdict(set)
        for s, p, o in triples:
            if p == TYPE:
                types[s].add(o)
        for node, classes in types.items():
            for a in classes:
                for b in classes:
                    if (a, b) in self.disjoint:
                        raise DataError(f"the graph is inconsistent with the ontology: {node} is both {a} and {b}")
