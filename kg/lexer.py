"""SPARQL text as tokens: enough to find keywords, variables, prefixed names and groups.

Strings, IRIs and comments are whole tokens, so that a "{", a "?" or a keyword inside
them is never taken for one. The endpoint's checks (``kg.guard``) and the parameter
binding (``kg.binding``, ``kg.remote``) read queries through it; Oxigraph or the remote
store still parses the query itself.

>>> [(m.lastgroup, m.group()) for m in tokens('SELECT ?x { ?x ex:p "}" } # {')]
[('word', 'SELECT'), ('var', '?x'), ('open', '{'), ('var', '?x'), ('pname', 'ex:p'), ('string', '"}"'), ('close', '}')]
"""

import re

TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<blank>_:[\w.-]*)
  | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>[^\s])
""", re.VERBOSE | re.DOTALL)


def tokens(text):
    """The token matches of ``text`` (kind: ``m.lastgroup``), comments left out."""
    return (m for m in TOKEN.finditer(text) if m.lastgroup != "comment")
