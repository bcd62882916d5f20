"""In-process execution, or ``--workers N`` processes that each load the model once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from translate.batch.executors import Executor, OnOutcome, register_executor
from translate.batch.work import Outcome, Task, Worker, WorkerSpec

_WORKER: Worker | None = None


def _start(spec: WorkerSpec) -> None:
    global _WORKER
    _WORKER = Worker(spec)


def _run(tasks: Sequence[Task]) -> list[Outcome]:
    assert _WORKER is not None
    return _WORKER.run(tasks)


@register_executor
class LocalExecutor(Executor):
    """Groups decoded one after another here, or spread over a pool of worker processes."""

    name = "local"

    def run(self, groups: Iterable[Sequence[Task]], on_outcome: OnOutcome) -> None:
        if self.workers == 1:
            worker = Worker(self.spec)
            try:
                for group in groups:
                    for outcome in worker.run(group):
                        on_outcome(outcome)
            finally:
                worker.close()
            return
        # spawn, not fork: the driver may already hold CTranslate2 and SQLite handles.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start,
                                   initargs=(self.spec,))
        in_flight: set[Future[list[Outcome]]] = set()
        try:
            for group in groups:
                # Bounded look-ahead keeps the driver's memory flat on a large corpus.
                while len(in_flight) >= 2 * self.workers:
                    in_flight = self._drain(in_flight, on_outcome)
                in_flight.add(pool.submit(_run, list(group)))
            while in_flight:
                in_flight = self._drain(in_flight, on_outcome)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _drain(in_flight: set[Future[list[Outcome]]], on_outcome: OnOutcome) -> set[Future[list[Outcome]]]:
        done, rest = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            for outcome in future.result():
                on_outcome(outcome)
        return rest
