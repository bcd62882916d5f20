"""Enforcement cost with a pure-Python engine double that counts what it is asked to decode
(logic only; the end-to-end tests run the real CTranslate2 engine): decode requests grow
linearly with term occurrences, no decode call is larger than one window, and identical
sentences are decoded once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from translate.config import Settings
from translate.engine.base import DecodeOptions, DecodeRequest, Engine, EngineInfo, Hypothesis
from translate.glossary.enforce import MAX_PREFIX_ROUNDS, WINDOW_TOKENS
from translate.glossary.schema import Glossary, Term
from translate.pipeline import translate_document

GLOSSARY = Glossary.build([Term("OTAN", "NATO"), Term("Kiev", "Kyiv", forbidden=("Kiev",))])
SETTINGS = Settings(packages_dir=Path("/nonexistent"), max_input_tokens=40)


class CountingEngine(Engine):
    """Echoes each source token lower-cased (so no term is ever rendered by the model)."""

    name = "counting"

    def __init__(self) -> None:
        self.requests = 0
        self.largest_call = 0

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        return ["\u2581" + w for w in text.split()]

    def detokenize(self, tokens: Sequence[str]) -> str:
        return "".join(tokens).replace("\u2581", " ").strip()

    def translate_batch(self, requests: Sequence[DecodeRequest],
                        options: DecodeOptions) -> list[Hypothesis]:
        self.requests += len(requests)
        self.largest_call = max(self.largest_call, sum(len(r.tokens) for r in requests))
        return [Hypothesis(tuple(r.prefix) + tuple(t.lower() for t in r.tokens), -1.0)
                for r in requests]

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("counting", "counting", "1")


def _run(text: str) -> tuple[CountingEngine, int]:
    engine = CountingEngine()
    result = translate_document(text, engine, SETTINGS, GLOSSARY)
    assert result.violations == ()
    assert all(o.status == "ok" for o in result.occurrences)
    return engine, len(result.occurrences)


@pytest.mark.slow
def test_one_long_line_costs_linear_in_its_occurrences() -> None:
    small, occurrences_small = _run("l'OTAN et Kiev ont parlé " * 120)
    large, occurrences_large = _run("l'OTAN et Kiev ont parlé " * 960)
    assert occurrences_large == 8 * occurrences_small == 1920
    # Each chunk is decoded at most once freely, once with suppression and once per round.
    chunks = len(("l'OTAN et Kiev ont parlé " * 960).split()) / SETTINGS.max_input_tokens
    assert large.requests <= (2 + MAX_PREFIX_ROUNDS) * (chunks + 1)
    assert large.requests <= 8.5 * small.requests
    assert 960 * 5 > WINDOW_TOKENS >= large.largest_call - SETTINGS.max_input_tokens * 2


def test_identical_sentences_are_decoded_once() -> None:
    engine, occurrences = _run("\n\n".join(["L'OTAN se réunit à Kiev."] * 2000))
    assert occurrences == 4000
    assert engine.requests <= 2 + MAX_PREFIX_ROUNDS
    once, _ = _run("L'OTAN se réunit à Kiev.")
    assert engine.requests == once.requests
