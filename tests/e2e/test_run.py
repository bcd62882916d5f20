"""`translate run` end to end with the tiny real Argos package through the real engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.mark.slow
def test_article_keeps_8_paragraphs(article_run: dict[str, object]) -> None:
    text = str(article_run["text"])
    assert len(_paragraphs(text)) == 8
    assert text.endswith("\n")


def test_json_reports_10_non_empty_sentences_and_signature(env: dict[str, str]) -> None:
    done = run_cli("run", str(EXAMPLE), "--format", "json", "--no-glossary", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    sentences = data["sentences"]
    assert len(sentences) == 10
    assert [s["index"] for s in sentences] == list(range(1, 11))
    assert [s["paragraph"] for s in sentences] == [1, 2, 2, 3, 4, 5, 5, 6, 7, 8]
    assert all(s["translation"].strip() for s in sentences)
    assert all(isinstance(s["score"], float) for s in sentences)
    source = EXAMPLE.read_text(encoding="utf-8")
    assert all(s["source"] in source for s in sentences)
    signature = data["signature"]
    assert signature["package"] == "translate-fr_en-tiny"
    assert signature["package_version"] == "0.1"
    assert signature["options"]["beam"] == "4"


def test_beam_option_reaches_the_signature(env: dict[str, str]) -> None:
    done = run_cli("run", "-", "--beam", "2", "--format", "json", "--no-glossary", env=env,
                   input="Bonjour.")
    assert json.loads(done.stdout)["signature"]["options"]["beam"] == "2"


def test_stdin_to_stdout(env: dict[str, str]) -> None:
    done = run_cli("run", "-", "--no-glossary", env=env, input="Premier paragraphe.\n\nDeuxième.\n")
    assert done.returncode == 0, done.stderr
    assert len(_paragraphs(done.stdout)) == 2


def test_output_file_is_written_atomically(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous\n")
    done = run_cli("run", str(EXAMPLE), "-o", str(out), "--no-glossary", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert len(_paragraphs(out.read_text())) == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_missing_model_exits_3_naming_both_fixes(empty_env: dict[str, str]) -> None:
    done = run_cli("run", str(EXAMPLE), "--to", "en", env=empty_env)
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "translate models install fr en" in lines[0] and "--file" in lines[0]


@pytest.mark.parametrize(("flag", "value"), [("--to", "de"), ("--from", "en"), ("--format", "xml")])
def test_unsupported_options_are_clear_errors(env: dict[str, str], flag: str, value: str) -> None:
    done = run_cli("run", str(EXAMPLE), flag, value, env=env)
    assert done.returncode == 2
    assert value in done.stderr
    assert "Traceback" not in done.stderr


def test_decoding_length_is_bounded_by_the_input(installed: Path) -> None:
    from translate.api import open_engine
    from translate.config import Settings
    from translate.pipeline import translate_document

    settings = Settings(packages_dir=installed, length_ratio=1.5, length_margin=3)
    engine = open_engine(settings)
    text = "Bonjour.\n\n" + " ".join(["Le président a parlé de l'alliance."] * 3)
    result = translate_document(text, engine, settings)
    for sentence in result.sentences:
        source_tokens = len(engine.tokenize(sentence.source))
        produced = len(engine.tokenize(sentence.translation))
        # Re-tokenising the output can merge or split pieces slightly; the bound is 1.5x+3.
        assert produced <= settings.max_decoding_length(source_tokens) + 2


def test_runtime_path_never_imports_torch(installed: Path) -> None:
    code = (
        "import sys\n"
        "from translate.config import Settings\n"
        "from translate.api import open_engine\n"
        "from translate.pipeline import translate_document\n"
        "from translate.glossary.schema import load_glossary\n"
        f"s = Settings(packages_dir={str(installed)!r})\n"
        f"g = load_glossary({str(ROOT / 'glossaries' / 'news-fr-en.yaml')!r})\n"
        "r = translate_document(\"L'OTAN a parlé à Kiev.\", open_engine(s), s, g)\n"
        "assert r.text\n"
        "heavy = sorted(m for m in ('torch', 'stanza', 'spacy', 'argostranslate.translate')\n"
        "               if m in sys.modules)\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


HELP_COMMANDS = [[], ["run"], ["check"], ["eval"], ["compare"], ["models"], ["models", "list"],
                 ["models", "install"], ["models", "remove"], ["glossary"], ["glossary", "add"],
                 ["glossary", "lint"], ["glossary", "import"], ["glossary", "export"], ["cache"]]


def test_help_never_imports_torch() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from translate.cli import app\n"
        f"for args in {HELP_COMMANDS!r}:\n"
        "    result = CliRunner().invoke(app, [*args, '--help'])\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "print(sorted(m for m in ('torch', 'stanza', 'spacy', 'ctranslate2') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
