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
        # Characters of keys the walk may still build, over every view it is asked about;
        # the caller sets it from how much text it will ask about (see :meth:`candidates`).
        self.budget = 1 << 22

    def numbers(self, key: str) -> list[int]:
        """The numbers (ascending) of the terms that have ``key``."""
        return self._keys.get(key, [])

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

    def candidates(self, view: str, whole: bool = True) -> list[tuple[int, int, list[str]]] | None:
        """``(start, end, keys)`` for every span of whole words of ``view`` that may be a form
        of a key, with those keys; ordered by end, and at one end the longest first (as the
        automaton orders them). ``whole=False``: not the span of all of ``view``.

        ``None`` once the walk has built more characters of keys than :attr:`budget` allows,
        over all views: a key that repeats one word thousands of times, in a view that does
        too, costs time cubic in its length, and words with several possible bases each can
        make the walk branch; an automaton finds such keys in one pass."""
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
        hits: list[tuple[int, int, list[str]]] = []
        for first, (start, _) in enumerate(spans):
            frontier: list[str] = []
            alone: list[str] = []
            for base in bases[first]:
                if base in keys:
                    alone.append(base)
                if base in prefixes:
                    frontier.append(base)
            if alone and (whole or last_word):
                hits.append((start, spans[first][1], alone))
            last = first
            while frontier and last < last_word:
                last += 1
                matched: list[str] = []
                following = []
                self.budget -= len(frontier) * (len(frontier[0]) + 8)
                if self.budget < 0:
                    return None
                for prefix in frontier:
                    for base in bases[last]:
                        key = f"{prefix} {base}"
                        if key in keys:
                            matched.append(key)
                        if key in prefixes:
                            following.append(key)
                if matched and (whole or first or last < last_word):
                    hits.append((start, spans[last][1], matched))
                frontier = following
        hits.sort(key=lambda hit: (hit[1], hit[0]))
        return hits
