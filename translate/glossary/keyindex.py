"""Finding keys (sequences of whole words) in a text, whatever the number of keys.

Keys and texts are word views (see :func:`translate.glossary.match.word_view`): separators are
spaces, so a key matches where it stands between spaces or the ends of the text. The keys are
known by their first word: ``keys_of(word)`` gives the keys starting with that word (or
``None``), and is only asked about the words a text contains, so a glossary of 100,000 terms
need not have its ~330,000 keys derived before an article is searched. Two ways to find them,
with the same answers:

* a dictionary lookup of the word sequences starting at each word (only as many words as the
  longest key starting with that word);
* an Aho-Corasick automaton over every key: one pass in C, but deriving every key and
  building it for 300,000 keys takes seconds. It is built the first time a large text is
  searched, or once the text searched so far is large enough that building it pays for itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_WORD = re.compile(r"[^ ]+")
# A text this long is searched with the automaton (built if needed).
AUTOMATON_TEXT = 50_000
# Characters searched with dictionary lookups per key before the automaton is built for good:
# by then the lookups have cost about what building the automaton costs.
CHARS_PER_KEY = 20
# Words remembered (with their keys, or as starting none).
MAX_WORDS = 1 << 18
_NO_KEYS: tuple[Mapping[str, Any], int] = ({}, 0)


def first_word(key: str) -> str:
    """The first word of a key (what :class:`KeyIndex` asks ``keys_of`` about)."""
    space = key.find(" ")
    return key if space < 0 else key[:space]


class KeyIndex(Generic[V]):
    """Finds keys (distinct, stripped word views) in word views.

    ``keys_of(word)``: every key whose first word is ``word``, with its value, or ``None``;
    ``all_keys()``: every key; ``size``: about how many keys there are (when to build the
    automaton). Both must agree: ``all_keys()`` is the union of what ``keys_of`` gives.
    """

    def __init__(self, keys_of: Callable[[str], Mapping[str, V] | None],
                 all_keys: Callable[[], Mapping[str, V]], size: int) -> None:
        self._keys_of = keys_of
        self._all_keys = all_keys
        self._size = size
        # Per first word asked about: its keys and the most words any of them has.
        self._by_word: dict[str, tuple[Mapping[str, Any], int]] = {}
        self._automaton: Any = None
        self._searched = 0
        self.empty = size == 0

    @classmethod
    def of(cls, keys: Mapping[str, V], automaton: bool = False) -> KeyIndex[V]:
        """The index of a ready mapping of keys; ``automaton``: search every text with the
        automaton (its cost is linear in the text whatever the keys)."""
        grouped: dict[str, dict[str, V]] = {}
        for key, value in keys.items():
            grouped.setdefault(first_word(key), {})[key] = value
        index = cls(grouped.get, lambda: keys, len(keys))
        if automaton:
            index._start_automaton()
        return index

    def candidates(self, view: str, overlapping: bool = False) -> list[tuple[int, int, V]]:
        """``(start, end, value)`` spans of ``view`` (a word view), ordered by end; non-overlapping,
        longest first, unless ``overlapping``."""
        if self.empty or not view:
            return []
        self._searched += len(view)
        if self._automaton is None and (len(view) >= AUTOMATON_TEXT
                                        or self._searched > CHARS_PER_KEY * self._size) \
                and not self._start_automaton():
            return []
        hits = self._scan(view) if self._automaton is not None else self._lookup(view)
        if hits is None:  # words that start too long a walk: the automaton, from now on
            if not self._start_automaton():
                return []
            hits = self._scan(view)
        return hits if overlapping else non_overlapping(hits)

    def _start_automaton(self) -> bool:
        """Build the automaton and search with it from now on; ``False`` when there is no key
        at all (terms with no word in them): the index is then empty."""
        self._automaton = self._build_automaton()
        self.empty = self._automaton is None
        return not self.empty

    def _word(self, word: str) -> tuple[Mapping[str, V], int] | None:
        found = self._by_word.get(word)
        if found is None:
            keys = self._keys_of(word)
            if not keys:
                # Words that start no key are most words: remembered too, up to a bound (a
                # long-running server sees ever new words).
                if len(self._by_word) < MAX_WORDS:
                    self._by_word[word] = _NO_KEYS
                return None
            # Spaces + 1: an upper bound on the words when separators repeat, which only
            # costs a lookup.
            found = self._by_word[word] = (keys, max(key.count(" ") for key in keys) + 1)
        return None if found is _NO_KEYS else found

    def _lookup(self, view: str) -> list[tuple[int, int, V]] | None:
        """The hits by dictionary lookups, or ``None`` past about 1,024 characters looked up
        per character of ``view``, plus a megabyte (a key repeating one word thousands of
        times, in a text that does too, would cost time cubic in its length; a long key
        starting with a common word only costs that much more per occurrence)."""
        spans = [match.span() for match in _WORD.finditer(view)]
        budget = 1024 * len(view) + (1 << 20)
        hits: list[tuple[int, int, V]] = []
        for i, (start, end) in enumerate(spans):
            found = self._word(view[start:end])
            if found is None:
                continue
            keys, most = found
            for _, stop in spans[i:i + most]:
                budget -= stop - start
                if budget < 0:
                    return None
                value = keys.get(view[start:stop])
                if value is not None:
                    hits.append((start, stop, value))
        # The automaton's order: by end, and at one end the longest first.
        hits.sort(key=lambda hit: (hit[1], hit[0]))
        return hits

    def _build_automaton(self) -> Any:
        import ahocorasick

        keys = self._all_keys()
        if not keys:
            return None
        automaton = ahocorasick.Automaton()
        add = automaton.add_word
        for key, value in keys.items():
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
