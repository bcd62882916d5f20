"""The micro-batching queue: sentences of concurrent requests decoded together.

Each request runs the ordinary pipeline (``translate_document``) in a worker thread against a
:class:`BatchedEngine` view. The view's ``translate_batch`` does not decode: it queues the
units and waits. One decode thread per engine takes the oldest pending submission, waits at
most ``max_wait`` seconds for others with the same decoding options, and decodes them all in
one ``Engine.translate_batch`` call bounded by ``max_tokens`` source tokens; each waiting
request gets back exactly its own hypotheses, in its own order.

A cancelled request (client gone) has its pending units dropped before they reach the model
and raises :class:`Cancelled` at its next submission; a batch already decoding finishes,
because CTranslate2 cannot stop one request inside a batch.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from translate.engine.base import DecodeOptions, DecodeRequest, Engine, EngineInfo, Hypothesis
from translate.errors import TranslateError

BatchObserver = Callable[[int, int], None]


class Cancelled(TranslateError):
    """The request that owned this work is gone; nothing more is decoded for it."""


class Closed(TranslateError):
    """The batcher is shutting down and accepts no new work."""


@dataclass(eq=False)
class _Submission:
    requests: Sequence[DecodeRequest]
    options: DecodeOptions
    token: threading.Event
    future: Future[list[Hypothesis]] = field(default_factory=Future)
    arrived: float = field(default_factory=time.monotonic)

    @property
    def tokens(self) -> int:
        return sum(max(1, len(r.tokens)) for r in self.requests)


class MicroBatcher:
    """One queue and one decode thread in front of one engine."""

    def __init__(self, engine: Engine, max_wait: float = 0.01, max_tokens: int = 4096,
                 observer: BatchObserver | None = None) -> None:
        self.engine = engine
        self.max_wait = max_wait
        self.max_tokens = max_tokens
        self._observer = observer
        self._pending: deque[_Submission] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="decode", daemon=True)
        self._thread.start()

    @property
    def depth(self) -> int:
        """Sentences (decode units) waiting for the model."""
        with self._cond:
            return sum(len(s.requests) for s in self._pending)

    def view(self, token: threading.Event) -> BatchedEngine:
        """An engine whose decoding goes through this queue on behalf of one request."""
        return BatchedEngine(self, token)

    def submit(self, requests: Sequence[DecodeRequest], options: DecodeOptions,
               token: threading.Event) -> list[Hypothesis]:
        """Queue ``requests`` and block until they are decoded (called from worker threads)."""
        if not requests:
            return []
        if token.is_set():
            raise Cancelled("request cancelled")
        item = _Submission(requests, options, token)
        with self._cond:
            if self._closed:
                raise Closed("server is shutting down")
            self._pending.append(item)
            self._cond.notify_all()
        return item.future.result()

    def cancel(self, token: threading.Event) -> int:
        """Mark ``token`` cancelled and drop its pending work; return the units dropped."""
        token.set()
        dropped = 0
        with self._cond:
            for item in [s for s in self._pending if s.token is token]:
                self._pending.remove(item)
                dropped += len(item.requests)
                item.future.set_exception(Cancelled("request cancelled"))
        return dropped

    def close(self, timeout: float = 30.0) -> None:
        """Finish what is queued, then stop the decode thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _take(self) -> list[_Submission] | None:
        """The next batch: the oldest submission plus compatible ones, within the wait bound."""
        with self._cond:
            while not self._pending:
                if self._closed:
                    return None
                self._cond.wait()
            first = self._pending[0]
            deadline = first.arrived + self.max_wait
            while True:
                batch = self._compatible(first.options)
                if sum(s.tokens for s in batch) >= self.max_tokens or self._closed:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            for item in batch:
                self._pending.remove(item)
            return batch

    def _compatible(self, options: DecodeOptions) -> list[_Submission]:
        batch: list[_Submission] = []
        tokens = 0
        for item in self._pending:
            if item.options != options:
                continue
            if batch and tokens + item.tokens > self.max_tokens:
                break
            batch.append(item)
            tokens += item.tokens
        return batch

    def _loop(self) -> None:
        while True:
            batch = self._take()
            if batch is None:
                return
            live = [s for s in batch if not s.token.is_set()]
            for item in batch:
                if item.token.is_set():
                    item.future.set_exception(Cancelled("request cancelled"))
            if not live:
                continue
            requests = [r for s in live for r in s.requests]
            try:
                hypotheses = self.engine.translate_batch(requests, live[0].options)
            except BaseException as exc:  # noqa: BLE001 - every waiter must be released
                for item in live:
                    item.future.set_exception(exc)
                continue
            if self._observer is not None:
                self._observer(len(live), len(requests))
            start = 0
            for item in live:
                end = start + len(item.requests)
                item.future.set_result(hypotheses[start:end])
                start = end


class BatchedEngine(Engine):
    """The engine as one request sees it: tokenisation local, decoding queued."""

    name = "batched"

    def __init__(self, batcher: MicroBatcher, token: threading.Event) -> None:
        self._batcher = batcher
        self._inner = batcher.engine
        self._token = token

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        """The wrapped engine's tokens."""
        return self._inner.tokenize(text, target)

    def detokenize(self, tokens: Sequence[str]) -> str:
        """The wrapped engine's text."""
        return self._inner.detokenize(tokens)

    def translate_batch(self, requests: Sequence[DecodeRequest],
                        options: DecodeOptions) -> list[Hypothesis]:
        """Decode through the shared queue, together with other requests' sentences."""
        return self._batcher.submit(requests, options, self._token)

    @property
    def info(self) -> EngineInfo:
        """The wrapped engine's identity: batching never changes an output."""
        return self._inner.info

    def __getattr__(self, name: str) -> object:
        # Enforcement asks the CTranslate2 engine for its target vocabulary.
        return getattr(self._inner, name)
