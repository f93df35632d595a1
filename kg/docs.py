"""``kg docs``: HTML documentation of the ontology (pyLODE), the SHACL rules in plain words,
the canned queries with their descriptions, and the counts of the current build.

pyLODE is an optional dependency (``pip install 'faction-kg[docs]'``); everything but
``ontology.html`` is written without it. The folder is written whole or not at all.
"""

import shutil
import tempfile
from html import escape
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from . import paths
from .errors import UsageError

STYLE = """body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { margin-bottom: .2em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
code { background: #f4f4f4; padding: 0 3px; } .meta { color: #666; } .warning { color: #a15c00; }
pre { background: #f4f4f4; padding: 8px; overflow-x: auto; font-size: 12px; }
"""


def _name(term, graph):
    """A term as a short name: a prefixed name where a prefix is known, else the IRI."""
    if isinstance(term, BNode):
        return "a node"
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # rdflib raises on IRIs it cannot shorten
        return str(term)


def _constraints(g, shape):
    """The constraints of a shape in words: 'at least 1', 'of class fkg:Actor', ..."""
    words = []
    single = [
        (SH.minCount, "at least {}"), (SH.maxCount, "at most {}"), (SH["class"], "of class {}"),
        (SH.datatype, "of datatype {}"), (SH.nodeKind, "a {}"), (SH.pattern, "matching the pattern {}"),
        (SH.minInclusive, "at least {} in value"), (SH.minLength, "at least {} characters"),
        (SH.maxLength, "at most {} characters"), (SH.hasValue, "with the value {}"), (SH.node, "conforming to {}"),
        (SH.lessThanOrEquals, "not after its {}"),
    ]
    for prop, template in single:
        for value in sorted(g.objects(shape, prop), key=str):
            shown = value if prop in (SH.minCount, SH.maxCount, SH.minInclusive, SH.minLength, SH.maxLength, SH.pattern) else _name(value, g)
            words.append(template.format(f"<code>{escape(str(shown))}</code>"))
    for items in g.objects(shape, SH["in"]):
        words.append("one of " + ", ".join(f"<code>{escape(_name(v, g))}</code>" for v in Collection(g, items)))
    for items in g.objects(shape, SH["or"]):
        options = ["; ".join(_constraints(g, option)) or "another shape" for option in Collection(g, items)]
        words.append("either " + " or ".join(f"({o})" for o in options))
    return words


def _targets(g, shape):
    out = []
    for prop, template in ((SH.targetClass, "every {}"), (SH.targetSubjectsOf, "everything that has a {}"),
                           (SH.targetObjectsOf, "every value of {}")):
        values = sorted(_name(v, g) for v in g.objects(shape, prop))
        out += [template.format(f"<code>{escape(v)}</code>") for v in values]
    if (shape, SH.target, None) in g:
        out.append("the nodes its SPARQL target selects")
    return out


def shapes_in_words(path=None):
    """The SHACL rules of ``shapes.ttl`` as HTML: for each shape, what it applies to and what it requires."""
    g = Graph().parse(path or paths.shapes_file())
    parts = []
    for shape in sorted(g.subjects(predicate=None, object=SH.NodeShape), key=str):
        if isinstance(shape, BNode):
            continue
        targets = _targets(g, shape)
        comment = g.value(shape, RDFS.comment)
        severity = g.value(shape, SH.severity)
        parts.append(f'<h3 id="{escape(_name(shape, g))}">{escape(_name(shape, g).split(":")[-1])}</h3>')
        if comment:
            parts.append(f"<p>{escape(str(comment))}</p>")
        parts.append("<p class=\"meta\">Applies to " + (", ".join(targets) if targets else "whatever refers to it") + "."
                     + (' <span class="warning">A finding is a warning, not a violation.</span>' if severity == SH.Warning else "") + "</p>")
        rules = []
        message = g.value(shape, SH.message)
        own = _constraints(g, shape)
        if message or own:
            rules.append((str(message or ""), "; ".join(own)))
        for prop in sorted(g.objects(shape, SH.property), key=lambda p: str(g.value(p, SH.path))):
            path = _name(g.value(prop, SH.path), g)
            rules.append((str(g.value(prop, SH.message) or ""), f"<code>{escape(path)}</code>: " + "; ".join(_constraints(g, prop))))
        for constraint in g.objects(shape, SH.sparql):
            words = g.value(constraint, SH.message) or g.value(constraint, RDFS.comment) or ""
            rules.append((str(words), "a SPARQL check"))
        if rules:
            parts.append("<ul>" + "".join(f"<li>{escape(m[:1].upper() + m[1:]) + '. ' if m else ''}<span class=\"meta\">{c}</span></li>"
                                          for m, c in rules) + "</ul>")
    return "\n".join(parts)


def queries_html():
    from .queries import catalog

    rows = []
    for q in catalog().values():
        params = " ".join(p.name.upper() for p in q.params)
        described = "<br>".join(f"<code>{escape(p.name.upper())}</code> ({escape(p.type.lower())}): {escape(p.description)}" for p in q.params)
        rows.append(f"<tr><td><code>kg query {escape(q.name)} {escape(params)}</code></td><td><b>{escape(q.title)}</b>. "
                    f"{escape(q.description)}" + (f'<br><span class="meta">{described}</span>' if described else "") + "</td></tr>")
    return "<table><tr><th>command</th><th>what it answers</th></tr>" + "".join(rows) + "</table>"


def counts_html(manifest):
    c = manifest["counts"]

    def listing(d):
        return ", ".join(f"{k} {v}" for k, v in d.items())

    rows = [("entities", sum(c["entities"].values()), listing(c["entities"])),
            ("relations", sum(c["relations"].values()), listing(c["relations"])),
            ("alliances", c["alliances"], ""),
            ("claims", c["claims"], f"{c['contested claims']} contested in {c['disputes']} disputes, {c['denied claims']} denied, "
                                    f"{c['evidence']} pieces of evidence from {c['documents']} documents"),
            ("triples", c["asserted triples"], f"asserted; {c['provenance triples']} provenance, {c['inferred triples']} inferred")]
    return "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td><td>{escape(str(d))}</td></tr>" for k, v, d in rows) + "</table>"


def ontology_html(ontology_file):
    """pyLODE's documentation of the ontology; UsageError if pyLODE is not installed."""
    try:
        from pylode import OntPub
    except ImportError:
        raise UsageError("kg docs needs pyLODE: pip install 'faction-kg[docs]'") from None
    import logging

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))  # pyLODE logs at INFO
    g = Graph().parse(ontology_file)
    # pyLODE 3.3 titles the page with every title of the ontology and of each concept scheme,
    # run together: keep the ontology's dcterms:title alone.
    for node in g.subjects(RDF.type, OWL.Ontology):
        g.remove((node, RDFS.label, None))
    g.remove((None, RDF.type, SKOS.ConceptScheme))
    return OntPub(ontology=g, sort_subjects=True).make_html(include_css=True)


def index_html(manifest):
    dataset = manifest.get("dataset")
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>faction-kg: the ontology, its rules and its questions</title><style>{STYLE}</style></head>
<body>
<h1>faction-kg: the ontology, its rules and its questions</h1>
<p>An actor and faction knowledge graph for conflict analysts: who is allied with whom, who opposes whom, who commands,
backs and runs what, and where the sources disagree; every fact with its document, quote, claimant and grading.</p>
<ul>
<li><a href="ontology.html">The ontology</a>: every class and property, with its definition (made by pyLODE).</li>
<li><a href="#rules">The rules</a> the data must keep (SHACL), in plain words.</li>
<li><a href="#queries">The canned questions</a> and what each answers.</li>
<li><a href="#counts">The current build</a> of the data set <code>{escape(str(dataset))}</code>.</li>
</ul>
<h2 id="counts">The current build</h2>
{counts_html(manifest)}
<h2 id="rules">The rules (SHACL)</h2>
<p>Each rule is checked by <code>kg build</code> and <code>kg validate</code> on every claim, whatever its stance;
a violation stops the build and names the facts file and line. Each line below gives the message
a fault reports, then the rule itself.</p>
{shapes_in_words()}
<h2 id="queries">The canned questions</h2>
<p>Each is a SPARQL file in <code>queries/</code>; an ACTOR, PERSON or PLACE is any name the sources use for it.</p>
{queries_html()}
</body>
</html>
"""


def write_docs(build_dir, target):
    """Write index.html and ontology.html for the build in ``build_dir`` to the folder ``target``."""
    from .manifest import read_manifest

    manifest = read_manifest(build_dir)
    if manifest is None:
        raise UsageError(f"no built graph in {build_dir}: run `kg build` first")
    ontology_file = Path(build_dir) / "ontology.ttl"
    pages = {"ontology.html": ontology_html(ontology_file), "index.html": index_html(manifest)}
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o755)
    try:
        for name, text in pages.items():
            (staging / name).write_text(text, encoding="utf-8")
        if target.exists():
            for name in pages:
                (staging / name).replace(target / name)
            shutil.rmtree(staging)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in pages]
