"""Executors run groups of tasks through workers and hand back outcomes as they complete.

Name→class registry; the modules are imported only when their executor is asked for, so Ray
is never imported by the local path (or by ``translate --help``).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from translate.batch.work import Outcome, Task, WorkerSpec
from translate.errors import InputError

OnOutcome = Callable[[Outcome], None]
MODULES = {"local": "translate.batch.executors.local", "ray": "translate.batch.executors.ray"}
EXECUTORS: dict[str, type[Executor]] = {}


class Executor(ABC):
    """Runs every group of tasks once; each outcome goes to ``on_outcome`` in the driver."""

    name: ClassVar[str]

    def __init__(self, spec: WorkerSpec, workers: int = 1, address: str | None = None) -> None:
        self.spec = spec
        self.workers = max(1, workers)
        self.address = address

    @abstractmethod
    def run(self, groups: Iterable[Sequence[Task]], on_outcome: OnOutcome) -> None:
        """Translate every group; call ``on_outcome`` once per task."""


def register_executor(cls: type[Executor]) -> type[Executor]:
    """Class decorator adding an executor to the registry."""
    EXECUTORS[cls.name] = cls
    return cls


def executor_class(name: str) -> type[Executor]:
    """The executor called ``name`` (importing its module on demand)."""
    if name not in MODULES:
        raise InputError(f"unknown executor {name!r}; use one of: {', '.join(sorted(MODULES))}")
    importlib.import_module(MODULES[name])
    return EXECUTORS[name]
