"""Post-edit: the last enforcement strategy, deterministic edits of a translation's text.

Edits are made on the text as the model wrote it (spans come from the folded view and map
back), so typography outside the edited span is kept byte for byte. Every edit is checked
before it is kept: it must place what it was for, lose no other rendering, add no forbidden
rendering and leave no leftover (a word of a rendering right next to it, as in « cruise
cruise missile missile »). What cannot be placed is returned with the reason.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from translate.glossary.english import PLAIN, casing, in_casing, singular_word
from translate.glossary.schema import Term
from translate.glossary.spans import Match
from translate.glossary.target import (
    ForbiddenMatcher,
    accepted_forms,
    find_renderings,
    plural_target,
    rendering_for,
)
from translate.text.normalize import normalize

MAX_POSITIONS = 24
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t\u00a0\u202f]+$")
_WORD_AFTER = re.compile(r"^[ \t\u00a0\u202f]+([^\W\d_][\w'’-]*)")
_CLOSING = ".!?…:;,)]}»\"'”’"


def style_of(text: str) -> str:
    """The casing of a translation segment (see :func:`translate.glossary.english.casing`)."""
    return casing(normalize(text).cased)


@functools.lru_cache(maxsize=4096)
def _words(term: Term) -> frozenset[str]:
    words = set()
    for form in accepted_forms(term):
        for word in normalize(form).cased.split():
            words.add(word.lower())
            words.add(singular_word(word.lower()))
    return frozenset(words)


def leftovers(text: str, terms: Iterable[Term]) -> int:
    """Words of a rendering standing right next to that rendering (leftovers of a placement:
    « cruise cruise missile missile », « NATO NATO »)."""
    count = 0
    for rendering in find_renderings(text, terms):
        words = _words(rendering.term)
        before = _WORD_BEFORE.search(text, 0, rendering.start)
        after = _WORD_AFTER.match(text[rendering.end:])
        for found in (before, after):
            if found is not None:
                word = found.group(1).lower()
                if word in words or singular_word(word) in words:
                    count += 1
    return count


def _recased(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def replace_forbidden(text: str, forbidden: ForbiddenMatcher) -> tuple[str, int]:
    """Replace forbidden renderings by their term's target (in their number and casing);
    the count of replacements made. Nothing else of the text changes."""
    replaced = 0
    for match, rendering in reversed(forbidden.find(text)):
        term = match.term
        found = normalize(match.text).cased.lower()
        is_plural = found != normalize(rendering).cased.lower()
        replacement = _recased(match.text, plural_target(term) if is_plural else term.target)
        if forbidden.find(replacement):
            continue  # the glossary contradicts itself; verification reports it
        text = text[: match.start] + replacement + text[match.end:]
        replaced += 1
    return text, replaced


class Placement:
    """State of one post-edit: the text, the terms it must keep and what it could not do."""

    def __init__(self, text: str, needed: Counter[Term], forbidden: ForbiddenMatcher) -> None:
        self.text = text
        self.needed = needed
        self.forbidden = forbidden
        self.reasons: dict[Term, str] = {}

    def missing(self, text: str | None = None) -> Counter[Term]:
        """Renderings still missing per term in ``text`` (the current text by default)."""
        have = Counter(r.term for r in find_renderings(self.text if text is None else text,
                                                        self.needed))
        return Counter({t: n - have[t] for t, n in self.needed.items() if have[t] < n})

    def _acceptable(self, candidate: str, term: Term, before: Counter[Term]) -> bool:
        after = self.missing(candidate)
        if after[term] >= before[term] or any(after[t] > before[t] for t in self.needed):
            return False
        if len(self.forbidden.find(candidate)) > len(self.forbidden.find(self.text)):
            return False
        return leftovers(candidate, self.needed) <= leftovers(self.text, self.needed)

    def recase(self, term: Term, style: str) -> bool:
        """Fix a rendering the model wrote in the wrong case (« Cruise Missile » in a sentence,
        « Security Council » in an all-caps headline) instead of adding a second one."""
        before = self.missing()
        taken = [(r.start, r.end) for r in find_renderings(self.text, self.needed)]
        view = normalize(self.text)
        forms = sorted(accepted_forms(term), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(
            r"\s+".join(re.escape(w) for w in normalize(f).cased.split()) for f in forms)
            + r")(?!\w)", re.IGNORECASE)
        for hit in pattern.finditer(view.cased):
            start, end = view.span(hit.start(), hit.end())
            if any(s < end and start < e for s, e in taken):
                continue
            written = " ".join(hit.group().split()).lower()
            form = next((f for f in forms if " ".join(f.split()).lower() == written), term.target)
            replacement = in_casing(form, style)
            if start == 0 and style == PLAIN:
                replacement = _recased(self.text[start:end], replacement)
            candidate = self.text[:start] + replacement + self.text[end:]
            if self._acceptable(candidate, term, before):
                self.text = candidate
                return True
        return False

    def insert(self, match: Match, style: str, preferred: int) -> bool:
        """Insert the rendering ``match`` calls for at the word boundary nearest ``preferred``
        (a character offset) where the text stays valid."""
        term = match.term
        rendering = rendering_for(term, match.plural, style)
        before = self.missing()
        taken = [(r.start, r.end) for r in find_renderings(self.text, self.needed)]
        taken += [(m.start, m.end) for m, _ in self.forbidden.find(self.text)]
        for position in self._positions(preferred, taken):
            candidate = self._inserted(position, rendering)
            if self._acceptable(candidate, term, before):
                self.text = candidate
                return True
        self.reasons[term] = self._why(term, rendering)
        return False

    def _positions(self, preferred: int, taken: list[tuple[int, int]]) -> list[int]:
        text = self.text
        starts = [i for i in range(len(text))
                  if not text[i].isspace() and (i == 0 or text[i - 1].isspace())]
        end = len(text.rstrip())
        while end > 0 and text[end - 1] in _CLOSING:
            end -= 1
        positions = [p for p in [*starts, end] if not any(s < p < e for s, e in taken)]
        return sorted(set(positions), key=lambda p: (abs(p - preferred), p))[:MAX_POSITIONS]

    def _inserted(self, position: int, rendering: str) -> str:
        text = self.text
        if position >= len(text.rstrip()) or (position > 0 and not text[position - 1].isspace()):
            head, tail = text[:position].rstrip(), text[position:]
            return f"{head} {rendering}{tail}" if head else f"{rendering}{tail}"
        if position == 0:
            rendering = rendering[:1].upper() + rendering[1:]
        return text[:position] + rendering + " " + text[position:]

    def _why(self, term: Term, rendering: str) -> str:
        clash = self.forbidden.find(rendering)
        if clash:
            other = clash[0][0].term
            return (f"its rendering {rendering!r} contains {clash[0][0].text!r}, forbidden by "
                    f"{other.source!r}; fix the glossary")
        if not find_renderings(rendering, [term]):
            return f"the checker does not recognise {rendering!r} as a rendering of {term.source!r}"
        others = [t for t in self.needed if t is not term]
        inside = [r.term.source for r in find_renderings(rendering, others)]
        if inside:
            return (f"its rendering {rendering!r} contains the rendering of {inside[0]!r}, so "
                    f"one of the two is always counted for the other")
        return "no word boundary in the output can hold it without breaking another rendering"
