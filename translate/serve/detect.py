"""French or English? A small function-word detector for ``/detect`` and ``source=auto``.

The server translates French only, so the question it must answer is "is this French?".
Function words and accented letters separate French from English reliably beyond a few words;
the confidence (0–100, LibreTranslate's scale) says how one-sided the evidence was.
"""

from __future__ import annotations

import re

FRENCH = frozenset(
    "le la les un une des du de et est sont à au aux en dans pour par sur avec pas ne que qui "
    "quoi dont où il elle ils elles nous vous je tu on se sa son ses leur leurs ce cette ces "
    "mais ou donc car été être avoir a ont fait plus très aussi comme selon lors après avant "
    "entre sans sous chez contre depuis pendant".split()
)
ENGLISH = frozenset(
    "the a an and is are was were be been to of in on for with by at from that which who "
    "what this these those it its he she they we you i not but or so as has have had do does "
    "did will would can could should there their than then into about after before".split()
)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
ACCENTS = frozenset("àâæçéèêëîïôœùûüÿ")
ELISION = re.compile(r"\b(?:l|d|qu|n|s|j|c|m|t)['’]", re.IGNORECASE)


def detect(text: str) -> list[dict[str, object]]:
    """Candidates, most likely first: ``[{"confidence": float, "language": code}, …]``."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return [{"confidence": 0.0, "language": "en"}]
    french = float(sum(1 for w in words if w in FRENCH or ELISION.match(w)))
    english = sum(1 for w in words if w in ENGLISH)
    french += sum(1 for c in text.lower() if c in ACCENTS) / 2
    total = french + english
    if total == 0:
        # No evidence either way: LibreTranslate answers English with no confidence.
        return [{"confidence": 0.0, "language": "en"}, {"confidence": 0.0, "language": "fr"}]
    share_fr = french / total
    # Evidence grows with the number of telling words; one word is a weak signal.
    weight = min(1.0, total / 4)
    fr = round(100 * (0.5 + (share_fr - 0.5) * weight), 1)
    en = round(100 - fr, 1)
    ranked = sorted((("fr", fr), ("en", en)), key=lambda c: -c[1])
    return [{"confidence": c, "language": code} for code, c in ranked]
