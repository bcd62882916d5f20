"""Finding keys (sequences of whole words) in a text, whatever the number of keys.

Keys and texts are word views (see :func:`translate.glossary.match.word_view`): separators are
spaces, so a key matches where it stands between spaces or the ends of the text. Two ways to
find them, with the same answers:

* a dictionary lookup of the word sequences starting at each word (only as many words as the
  longest key starting with that word): no build cost, so a glossary of 100,000 terms is ready
  at once for an article;
* an Aho-Corasick automaton: one pass in C whatever the glossary's size, but building it for
  300,000 keys takes seconds. It is built the first time a large text is searched, or once the
  text searched so far is large enough that building it pays for itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_WORD = re.compile(r"[^ ]+")
# A text this long is searched with the automaton (built if needed).
AUTOMATON_TEXT = 50_000
# Characters searched with dictionary lookups per key before the automaton is built for good:
# by then the lookups have cost about what building the automaton costs.
CHARS_PER_KEY = 20


class KeyIndex(Generic[V]):
    """Finds the keys of ``keys`` (distinct, stripped word views) in word views."""

    def __init__(self, keys: Mapping[str, V]) -> None:
        self._keys = keys
        self._longest: dict[str, int] | None = None
        self._automaton: Any = None
        self._searched = 0
        self.empty = not keys

    def candidates(self, view: str, overlapping: bool = False) -> list[tuple[int, int, V]]:
        """``(start, end, value)`` spans of ``view`` (a word view), ordered by end; non-overlapping,
        longest first, unless ``overlapping``."""
        if self.empty or not view:
            return []
        self._searched += len(view)
        if self._automaton is None and (len(view) >= AUTOMATON_TEXT
                                        or self._searched > CHARS_PER_KEY * len(self._keys)):
            self._automaton = self._build_automaton()
        hits = self._scan(view) if self._automaton is not None else self._lookup(view)
        return hits if overlapping else non_overlapping(hits)

    def _lookup(self, view: str) -> list[tuple[int, int, V]]:
        if self._longest is None:
            # Per first word, at most how many words its keys have (spaces + 1: an upper bound
            # when separators repeat, which only costs a lookup).
            longest: dict[str, int] = {}
            for key in self._keys:
                space = key.find(" ")
                first, count = (key, 1) if space < 0 else (key[:space], key.count(" ") + 1)
                if count > longest.get(first, 0):
                    longest[first] = count
            self._longest = longest
        spans = [match.span() for match in _WORD.finditer(view)]
        keys, longest_of = self._keys, self._longest
        hits: list[tuple[int, int, V]] = []
        for i, (start, end) in enumerate(spans):
            most = longest_of.get(view[start:end])
            if most is None:
                continue
            for _, stop in spans[i:i + most]:
                value = keys.get(view[start:stop])
                if value is not None:
                    hits.append((start, stop, value))
        # The automaton's order: by end, and at one end the longest first.
        hits.sort(key=lambda hit: (hit[1], hit[0]))
        return hits

    def _build_automaton(self) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        add = automaton.add_word
        for key, value in self._keys.items():
            add(f" {key} ", (len(key), value))
        automaton.make_automaton()
        return automaton

    def _scan(self, view: str) -> list[tuple[int, int, V]]:
        # In the padded text, a key " w " ending at e covers text[e - len(w) - 1 : e - 1].
        return [(end - length - 1, end - 1, value)
                for end, (length, value) in self._automaton.iter(f" {view} ")]


def non_overlapping(hits: list[tuple[int, int, V]]) -> list[tuple[int, int, V]]:
    """Longest first among overlapping hits (ordered by end), then leftmost."""
    # A hit overlaps the current chain iff it starts before the chain's last end; only such
    # chains need the longest-first resolution.
    chosen: list[tuple[int, int, V]] = []
    chain: list[tuple[int, int, V]] = []
    last_end = -1
    for start, end, value in hits:
        if start < last_end:
            chain.append((start, end, value))
            last_end = max(last_end, end)
        else:
            if len(chain) == 1:
                chosen.append(chain[0])
            elif chain:
                chosen.extend(_longest_first(chain))
            chain = [(start, end, value)]
            last_end = end
    chosen.extend(_longest_first(chain))
    return chosen


def _longest_first(chain: list[tuple[int, int, V]]) -> list[tuple[int, int, V]]:
    """Non-overlapping subset of overlapping hits: longest first, then leftmost."""
    if len(chain) <= 1:
        return chain
    chosen: list[tuple[int, int, V]] = []
    for hit in sorted(chain, key=lambda c: (c[0] - c[1], c[0])):
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda c: c[0])
