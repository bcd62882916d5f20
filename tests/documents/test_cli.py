"""`translate run` and `translate check` on documents, through the installed command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GLOSSARY, run_cli, translate_bin
from tests.documents import structure
from tests.documents.conftest import NEWS_PAGE
from tests.documents.samples import docx_article
from tests.documents.test_roundtrip import MARKDOWN, SRT


def test_run_html_file_to_file_with_report(env: dict[str, str], tmp_path: Path) -> None:
    out, report = tmp_path / "page.en.html", tmp_path / "report.json"
    done = run_cli("run", str(NEWS_PAGE), "--to", "en", "-o", str(out), "--report", str(report),
                   "--glossary", str(GLOSSARY), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    data = out.read_bytes()
    assert structure.html_structure(data) == structure.html_structure(NEWS_PAGE.read_bytes())
    occurrences = json.loads(report.read_text())["occurrences"]
    assert {"OTAN", "pays baltes", "armes lourdes", "Kiev"} <= {o["source_term"] for o in occurrences}
    assert all(o["status"] == "ok" for o in occurrences)
    assert "terms:" in done.stderr


@pytest.mark.parametrize("fmt,source,parse", [
    ("markdown", MARKDOWN, structure.markdown_structure),
    ("srt", SRT, structure.srt_structure),
    ("html", "<p>Le <b>sommet</b> s'ouvre.</p>", structure.html_structure),
])
def test_run_text_formats_through_stdin_and_stdout(fmt: str, source: str, parse: object,
                                                   env: dict[str, str]) -> None:
    done = run_cli("run", "-", "--input-format", fmt, "--no-glossary", env=env, input=source)
    assert done.returncode == 0, done.stderr
    assert parse(done.stdout.encode()) == parse(source.encode())  # type: ignore[operator]


def test_run_docx_needs_a_file_or_a_pipe(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "depeche.docx"
    source.write_bytes(docx_article())
    out = tmp_path / "depeche.en.docx"
    done = run_cli("run", str(source), "-o", str(out), "--no-glossary", env=env)
    assert done.returncode == 0, done.stderr
    assert structure.docx_structure(out.read_bytes()) == structure.docx_structure(source.read_bytes())
    # to a pipe (not a terminal) the bytes are written as they are
    piped = subprocess.run([translate_bin(), "run", str(source), "--no-glossary"], env=env,
                           capture_output=True, timeout=300)
    assert piped.returncode == 0
    assert piped.stdout[:2] == b"PK"


@pytest.mark.parametrize("args,content,message", [
    (["--input-format", "pdf"], b"<p>x</p>", "unknown --input-format 'pdf'"),
    ([], b"not a zip", "not a DOCX"),
])
def test_bad_document_input_is_one_line_exit_2(args: list[str], content: bytes, message: str,
                                               env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "in.docx"
    source.write_bytes(content)
    out = tmp_path / "out.docx"
    done = run_cli("run", str(source), "-o", str(out), *args, env=env)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_check_compares_text_content_of_documents(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "a.html"
    source.write_text("<p>Le secrétaire général de l'<b>OTAN</b> est à <a href='/k'>Kiev</a>.</p>")
    good = tmp_path / "good.html"
    good.write_text("<p>The <b>NATO</b> Secretary General is in <a href='/k'>Kyiv</a>.</p>")
    bad = tmp_path / "bad.html"
    bad.write_text("<p>The <b>NATO</b> boss is in <a href='/k'>Kiev</a>.</p>")
    ok = run_cli("check", str(source), str(good), "--glossary", str(GLOSSARY), env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = run_cli("check", str(source), str(bad), "--glossary", str(GLOSSARY), env=env)
    assert failed.returncode == 1
    assert "Kyiv" in failed.stdout
