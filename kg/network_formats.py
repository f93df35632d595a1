"""The network in the formats analysts' tools read: GraphML and GEXF (Gephi), CSV node and edge lists.

Every edge is a claim and carries its standing and its sources, so that nothing is
taken out of the graph without the evidence for it. Output is deterministic.
"""

import csv
import io
import xml.etree.ElementTree as ET

from . import __version__
from .palette import GROUPS, node_colour, rgb

NODE_FIELDS = ("id", "label", "type", "kind", "names", "date", "exact_match", "acled", "ucdp", "iri")
EDGE_FIELDS = ("id", "source", "source_label", "relation", "target", "target_label", "directed", "standing", "dispute",
               "date", "documents", "sources")
_NODE_ATTRS = NODE_FIELDS[2:]
_EDGE_ATTRS = ("claim", "relation", "directed", "standing", "dispute", "date", "documents", "sources")
_TYPES = {"documents": ("int", "integer"), "directed": ("boolean", "boolean")}  # GraphML, GEXF; the others are strings


def _node_values(node):
    return {"id": node.id, "label": node.label, "type": node.type, "kind": node.kind, "names": "; ".join(node.names),
            "date": node.date, "exact_match": " ".join(node.matches), "acled": node.acled, "ucdp": node.ucdp, "iri": node.iri}


def _edge_values(net, edge):
    return {"id": edge.id, "claim": edge.id, "source": edge.source, "source_label": net.nodes[edge.source].label,
            "relation": edge.relation, "target": edge.target, "target_label": net.nodes[edge.target].label,
            "directed": "true" if edge.directed else "false", "standing": edge.standing, "dispute": edge.dispute,
            "date": edge.date, "documents": len(edge.documents), "sources": " | ".join(map(str, edge.sources))}


def _xml(root):
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def to_graphml(net):
    """GraphML: one node per entity, one edge per claim, each with its attributes.

    Every edge is written from the claim's subject to its object; ``directed`` says
    whether the relation has a direction (an alliance has none), since readers such
    as networkx refuse a graph that mixes directed and undirected edges.
    """
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    for name in _NODE_ATTRS:
        ET.SubElement(root, f"{{{ns}}}key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": "string"})
    ET.SubElement(root, f"{{{ns}}}key", {"id": "n_label", "for": "node", "attr.name": "label", "attr.type": "string"})
    for name in _EDGE_ATTRS:
        kind = _TYPES.get(name, ("string",))[0]
        ET.SubElement(root, f"{{{ns}}}key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "faction-kg", "edgedefault": "directed"})
    for node in net.nodes.values():
        element = ET.SubElement(graph, f"{{{ns}}}node", {"id": node.id})
        values = _node_values(node)
        for name in ("label", *_NODE_ATTRS):
            if values[name]:
                ET.SubElement(element, f"{{{ns}}}data", {"key": f"n_{name}"}).text = values[name]
    for edge in net.edges:
        element = ET.SubElement(graph, f"{{{ns}}}edge", {"id": edge.id, "source": edge.source, "target": edge.target})
        values = _edge_values(net, edge)
        for name in _EDGE_ATTRS:
            if values[name] != "":
                ET.SubElement(element, f"{{{ns}}}data", {"key": f"e_{name}"}).text = str(values[name])
    return _xml(root)


def to_gexf(net):
    """GEXF 1.2 for Gephi: attributes, and node and edge colours as the pictures draw them.

    Edges are directed from subject to object, with ``directed`` as in GraphML.
    """
    ns, viz = "http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz"
    ET.register_namespace("", ns)
    ET.register_namespace("viz", viz)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.2"})
    meta = ET.SubElement(root, f"{{{ns}}}meta")
    ET.SubElement(meta, f"{{{ns}}}creator").text = f"faction-kg {__version__}"
    ET.SubElement(meta, f"{{{ns}}}description").text = "Entities and the claims between them, each with its sources"
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, names in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        attributes = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": cls})
        for name in names:
            kind = _TYPES.get(name, (None, "string"))[1]
            ET.SubElement(attributes, f"{{{ns}}}attribute", {"id": f"{cls[0]}_{name}", "title": name, "type": kind})
    nodes = ET.SubElement(graph, f"{{{ns}}}nodes")
    for node in net.nodes.values():
        element = ET.SubElement(nodes, f"{{{ns}}}node", {"id": node.id, "label": node.label})
        values = _node_values(node)
        attvalues = ET.SubElement(element, f"{{{ns}}}attvalues")
        for name in _NODE_ATTRS:
            if values[name]:
                ET.SubElement(attvalues, f"{{{ns}}}attvalue", {"for": f"n_{name}", "value": values[name]})
        r, g, b = rgb(node_colour(node))
        ET.SubElement(element, f"{{{viz}}}color", {"r": str(r), "g": str(g), "b": str(b)})
    edges = ET.SubElement(graph, f"{{{ns}}}edges")
    for edge in net.edges:
        element = ET.SubElement(edges, f"{{{ns}}}edge", {
            "id": edge.id, "source": edge.source, "target": edge.target, "label": edge.relation,
            "type": "directed", "weight": str(max(1, len(edge.documents)))})
        values = _edge_values(net, edge)
        attvalues = ET.SubElement(element, f"{{{ns}}}attvalues")
        for name in _EDGE_ATTRS:
            if values[name] != "":
                ET.SubElement(attvalues, f"{{{ns}}}attvalue", {"for": f"e_{name}", "value": str(values[name])})
        r, g, b = rgb(GROUPS[edge.group])
        ET.SubElement(element, f"{{{viz}}}color", {"r": str(r), "g": str(g), "b": str(b)})
    return _xml(root)


def _csv(fields, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the byte order mark tells spreadsheets it is UTF-8


def to_csv(net):
    """Two CSV files as {name: bytes}: nodes.csv (one row per entity) and edges.csv (one row per claim, with its sources)."""
    return {
        "nodes.csv": _csv(NODE_FIELDS, (_node_values(n) for n in net.nodes.values())),
        "edges.csv": _csv(EDGE_FIELDS, (_edge_values(net, e) for e in net.edges)),
    }


FORMATS = {"graphml": to_graphml, "gexf": to_gexf, "csv": to_csv}
