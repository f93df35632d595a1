"""Vocabularies as closed namespaces: a misspelt term raises instead of minting an IRI.

FKG lists the terms of ontology/faction-kg.ttl; a test checks the two agree.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

ORG = Namespace("http://www.w3.org/ns/org#")


class FKG(DefinedNamespace):
    """The faction-kg ontology."""

    _NS = Namespace("https://w3id.org/faction-kg/ontology#")
    _fail = True

    ACLEDActorName: URIRef
    Actor: URIRef
    AdmiraltyScheme: URIRef
    Affirmed: URIRef
    Airbase: URIRef
    AircraftLoss: URIRef
    Airstrike: URIRef
    Alliance: URIRef
    ArmedGroup: URIRef
    Attack: URIRef
    Author: URIRef
    Capture: URIRef
    City: URIRef
    Claim: URIRef
    Clash: URIRef
    Coalition: URIRef
    Country: URIRef
    Court: URIRef
    CourtSentence: URIRef
    Credibility1: URIRef
    Credibility2: URIRef
    Credibility3: URIRef
    Credibility4: URIRef
    Credibility5: URIRef
    Credibility6: URIRef
    CredibilityGrade: URIRef
    DayPrecision: URIRef
    Denied: URIRef
    Dispute: URIRef
    District: URIRef
    Document: URIRef
    Event: URIRef
    Evidence: URIRef
    Facility: URIRef
    Government: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    MediaOutlet: URIRef
    MilitaryOperation: URIRef
    MonthPrecision: URIRef
    Offensive: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Precision: URIRef
    Region: URIRef
    ReliabilityA: URIRef
    ReliabilityB: URIRef
    ReliabilityC: URIRef
    ReliabilityD: URIRef
    ReliabilityE: URIRef
    ReliabilityF: URIRef
    ReliabilityGrade: URIRef
    Siege: URIRef
    Stance: URIRef
    State: URIRef
    Statement: URIRef
    TextPrecision: URIRef
    TimeSpec: URIRef
    UCDPActorId: URIRef
    UnidentifiedActor: URIRef
    Withdrawal: URIRef
    YearPrecision: URIRef
    affiliatedWith: URIRef
    alliedWith: URIRef
    armedWingOf: URIRef
    asserted: URIRef
    backs: URIRef
    basedIn: URIRef
    cause: URIRef
    claimable: URIRef
    claimant: URIRef
    commandedBy: URIRef
    commands: URIRef
    condemnedBy: URIRef
    condemns: URIRef
    conductedBy: URIRef
    cooperatesWith: URIRef
    conducts: URIRef
    controlledBy: URIRef
    controls: URIRef
    credibility: URIRef
    damaged: URIRef
    date: URIRef
    datePrecision: URIRef
    dateText: URIRef
    dispute: URIRef
    documentKind: URIRef
    endDate: URIRef
    fatalities: URIRef
    fileName: URIRef
    grade: URIRef
    hasArmedWing: URIRef
    hasMember: URIRef
    hasPart: URIRef
    hasRepresentative: URIRef
    hasSpokesperson: URIRef
    hasSubOrganization: URIRef
    injuries: URIRef
    inverseLabel: URIRef
    locatedIn: URIRef
    locationDescription: URIRef
    memberOf: URIRef
    nameKey: URIRef
    notAfter: URIRef
    notBefore: URIRef
    opposes: URIRef
    partOf: URIRef
    participant: URIRef
    participatedIn: URIRef
    party: URIRef
    place: URIRef
    published: URIRef
    qualifier: URIRef
    quote: URIRef
    reliability: URIRef
    reportedVia: URIRef
    representativeOf: URIRef
    restsOn: URIRef
    role: URIRef
    sha256: URIRef
    spokespersonFor: URIRef
    stance: URIRef
    startDate: URIRef
    subOrganizationOf: URIRef
    supportedBy: URIRef
    supports: URIRef
    targetedBy: URIRef
    targets: URIRef
    transitiveMemberOf: URIRef


ONTOLOGY_IRI = "https://w3id.org/faction-kg/ontology"


def plain(namespace):
    """A closed namespace's terms as plain attributes: the same IRIs, without the check on each use.

    For hot loops only; the closed namespace still catches a misspelt term at import.
    """
    from types import SimpleNamespace

    base = str(namespace._NS)
    return SimpleNamespace(**{name: URIRef(base + name) for name in namespace.__annotations__ if not name.startswith("_")})

__all__ = ["DCTERMS", "FKG", "ONTOLOGY_IRI", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD", "plain"]
