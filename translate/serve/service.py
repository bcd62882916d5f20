"""What the HTTP routes call: the same library functions as the CLI, with shared state.

One :class:`Service` per process holds the engine (one model load), the micro-batching queue,
the glossary registry, a translation-memory connection per worker thread, and the settings
loaded from the same ``configs/`` files as the CLI. Methods are synchronous and run in worker
threads; the ASGI layer never decodes on the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from translate.config import Settings
from translate.engine.base import DecodeOptions, DecodeRequest, Engine, EngineInfo
from translate.errors import InputError
from translate.glossary.schema import Glossary
from translate.pipeline import DocumentResult
from translate.serve.batching import BatchedEngine, MicroBatcher
from translate.serve.config import ServeConfig
from translate.serve.glossaries import GlossaryRegistry

GLOSSARY_MODES = ("enforce", "report", "off")


class UnsupportedFormat(InputError):
    """A ``format`` this server cannot translate (yet)."""


@dataclass(frozen=True)
class TextResult:
    """One translated text of a request, with what the extensions report."""

    text: str
    alternatives: tuple[str, ...]
    result: DocumentResult | None


class _RequestEngine(BatchedEngine):
    """A batched view whose identity carries the request's glossary mode (for memory keys)."""

    def __init__(self, batcher: MicroBatcher, token: threading.Event, mode: str) -> None:
        super().__init__(batcher, token)
        self._mode = mode

    @property
    def info(self) -> EngineInfo:
        """The engine's identity with this request's glossary mode."""
        base = self._batcher.engine.info
        options = tuple((k, self._mode if k == "glossary_mode" else v) for k, v in base.options)
        return EngineInfo(base.engine, base.package, base.version, options)


class Service:
    """The translation service behind every route."""

    def __init__(self, config: ServeConfig, settings: Settings, engine: Engine,
                 observer: Callable[[int, int], None] | None = None) -> None:
        self.config = config
        self.settings = settings
        self.engine = engine
        self.batcher = MicroBatcher(engine, config.batch_wait_ms / 1000, config.batch_tokens,
                                    observer)
        self.glossaries = GlossaryRegistry(settings.glossaries,
                                           (settings.source_lang, settings.target_lang))
        self._local = threading.local()
        # The format dispatch: LibreTranslate's two formats, over the same library calls as the CLI.
        self.formats: dict[str, Callable[..., TextResult]] = {
            "text": self._translate_text, "html": self._translate_html}

    @staticmethod
    def open(config: ServeConfig, observer: Callable[[int, int], None] | None = None) -> Service:
        """Load settings and the engine, and warm the model so the first request is not slow."""
        from translate.api import open_engine
        from translate.config import load_settings

        settings = load_settings(config.config_file, beam_size=config.beam_size,
                                 threads=config.threads)
        if config.no_cache:
            settings = settings.replace(cache_path=None)
        engine = open_engine(settings, config.model_dir)
        engine.translate_batch([DecodeRequest(tuple(engine.tokenize("Bonjour.")))],
                               DecodeOptions(beam_size=settings.beam_size))
        return Service(config, settings, engine, observer)

    def close(self) -> None:
        """Finish queued decoding and stop the decode thread."""
        self.batcher.close(self.config.shutdown_timeout)

    def _memory(self) -> Any:
        if self.settings.cache_path is None:
            return None
        memory = getattr(self._local, "memory", None)
        if memory is None:
            from translate.cache import TranslationMemory

            # SQLite connections belong to one thread; the memory file is the CLI's own.
            memory = TranslationMemory.open(self.settings.cache_path)
            self._local.memory = memory
        return memory

    def glossary_for(self, value: Any, mode: str) -> Glossary | None:
        """The glossary of a request: the configured default, a named one, or inline."""
        if mode == "off":
            return None
        if value is None or value == "":
            return self.glossaries.default()
        if isinstance(value, str):
            return self.glossaries.named(value)
        return self.glossaries.inline(value)

    def translate(self, texts: list[str], fmt: str, glossary: Glossary | None, mode: str,
                  alternatives: int, token: threading.Event) -> list[TextResult]:
        """Translate every text of a request (called in a worker thread)."""
        handler = self.formats.get(fmt)
        if handler is None:
            raise UnsupportedFormat(f"{fmt} format is not supported; send format=text or format=html")
        settings = self.settings if mode == "off" else self.settings.replace(glossary_mode=mode)
        engine = _RequestEngine(self.batcher, token, mode)
        return [handler(text, engine, settings, glossary, alternatives) for text in texts]

    def _translate_text(self, text: str, engine: Engine, settings: Settings,
                        glossary: Glossary | None, alternatives: int) -> TextResult:
        from translate.pipeline import translate_document
        from translate.text.normalize import has_translatable_text

        if not has_translatable_text(text):
            # As LibreTranslate: what cannot be translated is sent back as it came.
            return TextResult(text, (), None)
        result = translate_document(text, engine, settings, glossary, self._memory())
        extra = self._alternatives(text, result, engine, settings, alternatives) if alternatives else ()
        return TextResult(result.text, extra, result)

    def _translate_html(self, text: str, engine: Engine, settings: Settings,
                        glossary: Glossary | None, alternatives: int) -> TextResult:
        """An HTML fragment or page: whole sentences translated, inline markup carried across
        (the `translate run page.html` path). Alternatives are offered for text only."""
        from translate.documents.translate import translate_bytes
        from translate.text.normalize import has_translatable_text

        if not has_translatable_text(text):
            return TextResult(text, (), None)
        done = translate_bytes(text.encode("utf-8"), "html", engine, settings, glossary,
                               self._memory())
        return TextResult(done.data.decode("utf-8"), (), done.result)

    def _alternatives(self, text: str, result: DocumentResult, engine: Engine, settings: Settings,
                      count: int) -> tuple[str, ...]:
        """The next best whole-text outputs: each sentence's k-th beam hypothesis, reassembled.

        Alternatives come from the plain beam (no glossary enforcement), as in LibreTranslate.
        """
        from translate.text.segment import reassemble, segment

        document = segment(text, settings.source_lang)
        requests = [DecodeRequest(tuple(engine.tokenize(s.text))[: settings.max_input_tokens])
                    for s in document.sentences]
        options = DecodeOptions(beam_size=max(settings.beam_size, count + 1),
                                num_hypotheses=count + 1)
        hypotheses = engine.translate_batch(requests, options)
        best = [s.translation for s in result.sentences]
        outputs: list[str] = []
        for k in range(count):
            pieces = [engine.detokenize(h.alternatives[k]) if k < len(h.alternatives) else b
                      for h, b in zip(hypotheses, best)]
            candidate = reassemble(document, pieces)
            if candidate.strip() and candidate != result.text and candidate not in outputs:
                outputs.append(candidate)
        return tuple(outputs)


def term_report(result: DocumentResult | None) -> dict[str, object]:
    """The ``terms`` extension: the per-occurrence report of ``translate run --report``."""
    if result is None:
        return {"summary": "0 terms: 0 ok", "occurrences": [], "violations": []}
    return {
        "summary": result.summary,
        "glossary": result.signature.glossary.sha256,
        "occurrences": [
            {"paragraph": o.paragraph, "sentence": o.sentence, "source_term": o.source_term,
             "source_span": [o.start, o.end], "source_text": o.source_text,
             "expected": o.expected, "method": o.method, "status": o.status}
            for o in result.occurrences],
        "violations": [v.__dict__ for v in result.violations],
    }
