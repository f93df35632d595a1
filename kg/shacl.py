"""SHACL compiled to SPARQL and run on Oxigraph: the shapes file stays the only source of the rules.

pyshacl walks the graph in Python and slows down where the graph grows; this compiles
each constraint of ``ontology/shapes.ttl`` into one SPARQL query that returns its
violations, and runs them on an in-memory Oxigraph store. It understands the SHACL
the shapes use (targets by class, subject, object and SPARQL; class, datatype,
cardinality, in, hasValue, node, pattern, minInclusive, length, nodeKind, or, lessThanOrEquals and
SPARQL constraints) and refuses any other, so that a new kind of rule cannot be
silently skipped. A test checks that it finds what pyshacl finds.
"""

import re
from dataclasses import dataclass

from rdflib import BNode, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from .errors import UsageError

LEXICAL = {  # what a well-formed literal of a datatype looks like
    XSD.date: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.string: r"",
    XSD.boolean: r"^(true|false|1|0)$",
}
CASTS = {XSD.date: "xsd:date"}  # datatypes whose casts also check the calendar (2016-02-30)
NODE_KEYS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.property, SH["class"], SH["or"],
              SH.message, SH.severity, SH.sparql, SH.nodeKind, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["in"],
              SH.hasValue, SH.node, SH.pattern, SH.minInclusive, SH.minLength, SH.maxLength, SH.lessThanOrEquals, SH.declare, SH.prefixes,
              SH.select, SH.prefix, SH.namespace, SH.deactivated}
PREAMBLE = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


@dataclass(frozen=True)
class Check:
    """One compiled constraint: its query (selecting ?this and maybe ?value), severity and message."""

    query: str
    severity: str
    message: str
    shape: object
    path: object = None


def _n3(term):
    return term.n3()


def _is_a(var, cls):
    """Membership of a class; ``run`` has added every type the subclass hierarchy implies."""
    return f"{var} rdf:type {_n3(cls)} ."


class Compiler:
    """Compiles a shapes graph into Checks."""

    def __init__(self, shapes):
        self.g = shapes
        for s, p, _ in shapes:
            if str(p).startswith(str(SH)) and p not in NODE_KEYS:
                raise UsageError(f"shapes.ttl uses {p.n3()}, which the SPARQL validator does not support yet")
        self.prefixes = "".join(
            f"PREFIX {self.g.value(d, SH.prefix)}: <{self.g.value(d, SH.namespace)}>\n"
            for d in sorted(self.g.objects(None, SH.declare), key=lambda d: str(self.g.value(d, SH.prefix))))

    def targets(self, shape):
        parts = [f"{{ {_is_a('?this', c)} }}" for c in self.g.objects(shape, SH.targetClass)]
        parts += [f"{{ ?this {_n3(p)} ?target_o . }}" for p in self.g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ ?target_s {_n3(p)} ?this . }}" for p in self.g.objects(shape, SH.targetObjectsOf)]
        for target in self.g.objects(shape, SH.target):
            select = str(self.g.value(target, SH.select))
            parts.append("{ " + select.split("WHERE", 1)[1].strip() + " }")
        return " UNION ".join(parts)

    def conforms(self, var, shape):
        """A SPARQL condition (for FILTER) that ``var`` conforms to a small shape: class, nodeKind, or property minCount."""
        conditions = []
        for cls in self.g.objects(shape, SH["class"]):
            conditions.append(f"EXISTS {{ {_is_a(var, cls)} }}")
        kind = self.g.value(shape, SH.nodeKind)
        if kind is not None:
            conditions.append({SH.Literal: f"isLiteral({var})", SH.IRI: f"isIRI({var})"}[kind])
        props = list(self.g.objects(shape, SH.property)) + ([shape] if (shape, SH.path, None) in self.g else [])
        for prop in props:
            path = self.g.value(prop, SH.path)
            if self.g.value(prop, SH.hasValue) is not None:
                conditions.append(f"EXISTS {{ {var} {_n3(path)} {_n3(self.g.value(prop, SH.hasValue))} }}")
            elif self.g.value(prop, SH.minCount) is not None:
                conditions.append(f"EXISTS {{ {var} {_n3(path)} ?any_{abs(hash(path)) % 10**6} }}")
        if not conditions:
            raise UsageError(f"the SPARQL validator cannot express the shape {shape.n3()}")
        return " && ".join(conditions)

    def value_checks(self, prop, var="?value"):
        """SPARQL conditions that a value violates, one per constraint of a property shape."""
        g, out = self.g, []
        for cls in g.objects(prop, SH["class"]):
            out.append(f"NOT EXISTS {{ {_is_a(var, cls)} }}")
        for datatype in g.objects(prop, SH.datatype):
            lexical = LEXICAL.get(datatype)
            if lexical is None:
                raise UsageError(f"the SPARQL validator does not know the datatype {datatype.n3()}")
            test = f"(!isLiteral({var}) || datatype({var}) != {_n3(datatype)}"
            if lexical:
                test += f" || !REGEX(STR({var}), {Literal(lexical).n3()})"
            if datatype in CASTS:  # a cast that fails (2016-02-30) falls through COALESCE
                test += f' || COALESCE({CASTS[datatype]}(STR({var})), "ill-formed") = "ill-formed"'
            out.append(test + ")")
        for values in g.objects(prop, SH["in"]):
            out.append(f"{var} NOT IN ({', '.join(_n3(v) for v in Collection(g, values))})")
        for shape in g.objects(prop, SH.node):
            out.append(f"!({self.conforms(var, shape)})")
        for pattern in g.objects(prop, SH.pattern):
            out.append(f"!REGEX(STR({var}), {Literal(str(pattern)).n3()})")
        for n in g.objects(prop, SH.minInclusive):
            out.append(f"!({var} >= {n.n3()})")
        for n in g.objects(prop, SH.minLength):
            out.append(f"STRLEN(STR({var})) < {int(n)}")
        for n in g.objects(prop, SH.maxLength):
            out.append(f"STRLEN(STR({var})) > {int(n)}")
        kind = g.value(prop, SH.nodeKind)
        if kind is not None:
            out.append({SH.IRI: f"!isIRI({var})", SH.Literal: f"!isLiteral({var})"}[kind])
        for members in g.objects(prop, SH["or"]):
            out.append("!(" + " || ".join(f"({self.conforms(var, m)})" for m in Collection(g, members)) + ")")
        return out

    def compile(self):
        """Every check of every shape with a target."""
        checks = []
        for shape in set(self.g.subjects(RDF.type, SH.NodeShape)):
            targets = self.targets(shape)
            if not targets:
                continue
            severity = "warning" if self.g.value(shape, SH.severity) == SH.Warning else "violation"
            message = str(self.g.value(shape, SH.message) or "does not conform")
            where = f"{self.prefixes}{PREAMBLE}SELECT DISTINCT ?this ?value WHERE {{ {targets} "
            for test in self.value_checks(shape, "?this"):
                checks.append(Check(f"{where} BIND(?this AS ?value) FILTER({test}) }}", severity, message, shape))
            for prop in self.g.objects(shape, SH.property):
                checks += self.property_checks(shape, prop, targets, severity)
            for constraint in self.g.objects(shape, SH.sparql):
                select = str(self.g.value(constraint, SH.select)).replace("$this", "?this")
                text = str(self.g.value(constraint, SH.message) or message)
                checks.append(Check(f"{self.prefixes}{PREAMBLE}SELECT * WHERE {{ {targets} {{ {select} }} }}", severity, text, shape))
        return checks

    def property_checks(self, shape, prop, targets, severity):
        g = self.g
        path = g.value(prop, SH.path)
        if isinstance(path, BNode):
            raise UsageError("the SPARQL validator supports only simple paths (an IRI)")
        message = str(g.value(prop, SH.message) or g.value(shape, SH.message) or "does not conform")
        head = f"{self.prefixes}{PREAMBLE}SELECT DISTINCT ?this ?value WHERE {{ {targets} "
        out = []
        for test in self.value_checks(prop):
            out.append(Check(f"{head} ?this {_n3(path)} ?value . FILTER({test}) }}", severity, message, shape, path))
        for n in g.objects(prop, SH.minCount):
            out.append(Check(f"{self.prefixes}{PREAMBLE}SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {_n3(path)} ?value }} }} "
                             f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {int(n)})", severity, message, shape, path))
        for n in g.objects(prop, SH.maxCount):
            out.append(Check(f"{self.prefixes}{PREAMBLE}SELECT ?this WHERE {{ {targets} ?this {_n3(path)} ?value }} "
                             f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {int(n)})", severity, message, shape, path))
        for value in g.objects(prop, SH.hasValue):
            out.append(Check(f"{head} FILTER NOT EXISTS {{ ?this {_n3(path)} {_n3(value)} }} }}", severity, message, shape, path))
        for other in g.objects(prop, SH.lessThanOrEquals):
            out.append(Check(f"{head} ?this {_n3(path)} ?value . ?this {_n3(other)} ?other . FILTER(!(?value <= ?other)) }}",
                             severity, message, shape, path))
        return out


def compile_shapes(shapes_graph):
    return Compiler(shapes_graph).compile()


def run(checks, store):
    """Run compiled checks on the union of an Oxigraph store's graphs; yield (check, focus, value, row) per violation.

    The store must hold, for every typed node, each superclass of its types (SHACL's
    rdf:type/rdfs:subClassOf*), made once rather than walked by every query.
    """
    for check in checks:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: solution[name] for name in names if solution[name] is not None}
            yield check, row["this"], row.get("value"), row


def message(text, row):
    """A SHACL message with its {?var} and {$this} placeholders filled from a result row."""
    def fill(m):
        term = row.get(m.group(1)) or row.get("this")
        return term.value if term is not None and hasattr(term, "value") else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", fill, text)


