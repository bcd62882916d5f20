"""Finding, in a word view, every span that may be a form of a key: an index of keys up to
regular French agreement.

A :class:`~translate.glossary.keyindex.KeyIndex` needs every form of every term derived. To
know which terms stand inside the written forms of others (``glossary lint``'s nesting
check), that is ~330,000 forms for 100,000 terms, most of which no written form contains.
This index holds one key per written form instead (its words); a span of a view is a
candidate for a key when each of its words may be a regular plural or feminine of the key's
word at that place (:func:`~translate.glossary.french.possible_bases`). The candidates are a
superset: each is then checked against the forms it stands for, which are derived only then.
"""

from __future__ import annotations

import re

from translate.glossary.french import possible_bases

_WORD = re.compile(r"[^ ]+")


class BaseIndex:
    """Keys (lists of words) with the numbers of the terms they stand for."""

    def __init__(self) -> None:
        self._keys: dict[str, list[int]] = {}
        self._prefixes: set[str] = set()
        self._bases: dict[str, set[str]] = {}  # word → possible_bases(word), as met

    def add(self, words: list[str], number: int) -> None:
        """Record that term ``number`` has a form whose words are ``words``' regular forms
        (or are exactly ``words``: a word is one of its own possible bases); numbers arrive
        in ascending order."""
        if not words:
            return
        key = words[0]
        for word in words[1:]:
            self._prefixes.add(key)
            key = f"{key} {word}"
        numbers = self._keys.get(key)
        if numbers is None:
            self._keys[key] = [number]
        elif numbers[-1] != number:
            numbers.append(number)

    def candidates(self, view: str,
                   whole: bool = True) -> list[tuple[int, int, list[int]]] | None:
        """``(start, end, numbers)`` for every span of whole words of ``view`` that may be a
        form of a key, with the numbers (ascending) of every term that has such a key;
        ordered by end, and at one end the longest first (as the automaton orders them).
        ``whole=False``: not the span of all of ``view``.

        ``None`` when the words of ``view`` start more keys than the walk may afford (about
        64 characters of keys looked up per character of ``view``): a key that repeats one
        word thousands of times, in a view that does too, would cost time cubic in its
        length; an automaton finds such keys in one pass."""
        budget = 64 * len(view) + 4096
        words = view.split(" ")
        if "" in words:  # separators repeat (« M.  Macron »), or at an end
            spans = [match.span() for match in _WORD.finditer(view)]
            words = [view[start:end] for start, end in spans]
        else:
            spans = []
            start = 0
            for word in words:
                end = start + len(word)
                spans.append((start, end))
                start = end + 1
        known = self._bases
        bases = []
        for word in words:
            found = known.get(word)
            if found is None:
                found = known[word] = possible_bases(word)
            bases.append(found)
        keys, prefixes = self._keys, self._prefixes
        last_word = len(words) - 1
        hits: list[tuple[int, int, list[int]]] = []
        for first, (start, _) in enumerate(spans):
            frontier: list[str] = []
            alone: list[int] | None = None
            for base in bases[first]:
                found_numbers = keys.get(base)
                if found_numbers is not None:
                    # Most words are one key's: its numbers as they are (ascending, distinct).
                    alone = found_numbers if alone is None else sorted({*alone, *found_numbers})
                if base in prefixes:
                    frontier.append(base)
            if alone is not None and (whole or last_word):
                hits.append((start, spans[first][1], alone))
            last = first
            while frontier and last < last_word:
                last += 1
                numbers: list[int] = []
                following = []
                budget -= len(frontier) * len(frontier[0])
                if budget < 0:
                    return None
                for prefix in frontier:
                    for base in bases[last]:
                        key = f"{prefix} {base}"
                        found_numbers = keys.get(key)
                        if found_numbers is not None:
                            numbers += found_numbers
                        if key in prefixes:
                            following.append(key)
                if numbers and (whole or first or last < last_word):
                    hits.append((start, spans[last][1], sorted(set(numbers))))
                frontier = following
        hits.sort(key=lambda hit: (hit[1], hit[0]))
        return hits
