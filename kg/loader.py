"""Turn curated facts into RDF: entities, plain triples, claims with their evidence.

The pattern is Wikidata's. Every claim is a node (an ``rdf:Statement``) with its
qualifiers (stance, dispute, dates) and its evidence (document, verbatim quote,
claimant, grading). A claim that is affirmed and not disputed is also written as a
plain triple, so that simple queries stay simple; denied and disputed claims, and
claims whose every source is graded doubtful or improbable, exist only as claim
nodes. Nothing here depends on RDF-star.
"""

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef

from .facts import read_facts
from .names import name_key
from .ntriples import in_graph, sorted_ntriples
from . import vocab

# plain attributes: this module touches a term for every triple it writes
DCTERMS, FKG, PROV, RDF, RDFS, SKOS, TIME, XSD = map(
    vocab.plain, (vocab.DCTERMS, vocab.FKG, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SKOS, vocab.TIME, vocab.XSD))

PRECISION = {"day": FKG.DayPrecision, "month": FKG.MonthPrecision, "year": FKG.YearPrecision, "text": FKG.TextPrecision}
CALENDAR = {"day": (TIME.inXSDDate, XSD.date), "month": (TIME.inXSDgYearMonth, XSD.gYearMonth), "year": (TIME.inXSDgYear, XSD.gYear)}
COOPERATION = ("alliedWith", "supports", "backs")
WIKIDATA = "http://www.wikidata.org/entity/"
NOTATIONS = {"acled": FKG.ACLEDActorName, "ucdp": FKG.UCDPActorId}


@dataclass
class KnowledgeGraph:
    """The asserted and provenance graphs as sets of triples of rdflib terms, and where each node came from.

    Sets rather than rdflib Graphs: building a Graph costs more than everything else
    the fast build does; ``graph()`` makes one where a library needs it.
    """

    facts: object
    namespace: Namespace
    asserted: set
    provenance: set
    claimed: set  # every claim's triple, whatever its stance and dispute: validation checks them all
    locations: dict = field(default_factory=dict)  # node -> "file:line"
    triple_locations: dict = field(default_factory=dict)  # claimed (s, p, o) -> "file:line"
    _texts: dict = field(default_factory=dict, repr=False)

    def graph_iri(self, name):
        return URIRef(f"{self.namespace}graph/{name}")

    def ntriples(self, name):
        """The N-Triples of the set ``name`` (asserted, provenance, claimed), sorted, UTF-8, made once: the database and validation load them."""
        return self._made("ntriples", name, lambda: sorted_ntriples(getattr(self, name)))

    def nquads(self, name):
        """The N-Quads of ``name`` in its named graph, sorted, UTF-8, made once: the .nq files, graph.nq and graph.trig are made of them."""
        return self._made("nquads", name, lambda: in_graph(self.ntriples(name), self.graph_iri(name)))

    def _made(self, kind, name, make):
        size = len(getattr(self, name))
        cached = self._texts.get((kind, name))
        if cached is None or cached[0] != size:
            cached = self._texts[kind, name] = (size, make())
        return cached[1]


def graph(*triple_sets):
    """An rdflib Graph of the union of sets of triples."""
    g = Graph()
    for triples in triple_sets:
        for triple in triples:
            g.add(triple)
    return g


def _slug(value):
    """A readable, stable IRI segment for a literal value.

    >>> _slug("35 kilometers to the west")
    '35-kilometers-to-the-west'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:60]
    return slug or hashlib.sha1(str(value).encode()).hexdigest()[:10]


def _settled(claim):
    """A claim becomes a plain triple when affirmed, undisputed, and not only doubtful (credibility 4 or 5)."""
    credible = any(ev.credibility not in ("4", "5") for ev in claim.evidence)
    return claim.stance == "affirms" and claim.dispute is None and credible


def _literal(value, datatype):
    """A claimed value; plain strings stay untyped, as every store writes them."""
    return Literal(value, datatype=None if datatype in (None, XSD.string) else datatype)


def _digest(*parts):
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]


class _Writer:
    """Writes the triples; each IRI and literal is made once and shared (sets and lookups compare them by identity first)."""

    def __init__(self, facts, ontology):
        self.facts, self.ontology = facts, ontology
        self.ns = Namespace(facts.dataset["namespace"])
        self.asserted, self.provenance, self.claimed = set(), set(), set()
        self.locations, self.triple_locations = {}, {}
        self._terms = {}

    def _term(self, key, make):
        term = self._terms.get(key)
        if term is None:
            term = self._terms[key] = make()
        return term

    def entity(self, ident):
        return self._term(("entity", ident), lambda: self.ns[ident])

    def doc(self, file):
        return self._term(("doc", file), lambda: self.ns["doc/" + quote(file.rsplit(".", 1)[0], safe="-_.~")])

    def literal(self, value, lang=None, datatype=None):
        return self._term((type(value), value, lang, datatype), lambda: Literal(value, lang=lang, datatype=datatype))

    def date(self, graph, node, prop, spec, suffix):
        if spec is None:
            return
        when = URIRef(f"{node}/{suffix}")
        graph.add((node, prop, when))
        graph.add((when, RDF.type, FKG.TimeSpec))
        graph.add((when, FKG.datePrecision, PRECISION[spec.precision]))
        if spec.text:
            graph.add((when, FKG.dateText, self.literal(spec.text)))
        if spec.value:
            prop_, datatype = CALENDAR[spec.precision]
            graph.add((when, prop_, self.literal(spec.value, datatype=datatype)))
        if spec.not_before:
            graph.add((when, FKG.notBefore, self.literal(spec.not_before.isoformat(), datatype=XSD.date)))
        if spec.not_after:
            graph.add((when, FKG.notAfter, self.literal(spec.not_after.isoformat(), datatype=XSD.date)))

    def agent(self, claimant, doc_file):
        if claimant == "author":
            return URIRef(f"{self.doc(doc_file)}/author")
        return self.entity(claimant)

    def evidence(self, owner, ev):
        g = self.provenance
        node = URIRef(f"{owner}/evidence/{_digest(ev.doc, ev.quote, ev.claimant, ev.via)}")
        self.locations.setdefault(node, ev.where)
        g.add((owner, PROV.wasDerivedFrom, node))
        g.add((node, RDF.type, FKG.Evidence))
        g.add((node, FKG.quote, self.literal(ev.quote)))
        g.add((node, PROV.wasQuotedFrom, self.doc(ev.doc)))
        g.add((node, FKG.claimant, self.agent(ev.claimant, ev.doc)))
        if ev.via:
            g.add((node, FKG.reportedVia, self.entity(ev.via)))
        g.add((node, FKG.reliability, getattr(FKG, "Reliability" + ev.reliability)))
        g.add((node, FKG.credibility, getattr(FKG, "Credibility" + ev.credibility)))
        g.add((node, FKG.grade, self.literal(ev.reliability + ev.credibility)))
        self.date(g, node, FKG.date, ev.date, "date")

    def dataset(self):
        d = self.facts.dataset
        node = URIRef(str(self.ns))
        g = self.provenance
        g.add((node, RDF.type, PROV.Collection))
        g.add((node, DCTERMS.title, self.literal(d["title"])))
        g.add((node, DCTERMS.identifier, self.literal(d["id"])))
        if d.get("curator"):
            g.add((node, DCTERMS.creator, self.literal(d["curator"])))

    def documents(self):
        g = self.provenance
        for doc in self.facts.documents.values():
            node = self.doc(doc.file)
            self.locations[node] = doc.where
            g.add((node, RDF.type, FKG.Document))
            g.add((node, FKG.fileName, self.literal(doc.file)))
            g.add((node, FKG.sha256, self.literal(doc.sha256)))
            g.add((node, FKG.reliability, getattr(FKG, "Reliability" + doc.reliability)))
            if doc.title:
                g.add((node, DCTERMS.title, self.literal(doc.title)))
            if doc.kind:
                g.add((node, FKG.documentKind, self.literal(doc.kind)))
            if doc.outlet:
                g.add((node, DCTERMS.publisher, self.entity(doc.outlet)))
            author = URIRef(f"{node}/author")
            g.add((node, DCTERMS.creator, author))
            g.add((author, RDF.type, FKG.Author))
            g.add((author, RDFS.label, self.literal(f"author of {doc.file}")))
            self.date(g, node, FKG.published, doc.published, "published")

    def entities(self):
        g = self.asserted
        for entity in self.facts.entities.values():
            node = self.entity(entity.id)
            self.locations[node] = entity.where
            g.add((node, RDF.type, self.ontology.entity_types[entity.type][0]))
            g.add((node, SKOS.prefLabel, self.literal(entity.label, lang="en")))
            g.add((node, RDFS.label, self.literal(entity.label, lang="en")))
            for alias in entity.aliases:
                g.add((node, SKOS.altLabel, self.literal(alias, lang="en")))
            for misspelling in entity.misspellings:
                g.add((node, SKOS.hiddenLabel, self.literal(misspelling, lang="en")))
            for name in {name_key(n) for n in entity.names} | {entity.id}:
                g.add((node, FKG.nameKey, self.literal(name)))
            if entity.note:
                g.add((node, RDFS.comment, self.literal(entity.note, lang="en")))
            if entity.place:
                g.add((node, FKG.place, self.entity(entity.place)))
            for scheme, value in entity.identifiers.items():
                if scheme == "wikidata":
                    g.add((node, SKOS.exactMatch, URIRef(WIKIDATA + value)))
                else:
                    g.add((node, SKOS.notation, self.literal(value, datatype=NOTATIONS[scheme])))
            self.date(g, node, FKG.date, entity.date, "date")
            for ev in entity.evidence:
                self.evidence(node, ev)

    def disputes(self):
        for dispute in self.facts.disputes.values():
            node = self.ns["dispute/" + dispute.id]
            self.locations[node] = dispute.where
            self.provenance.add((node, RDF.type, FKG.Dispute))
            self.provenance.add((node, RDFS.label, self.literal(dispute.label, lang="en")))
            self.provenance.add((node, SKOS.prefLabel, self.literal(dispute.label, lang="en")))

    def claim_node(self, claim):
        end = claim.object if claim.object is not None else _slug(claim.value)
        suffix = ".denied" if claim.stance == "denies" else ""
        return self.ns[f"claim/{claim.subject}.{claim.relation}.{end}{suffix}"]

    def claims(self):
        g = self.provenance
        for claim in self.facts.claims:
            rel = self.ontology.relations[claim.relation]
            node = self.claim_node(claim)
            self.locations[node] = claim.where[0]
            subject = self.entity(claim.subject)
            obj = self.entity(claim.object) if claim.object is not None else _literal(claim.value, rel.datatype)
            asserted = _settled(claim)
            g.add((node, RDF.type, FKG.Claim))
            g.add((node, RDF.subject, subject))
            g.add((node, RDF.predicate, rel.iri))
            g.add((node, RDF.object, obj))
            g.add((node, FKG.stance, FKG.Affirmed if claim.stance == "affirms" else FKG.Denied))
            g.add((node, FKG.asserted, self.literal(asserted)))
            if claim.dispute:
                g.add((node, FKG.dispute, self.ns["dispute/" + claim.dispute]))
            if claim.qualifier:
                g.add((node, FKG.qualifier, self.literal(claim.qualifier)))
            for role in claim.roles:
                g.add((node, FKG.role, self.literal(role)))
            for note in claim.notes:
                g.add((node, RDFS.comment, self.literal(note, lang="en")))
            self.date(g, node, FKG.date, claim.date, "date")
            self.date(g, node, FKG.startDate, claim.start, "start")
            self.date(g, node, FKG.endDate, claim.end, "end")
            for ev in claim.evidence:
                self.evidence(node, ev)
            self.claimed.add((subject, rel.iri, obj))
            self.triple_locations.setdefault((subject, rel.iri, obj), claim.where[0])
            if asserted:
                self.asserted.add((subject, rel.iri, obj))

    def alliances(self):
        """An Alliance node for each pair of actors tied by an asserted alliance, support or backing."""
        pairs = {}
        for claim in self.facts.claims:
            if claim.relation in COOPERATION and _settled(claim):
                pairs.setdefault(tuple(sorted((claim.subject, claim.object))), []).append(claim)
        g = self.asserted
        for (a, b), claims in sorted(pairs.items()):
            node = self.ns[f"alliance/{a}--{b}"]
            g.add((node, RDF.type, FKG.Alliance))
            g.add((node, RDFS.label, self.literal(f"{self.facts.entities[a].label} – {self.facts.entities[b].label}", lang="en")))
            g.add((node, FKG.party, self.entity(a)))
            g.add((node, FKG.party, self.entity(b)))
            for claim in claims:
                g.add((node, FKG.restsOn, self.claim_node(claim)))


def to_rdf(facts, ontology):
    """The RDF of checked facts."""
    w = _Writer(facts, ontology)
    w.dataset()
    w.documents()
    w.entities()
    w.disputes()
    w.claims()
    w.alliances()
    return KnowledgeGraph(facts, w.ns, w.asserted, w.provenance, w.claimed, w.locations, w.triple_locations)


def load(folder, ontology):
    """Read a facts folder and turn it into RDF; raises FactsError naming file and line."""
    return to_rdf(read_facts(folder, ontology), ontology)
