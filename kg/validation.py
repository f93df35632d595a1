"""Validate the RDF of the facts with the SHACL shapes, and the quotes with the corpus."""

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from . import paths
from .corpus import check_corpus
from .loader import graph


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


def shacl(kg, ontology):
    """SHACL findings on the ontology, the asserted and provenance graphs, and every claim's triple."""
    from pyshacl import validate

    data = graph(kg.asserted, kg.provenance, kg.claimed)
    data += ontology.graph
    data.bind("d", kg.namespace)
    shapes = Graph().parse(paths.shapes_file(), format="turtle")
    _, results, _ = validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    by_iri = {str(i): w for i, w in kg.locations.items()}
    findings = []
    for result in results.subjects(SH.focusNode, None):
        focus = results.value(result, SH.focusNode)
        severity = "warning" if results.value(result, SH.resultSeverity) == SH.Warning else "violation"
        message = str(results.value(result, SH.resultMessage) or "does not conform")
        value = results.value(result, SH.value)
        if value is not None and str(value) != str(focus):
            message += f": {value.n3(data.namespace_manager)}"
        where = _claim_location(kg, shapes, results, result, focus, value) or _locate(by_iri, kg, focus)
        findings.append(Finding(severity, where, message, focus.n3(data.namespace_manager)))
    return findings


def _claim_location(kg, shapes, results, result, focus, value):
    """Where the claim behind a relation-end violation was written, if one is."""
    path = results.value(result, SH.resultPath)
    shape = results.value(result, SH.sourceShape)
    if path is not None and value is not None:
        return kg.triple_locations.get((focus, path, value))
    targets = set(shapes.objects(shape, SH.targetSubjectsOf)) if shape is not None else set()
    for (s, p, _), where in sorted(kg.triple_locations.items()):
        if s == focus and p in targets:
            return where
    return None


def _locate(by_iri, kg, node):
    text, base = str(node), str(kg.namespace)
    while text.startswith(base):
        if text in by_iri:
            return by_iri[text]
        if "/" not in text[len(base):]:
            break
        text = text.rsplit("/", 1)[0]
    return "(generated)"


def validate(kg, ontology, corpus=None):
    """Validate a loaded graph: SHACL always, quotes and hashes when a corpus folder is given."""
    findings = shacl(kg, ontology)
    if corpus is not None:
        findings += [Finding("violation", p.where, p.message + (f" ({p.fix})" if p.fix else "")) for p in check_corpus(kg.facts, corpus)]
    return Report(sorted(set(findings), key=lambda f: (f.severity, f.where, f.message)))
