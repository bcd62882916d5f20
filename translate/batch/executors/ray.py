"""``--executor ray``: the same groups on a Ray Data actor pool.

Each actor builds one :class:`~translate.batch.work.Worker` (one model load) and translates
whole groups, exactly as the local executor does, so outputs are byte-identical. Groups are
streamed through the pool as Ray Data blocks; outcomes come back to the driver, which writes
files and the manifest, so a killed driver resumes like a local run. An actor that dies is
restarted by Ray and its group retried; the driver sees each group's outcomes once.
Ray is imported only here (the ``ray`` extra).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import astuple
from typing import Any

from translate.batch.executors import Executor, OnOutcome, register_executor
from translate.batch.inputs import AlignedRecord
from translate.batch.work import Outcome, Task, Worker, WorkerSpec
from translate.errors import InputError

OUTCOME_FIELDS = ("id", "ok", "translations", "report", "reason", "aligned")


def import_ray() -> Any:
    """The ``ray`` module, or a one-line error saying how to install it."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError("--executor ray needs Ray: pip install 'newsroom-translate[ray]'") from None
    return ray


class TranslateActor:
    """A Ray Data callable class: one worker (one model load) per actor."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.worker = Worker(spec)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {name: [] for name in OUTCOME_FIELDS}
        for payload in batch["tasks"]:
            tasks = [Task(t["id"], tuple(t["blocks"]), bool(t["align"]))
                     for t in json.loads(str(payload))]
            for outcome in self.worker.run(tasks):
                columns["id"].append(outcome.id)
                columns["ok"].append(outcome.ok)
                columns["translations"].append(json.dumps(list(outcome.translations),
                                                          ensure_ascii=False))
                columns["report"].append(json.dumps(outcome.report or {}, ensure_ascii=False))
                columns["reason"].append(outcome.reason or "")
                columns["aligned"].append(json.dumps([astuple(a) for a in outcome.aligned],
                                                     ensure_ascii=False))
        return columns


@register_executor
class RayExecutor(Executor):
    """Joins ``address`` (or starts a private local Ray bound to 127.0.0.1 and stops it after)."""

    name = "ray"

    def run(self, groups: Iterable[Sequence[Task]], on_outcome: OnOutcome) -> None:
        ray = import_ray()
        items = [{"tasks": json.dumps([{"id": t.id, "blocks": list(t.blocks), "align": t.align}
                                       for t in group], ensure_ascii=False)} for group in groups]
        if not items:
            return
        started = False
        if not ray.is_initialized():
            quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
            if self.address:
                ray.init(address=self.address, **quiet)
            else:
                ray.init(num_cpus=self.workers, include_dashboard=False, _node_ip_address="127.0.0.1",
                         **quiet)
            started = True
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        try:
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False
            dataset = ray.data.from_items(items, override_num_blocks=len(items))
            translated = dataset.map_batches(
                TranslateActor, batch_size=1, batch_format="numpy",
                fn_constructor_kwargs={"spec": self.spec},
                compute=ray.data.ActorPoolStrategy(size=self.workers), num_cpus=1,
                # Ray Data's actor defaults (max_restarts and max_task_retries -1) restart a dead
                # actor and retry its group; outcomes reach the driver only when a group
                # completes, so a retry never duplicates a document.
            )
            for row in translated.iter_rows():
                on_outcome(Outcome(
                    str(row["id"]), bool(row["ok"]), tuple(json.loads(str(row["translations"]))),
                    json.loads(str(row["report"])), str(row["reason"]) or None,
                    tuple(AlignedRecord(p, src, tgt, tuple(tuple(link) for link in links))
                          for p, src, tgt, links in json.loads(str(row["aligned"])))))
        finally:
            if started:
                ray.shutdown()
