"""Decode-time terminology enforcement.

For each unit (a sentence, or a chunk of a long one):

1. **suppress**: forbidden renderings are blocked during decoding (CTranslate2
   ``suppress_sequences`` on their target tokens, in their usual casings);
2. **decoded**: a free decode; required renderings it already contains are kept as they are;
3. **prefix**: for a missing rendering, the decoder's attention locates the target position
   aligned with the source term; the unit is re-decoded with ``target_prefix`` = the output up
   to that word + the rendering, and the model continues from there (one batched call per
   round, one more term placed per unit and round);
4. **post-edit**: what decoding could not place is inserted at the aligned word boundary,
   and a forbidden rendering that slipped through under another tokenisation is replaced.

The caller then verifies every sentence with the same checker ``translate check`` uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from translate.engine.base import DecodeOptions, DecodeRequest, Engine, Hypothesis
from translate.glossary.match import Match, find_renderings, prepare_target
from translate.glossary.schema import Term
from translate.quality.check import Checker, shortfall

MAX_PREFIX_ROUNDS = 4
MAX_SUPPRESSED = 2000

DECODED = "decoded"
PREFIX = "prefix"
POST_EDIT = "post-edit"
ALREADY_PRESENT = "already-present"


@dataclass
class Unit:
    """One decoding unit and its state through the strategies."""

    source: str
    tokens: tuple[str, ...]
    matches: tuple[Match, ...] = ()
    hypothesis: Hypothesis | None = None
    text: str = ""
    methods: dict[Term, list[str]] = field(default_factory=dict)
    locked: int = 0
    suppressed_hits: int = 0

    def needed(self) -> Counter[Term]:
        """How many renderings of each term this unit needs."""
        return Counter(m.term for m in self.matches)


def _casings(rendering: str) -> set[str]:
    return {rendering, rendering.lower(), rendering[:1].upper() + rendering[1:], rendering.upper()}


def _token_spans(engine: Engine, tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    """Approximate character spans of source tokens (SentencePiece ``▁`` is a space)."""
    spans = []
    position = 0
    for index, token in enumerate(tokens):
        piece = token.replace("\u2581", " ")
        if index == 0:
            piece = piece.lstrip(" ")
        start = position + (len(piece) - len(piece.lstrip(" ")))
        position += len(piece)
        spans.append((start, position))
    return spans


def _aligned_position(unit: Unit, match: Match, engine: Engine) -> int:
    """Target token index aligned with ``match``, moved back to a word start."""
    hypothesis = unit.hypothesis
    assert hypothesis is not None
    tokens = hypothesis.tokens
    spans = _token_spans(engine, unit.tokens)
    source_ids = {i for i, (s, e) in enumerate(spans) if s < match.end and e > match.start}
    position = None
    if hypothesis.attention and source_ids:
        for t in range(unit.locked, len(tokens)):
            row = hypothesis.attention[t] if t < len(hypothesis.attention) else ()
            if row and max(range(len(row)), key=row.__getitem__) in source_ids:
                position = t
                break
    if position is None:
        ratio = match.start / max(1, len(unit.source))
        position = unit.locked + round(ratio * max(0, len(tokens) - unit.locked))
    position = max(unit.locked, min(position, len(tokens)))
    while position > unit.locked and position < len(tokens) and not tokens[position].startswith("\u2581"):
        position -= 1
    return position


def _missing(unit: Unit) -> Counter[Term]:
    return shortfall(unit.needed(), prepare_target(unit.text))[1]


def _record(unit: Unit, before: Counter[Term], after: Counter[Term], method: str) -> None:
    """Credit renderings placed by ``method``; forget ones a re-decode lost."""
    for term in set(before) | set(after):
        placed = before.get(term, 0) - after.get(term, 0)
        used = unit.methods.setdefault(term, [])
        if placed > 0:
            used.extend([method] * placed)
        elif placed < 0:
            del used[max(0, len(used) + placed):]


class Enforcer:
    """Applies the strategies to batches of units; built once per document, so the glossary's
    matchers and the token sequences of its forbidden renderings are prepared only once."""

    def __init__(self, engine: Engine, checker: Checker | None, beam_size: int,
                 mode: str = "enforce") -> None:
        self.engine = engine
        self.checker = checker
        self.beam_size = beam_size
        self.enforcing = mode == "enforce"
        self._forbidden_tokens: dict[Term, list[tuple[str, ...]]] = {}

    def _sequences(self, term: Term) -> list[tuple[str, ...]]:
        cached = self._forbidden_tokens.get(term)
        if cached is None:
            cached = []
            for rendering in term.forbidden:
                for form in _casings(rendering):
                    for text in (form, " " + form):
                        tokens = tuple(self.engine.tokenize(text, target=True))
                        if tokens and tokens not in cached:
                            cached.append(tokens)
            self._forbidden_tokens[term] = cached
        return cached

    def suppression(self, terms: set[Term]) -> tuple[tuple[str, ...], ...]:
        """Target token sequences of forbidden renderings, those of ``terms`` first."""
        if self.checker is None or not self.enforcing:
            return ()
        everything = self.checker.glossary.terms
        ordered = [t for t in everything if t in terms and t.forbidden]
        ordered += [t for t in everything if t not in terms and t.forbidden]
        sequences: dict[tuple[str, ...], None] = {}
        for term in ordered:
            sequences.update(dict.fromkeys(self._sequences(term)))
            if len(sequences) >= MAX_SUPPRESSED:
                break
        return tuple(sequences)[:MAX_SUPPRESSED]

    def run(self, units: list[Unit]) -> None:
        """Translate ``units`` in place, applying every strategy in turn.

        In ``report`` mode the model translates freely (no suppression, no placement) and only
        what it produced by itself is credited; the caller's verification reports the rest.
        """
        if not units:
            return
        engine = self.engine
        terms = {m.term for u in units for m in u.matches}
        options = DecodeOptions(beam_size=self.beam_size, suppress=self.suppression(terms),
                                return_attention=bool(terms) and self.enforcing)
        hypotheses = engine.translate_batch([DecodeRequest(u.tokens) for u in units], options)
        for unit, hypothesis in zip(units, hypotheses):
            unit.hypothesis = hypothesis
            unit.text = engine.detokenize(hypothesis.tokens)
        if self.checker is None or not terms:
            return
        for unit in units:
            needed = unit.needed()
            missing = _missing(unit)
            present = Counter({t: n - missing.get(t, 0) for t, n in needed.items()})
            source_folded = prepare_target(unit.source)
            for term, count in present.items():
                copied = bool(find_renderings(source_folded, [term]))
                unit.methods[term] = [ALREADY_PRESENT if copied else DECODED] * count
        if not self.enforcing:
            return
        _prefix_rounds(units, engine, options)
        for unit in units:
            _post_edit(unit, self.checker, engine)


def _prefix_rounds(units: list[Unit], engine: Engine, options: DecodeOptions) -> None:
    for _ in range(MAX_PREFIX_ROUNDS):
        pending: list[tuple[Unit, Counter[Term], tuple[str, ...]]] = []
        for unit in units:
            missing = _missing(unit)
            if not missing:
                continue
            candidates = [m for m in unit.matches if m.term in missing]
            placements = sorted(
                ((_aligned_position(unit, m, engine), m) for m in candidates),
                key=lambda pair: pair[0],
            )
            position, match = placements[0]
            assert unit.hypothesis is not None
            rendering = tuple(engine.tokenize(" " + match.term.target, target=True))
            prefix = unit.hypothesis.tokens[:position] + rendering
            pending.append((unit, missing, prefix))
        if not pending:
            return
        requests = [DecodeRequest(u.tokens, prefix) for u, _, prefix in pending]
        results = engine.translate_batch(requests, options)
        for (unit, before, prefix), hypothesis in zip(pending, results):
            unit.hypothesis = hypothesis
            unit.text = engine.detokenize(hypothesis.tokens)
            unit.locked = len(prefix)
            _record(unit, before, _missing(unit), PREFIX)


def _insert_at_word(text: str, position: int, rendering: str) -> str:
    position = max(0, min(position, len(text)))
    while 0 < position < len(text) and not text[position - 1].isspace():
        position -= 1
    before, after = text[:position].rstrip(), text[position:].lstrip()
    return " ".join(part for part in (before, rendering, after) if part)


def _post_edit(unit: Unit, checker: Checker, engine: Engine) -> None:
    text = prepare_target(unit.text)
    for match, _rendering in checker.forbidden.find(text)[::-1]:
        text = text[: match.start] + match.term.target + text[match.end:]
        unit.suppressed_hits += 1
    unit.text = text
    missing = _missing(unit)
    if not missing:
        return
    for term, count in missing.items():
        match = next(m for m in unit.matches if m.term is term)
        for _ in range(count):
            ratio = match.start / max(1, len(unit.source))
            unit.text = _insert_at_word(unit.text, round(ratio * len(unit.text)), term.target)
    _record(unit, missing, _missing(unit), POST_EDIT)
    if unit.hypothesis is not None:
        unit.hypothesis = replace(unit.hypothesis, tokens=tuple(engine.tokenize(unit.text, True)))
