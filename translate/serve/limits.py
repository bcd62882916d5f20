"""Request limits, the admission gate (503 when full) and the per-key rate limit (429)."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    """Every bound the server enforces; -1 means unlimited where LibreTranslate allows it."""

    char_limit: int = 5000          # characters per text of q (LibreTranslate's --char-limit)
    batch_limit: int = 100          # texts per array q (--batch-limit)
    body_limit: int = 1_000_000     # request body bytes (413 beyond)
    concurrency: int = 8            # requests translated at once (worker threads)
    queue_depth: int = 64           # requests admitted but waiting; beyond: 503 + Retry-After
    rate_limit: int = -1            # requests per minute per key (or client address)
    alternatives_limit: int = 5     # n-best alternatives per text
    retry_after: int = 1            # seconds, in the Retry-After header of a 503


class Admission:
    """Counts requests in the translation path; refuses beyond concurrency + queue depth."""

    def __init__(self, limits: Limits) -> None:
        self.capacity = limits.concurrency + limits.queue_depth
        self._active = 0
        self._lock = threading.Lock()

    @property
    def active(self) -> int:
        """Requests admitted and not yet finished."""
        return self._active

    def try_enter(self) -> bool:
        """Admit one request, or say the server is full."""
        with self._lock:
            if self._active >= self.capacity:
                return False
            self._active += 1
            return True

    def leave(self) -> None:
        """A request admitted with :meth:`try_enter` has finished."""
        with self._lock:
            self._active -= 1


class RateLimiter:
    """A moving one-minute window of request times per identity (key name or address)."""

    def __init__(self, default: int) -> None:
        self.default = default
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, identity: str, limit: int | None = None) -> bool:
        """Record a request; False when ``identity`` is over its per-minute limit."""
        bound = self.default if limit is None else limit
        if bound < 0:
            return True
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(identity, deque())
            while hits and now - hits[0] >= WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= bound:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:
                # Bounded memory against address churn: forget idle identities.
                for name in [k for k, v in self._hits.items() if not v or now - v[-1] >= WINDOW_SECONDS]:
                    del self._hits[name]
            return True
