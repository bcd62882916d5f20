"""What a worker does: translate a group of documents through the pipeline in shared batches.

Workers receive text blocks and return translations with a JSON-ready report per document;
they never write outputs or the manifest (the driver does), so any executor — in-process,
a process pool, Ray actors on other machines — gives the same files.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate.batch.inputs import AlignedRecord
from translate.config import Settings
from translate.errors import TranslateError

if TYPE_CHECKING:
    from translate.cache import TranslationMemory
    from translate.engine.base import Engine
    from translate.glossary.schema import Glossary
    from translate.pipeline import DocumentResult


@dataclass(frozen=True)
class WorkerSpec:
    """Everything a worker needs to build its engine once: plain, picklable values."""

    settings: Settings
    model_dir: Path | None = None
    glossary: Glossary | None = None
    lines: bool = False


@dataclass(frozen=True)
class Task:
    """One document to translate: its id and text blocks."""

    id: str
    blocks: tuple[str, ...]
    align: bool = False


@dataclass(frozen=True)
class Outcome:
    """One translated (or failed) document."""

    id: str
    ok: bool
    translations: tuple[str, ...] = ()
    report: dict[str, object] | None = None
    reason: str | None = None
    aligned: tuple[AlignedRecord, ...] = ()


# What one document can raise without the worker being broken: bad input, a model error on
# that input, a structure invariant (a bug, recorded rather than stopping the corpus).
RECOVERABLE = (TranslateError, AssertionError, ValueError, RuntimeError, RecursionError)


def _failure(task: Task, exc: BaseException) -> Outcome:
    if isinstance(exc, TranslateError):
        return Outcome(task.id, False, reason=str(exc))
    return Outcome(task.id, False, reason=f"internal error: {type(exc).__name__}: {exc}")


class Worker:
    """Loads the engine once and translates groups of tasks."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self._engine: Engine | None = None
        self._memory: TranslationMemory | None = None

    @property
    def engine(self) -> Engine:
        """The engine (opened on first use; the model loads on the first decode)."""
        if self._engine is None:
            from translate.api import open_engine

            self._engine = open_engine(self.spec.settings, self.spec.model_dir)
            if self.spec.settings.cache_path is not None:
                from translate.cache import TranslationMemory

                self._memory = TranslationMemory.open(self.spec.settings.cache_path)
        return self._engine

    def run(self, tasks: Sequence[Task]) -> list[Outcome]:
        """Translate ``tasks`` together; a document that fails is isolated and reported alone."""
        if not tasks:
            return []
        try:
            return self._translate(tasks)
        except RECOVERABLE as exc:
            if len(tasks) == 1:
                return [_failure(tasks[0], exc)]
        # One bad document must not fail its group: translate each on its own to find it.
        outcomes = []
        for task in tasks:
            try:
                outcomes.extend(self._translate([task]))
            except RECOVERABLE as exc:
                outcomes.append(_failure(task, exc))
        return outcomes

    def _translate(self, tasks: Sequence[Task]) -> list[Outcome]:
        from translate.pipeline import translate_documents

        blocks = [block for task in tasks for block in task.blocks]
        started = time.perf_counter()
        align = any(task.align for task in tasks)
        results = translate_documents(blocks, self.engine, self.spec.settings, self.spec.glossary,
                                      self._memory, lines=self.spec.lines, align=align)
        seconds = time.perf_counter() - started
        outcomes = []
        position = 0
        for task in tasks:
            mine = results[position: position + len(task.blocks)]
            position += len(task.blocks)
            aligned = tuple(AlignedRecord(s.paragraph, s.source, s.translation, s.alignment)
                            for r in mine for s in r.sentences) if task.align else ()
            outcomes.append(Outcome(task.id, True, tuple(r.text for r in mine),
                                    document_report(mine, seconds, len(tasks)), aligned=aligned))
        return outcomes

    def close(self) -> None:
        """Release the translation memory."""
        if self._memory is not None:
            self._memory.close()
            self._memory = None


def document_report(results: Sequence[DocumentResult], group_seconds: float,
                    group_size: int) -> dict[str, object]:
    """The per-document report: counts, terms by method, violations, flags, timings."""
    methods: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    occurrences: list[dict[str, object]] = []
    violations: list[dict[str, object]] = []
    for block, result in enumerate(results):
        for o in result.occurrences:
            methods[o.method] += 1
            statuses[o.status] += 1
            occurrences.append({"block": block, "paragraph": o.paragraph, "sentence": o.sentence,
                                "source_term": o.source_term, "source_text": o.source_text,
                                "expected": o.expected, "method": o.method, "status": o.status})
        for v in result.violations:
            violations.append({"block": block, **v.__dict__})
        for s in result.sentences:
            flags.update(s.flags)
    signature = results[0].signature.as_dict() if results else {}
    return {
        "sentences": sum(int(r.stats.get("sentences", 0)) for r in results),
        "cached": sum(int(r.stats.get("cached", 0)) for r in results),
        "paragraphs": sum(r.paragraphs for r in results),
        "terms": {"total": len(occurrences), "by_method": dict(methods), "by_status": dict(statuses)},
        "violations": violations,
        "flags": dict(flags),
        "occurrences": occurrences,
        "timings": {"group_seconds": round(group_seconds, 4), "group_documents": group_size},
        "signature": signature,
    }
