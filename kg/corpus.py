"""Check facts against the corpus itself: document hashes, verbatim quotes, names used."""

import hashlib
import re
from pathlib import Path

from .errors import Problem, UsageError

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text):
    """Fold whitespace and typographic quotes, so that a quote matches across line breaks.

    >>> normalise("Derna\\u2019s  \\n district")
    "derna's district"
    """
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def check_corpus(facts, corpus_dir):
    """Problems with the facts as the corpus shows them (an empty list when all is well)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise UsageError(f"corpus folder {corpus_dir} does not exist")
    problems, texts = [], {}
    for doc in facts.documents.values():
        path = corpus_dir / doc.file
        if not path.is_file():
            problems.append(Problem(doc.where, f"document {doc.file} is not in {corpus_dir}", "put it there, or correct file:"))
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != doc.sha256:
            problems.append(Problem(doc.where, f"{doc.file} has changed: its sha256 is {digest}", "re-read the document, check its quotes, then record the new hash"))
            continue
        texts[doc.file] = normalise(raw.decode("utf-8", errors="replace"))
    evidence = [ev for e in facts.entities.values() for ev in e.evidence]
    evidence += [ev for c in facts.claims for ev in c.evidence]
    for ev in evidence:
        text = texts.get(ev.doc)
        if text is not None and normalise(ev.quote) not in text:
            problems.append(Problem(ev.where, f"quote is not in {ev.doc}: {ev.quote[:70]!r}", "copy the words verbatim from the document"))
    everything = " ".join(texts.values())
    for entity in facts.entities.values():
        for name in entity.names[1:]:
            if normalise(name) not in everything:
                problems.append(Problem(entity.where, f"no document uses the name {name!r} of {entity.id}", "record only names the documents use"))
    return problems
