"""Validate the RDF of the facts with the SHACL shapes, and the quotes with the corpus."""

import collections
import functools
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH, XSD

from . import paths
from .corpus import check_corpus
from .loader import graph
from .vocab import FKG


@dataclass(frozen=True)
class Finding:
    """One result of validation, pointing back to the facts file and line."""

    severity: str  # "violation" or "warning"
    where: str
    message: str
    focus: str = ""

    def __str__(self):
        focus = f" [{self.focus}]" if self.focus else ""
        return f"{self.where}: {self.severity}: {self.message}{focus}"


@dataclass
class Report:
    findings: list

    @property
    def violations(self):
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self):
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def conforms(self):
        return not self.violations


def shacl(kg, ontology, engine="sparql"):
    """SHACL findings on the asserted and provenance graphs and every claim's triple, with the ontology.

    ``sparql`` compiles the shapes to SPARQL and runs them on Oxigraph; ``pyshacl`` is the reference.
    """
    shapes = Graph().parse(paths.shapes_file(), format="turtle")
    names = Graph()
    names.bind("d", kg.namespace)
    names.bind("fkg", FKG)
    results = _pyshacl(kg, ontology, shapes) if engine == "pyshacl" else _sparql(kg, ontology, shapes)
    places = _Places(kg, shapes)
    findings = []
    for severity, focus, path, value, message, shape in results:
        if value is not None and value != focus:
            message += f": {value.n3(names.namespace_manager)}"
        findings.append(Finding(severity, places.of(shape, path, focus, value), message, focus.n3(names.namespace_manager)))
    return findings


class _Places:
    """Where the node or claim behind a finding was written; indexed on the first finding (most builds have none)."""

    def __init__(self, kg, shapes):
        self.kg, self.shapes = kg, shapes

    @functools.cached_property
    def by_iri(self):
        return {str(i): w for i, w in self.kg.locations.items()}

    @functools.cached_property
    def by_subject(self):
        """Subject -> its claimed triples, each with where it was written."""
        index = collections.defaultdict(list)
        for item in self.kg.triple_locations.items():
            index[item[0][0]].append(item)
        return index

    def of(self, shape, path, focus, value):
        return _claim_location(self.kg, self.by_subject, self.shapes, shape, path, focus, value) or _locate(self.by_iri, self.kg, focus)


def _pyshacl(kg, ontology, shapes):
    from pyshacl import validate

    data = graph(kg.asserted, kg.provenance, kg.claimed)
    data += ontology.graph
    _, results, _ = validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    for result in results.subjects(SH.focusNode, None):
        yield ("warning" if results.value(result, SH.resultSeverity) == SH.Warning else "violation",
               results.value(result, SH.focusNode), results.value(result, SH.resultPath), results.value(result, SH.value),
               str(results.value(result, SH.resultMessage) or "does not conform"), results.value(result, SH.sourceShape))


def _sparql(kg, ontology, shapes):
    from . import shacl as compiled

    store = validation_store(kg, ontology)
    for check, focus, value, row in compiled.run(compiled.compile_shapes(shapes), store):
        yield (check.severity, _rdflib(focus), check.path, _rdflib(value) if value is not None else None,
               compiled.message(check.message, row), check.shape)


def validation_store(kg, ontology):
    """An in-memory Oxigraph store with what validation reads.

    The asserted and provenance graphs go in their own graphs (the very N-Triples the build
    loads into its database); every claim's triple and the ontology in a graph of their
    own, with the types the subclass hierarchy implies for every typed node (SHACL's
    rdf:type/rdfs:subClassOf*, added once by one update rather than walked by every
    check). Every IRI is made of the namespace, checked to be an IRI, and checked ids, so
    the parser need not check each.
    """
    import pyoxigraph as ox

    from .ntriples import sorted_ntriples
    from .rules import Rules

    store = ox.Store()
    extra = sorted_ntriples((kg.claimed - kg.asserted) | set(ontology.graph))
    for name, ntriples in (("asserted", kg.ntriples("asserted")), ("provenance", kg.ntriples("provenance")), ("validation", extra)):
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(kg.graph_iri(name))), lenient=True)
    pairs = " ".join(f"({c.n3()} {s.n3()})" for c, supers in Rules(ontology.graph).supers.items() for s in supers)
    store.update(f"INSERT {{ GRAPH {kg.graph_iri('validation').n3()} {{ ?node a ?super }} }} "
                 f"WHERE {{ GRAPH ?g {{ ?node a ?class }} VALUES (?class ?super) {{ {pairs} }} }}")
    return store


def _rdflib(term):
    """An Oxigraph term as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "BlankNode":
        return BNode(term.value)
    plain = term.language or term.datatype.value == str(XSD.string)  # rdflib, as the loader writes them: "x", not "x"^^xsd:string
    return Literal(term.value, lang=term.language, datatype=None if plain else URIRef(term.datatype.value))


def _claim_location(kg, by_subject, shapes, shape, path, focus, value):
    """Where the claim behind a relation-end violation was written, if one is (the first in triple order)."""
    if path is not None and value is not None:
        return kg.triple_locations.get((focus, path, value))
    targets = set(shapes.objects(shape, SH.targetSubjectsOf)) if shape is not None else set()
    found = [item for item in by_subject.get(focus, ()) if item[0][1] in targets]
    return min(found)[1] if found else None


def _locate(by_iri, kg, node):
    text, base = str(node), str(kg.namespace)
    while text.startswith(base):
        if text in by_iri:
            return by_iri[text]
        if "/" not in text[len(base):]:
            break
        text = text.rsplit("/", 1)[0]
    return "(generated)"


def validate(kg, ontology, corpus=None, engine="sparql"):
    """Validate a loaded graph: SHACL always, quotes and hashes when a corpus folder is given."""
    findings = shacl(kg, ontology, engine)
    if corpus is not None:
        findings += [Finding("violation", p.where, p.message + (f" ({p.fix})" if p.fix else "")) for p in check_corpus(kg.facts, corpus)]
    return Report(sorted(set(findings), key=lambda f: (f.severity, f.where, f.message)))
