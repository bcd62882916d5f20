"""Prometheus text exposition of the server's counters, without a client library."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


class Histogram:
    """Cumulative buckets, a sum and a count."""

    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts = [0] * len(buckets)
        self.total = 0.0
        self.count = 0

    def observe(self, value: float) -> None:
        """Record one value."""
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                self.counts[i] += 1
        self.total += value
        self.count += 1

    def render(self, name: str, labels: str = "") -> list[str]:
        """Exposition lines for this histogram."""
        sep = "," if labels else ""
        lines = [f'{name}_bucket{{{labels}{sep}le="{b:g}"}} {c}' for b, c in zip(self.buckets, self.counts)]
        lines.append(f'{name}_bucket{{{labels}{sep}le="+Inf"}} {self.count}')
        suffix = f"{{{labels}}}" if labels else ""
        lines += [f"{name}_sum{suffix} {self.total:.6f}", f"{name}_count{suffix} {self.count}"]
        return lines


class Metrics:
    """Requests by endpoint and status, latency, decode batch sizes, queue depth."""

    def __init__(self, gauges: dict[str, Callable[[], float]] | None = None) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, int]] = Counter()
        self.latency: dict[str, Histogram] = {}
        self.batch_requests = Histogram(BATCH_BUCKETS)
        self.batch_sentences = Histogram(BATCH_BUCKETS)
        self.gauges = gauges or {}

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(endpoint, status)] += 1
            self.latency.setdefault(endpoint, Histogram(LATENCY_BUCKETS)).observe(seconds)

    def batch(self, requests: int, sentences: int) -> None:
        """Count one decode batch: how many requests and sentences it combined."""
        with self._lock:
            self.batch_requests.observe(requests)
            self.batch_sentences.observe(sentences)

    def render(self) -> str:
        """The Prometheus text format (version 0.0.4)."""
        with self._lock:
            lines = ["# HELP translate_http_requests_total HTTP requests by endpoint and status.",
                     "# TYPE translate_http_requests_total counter"]
            lines += [f'translate_http_requests_total{{endpoint="{e}",status="{s}"}} {n}'
                      for (e, s), n in sorted(self.requests.items())]
            lines += ["# HELP translate_http_request_duration_seconds Request latency.",
                      "# TYPE translate_http_request_duration_seconds histogram"]
            for endpoint, histogram in sorted(self.latency.items()):
                lines += histogram.render("translate_http_request_duration_seconds",
                                          f'endpoint="{endpoint}"')
            lines += ["# HELP translate_batch_requests Requests combined in one decode batch.",
                      "# TYPE translate_batch_requests histogram",
                      *self.batch_requests.render("translate_batch_requests"),
                      "# HELP translate_batch_sentences Sentences decoded in one batch.",
                      "# TYPE translate_batch_sentences histogram",
                      *self.batch_sentences.render("translate_batch_sentences")]
            for name, read in sorted(self.gauges.items()):
                lines += [f"# TYPE {name} gauge", f"{name} {read():g}"]
        return "\n".join(lines) + "\n"
