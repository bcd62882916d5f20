"""`translate eval` equals sacrebleu for every sacrebleu option, 1–3 references, awkward files.

Expected values come from sacrebleu's own API on lines read the way sacrebleu's command line
reads them (``sacrebleu.utils.smart_open`` then ``rstrip``), and for a few rows from the
``sacrebleu`` command itself, on the same files.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.utils import smart_open
from typer.testing import CliRunner

from translate.cli import app

RUNNER = CliRunner()

# Bytes as users' files come: a byte-order mark, CRLF endings, a lone \r inside a line, blank
# lines at the same place, trailing spaces, Chinese, punctuation, case.
HYP = ("\ufeffThe Cat sat on the mat.\r\n"
       "NATO met in Kyiv on Tuesday , said Stoltenberg.\r\n"
       "\r\n"
       "Prices rose\rby 3% in May.  \n"
       "北约 在 马德里 举行 峰会。\n"
       "It's a well-known fact: the allies sent weapons!\n"
       "\n"
       "THE SPACE AGENCY LAUNCHED TWO ROCKETS.\n")
REFS = [
    ("\ufeffThe cat sat on the mat.\r\n"
     "NATO met in Kyiv on Tuesday, Stoltenberg said.\r\n"
     "\r\n"
     "Prices rose by 3% in May.\n"
     "北约 在 马德里 召开 峰会。\n"
     "It is well known that the allies sent weapons.\n"
     "\n"
     "The space agency launched two rockets.\n"),
    ("A cat was sitting on the mat.\n"
     "The NATO meeting took place in Kyiv on Tuesday.\n"
     "Nothing.\n"
     "In May prices went\rup by 3%.\n"
     "北约 峰会 在 马德里 举行。\n"
     "Everyone knows the allies sent arms!\n"
     "\n"
     "Two rockets were launched by the space agency.\n"),
    ("The cat is on the mat.\r\n"
     "On Tuesday NATO met in Kyiv.\r\n"
     "\r\n"
     "Prices increased 3 % in May.\r\n"
     "北约在马德里举行峰会。\r\n"
     "The allies sent weapons, as is well known.\r\n"
     "\r\n"
     "The agency launched two rockets.\r\n"),
]

Factory = Callable[[], Any]
# (id, our metric name, CLI arguments, sacrebleu metric built by hand)
OPTIONS: list[tuple[str, str, list[str], Factory]] = [
    ("bleu-default", "bleu", [], lambda: BLEU()),
    *[(f"tokenize-{t}", "bleu", ["--tokenize", t], lambda t=t: BLEU(tokenize=t))
      for t in ("none", "13a", "intl", "char", "zh")],
    ("tok-alias", "bleu", ["-tok", "intl"], lambda: BLEU(tokenize="intl")),
    ("lowercase", "bleu", ["--lowercase"], lambda: BLEU(lowercase=True)),
    ("lc-alias", "bleu", ["-lc"], lambda: BLEU(lowercase=True)),
    ("smooth-floor", "bleu", ["--smooth-method", "floor"], lambda: BLEU(smooth_method="floor")),
    ("smooth-floor-value", "bleu", ["-s", "floor", "-sv", "0.5"],
     lambda: BLEU(smooth_method="floor", smooth_value=0.5)),
    ("smooth-add-k", "bleu", ["--smooth-method", "add-k", "--smooth-value", "2"],
     lambda: BLEU(smooth_method="add-k", smooth_value=2)),
    ("smooth-none", "bleu", ["--smooth-method", "none"], lambda: BLEU(smooth_method="none")),
    ("force", "bleu", ["--force"], lambda: BLEU(force=True)),
    ("bleu-combined", "bleu", ["-tok", "char", "-lc", "-s", "add-k"],
     lambda: BLEU(tokenize="char", lowercase=True, smooth_method="add-k")),
    ("chrf-default", "chrf", [], lambda: CHRF()),
    ("chrf-char-order", "chrf", ["--chrf-char-order", "4"], lambda: CHRF(char_order=4)),
    ("chrf-word-order", "chrf", ["-cw", "2"], lambda: CHRF(word_order=2)),
    ("chrf-word-only", "chrf", ["-cc", "0", "-cw", "2"], lambda: CHRF(char_order=0, word_order=2)),
    ("chrf-beta", "chrf", ["--chrf-beta", "1"], lambda: CHRF(beta=1)),
    ("chrf-whitespace", "chrf", ["--chrf-whitespace"], lambda: CHRF(whitespace=True)),
    ("chrf-lowercase", "chrf", ["--chrf-lowercase"], lambda: CHRF(lowercase=True)),
    ("chrf-eps", "chrf", ["--chrf-eps-smoothing"], lambda: CHRF(eps_smoothing=True)),
    ("chrf++-options", "chrf++", ["--chrf-beta", "3", "--chrf-lowercase"],
     lambda: CHRF(word_order=2, beta=3, lowercase=True)),
    ("ter-default", "ter", [], lambda: TER()),
    ("ter-case", "ter", ["--ter-case-sensitive"], lambda: TER(case_sensitive=True)),
    ("ter-no-punct", "ter", ["--ter-no-punct"], lambda: TER(no_punct=True)),
    ("ter-normalized", "ter", ["--ter-normalized"], lambda: TER(normalized=True)),
    ("ter-asian", "ter", ["--ter-asian-support"], lambda: TER(asian_support=True)),
    ("ter-combined", "ter", ["--ter-normalized", "--ter-asian-support", "--ter-case-sensitive",
                             "--ter-no-punct"],
     lambda: TER(normalized=True, asian_support=True, case_sensitive=True, no_punct=True)),
]


def _files(tmp_path: Path, nrefs: int) -> tuple[Path, list[Path]]:
    hyp = tmp_path / "hyp.txt"
    hyp.write_bytes(HYP.encode("utf-8"))
    refs = []
    for i, text in enumerate(REFS[:nrefs]):
        path = tmp_path / f"ref{i}.txt"
        path.write_bytes(text.encode("utf-8"))
        refs.append(path)
    return hyp, refs


def _sacrebleu_lines(path: Path) -> list[str]:
    with smart_open(str(path)) as handle:
        return [line.rstrip() for line in handle]


def test_files_exercise_what_they_claim(tmp_path: Path) -> None:
    hyp, refs = _files(tmp_path, 3)
    lines = _sacrebleu_lines(hyp)
    assert lines[0].startswith("\ufeff")
    assert "" in lines
    assert any("\r" in line for line in lines)
    assert len({len(_sacrebleu_lines(p)) for p in [hyp, *refs]}) == 1


@pytest.mark.parametrize("nrefs", [1, 2, 3])
@pytest.mark.parametrize(("name", "metric", "args", "factory"), OPTIONS,
                         ids=[o[0] for o in OPTIONS])
def test_option_equals_sacrebleu_api(tmp_path: Path, name: str, metric: str, args: list[str],
                                     factory: Factory, nrefs: int) -> None:
    hyp, refs = _files(tmp_path, nrefs)
    result = RUNNER.invoke(app, ["eval", str(hyp), *map(str, refs), "-m", metric, *args,
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = factory()
    score = expected.corpus_score(_sacrebleu_lines(hyp), [_sacrebleu_lines(r) for r in refs])
    assert data["mode"] == "lines"
    assert round(data["scores"][metric], 4) == round(score.score, 4)
    assert data["signatures"][metric] == str(expected.get_signature())


# (id, CLI arguments shared by both tools, sacrebleu's name of the metric)
CLI_ROWS = [
    ("bleu-intl-lc", ["-m", "bleu", "-tok", "intl", "-lc"], "BLEU"),
    ("chrf++", ["-m", "chrf", "-cw", "2", "--chrf-eps-smoothing"], "chrF2++"),
    ("ter", ["-m", "ter", "--ter-asian-support", "--ter-no-punct"], "TER"),
]


@pytest.mark.parametrize(("name", "args", "key"), CLI_ROWS, ids=[r[0] for r in CLI_ROWS])
def test_option_equals_sacrebleu_cli(tmp_path: Path, name: str, args: list[str], key: str) -> None:
    hyp, refs = _files(tmp_path, 2)
    done = subprocess.run([sys.executable, "-m", "sacrebleu", *map(str, refs), "-i", str(hyp),
                           *args, "-w", "4", "-f", "json"], capture_output=True, text=True,
                          check=True, timeout=120)
    theirs = json.loads(done.stdout)
    ours = RUNNER.invoke(app, ["eval", str(hyp), *map(str, refs), *args, "-f", "json"])
    assert ours.exit_code == 0, ours.output
    data = json.loads(ours.stdout)
    metric = args[1]
    assert theirs["name"] == key
    assert round(data["scores"][metric], 4) == theirs["score"]
    assert data["signatures"][metric] == theirs["signature"]


@pytest.mark.parametrize("metric", ["bleu", "chrf", "ter"])
def test_confidence_equals_sacrebleu(tmp_path: Path, metric: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    hyp, refs = _files(tmp_path, 2)
    result = RUNNER.invoke(app, ["eval", str(hyp), *map(str, refs), "-m", metric, "--confidence",
                                 "--confidence-n", "200", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = {"bleu": BLEU, "chrf": CHRF, "ter": TER}[metric]()
    score = expected.corpus_score(_sacrebleu_lines(hyp), [_sacrebleu_lines(r) for r in refs],
                                  n_bootstrap=200)
    assert data["confidence"][metric]["mean"] == pytest.approx(score._mean, abs=1e-4)
    assert data["confidence"][metric]["ci"] == pytest.approx(score._ci, abs=1e-4)
    assert data["signatures"][metric] == str(expected.get_signature())
    assert "bs:200" in data["signatures"][metric]


def test_score_only_and_width(tmp_path: Path) -> None:
    hyp, refs = _files(tmp_path, 1)
    lines = [_sacrebleu_lines(hyp)], [_sacrebleu_lines(refs[0])]
    result = RUNNER.invoke(app, ["eval", str(hyp), str(refs[0]), "-m", "bleu,ter", "-b", "-w", "4"])
    assert result.exit_code == 0, result.output
    bleu = BLEU().corpus_score(lines[0][0], lines[1]).score
    ter = TER().corpus_score(lines[0][0], lines[1]).score
    assert result.stdout == f"{bleu:.4f}\n{ter:.4f}\n"
    text = RUNNER.invoke(app, ["eval", str(hyp), str(refs[0]), "-m", "bleu", "--width", "3"])
    assert f" {bleu:.3f} " in text.stdout


def test_tokenizer_list_is_sacrebleus() -> None:
    from sacrebleu.metrics.bleu import _TOKENIZERS

    from translate.quality.options import TOKENIZERS

    assert set(TOKENIZERS) == set(_TOKENIZERS)


@pytest.mark.parametrize(("tokenizer", "module", "extra"),
                         [("ja-mecab", "MeCab", "sacrebleu[ja]"),
                          ("ko-mecab", "mecab_ko", "sacrebleu[ko]")])
def test_mecab_tokenizers_name_the_missing_extra(tmp_path: Path, tokenizer: str, module: str,
                                                 extra: str) -> None:
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed")
    hyp, refs = _files(tmp_path, 1)
    result = RUNNER.invoke(app, ["eval", str(hyp), str(refs[0]), "--tokenize", tokenizer])
    assert result.exit_code == 2
    assert extra in result.stderr and module in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("tokenizer", ["spm", "flores101", "flores200", "spBLEU-1K"])
def test_spm_tokenizers_fail_cleanly_without_their_model(
        tmp_path: Path, tokenizer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "sacrebleu-cache"
    cache.mkdir()
    monkeypatch.setenv("SACREBLEU", str(cache))
    hyp, refs = _files(tmp_path, 1)
    result = RUNNER.invoke(app, ["eval", str(hyp), str(refs[0]), "-tok", tokenizer])
    assert result.exit_code == 2
    assert str(cache / "models") in result.stderr
    assert "never" in result.stderr
    assert list(cache.iterdir()) == []  # nothing was downloaded, not even attempted


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--tokenize", "moses"], "unknown tokenizer 'moses'"),
     (["--smooth-method", "laplace"], "unknown smoothing 'laplace'"),
     (["--chrf-char-order", "-1"], "--chrf-beta must be ≥ 0"),
     (["-cc", "0", "-cw", "0"], "at least one n-gram order"),
     (["--smooth-value", "-1"], "--smooth-value must be a number ≥ 0")],
)
def test_bad_option_values_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    hyp, refs = _files(tmp_path, 1)
    result = RUNNER.invoke(app, ["eval", str(hyp), str(refs[0]), *args])
    assert result.exit_code == 2
    assert message in result.stderr
