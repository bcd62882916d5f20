"""The engine seam: the one interface through which the pipeline reaches a model."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class DecodeRequest:
    """One unit to translate: source tokens, and target tokens the output must start with."""

    tokens: tuple[str, ...]
    prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding options shared by one batch."""

    beam_size: int = 4
    suppress: tuple[tuple[str, ...], ...] = ()
    return_attention: bool = False
    num_hypotheses: int = 1


@dataclass(frozen=True)
class Hypothesis:
    """The best output for one request.

    ``attention[t][s]`` is the weight of source token ``s`` for target token ``t`` when
    requested; ``truncated`` means decoding stopped at the length bound; ``repetition`` means
    a looping tail was detected and cut. ``alternatives`` are the next best outputs when
    ``DecodeOptions.num_hypotheses`` asked for more than one.
    """

    tokens: tuple[str, ...]
    score: float
    attention: tuple[tuple[float, ...], ...] | None = None
    truncated: bool = False
    repetition: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class EngineInfo:
    """What identifies an engine's output, for signatures and cache keys."""

    engine: str
    package: str
    version: str
    options: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def key(self) -> str:
        """A stable string for cache keys."""
        opts = ",".join(f"{k}={v}" for k, v in self.options)
        return f"{self.engine}|{self.package}|{self.version}|{opts}"


class Engine(ABC):
    """Translate batches of tokenised sentences."""

    name: ClassVar[str]

    @abstractmethod
    def tokenize(self, text: str, target: bool = False) -> list[str]:
        """Split text into the model's tokens (source side unless ``target``)."""

    @abstractmethod
    def detokenize(self, tokens: Sequence[str]) -> str:
        """Join target tokens back into text."""

    @abstractmethod
    def translate_batch(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[Hypothesis]:
        """Translate every request; one hypothesis per request, in request order."""

    @property
    @abstractmethod
    def info(self) -> EngineInfo:
        """Identity of this engine and its model."""


ENGINES: dict[str, type[Engine]] = {}


def register_engine(cls: type[Engine]) -> type[Engine]:
    """Class decorator adding an engine to the name→class registry."""
    ENGINES[cls.name] = cls
    return cls


def find_repetition(tokens: Sequence[str], min_repeats: int = 3, max_ngram: int = 8) -> int | None:
    """Index where a looping tail starts, or ``None``.

    A tail loops when it is periodic with some period n ≤ ``max_ngram`` over at least
    ``min_repeats`` periods, in whatever phase decoding stopped. The returned index keeps the
    text up to the end of the loop's first period.
    """
    length = len(tokens)
    best: int | None = None
    for n in range(1, max_ngram + 1):
        run = 0
        i = length - 1
        while i - n >= 0 and tokens[i] == tokens[i - n]:
            run += 1
            i -= 1
        if run >= (min_repeats - 1) * n:
            cut = length - run
            if best is None or cut < best:
                best = cut
    return best


def token_spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of SentencePiece tokens in their joined text (``▁`` is a space)."""
    spans = []
    position = 0
    for index, token in enumerate(tokens):
        piece = token.replace("\u2581", " ")
        if index == 0:
            piece = piece.lstrip(" ")
        start = position + (len(piece) - len(piece.lstrip(" ")))
        position += len(piece)
        spans.append((start, position))
    return spans
