"""Decode-time terminology enforcement.

For each unit (a sentence, or a chunk of a long one):

1. **decoded**: a free decode, with exactly the options of a run without glossary, so a
   sentence without any glossary occurrence (and no forbidden rendering) comes out
   byte-identical; renderings the model produced by itself are kept as they are;
2. **suppress**: a unit whose output holds a forbidden rendering is decoded again with the
   forbidden renderings blocked (CTranslate2 ``suppress_sequences``);
3. **prefix**: for a missing rendering, the decoder's attention locates the target position
   aligned with the source term; the unit is re-decoded with ``target_prefix`` = the output up
   to that word + the rendering (in the source's number and the segment's casing) and the
   model continues. A result is kept only if it placed the term, lost no rendering, added no
   forbidden rendering, no rendering beyond the source's occurrences or the model's own,
   and no leftover (« cruise cruise missile missile »); otherwise the unit keeps its output;
4. **post-edit**: what decoding could not place is inserted at a word boundary next to the
   aligned position, under the same conditions, on the model's text as written
   (:mod:`translate.glossary.postedit`); a forbidden rendering left is replaced.

The caller then verifies every sentence with the same checker ``translate check`` uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from translate.engine.base import DecodeOptions, DecodeRequest, Engine, Hypothesis, token_spans
from translate.glossary.postedit import Placement, leftovers, replace_forbidden, style_of
from translate.glossary.schema import Term
from translate.glossary.spans import Match
from translate.glossary.target import find_renderings, rendering_for
from translate.glossary.verify import TermChecker

MAX_PREFIX_ROUNDS = 4
# Source tokens decoded and enforced together (a whole article fits; a huge line is cut).
WINDOW_TOKENS = 4096
# Part of the translation memory's key: bump it when enforcement changes what it writes.
ENFORCEMENT_VERSION = 2
MAX_SUPPRESSED = 2000

DECODED = "decoded"
PREFIX = "prefix"
# Bounds of a target prefix, in tokens: no glossary rendering is this long, and a prefix must
# leave the decoder positions to continue (Argos models have 512-1024).
MAX_RENDERING_TOKENS = 128
MAX_PREFIX_TOKENS = 384
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
    own: Counter[Term] = field(default_factory=Counter)
    alignment: tuple[int, ...] = ()
    spans: list[tuple[int, int]] | None = None
    failed: set[Term] = field(default_factory=set)
    unplaced: dict[Term, str] = field(default_factory=dict)

    def needed(self) -> Counter[Term]:
        """How many renderings of each term this unit needs."""
        return Counter(m.term for m in self.matches)


def _casings(rendering: str) -> set[str]:
    return {rendering, rendering.lower(), rendering[:1].upper() + rendering[1:], rendering.upper()}


def _aligned_position(unit: Unit, match: Match, engine: Engine) -> int:
    """Target token index aligned with ``match``, moved back to a word start."""
    hypothesis = unit.hypothesis
    assert hypothesis is not None
    tokens = hypothesis.tokens
    if unit.spans is None:
        unit.spans = token_spans(unit.tokens)
    source_ids = {i for i, (s, e) in enumerate(unit.spans) if s < match.end and e > match.start}
    position = None
    if unit.alignment and source_ids:
        for t in range(unit.locked, min(len(tokens), len(unit.alignment))):
            if unit.alignment[t] in source_ids:
                position = t
                break
    if position is None:
        ratio = match.start / max(1, len(unit.source))
        position = unit.locked + round(ratio * max(0, len(tokens) - unit.locked))
    position = max(unit.locked, min(position, len(tokens)))
    while position > unit.locked and position < len(tokens) and not tokens[position].startswith("\u2581"):
        position -= 1
    return position


def _adopt(unit: Unit, hypothesis: Hypothesis, text: str) -> None:
    """Make ``hypothesis`` the unit's output. Only the source position each target token
    attends to most is kept of its attention, so memory does not grow with its square."""
    attention = hypothesis.attention or ()
    unit.alignment = tuple(max(range(len(row)), key=row.__getitem__) if row else -1
                           for row in attention)
    unit.hypothesis = replace(hypothesis, attention=None) if attention else hypothesis
    unit.text = text


def _windows(units: list[Unit]) -> list[list[Unit]]:
    """Consecutive groups of at most ``WINDOW_TOKENS`` source tokens (at least one unit):
    enforcement's memory depends on the window, not on the document or line length."""
    windows: list[list[Unit]] = []
    size = 0
    for unit in units:
        if not windows or (size + len(unit.tokens) > WINDOW_TOKENS and windows[-1]):
            windows.append([])
            size = 0
        windows[-1].append(unit)
        size += len(unit.tokens)
    return windows


def _missing(unit: Unit, text: str | None = None) -> Counter[Term]:
    needed = unit.needed()
    have = Counter(r.term for r in find_renderings(unit.text if text is None else text, needed))
    return Counter({t: n - have[t] for t, n in needed.items() if have[t] < n})


def _credit(unit: Unit) -> None:
    """Credit the renderings the model produced by itself (``already-present`` when the
    source itself holds the English form, as « NATO » quoted in a French text)."""
    needed = unit.needed()
    have = Counter(r.term for r in find_renderings(unit.text, needed))
    unit.own = have
    unit.methods = {}
    for term, count in needed.items():
        copied = bool(find_renderings(unit.source, [term]))
        unit.methods[term] = [ALREADY_PRESENT if copied else DECODED] * min(count, have[term])


def _keeps_promises(unit: Unit, text: str, checker: TermChecker) -> bool:
    """A re-decoded ``text`` may replace the unit's text: it places more, loses nothing, and
    adds no forbidden rendering, no rendering beyond the source's and the model's own
    (``needed`` or ``own``, whichever is larger) and no leftover."""
    needed = unit.needed()
    before, after = _missing(unit), _missing(unit, text)
    if sum(after.values()) >= sum(before.values()) or any(after[t] > before[t] for t in needed):
        return False
    have = Counter(r.term for r in find_renderings(text, needed))
    if any(have[t] > max(needed[t], unit.own[t]) for t in needed):
        return False
    if len(checker.forbidden.find(text)) > len(checker.forbidden.find(unit.text)):
        return False
    return leftovers(text, needed) <= leftovers(unit.text, needed)


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

    def __init__(self, engine: Engine, checker: TermChecker | None, beam_size: int,
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
        for window in _windows(units):
            self._run(window)

    def _run(self, units: list[Unit]) -> None:
        engine = self.engine
        checker = self.checker
        terms = {m.term for u in units for m in u.matches}
        enforcing = checker is not None and self.enforcing
        # The first decode is the one a run without glossary makes (attention is only read,
        # it does not change the search), so a unit the glossary does not concern stays as is.
        free = DecodeOptions(beam_size=self.beam_size, return_attention=bool(terms) and enforcing)
        hypotheses = engine.translate_batch([DecodeRequest(u.tokens) for u in units], free)
        for unit, hypothesis in zip(units, hypotheses):
            _adopt(unit, hypothesis, engine.detokenize(hypothesis.tokens))
        if checker is None:
            return
        for unit in units:
            if unit.matches:
                _credit(unit)
        if not enforcing:
            return
        flagged = [u for u in units if checker.forbidden.find(u.text)]
        if flagged:
            self._suppress(flagged, checker)
        pending = [u for u in units if u.matches]
        if not pending:
            return
        options = DecodeOptions(beam_size=self.beam_size, suppress=self.suppression(terms),
                                return_attention=True)
        _prefix_rounds(pending, engine, options, checker)
        for unit in pending:
            _post_edit(unit, checker, engine)
        for unit in flagged:
            if not unit.matches:
                unit.text, replaced = replace_forbidden(unit.text, checker.forbidden)
                unit.suppressed_hits += replaced

    def _suppress(self, units: list[Unit], checker: TermChecker) -> None:
        """Decode again, forbidden renderings blocked, the units whose output holds one."""
        terms = {m.term for u in units for m, _ in checker.forbidden.find(u.text)}
        terms |= {m.term for u in units for m in u.matches}
        options = DecodeOptions(beam_size=self.beam_size, suppress=self.suppression(terms),
                                return_attention=True)
        hypotheses = self.engine.translate_batch([DecodeRequest(u.tokens) for u in units],
                                                 options)
        for unit, hypothesis in zip(units, hypotheses):
            text = self.engine.detokenize(hypothesis.tokens)
            if len(checker.forbidden.find(text)) < len(checker.forbidden.find(unit.text)):
                unit.suppressed_hits += 1
                _adopt(unit, hypothesis, text)
                if unit.matches:
                    _credit(unit)


def _prefix_rounds(units: list[Unit], engine: Engine, options: DecodeOptions,
                   checker: TermChecker) -> None:
    for _ in range(MAX_PREFIX_ROUNDS):
        pending: list[tuple[Unit, Counter[Term], Term, tuple[str, ...]]] = []
        for unit in units:
            missing = _missing(unit)
            candidates = [m for m in _unrendered(unit, missing) if m.term not in unit.failed]
            if not candidates:
                continue
            placements = sorted(
                ((_aligned_position(unit, m, engine), m) for m in candidates),
                key=lambda pair: pair[0],
            )
            position, match = placements[0]
            assert unit.hypothesis is not None
            rendering = rendering_for(match.term, match.plural, style_of(unit.text))
            tokens = tuple(engine.tokenize(" " + rendering, target=True))
            prefix = unit.hypothesis.tokens[:position] + tokens
            if len(tokens) > MAX_RENDERING_TOKENS or len(prefix) > MAX_PREFIX_TOKENS:
                # Beyond what a decoder's positions can hold: post-edit places it instead.
                unit.failed.add(match.term)
                continue
            pending.append((unit, missing, match.term, prefix))
        if not pending:
            return
        requests = [DecodeRequest(u.tokens, prefix) for u, _, _, prefix in pending]
        results = engine.translate_batch(requests, options)
        for (unit, before, term, prefix), hypothesis in zip(pending, results):
            text = engine.detokenize(hypothesis.tokens)
            if not _keeps_promises(unit, text, checker):
                unit.failed.add(term)
                continue
            _adopt(unit, hypothesis, text)
            unit.locked = len(prefix)
            _record(unit, before, _missing(unit), PREFIX)


def _unrendered(unit: Unit, missing: Counter[Term]) -> list[Match]:
    """The source occurrences still without a rendering: the last ones of each term."""
    chosen = []
    for term, count in missing.items():
        chosen += [m for m in unit.matches if m.term == term][-count:]
    return sorted(chosen, key=lambda m: m.start)


def _preferred_offset(unit: Unit, match: Match, engine: Engine) -> int:
    """Character offset in the unit's text aligned with ``match``."""
    hypothesis = unit.hypothesis
    if hypothesis is not None and unit.alignment \
            and engine.detokenize(hypothesis.tokens) == unit.text:
        position = _aligned_position(unit, match, engine)
        return len(engine.detokenize(hypothesis.tokens[:position]))
    return round(match.start / max(1, len(unit.source)) * len(unit.text))


def _post_edit(unit: Unit, checker: TermChecker, engine: Engine) -> None:
    text, replaced = replace_forbidden(unit.text, checker.forbidden)
    unit.suppressed_hits += replaced
    offsets = {id(m): _preferred_offset(unit, m, engine) for m in unit.matches}
    unit.text = text
    before = _missing(unit)
    if not before:
        return
    placement = Placement(text, unit.needed(), checker.forbidden)
    for match in _unrendered(unit, before):
        style = style_of(placement.text)
        if not placement.recase(match.term, style):
            placement.insert(match, style, offsets[id(match)])
    unit.text = placement.text
    unit.unplaced = placement.reasons
    _record(unit, before, _missing(unit), POST_EDIT)
    if unit.hypothesis is not None:
        unit.hypothesis = replace(unit.hypothesis, tokens=tuple(engine.tokenize(unit.text, True)))
