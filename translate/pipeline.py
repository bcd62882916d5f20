"""``translate_document``: segment, match terms, consult the memory, decode with enforcement,
verify, reassemble.

One data path, plain function calls on typed values. Paragraph and sentence counts of the
output equal the input's by construction (one translation per source sentence, reassembled
with the source's layout), and this is asserted before returning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from translate.cache import CachedSentence, TranslationMemory, cache_key
from translate.config import Settings
from translate.engine.base import Engine
from translate.glossary.enforce import ENFORCEMENT_VERSION, POST_EDIT, Enforcer, Unit
from translate.glossary.match import SourceMatcher
from translate.glossary.schema import Glossary
from translate.glossary.verify import expected_rendering
from translate.quality.check import Checker, GlossarySignature, Violation, checker_for, unrendered
from translate.text.normalize import has_translatable_text
from translate.text.segment import Document, Sentence, reassemble, segment, segment_lines

Progress = Callable[[int, int], None]
# Sentences are decoded in length-sorted slices of about one engine batch
# (``max_batch_tokens``), so progress and the translation memory advance batch by batch; a
# slice never exceeds this many sentences.
SLICE_SENTENCES = 512
# How enforcement methods read in the summary line ("none" is report mode: nothing enforced).
METHOD_WORDS = {"none": "not enforced"}
CHUNK_BREAKS = (",", ";", ":", ")", "»", '"')


@dataclass(frozen=True)
class TermOccurrence:
    """What happened to one source occurrence of a glossary term."""

    paragraph: int
    sentence: int
    source_term: str
    source_text: str
    start: int
    end: int
    expected: str
    method: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class SentenceResult:
    """One translated sentence. ``flags`` name anything unusual that happened."""

    paragraph: int
    index: int
    source: str
    translation: str
    score: float | None
    flags: tuple[str, ...] = ()
    cached: bool = False
    chunks: int = 1
    # With ``translate_document(..., align=True)``: (target start, end, source start, end) per
    # target token; see translate.alignment.
    alignment: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class RunSignature:
    """Everything that identifies how a document was translated."""

    engine: str
    package: str
    package_version: str
    options: dict[str, str]
    glossary: GlossarySignature
    version: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "engine": self.engine, "package": self.package,
            "package_version": self.package_version, "options": dict(self.options),
            "glossary": self.glossary.__dict__, "translate_version": self.version,
        }


@dataclass(frozen=True)
class DocumentResult:
    """A translated document with its per-sentence and per-term record."""

    text: str
    sentences: tuple[SentenceResult, ...]
    occurrences: tuple[TermOccurrence, ...]
    violations: tuple[Violation, ...]
    signature: RunSignature
    paragraphs: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """One line: term totals by status, e.g. ``12 terms: 12 ok (12 decoded)``; the methods
        read as words (``51 not enforced`` rather than ``51 none``)."""
        ok = sum(1 for o in self.occurrences if o.status == "ok")
        forbidden = sum(1 for v in self.violations if v.kind == "forbidden")
        parts = [f"{ok} ok"]
        missing = len(self.occurrences) - ok
        if missing:
            parts.append(f"{missing} missing")
        if forbidden:
            parts.append(f"{forbidden} forbidden")
        methods = Counter(METHOD_WORDS.get(o.method, o.method) for o in self.occurrences)
        detail = ", ".join(f"{n} {m}" for m, n in sorted(methods.items()))
        return f"{len(self.occurrences)} terms: " + ", ".join(parts) + (
            f" ({detail})" if detail else "")


def empty_result(glossary: Glossary | None) -> DocumentResult:
    """The result for a document with nothing to translate (no model involved)."""
    from translate import __version__

    signature = RunSignature("none", "none", "", {}, GlossarySignature.of(glossary), __version__)
    return DocumentResult("", (), (), (), signature, 0, {"sentences": 0})


def _split_long(text: str, engine: Engine, limit: int, protected: list[tuple[int, int]]) -> list[str]:
    """Split an over-long sentence into chunks of at most ``limit`` tokens at word breaks."""
    words: list[tuple[int, int]] = []
    position = 0
    for word in text.split(" "):
        if word:
            words.append((position, position + len(word)))
        position += len(word) + 1
    chunks: list[str] = []
    start_word = 0
    count = 0
    last_break = None
    spans = sorted(protected)
    next_span = 0
    for i, (w_start, w_end) in enumerate(words):
        cost = len(engine.tokenize(text[w_start:w_end]))
        # Words and term spans both run left to right: one pointer keeps this linear.
        while next_span < len(spans) and spans[next_span][1] <= w_end:
            next_span += 1
        inside_term = next_span < len(spans) and spans[next_span][0] < w_end
        if count + cost > limit and i > start_word:
            cut = last_break if last_break is not None and last_break >= start_word else i - 1
            chunks.append(text[words[start_word][0]: words[cut][1]])
            start_word = cut + 1
            count = sum(len(engine.tokenize(text[s:e])) for s, e in words[start_word:i])
            last_break = None
        count += cost
        if not inside_term and text[w_start:w_end].endswith(CHUNK_BREAKS):
            last_break = i
    if start_word < len(words):
        chunks.append(text[words[start_word][0]: words[-1][1]])
    return chunks


def _units_for(sentence: Sentence, engine: Engine, matcher: SourceMatcher | None,
               settings: Settings) -> list[Unit]:
    text = sentence.text
    matches = matcher.find(text) if matcher else []
    tokens = engine.tokenize(text)
    if len(tokens) <= settings.max_input_tokens:
        return [Unit(text, tuple(tokens), tuple(matches))]
    spans = [(m.start, m.end) for m in matches]
    units = []
    for chunk in _split_long(text, engine, settings.max_input_tokens, spans):
        chunk_matches = matcher.find(chunk) if matcher else []
        chunk_tokens = engine.tokenize(chunk)[: settings.max_input_tokens * 2]
        units.append(Unit(chunk, tuple(chunk_tokens), tuple(chunk_matches)))
    return units


def translate_document(
    text: str,
    engine: Engine,
    settings: Settings,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: Progress | None = None,
    lines: bool = False,
    align: bool = False,
) -> DocumentResult:
    """Translate a French document sentence by sentence, enforcing ``glossary``.

    The model is touched only if there is something to translate that the memory does
    not already hold. With ``lines``, every non-empty line is one segment (sentence-per-line
    files such as evaluation sets) and output line *i* translates input line *i*. With
    ``align``, every sentence carries its source→target alignment (documents use it to carry
    inline markup across).
    """
    return translate_documents([text], engine, settings, glossary, memory, progress, lines,
                               align)[0]


def translate_documents(
    texts: Sequence[str],
    engine: Engine,
    settings: Settings,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    progress: Progress | None = None,
    lines: bool = False,
    align: bool = False,
) -> list[DocumentResult]:
    """Translate several documents with their sentences decoded in shared length-sorted batches.

    Each result is what :func:`translate_document` gives for that text with the same memory:
    prepare (segment, look up the memory) → decode every document's remaining sentences
    together (a sentence repeated within or across documents is decoded once) → finish
    (verify, reassemble) per document. ``progress`` counts sentences over all documents.
    """
    batch = DocumentBatch(engine, settings, glossary, align)
    prepared = [batch.prepare(text, memory, lines) for text in texts]
    batch.decode(prepared, memory, progress)
    return [batch.finish(p) for p in prepared]


@dataclass
class PreparedDocument:
    """A segmented document whose memory hits are known and whose other sentences await decoding."""

    document: Document
    keys: dict[int, str]
    translations: dict[int, SentenceResult]
    methods: dict[int, dict[str, list[str]]]
    reasons: dict[int, dict[str, str]]
    todo: list[Sentence]
    untranslatable: int


class DocumentBatch:
    """The phases of :func:`translate_documents` for one engine, settings and glossary, so that a
    caller holding many documents (corpus mode) can group them as it likes."""

    def __init__(self, engine: Engine, settings: Settings, glossary: Glossary | None,
                 align: bool = False) -> None:
        from translate import __version__

        self.engine = engine
        self.settings = settings
        self.align = align
        self.glossary = glossary if glossary is not None and glossary.terms else None
        self.checker = checker_for(self.glossary) if self.glossary else None
        self.matcher = self.checker.source if self.checker else None
        info = engine.info
        self.signature = RunSignature(info.engine, info.package, info.version, dict(info.options),
                                      GlossarySignature.of(self.glossary), __version__)
        self._engine_key = info.key()
        # Memory entries written by an earlier enforcement are not reused by this one.
        self._glossary_hash = (f"{self.glossary.sha256}|enforcement-{ENFORCEMENT_VERSION}"
                               if self.glossary else "")

    def prepare(self, text: str, memory: TranslationMemory | None = None,
                lines: bool = False) -> PreparedDocument:
        """Segment ``text`` and take what the memory already holds."""
        document = segment_lines(text) if lines else segment(text, self.settings.source_lang)
        sentences = document.sentences
        translations: dict[int, SentenceResult] = {}
        methods_by_sentence: dict[int, dict[str, list[str]]] = {}
        reasons_by_sentence: dict[int, dict[str, str]] = {}
        todo: list[Sentence] = []
        keys = {s.index: cache_key(self._engine_key, self._glossary_hash, s.text) for s in sentences}
        cached = memory.get_many(list(keys.values())) if memory and sentences else {}
        untranslatable = 0
        for sentence in sentences:
            if not has_translatable_text(sentence.text):
                untranslatable += 1
                translations[sentence.index] = SentenceResult(
                    sentence.paragraph, sentence.index, sentence.text, sentence.text, None,
                    ("untranslatable",))
                continue
            hit = cached.get(keys[sentence.index])
            if hit is not None and self.align and "alignment" not in hit.extra:
                hit = None  # stored by a run that did not align: decode again to get it
            if hit is not None:
                translations[sentence.index] = SentenceResult(
                    sentence.paragraph, sentence.index, sentence.text, hit.translation, hit.score,
                    tuple(hit.extra.get("flags", [])), cached=True,  # type: ignore[arg-type]
                    chunks=int(hit.extra.get("chunks", 1)),  # type: ignore[call-overload]
                    alignment=tuple(tuple(x) for x in hit.extra.get("alignment", ())))  # type: ignore[misc, attr-defined]
                methods_by_sentence[sentence.index] = hit.extra.get("methods", {})  # type: ignore[assignment]
                reasons_by_sentence[sentence.index] = hit.extra.get("unplaced", {})  # type: ignore[assignment]
                continue
            todo.append(sentence)
        return PreparedDocument(document, keys, translations, methods_by_sentence,
                                reasons_by_sentence, todo, untranslatable)

    def decode(self, documents: Sequence[PreparedDocument], memory: TranslationMemory | None = None,
               progress: Progress | None = None) -> None:
        """Decode every pending sentence of ``documents`` in shared length-sorted slices.

        Identical sentences (datelines, bylines, repeated boilerplate) share one memory key and
        are decoded once."""
        pending: dict[str, list[tuple[PreparedDocument, Sentence]]] = {}
        for prepared in documents:
            for sentence in prepared.todo:
                pending.setdefault(prepared.keys[sentence.index], []).append((prepared, sentence))
        total = sum(len(p.document.sentences) for p in documents)
        done = total - sum(len(p.todo) for p in documents)
        if not pending:
            return
        if self.align:
            from translate.alignment import AttendingEngine, sentence_alignment
        engine = AttendingEngine(self.engine) if self.align else self.engine
        enforcer = Enforcer(engine, self.checker, self.settings.beam_size,
                            self.settings.glossary_mode)
        ordered = sorted(pending, key=lambda key: len(pending[key][0][1].text))
        if progress:
            progress(done, total)
        prepared_units = [_units_for(pending[key][0][1], self.engine, self.matcher, self.settings)
                          for key in ordered]
        for batch, groups in _slices(ordered, prepared_units, self.settings.max_batch_tokens):
            enforcer.run([u for g in groups for u in g])
            fresh: dict[str, CachedSentence] = {}
            for key, units in zip(batch, groups):
                first = pending[key][0][1]
                result, methods = _sentence_result(first, units)
                reasons = {t.source: why for u in units for t, why in u.unplaced.items()}
                extra: dict[str, object] = {"flags": list(result.flags), "methods": methods,
                                            "chunks": result.chunks, "unplaced": reasons}
                if self.align:
                    result = replace(result, alignment=sentence_alignment(
                        first.text, result.translation, units, self.engine))
                    extra["alignment"] = [list(link) for link in result.alignment]
                for prepared, sentence in pending[key]:
                    prepared.translations[sentence.index] = replace(
                        result, paragraph=sentence.paragraph, index=sentence.index)
                    prepared.methods[sentence.index] = methods
                    prepared.reasons[sentence.index] = reasons
                    done += 1
                fresh[key] = CachedSentence(result.translation, result.score, extra)
            if memory:
                # Stored slice by slice: an interrupted run keeps what it already translated.
                memory.put_many(fresh)
            if progress:
                progress(done, total)

    def finish(self, prepared: PreparedDocument) -> DocumentResult:
        """Verify every sentence and reassemble the document."""
        document = prepared.document
        sentences = document.sentences
        if prepared.untranslatable == len(sentences):
            # Nothing a model could translate (empty, blank or symbols only): empty output.
            return DocumentResult("", (), (), (), self.signature, 0, {"sentences": 0})
        results = tuple(prepared.translations[s.index] for s in sentences)
        occurrences, violations = _verify(sentences, results, prepared.methods, self.matcher,
                                          self.checker, self.settings, prepared.reasons)
        output = reassemble(document, [r.translation for r in results])
        _assert_structure(output, document)
        return DocumentResult(
            output, results, tuple(occurrences), tuple(violations), self.signature,
            len(document.paragraphs),
            {"sentences": len(results), "cached": sum(r.cached for r in results),
             "translated": len(prepared.todo)},
        )


_Item = TypeVar("_Item")


def _slices(sentences: list[_Item], groups: list[list[Unit]], budget: int
            ) -> Iterator[tuple[list[_Item], list[list[Unit]]]]:
    """Consecutive slices of about one decoding batch (``budget`` source tokens, at most
    ``SLICE_SENTENCES``), so progress and the memory advance batch by batch."""
    begin, tokens = 0, 0
    for end, units in enumerate(groups):
        size = sum(len(u.tokens) for u in units)
        if end > begin and (tokens + size > budget or end - begin >= SLICE_SENTENCES):
            yield sentences[begin:end], groups[begin:end]
            begin, tokens = end, 0
        tokens += size
    if begin < len(groups):
        yield sentences[begin:], groups[begin:]


def _sentence_result(sentence: Sentence, units: list[Unit]) -> tuple[SentenceResult, dict[str, list[str]]]:
    flags: set[str] = set()
    methods: dict[str, list[str]] = {}
    score = 0.0
    for unit in units:
        hypothesis = unit.hypothesis
        if hypothesis is not None:
            score += hypothesis.score
            if hypothesis.truncated:
                flags.add("truncated")
            if hypothesis.repetition:
                flags.add("repetition")
        if unit.suppressed_hits:
            flags.add("forbidden-replaced")
        for term, used in unit.methods.items():
            methods.setdefault(term.source, []).extend(used)
    if len(units) > 1:
        flags.add("chunked")
    translation = " ".join(u.text.strip() for u in units if u.text.strip())
    if not translation:
        flags.add("empty")
    result = SentenceResult(sentence.paragraph, sentence.index, sentence.text, translation,
                            round(score / max(1, len(units)), 4), tuple(sorted(flags)),
                            chunks=len(units))
    return result, methods


def _verify(sentences: tuple[Sentence, ...], results: tuple[SentenceResult, ...],
            methods_by_sentence: dict[int, dict[str, list[str]]],
            matcher: SourceMatcher | None, checker: Checker | None, settings: Settings,
            reasons_by_sentence: dict[int, dict[str, str]] | None = None,
            ) -> tuple[list[TermOccurrence], list[Violation]]:
    """Run the checker on every sentence; build per-occurrence records and violations."""
    occurrences: list[TermOccurrence] = []
    violations: list[Violation] = []
    if matcher is None or checker is None:
        return occurrences, violations
    for sentence, result in zip(sentences, results):
        matches = matcher.find(sentence.text)
        check = checker.check_segment(sentence.text, result.translation, matches)
        missing = {term.source: n for term, n in check.missing}
        seen: Counter[str] = Counter()
        totals = Counter(m.term.source for m in matches)
        for match in matches:
            name = match.term.source
            used = methods_by_sentence.get(sentence.index, {}).get(name, [])
            position = seen[name]
            seen[name] += 1
            failed = position >= totals[name] - missing.get(name, 0)
            method = used[position] if position < len(used) else (
                POST_EDIT if settings.glossary_mode == "enforce" else "none")
            reason = (reasons_by_sentence or {}).get(sentence.index, {}).get(name, "") \
                if failed else ""
            occurrences.append(TermOccurrence(
                sentence.paragraph, sentence.index, name, match.text, match.start, match.end,
                expected_rendering(match), method, "violation" if failed else "ok", reason))
        for term, count in check.missing:
            violations.extend(unrendered(check.source_matches, term, count, sentence.paragraph,
                                         sentence.index))
        for match, _rendering in check.forbidden:
            violations.append(Violation("forbidden", match.term.source, match.term.target,
                                        match.text, sentence.paragraph, sentence.index))
    return occurrences, violations


def _assert_structure(output: str, document: object) -> None:
    """Output paragraphs must equal input paragraphs; a failure here is a bug, not bad input."""
    from translate.text.segment import Document

    assert isinstance(document, Document)
    if document.kind == "lines":
        if output.count("\n") < len(document.paragraphs) - 1:
            raise AssertionError("line-mode output lost lines")
        return
    produced = [p for p in output.split("\n\n") if p.strip()] if output.strip() else []
    separators_ok = all("\n\n" in s for s in document.separators)
    if separators_ok and len(produced) != len(document.paragraphs):
        raise AssertionError(
            f"output has {len(produced)} paragraphs for {len(document.paragraphs)} input paragraphs"
        )
