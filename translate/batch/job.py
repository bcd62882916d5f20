"""A corpus job: find documents, skip what the manifest says is done, dispatch the rest in
groups to an executor, write each output atomically as it arrives, then the run summary.

Layout of the output directory::

    OUT/<same relative paths as the inputs>     translated documents (JSONL: same file names)
    OUT/summary.json                            the run summary
    OUT/.translate/manifest.sqlite3             what is done, with input hashes and settings
    OUT/.translate/reports/<id>.json            one report per document (JSONL: <file>.reports.jsonl)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path

from translate.batch.executors import Executor
from translate.batch.inputs import (
    JsonlFields,
    Parsed,
    Source,
    content_hash,
    discover,
    format_named,
    read_source,
)
from translate.batch.manifest import DONE, FAILED, Manifest
from translate.batch.work import Outcome, Task, WorkerSpec
from translate.errors import TranslateError
from translate.io import write_bytes_atomic, write_text_atomic

STATE_DIR = ".translate"
# Documents are decoded together until a group holds this many source characters (about 150
# news sentences): enough for full length buckets, small enough to lose little when killed.
GROUP_CHARS = 20_000
GROUP_DOCUMENTS = 256

ProgressEvent = dict[str, object]
Progress = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class BatchOptions:
    """How to run one corpus job."""

    inputs: tuple[Path, ...]
    out_dir: Path
    fields: JsonlFields = field(default_factory=JsonlFields)
    force: bool = False
    max_document_bytes: int = 10 * 1024 * 1024
    group_chars: int = GROUP_CHARS


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of a run over the whole corpus (what ``summary.json`` holds)."""

    documents: dict[str, int]
    sentences: int
    sentences_this_run: int
    terms: dict[str, object]
    violations: int
    failures: list[dict[str, str]]
    seconds: float
    executor: str
    settings: str
    signature: dict[str, object]

    @property
    def failed(self) -> int:
        """How many documents are not translated."""
        return self.documents["failed"]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        rate = self.sentences_this_run / self.seconds if self.seconds > 0 else 0.0
        return {"documents": self.documents, "sentences": self.sentences,
                "sentences_this_run": self.sentences_this_run, "terms": self.terms,
                "violations": self.violations, "failures": self.failures,
                "seconds": round(self.seconds, 3), "sentences_per_second": round(rate, 3),
                "executor": self.executor, "settings": self.settings, "signature": self.signature}

    def line(self) -> str:
        """One line for the terminal."""
        d = self.documents
        return (f"{d['total']} documents: {d['done']} done ({d['translated']} translated now, "
                f"{d['skipped']} unchanged), {d['failed']} failed; {self.sentences_this_run} "
                f"sentences in {self.seconds:.1f} s")


def settings_signature(spec: WorkerSpec, engine_key: str) -> str:
    """Hash of everything that changes an output: engine, options, glossary, version, mode."""
    from translate import __version__

    payload = json.dumps({"engine": engine_key, "glossary": spec.glossary.sha256 if spec.glossary else "",
                          "lines": spec.lines, "version": __version__}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


class BatchJob:
    """One run of a corpus job (see the module docstring for the output layout)."""

    def __init__(self, options: BatchOptions, spec: WorkerSpec, executor: Executor,
                 engine_key: str, progress: Progress | None = None) -> None:
        self.options = options
        self.spec = spec
        self.executor = executor
        self.progress = progress or (lambda event: None)
        self.signature = settings_signature(spec, engine_key)
        self.out = options.out_dir
        self._in_flight: dict[str, tuple[Source, Parsed, str]] = {}
        self._run_signature: dict[str, object] = {}
        self._counts: Counter[str] = Counter()

    def run(self) -> BatchSummary:
        """Translate what is not done; return the summary (also written to summary.json)."""
        started = time.perf_counter()
        self.out.mkdir(parents=True, exist_ok=True)
        self.manifest = Manifest(self.out / STATE_DIR / "manifest.sqlite3")
        try:
            errors: list[tuple[str, str]] = []
            sources = discover(self.options.inputs, self.out, self.options.fields, errors)
            self.entries = self.manifest.entries()
            for id_, reason in errors:
                self._fail(id_, "", reason)
            self.progress({"event": "start", "documents": len(sources) + len(errors)})
            self.executor.run(self._groups(sources), self._on_outcome)
            self._write_jsonl(sources)
            summary = self._summary(sources, errors, time.perf_counter() - started)
            _replace(self.out / "summary.json",
                     json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
            self.progress({"event": "end", **summary.documents,
                           "sentences": summary.sentences_this_run})
            return summary
        finally:
            self.manifest.close()

    def _groups(self, sources: Sequence[Source]) -> Iterator[list[Task]]:
        group: list[Task] = []
        size = 0
        for source in sources:
            task = self._task(source)
            if task is None:
                continue
            group.append(task)
            size += sum(len(b) for b in task.blocks)
            if size >= self.options.group_chars or len(group) >= GROUP_DOCUMENTS:
                yield group
                group, size = [], 0
        if group:
            yield group

    def _task(self, source: Source) -> Task | None:
        try:
            data, parsed = read_source(source)
        except TranslateError as exc:
            self._fail(source.id, "", str(exc))
            return None
        digest = content_hash(data)
        entry = self.entries.get(source.id)
        if (not self.options.force and entry is not None and entry.status == DONE
                and entry.input_hash == digest and entry.settings == self.signature
                and (source.fmt == "jsonl" or (self.out / source.output).is_file())):
            self._counts["skipped"] += 1
            self.progress({"event": "document", "id": source.id, "status": "skipped",
                           "sentences": entry.report.get("sentences", 0)})
            return None
        if len(data) > self.options.max_document_bytes:
            self._fail(source.id, digest, f"too large ({len(data)} bytes > "
                       f"{self.options.max_document_bytes}); split it or raise --max-document-mb")
            return None
        self._in_flight[source.id] = (source, parsed, digest)
        align = source.fmt != "jsonl" and format_named(source.fmt).align
        return Task(source.id, parsed.blocks, align)

    def _on_outcome(self, outcome: Outcome) -> None:
        pending = self._in_flight.pop(outcome.id, None)
        if pending is None:
            return  # a second copy of an outcome (an executor retry): the first one counted
        source, parsed, digest = pending
        if not outcome.ok:
            self._fail(outcome.id, digest, outcome.reason or "failed")
            return
        report = {"id": outcome.id, "input": str(source.path), **(outcome.report or {})}
        self._run_signature = report.get("signature", {})  # type: ignore[assignment]
        if source.fmt == "jsonl":
            self.manifest.record(outcome.id, digest, self.signature, DONE,
                                 output=outcome.translations[0], report=report)
        else:
            target = self.out / source.output
            _replace(target, format_named(source.fmt).render(parsed, outcome.translations,
                                                             outcome.aligned))
            reports = self.out / STATE_DIR / "reports" / f"{source.output}.json"
            _replace(reports, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
            # Recorded after the output is on disk: a kill in between only redoes this document.
            self.manifest.record(outcome.id, digest, self.signature, DONE, report=_compact(report))
        self._counts["translated"] += 1
        sentences = int(report.get("sentences", 0))  # type: ignore[call-overload]
        self._counts["sentences"] += sentences
        self.progress({"event": "document", "id": outcome.id, "status": "done",
                       "sentences": sentences})

    def _fail(self, id_: str, digest: str, reason: str) -> None:
        self.manifest.record(id_, digest, self.signature, FAILED, reason=reason)
        self._counts["failed_now"] += 1
        self.progress({"event": "document", "id": id_, "status": "failed", "reason": reason})

    def _write_jsonl(self, sources: Sequence[Source]) -> None:
        entries = self.manifest.entries()
        files: dict[str, list[Source]] = {}
        for source in sources:
            if source.fmt == "jsonl":
                files.setdefault(source.output, []).append(source)
        fields = self.options.fields
        for output, records in files.items():
            lines, reports = [], []
            for source in records:
                entry = entries.get(source.id)
                if entry is None or entry.status != DONE or entry.output is None:
                    continue
                lines.append(json.dumps({fields.id: source.key, fields.text: entry.output},
                                        ensure_ascii=False))
                reports.append(json.dumps(entry.report, ensure_ascii=False))
            target = self.out / output
            _replace(target, "".join(line + "\n" for line in lines))
            report_file = self.out / STATE_DIR / "reports" / f"{output}.reports.jsonl"
            _replace(report_file, "".join(line + "\n" for line in reports))

    def _summary(self, sources: Sequence[Source], errors: list[tuple[str, str]],
                 seconds: float) -> BatchSummary:
        entries = self.manifest.entries()
        ids = [s.id for s in sources] + [e[0] for e in errors]
        methods: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        sentences = violations = done = 0
        failures = []
        for id_ in ids:
            entry = entries.get(id_)
            if entry is None:
                continue
            if entry.status == DONE:
                done += 1
                report = entry.report
                sentences += int(report.get("sentences", 0))  # type: ignore[call-overload]
                terms: dict[str, dict[str, int]] = report.get("terms", {})  # type: ignore[assignment]
                methods.update(terms.get("by_method", {}))
                statuses.update(terms.get("by_status", {}))
                violations += int(report.get("violation_count", len(report.get("violations", ()))))  # type: ignore[call-overload, arg-type]
            else:
                failures.append({"id": id_, "reason": entry.reason or ""})
        documents = {"total": len(ids), "done": done, "failed": len(failures),
                     "translated": self._counts["translated"], "skipped": self._counts["skipped"]}
        return BatchSummary(documents, sentences, self._counts["sentences"],
                            {"total": sum(methods.values()), "by_method": dict(methods),
                             "by_status": dict(statuses)},
                            violations, failures, seconds, self.executor.name, self.signature,
                            self._run_signature)


def _replace(target: Path, data: bytes | str) -> None:
    """Write ``target`` atomically (its directory created if need be), first removing the
    temporary files an earlier run killed while writing it left beside it (io.atomic_writer's
    names): outputs, reports and the summary alike, as the document or the run is done again.
    Here, not in the atomic writer: this run owns ``--out``, while elsewhere another process
    may be writing the same file (concurrent runs keep the same prepared glossary copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    if isinstance(data, bytes):
        write_bytes_atomic(target, data)
    else:
        write_text_atomic(target, data)


def _compact(report: dict[str, object]) -> dict[str, object]:
    """What the manifest keeps of a file document's report (the full one is on disk)."""
    keep = {k: v for k, v in report.items() if k not in ("occurrences", "violations")}
    keep["violation_count"] = len(report.get("violations", ()))  # type: ignore[arg-type]
    return keep
