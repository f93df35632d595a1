"""SHACL compiled to SPARQL and run on Oxigraph: the shapes file stays the only source of the rules.

pyshacl walks the graph in Python and slows down where the graph grows; this compiles
the constraints of ``ontology/shapes.ttl`` into SPARQL queries that return their
violations, and runs them on an in-memory Oxigraph store. Each property (and each
shape's own node) costs at most a pass over its values and a pass over its counts:
the value constraints of a property are one query whose filter joins them with ||,
its minCount and maxCount another, so the time grows with the graph, not with the
number of constraints on a property. It understands the SHACL
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
            tests = self.value_checks(shape, "?this")
            if tests:
                checks.append(Check(f"{where} BIND(?this AS ?value) FILTER({_any(tests)}) }}", severity, message, shape))
            for prop in self.g.objects(shape, SH.property):
                checks += self.property_checks(shape, prop, targets, severity)
            for constraint in self.g.objects(shape, SH.sparql):
                select = str(self.g.value(constraint, SH.select)).replace("$this", "?this")
                text = str(self.g.value(constraint, SH.message) or message)
                checks.append(Check(f"{self.prefixes}{PREAMBLE}SELECT * WHERE {{ {targets} {{ {select} }} }}", severity, text, shape))
        return checks

    def cardinality(self, prop, path, targets):
        """One query for the minCount and maxCount of a property: the nodes with too few or too many values."""
        low, high = [int(n) for n in self.g.objects(prop, SH.minCount)], [int(n) for n in self.g.objects(prop, SH.maxCount)]
        if not low and not high:
            return None
        head = f"{self.prefixes}{PREAMBLE}SELECT"
        if low == [1] and not high:  # the common "at least one": a plain absence, no grouping
            return f"{head} DISTINCT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {_n3(path)} ?value }} }}"
        values = f"OPTIONAL {{ ?this {_n3(path)} ?value }}" if low else f"?this {_n3(path)} ?value"
        wrong = [f"COUNT(DISTINCT ?value) < {n}" for n in low] + [f"COUNT(DISTINCT ?value) > {n}" for n in high]
        return f"{head} ?this WHERE {{ {targets} {values} }} GROUP BY ?this HAVING ({' || '.join(wrong)})"

    def property_checks(self, shape, prop, targets, severity):
        g = self.g
        path = g.value(prop, SH.path)
        if isinstance(path, BNode):
            raise UsageError("the SPARQL validator supports only simple paths (an IRI)")
        message = str(g.value(prop, SH.message) or g.value(shape, SH.message) or "does not conform")
        head = f"{self.prefixes}{PREAMBLE}SELECT DISTINCT ?this ?value WHERE {{ {targets} "
        out = []
        tests = self.value_checks(prop)
        if tests:
            out.append(Check(f"{head} ?this {_n3(path)} ?value . FILTER({_any(tests)}) }}", severity, message, shape, path))
        cardinality = self.cardinality(prop, path, targets)
        if cardinality:
            out.append(Check(cardinality, severity, message, shape, path))
        for value in g.objects(prop, SH.hasValue):
            out.append(Check(f"{head} FILTER NOT EXISTS {{ ?this {_n3(path)} {_n3(value)} }} }}", severity, message, shape, path))
        for other in g.objects(prop, SH.lessThanOrEquals):
            out.append(Check(f"{head} ?this {_n3(path)} ?value . ?this {_n3(other)} ?other . FILTER(!(?value <= ?other)) }}",
                             severity, message, shape, path))
        return out


def _any(tests):
    """SPARQL conditions joined so that one query finds what each would find alone."""
    return " || ".join(f"({t})" for t in tests)


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


