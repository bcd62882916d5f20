"""How `translate eval` reads files: as sacrebleu does, line by line unless told otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU
from typer.testing import CliRunner

from tests.conftest import ROOT
from translate.cli import app

RUNNER = CliRunner()
SENTENCES = (ROOT / "eval" / "sentences.en.txt").read_text(encoding="utf-8").splitlines()


def _blank_at(lines: list[str], positions: tuple[int, ...]) -> list[str]:
    return ["" if i in positions else line for i, line in enumerate(lines)]


def test_blank_segment_at_the_same_place_is_scored_line_by_line(tmp_path: Path) -> None:
    # A newsroom file with empty segments: sacrebleu scores 33 segments, never paragraphs.
    ref_lines = _blank_at(SENTENCES, (5, 20))
    hyp_lines = _blank_at([" ".join(s.split()[:-2]) or s for s in SENTENCES], (5, 20))
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(hyp_lines) + "\n", encoding="utf-8")
    ref.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["mode"], data["sentences"], data["mode_automatic"]) == ("lines", 33, True)
    assert data["scores"]["bleu"] == pytest.approx(BLEU().corpus_score(hyp_lines, [ref_lines]).score)
    assert "mode: lines (auto" in result.stderr
    assert any("mode: lines" in note for note in data["notes"])


def test_lone_carriage_return_stays_inside_its_line(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_bytes(b"Prices rose\rby 3%.\nNATO met.\n")
    ref.write_bytes(b"Prices rose by 3%.\nNATO met.\n")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "lines", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentences"] == 2
    expected = BLEU().corpus_score(["Prices rose\rby 3%.", "NATO met."],
                                   [["Prices rose by 3%.", "NATO met."]]).score
    assert data["scores"]["bleu"] == pytest.approx(expected)


def test_bom_is_kept_as_sacrebleu_does_and_said(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_bytes("\ufeffThe cat sat.\r\nNATO met.\r\n".encode())
    ref.write_bytes(b"The cat sat.\nNATO met.\n")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "lines", "-f", "json"])
    assert result.exit_code == 0, result.output
    expected = BLEU().corpus_score(["\ufeffThe cat sat.", "NATO met."],
                                   [["The cat sat.", "NATO met."]]).score
    assert json.loads(result.stdout)["scores"]["bleu"] == pytest.approx(expected)
    assert "byte-order mark" in result.stderr


def test_different_line_counts_switch_to_article_mode_and_say_so(tmp_path: Path) -> None:
    # An article translation (paragraphs) against a sentence-per-line reference.
    ref_lines = SENTENCES[:6]
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(" ".join(ref_lines[:3]) + "\n\n" + " ".join(ref_lines[3:]) + "\n",
                   encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["mode"], data["mode_automatic"], data["pairing"]) == ("article", True, "sentences")
    assert data["sentences"] == 6
    assert data["scores"]["bleu"] == pytest.approx(100.0)
    assert "line counts differ" in result.stderr and "paired by sentences" in result.stderr


def test_article_mode_counts_paragraphs_scored_whole(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("NATO met today. It agreed.\n\nThe EU spoke. Then it acted.\n", encoding="utf-8")
    ref.write_text("NATO met today and agreed.\n\nThe EU spoke. Then it acted.\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "article", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["pairing"], data["fallback_paragraphs"], data["sentences"]) == ("paragraphs", 1, 3)
    assert data["mode_automatic"] is False


def test_lines_mode_refuses_different_counts(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("a\nb\n", encoding="utf-8")
    ref.write_text("a\r\nb\r\nc\r\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["eval", str(hyp), str(ref), "--mode", "lines"])
    assert result.exit_code == 2
    assert "has 3 lines but" in result.stderr
