"""The CTranslate2 engine on the tiny real package: metadata, loading, bounds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from translate.config import Settings
from translate.engine.base import DecodeOptions, DecodeRequest
from translate.engine.ctranslate import CTranslate2Engine
from translate.models.registry import load_package


def _engine(path: Path, **settings: object) -> CTranslate2Engine:
    return CTranslate2Engine(load_package(path), Settings(packages_dir=path.parent, threads=1,
                                                          **settings))  # type: ignore[arg-type]


def test_package_target_prefix_is_forced_and_stripped(installed: Path, tmp_path: Path) -> None:
    source = installed / "translate-fr_en-tiny"
    plain = _engine(source)
    vocabulary = sorted(t for t in plain.target_vocabulary() if t.startswith("\u2581") and len(t) > 3)
    prefix = vocabulary[0]
    copy = tmp_path / "prefixed"
    shutil.copytree(source, copy)
    metadata = json.loads((copy / "metadata.json").read_text())
    metadata["target_prefix"] = prefix
    (copy / "metadata.json").write_text(json.dumps(metadata))
    prefixed = _engine(copy)
    assert prefixed.package.target_prefix == prefix
    request = [DecodeRequest(tuple(plain.tokenize("Le président a parlé.")))]
    a = plain.translate_batch(request, DecodeOptions())[0]
    b = prefixed.translate_batch(request, DecodeOptions())[0]
    assert a.tokens != b.tokens
    assert b.tokens[:1] != (prefix,)
    assert not prefixed.detokenize((prefix, *b.tokens)).startswith(prefix.lstrip("\u2581") + " ")


def test_model_loads_once_and_only_when_needed(installed: Path) -> None:
    engine = _engine(installed / "translate-fr_en-tiny")
    assert not engine.loaded
    engine.tokenize("Bonjour.")
    assert not engine.loaded
    request = [DecodeRequest(tuple(engine.tokenize("Bonjour.")))]
    engine.translate_batch(request, DecodeOptions())
    first = engine._translator
    engine.translate_batch(request, DecodeOptions())
    assert engine.loaded and engine._translator is first


def test_outputs_respect_the_bound_and_are_flagged(installed: Path) -> None:
    engine = _engine(installed / "translate-fr_en-tiny", length_ratio=1.0, length_margin=2,
                     max_decoding_tokens=8)
    tokens = tuple(engine.tokenize("Le secrétaire général de l'alliance a parlé longuement hier soir."))
    (hypothesis,) = engine.translate_batch([DecodeRequest(tokens)], DecodeOptions())
    assert len(hypothesis.tokens) <= 8
    assert hypothesis.truncated or hypothesis.repetition
    assert engine.info.options[2] == ("length", "1.0x+2<=8")
