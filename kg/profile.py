"""``kg show``: an analyst's profile card of one actor, made of the canned queries."""

from .queries import ask
from .formats import to_table
from .manifest import read_manifest
from .queries import catalog
from .resolver import resolve

SECTIONS = (
    ("Commanders and spokespersons", "commanders-of"),
    ("Roles", "roles-of"),
    ("Allies", "allies-of"),
    ("Opponents", "opponents-of"),
    ("Backers", "backers-of"),
    ("Members", "members-of"),
    ("Operations", "operations-of"),
    ("Events", "events-involving"),
)


def profile(graph, name, out=None):
    """The profile card of the actor called ``name``, as text."""
    entity = resolve(graph, name, "Actor")
    namespace = (read_manifest(out) or {}).get("namespace") if out else None
    lines = [f"{entity.label} ({entity.id}, {entity.type})", "names: " + "; ".join(entity.names), ""]
    queries = catalog()
    for title, name_ in SECTIONS:
        params = queries[name_].params
        if params[0].type == "PERSON" and "Person" not in entity.classes:
            continue
        result = ask(graph, name_, entity.id)
        hidden = [p.name for p in params] + ["evidence"]
        if result.rows:
            lines += [f"{title} ({len(result.rows)})", to_table(result, hidden, namespace), ""]
    contested = ask(graph, "contested")
    mine = [r for r in contested.rows if entity.label in (r["subjectLabel"].value, r.get("object") and r["object"].value)]
    if mine:
        contested.rows = mine
        shown = ["question", "subjectLabel", "relation", "object", "stance", "claimant", "doc", "grade"]
        lines += [f"Contested ({len(mine)} claims)", to_table(contested, namespace=namespace, shown=shown), ""]
    return "\n".join(lines)
