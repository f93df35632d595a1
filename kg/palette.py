"""The colours of the pictures and the Gephi export: one per relation group, one per entity type."""

GROUPS = {  # Okabe-Ito colours, told apart by colour-blind readers
    "alliance": "#009e73",
    "opposition": "#d55e00",
    "backing": "#0072b2",
    "command": "#cc79a7",
    "membership": "#e69f00",
    "other": "#999999",
}
GROUP_NAMES = {
    "alliance": "alliance, cooperation",
    "opposition": "opposition",
    "backing": "backing, support",
    "command": "command, spokesperson, representative",
    "membership": "membership, sub-organisation, armed wing, affiliation",
    "other": "other",
}
TYPES = {
    "ArmedGroup": "#fdd0a2",
    "Coalition": "#fdae6b",
    "Government": "#9ecae1",
    "GovernmentBody": "#c6dbef",
    "Court": "#dadaeb",
    "State": "#bcbddc",
    "InternationalOrganization": "#c7e9c0",
    "MediaOutlet": "#eeeeee",
    "UnidentifiedActor": "#ffffff",
    "Person": "#fde0dd",
}
TYPE_NAMES = {"ArmedGroup": "armed group", "GovernmentBody": "government body", "InternationalOrganization": "international organisation",
              "MediaOutlet": "media outlet", "UnidentifiedActor": "unidentified actor"}
KINDS = {"Actor": "#fdd0a2", "Place": "#d9f0d3", "Event": "#fee391"}


def node_colour(node):
    """The fill of a node: its type's colour, else its kind's."""
    return TYPES.get(node.type) or KINDS.get(node.kind, "#eeeeee")


def rgb(colour):
    """
    >>> rgb("#0072b2")
    (0, 114, 178)
    """
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
