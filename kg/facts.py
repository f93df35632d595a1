"""Read a folder of curated facts (YAML) into checked records, each with its file and line.

Every fault found is collected as a Problem naming the file, the line and the fix;
if there is any, reading raises FactsError with all of them.
"""

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import DateSpec, parse_date
from .errors import FactsError, Problem, UsageError
from .names import name_key
from .vocab import FKG

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 50  # facts nest about 5 deep; libyaml's composer recurses in C and crashes at some ten thousand
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GRADE = re.compile(r"^([A-F])([1-6])$")
QID = re.compile(r"^Q[1-9][0-9]*$")
IDENTIFIERS = ("wikidata", "acled", "ucdp")  # the schemes of an entity's identifiers elsewhere
MIN_QUOTE, MAX_QUOTE = 3, 400  # characters, as the shapes say


@dataclass
class Evidence:
    doc: str
    quote: str
    claimant: str  # an entity id, or "author"
    via: str | None
    date: DateSpec | None
    reliability: str
    credibility: str
    where: str


@dataclass
class Document:
    file: str
    title: str | None
    outlet: str | None
    kind: str | None
    published: DateSpec | None
    sha256: str
    reliability: str
    where: str


@dataclass
class Entity:
    id: str
    type: str
    label: str
    aliases: list
    misspellings: list
    note: str | None
    date: DateSpec | None
    place: str | None
    evidence: list
    where: str
    identifiers: dict = field(default_factory=dict)  # scheme -> identifier, as {"wikidata": "Q79"}

    @property
    def names(self):
        return [self.label, *self.aliases, *self.misspellings]


@dataclass
class Dispute:
    id: str
    label: str
    where: str


@dataclass
class Claim:
    subject: str
    relation: str
    object: str | None
    value: object
    stance: str
    dispute: str | None = None
    date: DateSpec | None = None
    start: DateSpec | None = None
    end: DateSpec | None = None
    qualifier: str | None = None
    roles: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    where: list = field(default_factory=list)

    @property
    def key(self):
        return (self.subject, self.relation, self.object if self.object else repr(self.value), self.stance)


@dataclass
class Facts:
    dataset: dict
    documents: dict
    entities: dict
    disputes: dict
    claims: list


# --- YAML with line numbers -------------------------------------------------


class Node(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line = 0
    key_lines: dict = {}


_STR, _NULL = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, "tag:yaml.org,2002:null"
_SEQ, _MAP = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's, when PyYAML has it), building Nodes.

    Of YAML's implicit types it keeps only integers and null: yes, no, on and off stay
    text (an alias "NO" is a name, not false), and dates stay text for parse_date.
    """

    yaml_implicit_resolvers = {}

    def resolve(self, kind, value, implicit):
        """The tag of an untagged node: PyYAML's resolve without the general cases this loader never has
        (resolvers for any first character, resolvers by path). libyaml calls it for every node."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = Node()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:int", r"^[-+]?(0|[1-9][0-9]*)$", list("-+0123456789")),  # no leading zeros: YAML 1.1 reads them as octal
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class _Unusual(Exception):
    """A document with an alias, a merge key or a tagged collection: built by the loader's own constructor."""


def _load(text):
    """The YAML document in ``text``, as ``yaml.load(text, Loader=_Loader)`` builds it.

    libyaml composes the nodes; ``_build`` turns the usual ones (text, null, lists,
    mappings) into values directly, which takes half the time of PyYAML's general
    constructor. A document it does not expect goes to that constructor whole.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node, set())
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()


def _build(loader, node, seen):
    if id(node) in seen:  # an alias
        raise _Unusual
    seen.add(id(node))
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        return loader.construct_object(node, deep=True)  # integers and explicitly tagged scalars
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_build(loader, child, seen) for child in node.value]
    if kind is not yaml.MappingNode or tag != _MAP:
        raise _Unusual
    mapping = Node()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Unusual
        key = _build(loader, key_node, seen)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})", key_node.start_mark
            )
        mapping[key] = _build(loader, value_node, seen)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _depth_bound(text):
    """An upper bound of how deeply a YAML text nests, cheap: its deepest flow brackets plus its deepest block indent."""
    flow = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        flow = flow + 1 if bracket in "[{" else max(flow - 1, 0)
        deepest = max(deepest, flow)
    return deepest + max(map(len, re.findall(r"^[ \t?:-]*", text, re.M))) + 2


def _too_deep(text):
    """The line where the YAML text nests deeper than MAX_DEPTH, or None; parses only if the cheap bound says it may."""
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):  # libyaml's parser keeps its own stack: no recursion
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _read_yaml(path, name, problems):
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # refused before it is read
        problems.append(Problem(name, f"file is {size / 1024 / 1024:.0f} MB, over the limit of {MAX_FILE_BYTES // 1024 // 1024} MB",
                                f"split it into several files under {MAX_FILE_BYTES // 1024 // 1024} MB"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(Problem(f"{name}:{line}", f"byte 0x{raw[e.start]:02x} is not UTF-8", "save the file as UTF-8"))
        return None
    try:
        line = _too_deep(text)
        if line:
            problems.append(Problem(f"{name}:{line}", f"nested more than {MAX_DEPTH} levels deep", "flatten the structure: facts nest a few levels"))
            return None
        return _load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        message = e.problem or e.context
        if e.problem and e.context and e.context_mark and e.context_mark.line + 1 != line:  # say where the open construct began
            message += f" {e.context} begun on line {e.context_mark.line + 1}"
        problems.append(Problem(f"{name}:{line}", f"YAML syntax: {message}", "fix the YAML syntax"))
    except yaml.YAMLError as e:
        problems.append(Problem(name, f"YAML: {e}", "fix the YAML syntax"))
    return None


# --- reading records -----------------------------------------------------------


def _a(what):
    """``what`` with its indefinite article."""
    return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


class _Reader:
    """Turns parsed YAML into records, collecting problems with their file and line."""

    def __init__(self, ontology):
        self.ontology = ontology
        self.problems = []

    def problem(self, where, message, fix=None):
        self.problems.append(Problem(where, message, fix))

    def where(self, name, node, key=None):
        line = node.key_lines.get(key, node.line) if isinstance(node, Node) and key else getattr(node, "line", 0)
        return f"{name}:{line}" if line else name

    def fields(self, name, node, what, required, optional):
        """Check a mapping's keys; return False if it is not usable."""
        if not isinstance(node, Node):
            self.problem(self.where(name, node), f"{_a(what)} must be a mapping, not {type(node).__name__}", "write it as key: value lines")
            return False
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(sorted(allowed))}"
                self.problem(self.where(name, node, key), f"unknown key {key!r} in a {what}", hint)
        ok = True
        for key in required:
            if node.get(key) in (None, "", []):
                self.problem(self.where(name, node), f"{_a(what)} needs {key!r}", f"add {key}: to it")
                ok = False
        return ok

    def text(self, name, node, key, what):
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(self.where(name, node, key), f"{what} {key!r} must be text, not {value!r}", f"write {key}: and some words")
            return None
        return value.strip()

    def names(self, name, node, key):
        value = node.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(self.where(name, node, key), f"{key!r} must be a list of names", f"write {key}: [A name, Another name]")
            return []
        return [v.strip() for v in value]

    def date(self, name, node, key):
        if node.get(key) is None:
            return None
        try:
            return parse_date(node[key])
        except ValueError as e:
            self.problem(self.where(name, node, key), f"bad {key}: {e}", "write YYYY, YYYY-MM, YYYY-MM-DD or {text: ...}")
            return None

    def grade(self, name, node, default_reliability):
        raw = node.get("grade")
        if raw is None:
            return default_reliability or "F", "6"
        m = GRADE.match(str(raw))
        if not m:
            self.problem(self.where(name, node, "grade"), f"grade {raw!r} is not an Admiralty grading", "write a letter A-F and a digit 1-6, as F3")
            return "F", "6"
        return m[1], m[2]

    def evidence(self, name, node, documents):
        if not self.fields(name, node, "piece of evidence", ["doc", "quote"], ["claimant", "via", "date", "grade"]):
            return None
        doc = str(node["doc"])
        quote = self.text(name, node, "quote", "evidence")
        if quote and len(quote) > MAX_QUOTE:
            self.problem(self.where(name, node, "quote"), f"quote is {len(quote)} characters", f"quote one sentence or less (at most {MAX_QUOTE} characters)")
        elif quote and len(quote) < MIN_QUOTE:
            self.problem(self.where(name, node, "quote"), f"quote {quote!r} is too short to check", f"quote the words that say it, {MIN_QUOTE} characters or more")
        document = documents.get(doc)
        if document is None:
            self.problem(self.where(name, node, "doc"), f"unknown document {doc!r}", "describe it under documents: first")
        reliability, credibility = self.grade(name, node, document.reliability if document else None)
        return Evidence(
            doc=doc,
            quote=quote or "",
            claimant=str(node.get("claimant") or "author"),
            via=node.get("via"),
            date=self.date(name, node, "date"),
            reliability=reliability,
            credibility=credibility,
            where=self.where(name, node),
        )

    def evidence_list(self, name, node, documents, required):
        items = node.get("evidence") or []
        if not isinstance(items, list):
            self.problem(self.where(name, node, "evidence"), "evidence must be a list", "write each piece of evidence as an item: - doc: FILE")
            return []
        if required and not items:
            self.problem(self.where(name, node), "no evidence", "add a doc and a verbatim quote")
        return [e for e in (self.evidence(name, item, documents) for item in items) if e]

    def document(self, name, node):
        if not self.fields(name, node, "document", ["file", "sha256"], ["title", "outlet", "kind", "published", "reliability"]):
            return None
        sha = str(node["sha256"]).lower()
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            self.problem(self.where(name, node, "sha256"), "sha256 must be 64 hex digits", "copy the output of sha256sum for the document")
        reliability = str(node.get("reliability") or "F")
        if reliability not in "ABCDEF" or len(reliability) != 1:
            self.problem(self.where(name, node, "reliability"), f"reliability {reliability!r} is not A-F", "write one letter from A (reliable) to F (cannot be judged)")
        return Document(
            file=str(node["file"]),
            title=self.text(name, node, "title", "document"),
            outlet=node.get("outlet"),
            kind=self.text(name, node, "kind", "document"),
            published=self.date(name, node, "published"),
            sha256=sha,
            reliability=reliability,
            where=self.where(name, node),
        )

    def entity(self, name, node, documents):
        if not self.fields(name, node, "entity", ["id", "type", "label"], ["aliases", "misspellings", "note", "date", "place", "evidence", "identifiers"]):
            return None
        ident, kind = str(node["id"]), str(node["type"])
        self.identifier(name, node, ident)
        types = self.ontology.entity_types
        if kind not in types:
            close = difflib.get_close_matches(kind, sorted(types), n=1)
            self.problem(self.where(name, node, "type"), f"unknown type {kind!r}", f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(sorted(types))}")
        is_event = kind in types and types[kind][1] == FKG.Event
        return Entity(
            id=ident,
            type=kind,
            label=self.text(name, node, "label", "entity") or ident,
            aliases=self.names(name, node, "aliases"),
            misspellings=self.names(name, node, "misspellings"),
            note=self.text(name, node, "note", "entity"),
            date=self.date(name, node, "date"),
            place=node.get("place"),
            evidence=self.evidence_list(name, node, documents, required=is_event),
            where=self.where(name, node),
            identifiers=self.identifiers(name, node),
        )

    def identifier(self, name, node, ident):
        """An entity's or dispute's id, which becomes part of an IRI: lower-case letters, digits and hyphens."""
        if not ID.match(ident):
            self.problem(self.where(name, node, "id"), f"id {ident!r} is not lower-case letters, digits and hyphens",
                         f"write it as {re.sub(r'[^a-z0-9]+', '-', ident.lower()).strip('-') or 'a-name'!r}")

    def identifiers(self, name, node):
        """An entity's identifiers elsewhere: a Wikidata QID, an ACLED actor name, a UCDP actor id."""
        raw = node.get("identifiers")
        if raw is None:
            return {}
        where = self.where(name, node, "identifiers")
        if not isinstance(raw, dict):
            self.problem(where, "identifiers must be a mapping", f"write identifiers: {{wikidata: Q79}} with keys {', '.join(IDENTIFIERS)}")
            return {}
        out = {}
        for scheme, value in raw.items():
            if scheme not in IDENTIFIERS:
                self.problem(where, f"unknown identifier scheme {scheme!r}", f"use {', '.join(IDENTIFIERS)}")
            elif scheme == "wikidata" and not QID.match(str(value)):
                self.problem(where, f"wikidata identifier {value!r} is not a QID", "write Q and digits, as Q79")
            elif scheme == "ucdp" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                self.problem(where, f"UCDP actor id {value!r} is not a whole number")
            elif scheme == "acled" and (not isinstance(value, str) or not value.strip()):
                self.problem(where, f"ACLED actor name {value!r} must be text")
            else:
                out[scheme] = str(value).strip()
        return out

    def claim(self, name, node, documents):
        optional = ["object", "value", "stance", "dispute", "date", "start", "end", "qualifier", "role", "note", "evidence"]
        if not self.fields(name, node, "claim", ["subject", "relation"], optional):
            return None
        relation = str(node["relation"])
        rel = self.ontology.relations.get(relation)
        if rel is None:
            close = difflib.get_close_matches(relation, sorted(self.ontology.relations), n=1)
            self.problem(self.where(name, node, "relation"), f"unknown relation {relation!r}", f"did you mean {close[0]!r}?" if close else "see facts/README.md")
        has_object, has_value = node.get("object") is not None, node.get("value") is not None
        if has_object == has_value:
            self.problem(self.where(name, node), "a claim needs exactly one of 'object' (an entity id) or 'value' (a literal)", "keep one of the two")
        elif rel and rel.literal and has_object:
            self.problem(self.where(name, node, "object"), f"{relation} takes a value, not an entity", "write value: instead of object:")
        elif rel and not rel.literal and has_value:
            self.problem(self.where(name, node, "value"), f"{relation} links to an entity", "write object: with an entity id")
        value = node.get("value")
        if rel and rel.literal and has_value and str(rel.datatype).endswith("#integer"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.problem(self.where(name, node, "value"), f"{relation} must be a whole number, not {value!r}", "put 'at least' and the like in qualifier:")
        stance = str(node.get("stance") or "affirms")
        if stance not in ("affirms", "denies"):
            self.problem(self.where(name, node, "stance"), f"stance {stance!r} is not affirms or denies", "write affirms, or denies for a denial")
        subject, obj = str(node["subject"]), (str(node["object"]) if has_object else None)
        if rel and rel.symmetric and obj and obj < subject:
            subject, obj = obj, subject
        note = self.text(name, node, "note", "claim")
        role = self.text(name, node, "role", "claim")
        return Claim(
            subject=subject,
            relation=relation,
            object=obj,
            value=value,
            stance=stance,
            dispute=node.get("dispute"),
            date=self.date(name, node, "date"),
            start=self.date(name, node, "start"),
            end=self.date(name, node, "end"),
            qualifier=self.text(name, node, "qualifier", "claim"),
            roles=[role] if role else [],
            notes=[note] if note else [],
            evidence=self.evidence_list(name, node, documents, required=True),
            where=[self.where(name, node)],
        )


def _lists(name, data, reader):
    """The top-level lists of one file."""
    if data is None:
        return {}
    if not isinstance(data, Node):
        reader.problem(f"{name}:1", "a facts file must be a mapping of lists", "start each list with documents:, entities:, disputes: or claims:")
        return {}
    out = {}
    for key, items in data.items():
        if key not in ("documents", "entities", "disputes", "claims"):
            reader.problem(reader.where(name, data, key), f"unknown top-level key {key!r}", "use documents, entities, disputes or claims")
        elif not isinstance(items, list):
            reader.problem(reader.where(name, data, key), f"{key} must be a list", f"write each of the {key} as an item: - ...")
        else:
            out[key] = items
    return out


def _merge(claims, reader):
    """Pool the evidence of claims with the same key; their qualifiers must agree."""
    merged = {}
    for claim in claims:
        first = merged.get(claim.key)
        if first is None:
            merged[claim.key] = claim
            continue
        for attr in ("dispute", "date", "start", "end", "qualifier"):
            a, b = getattr(first, attr), getattr(claim, attr)
            if a is not None and b is not None and a != b:
                reader.problem(claim.where[0], f"same claim as {first.where[0]} but its {attr} differs", f"make the two {attr}s agree or merge the entries")
            elif a is None:
                setattr(first, attr, b)
        first.notes += [n for n in claim.notes if n not in first.notes]
        first.roles += [r for r in claim.roles if r not in first.roles]
        first.evidence += claim.evidence
        first.where += claim.where
    return sorted(merged.values(), key=lambda c: tuple(map(str, c.key)))


def _check_references(facts, reader):
    entities, problem = facts.entities, reader.problem

    def known(ident, where, what):
        if ident is not None and ident not in entities:
            close = difflib.get_close_matches(str(ident), sorted(entities), n=1)
            problem(where, f"unknown {what} {ident!r}", f"did you mean {close[0]!r}?" if close else "define it under entities:")
            return False
        return True

    def evidence(items):
        seen = {}
        for ev in items:
            if ev.claimant != "author":
                known(ev.claimant, ev.where, "claimant")
            known(ev.via, ev.where, "via")
            first = seen.setdefault((ev.doc, ev.quote, ev.claimant, ev.via), ev)  # one evidence node in the graph
            if (first.reliability, first.credibility, first.date) != (ev.reliability, ev.credibility, ev.date):
                problem(ev.where, f"same evidence as {first.where} but graded or dated differently", "give both the same grade and date, or drop one")

    for doc in facts.documents.values():
        known(doc.outlet, doc.where, "outlet")
    for entity in entities.values():
        known(entity.place, entity.where, "place")
        evidence(entity.evidence)
    for claim in facts.claims:
        where = claim.where[0]
        known(claim.subject, where, "subject")
        if claim.object is not None:
            known(claim.object, where, "object")
        if claim.dispute is not None and claim.dispute not in facts.disputes:
            problem(where, f"unknown dispute {claim.dispute!r}", "define it under disputes:")
        if claim.subject == claim.object:
            problem(where, f"{claim.subject} {claim.relation} itself", "a relation links two different entities: check subject and object")
        evidence(claim.evidence)
    names = {}
    for entity in entities.values():
        for label in entity.names:
            key = name_key(label)
            other = names.setdefault(key, entity)
            if other is not entity:
                problem(entity.where, f"name {label!r} is also a name of {other.id} ({other.where})", "one name, one entity: drop or qualify one of them")


def _is_iri(text):
    """Whether ``text`` is a valid IRI; every IRI of the graph is the namespace and checked ids, so the loads need not check each."""
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def read_facts(folder, ontology):
    """Read and check every YAML file of a facts folder; raise FactsError listing every fault."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"facts folder {folder} does not exist")
    reader = _Reader(ontology)
    dataset_file = folder / "dataset.yaml"
    if not dataset_file.is_file():
        raise UsageError(f"{folder} has no dataset.yaml: is it a facts folder?")
    dataset = _read_yaml(dataset_file, "dataset.yaml", reader.problems)
    if dataset is not None and reader.fields("dataset.yaml", dataset, "dataset", ["id", "title", "namespace"], ["curator"]):
        if not (re.match(r"^https?://\S+[/#]$", str(dataset["namespace"])) and _is_iri(str(dataset["namespace"]))):
            reader.problem(reader.where("dataset.yaml", dataset, "namespace"), "namespace must be an http(s) IRI ending in / or #", "write it as https://example.org/data-set/")
    files = sorted(p for p in folder.rglob("*.yaml") if p != dataset_file)
    parsed = []
    for path in files:
        name = path.relative_to(folder).as_posix()
        parsed.append((name, _lists(name, _read_yaml(path, name, reader.problems), reader)))
    documents, entities, disputes, claims = {}, {}, {}, []
    for name, lists in parsed:
        for node in lists.get("documents", []):
            doc = reader.document(name, node)
            if doc and doc.file in documents:
                reader.problem(doc.where, f"document {doc.file} is already described at {documents[doc.file].where}", "describe each document once")
            elif doc:
                documents[doc.file] = doc
    for name, lists in parsed:
        for node in lists.get("entities", []):
            entity = reader.entity(name, node, documents)
            if entity and entity.id in entities:
                reader.problem(entity.where, f"id {entity.id!r} is already defined at {entities[entity.id].where}", "give it another id or merge the two")
            elif entity:
                entities[entity.id] = entity
        for node in lists.get("disputes", []):
            if reader.fields(name, node, "dispute", ["id", "label"], []):
                dispute = Dispute(str(node["id"]), str(node["label"]), reader.where(name, node))
                reader.identifier(name, node, dispute.id)
                if dispute.id in disputes:
                    reader.problem(dispute.where, f"dispute {dispute.id!r} is already defined at {disputes[dispute.id].where}", "give it another id or merge the two")
                disputes[dispute.id] = dispute
    for name, lists in parsed:
        claims += [c for c in (reader.claim(name, node, documents) for node in lists.get("claims", [])) if c]
    facts = Facts(dict(dataset or {}), documents, entities, disputes, _merge(claims, reader))
    _check_references(facts, reader)
    if reader.problems:
        raise FactsError(reader.problems)
    return facts
