"""Pipeline invariants for any input, with a pure-Python engine double (logic only; the
end-to-end tests run the real CTranslate2 engine)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GLOSSARY
from translate.config import Settings
from translate.engine.base import DecodeOptions, DecodeRequest, Engine, EngineInfo, Hypothesis
from translate.glossary.schema import load_glossary
from translate.pipeline import translate_document
from translate.text.segment import segment


class EchoEngine(Engine):
    """Returns each source token, upper-cased, after any forced prefix."""

    name = "echo"

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        return ["\u2581" + w for w in text.split()]

    def detokenize(self, tokens: Sequence[str]) -> str:
        return "".join(tokens).replace("\u2581", " ").strip()

    def translate_batch(self, requests: Sequence[DecodeRequest],
                        options: DecodeOptions) -> list[Hypothesis]:
        return [Hypothesis(tuple(r.prefix) + tuple(t.upper() for t in r.tokens), -1.0)
                for r in requests]

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("echo", "echo", "1")


SETTINGS = Settings(packages_dir=Path("/nonexistent"), max_input_tokens=12)
GLOSS = load_glossary(GLOSSARY)
_words = st.sampled_from(["L'OTAN", "a", "parlé", "à", "Kiev", ".", "M.", "Dupont", "«", "»", "?",
                          "😀", "armes", "lourdes", "...", "\u00a0", "—", "pays", "baltes", "!"])
_paragraph = st.lists(_words, min_size=1, max_size=40).map(" ".join)
_separator = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\t\n\n"])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_paragraph, _separator), min_size=1, max_size=6))
def test_structure_is_preserved_for_any_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + s for p, s in parts)
    source = segment(text)
    result = translate_document(text, EchoEngine(), SETTINGS, GLOSS)
    if not result.sentences:
        assert result.text == ""
        return
    assert len(result.sentences) == len(source.sentences)
    assert [s.paragraph for s in result.sentences] == [s.paragraph for s in source.sentences]
    assert len(segment(result.text).paragraphs) == len(source.paragraphs)
    assert all(o.status == "ok" for o in result.occurrences)
    assert result.violations == ()
