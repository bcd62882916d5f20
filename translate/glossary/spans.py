"""The span of a glossary term found in a text (source or target side)."""

from __future__ import annotations

from dataclasses import dataclass

from translate.glossary.schema import Term


@dataclass(frozen=True)
class Match:
    """A term found in a text: ``[start, end)`` of the original text.

    ``plural`` is true when the matched source form is a plural the matcher derived or read
    (« chars d'assaut »): its enforced rendering is the English plural.
    """

    term: Term
    start: int
    end: int
    text: str
    plural: bool = False
