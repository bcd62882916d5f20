"""`translate batch` through the installed command: outputs, manifest and resume, failures,
JSONL, progress, kill safety. The real engine with the tiny package throughout."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, translate_bin

ARTICLE = EXAMPLE.read_text(encoding="utf-8")
PARAGRAPHS = [p for p in ARTICLE.split("\n\n") if p.strip()]


def make_corpus(root: Path, count: int = 6, per_doc: int = 2) -> dict[str, str]:
    """``count`` documents of ``per_doc`` paragraphs in a nested tree; relative path → text."""
    docs = {}
    for i in range(count):
        rel = f"section-{i % 2}/{'deep/' if i % 3 == 0 else ''}article-{i:02d}.txt"
        text = "\n\n".join(PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(per_doc)) + "\n"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        docs[rel] = text
    return docs


# Reference translations already computed in this worker: the library's output for a text is
# the same in every test (same package, settings and glossary), and several tests ask for it.
_REFERENCE: dict[tuple[str, str, bool], str] = {}


def reference(installed: Path, texts: list[str], glossary: bool = True) -> list[str]:
    """What `translate run` writes for each text: translate_document, one document at a time."""
    from translate.api import open_engine
    from translate.config import load_settings
    from translate.glossary.schema import load_glossaries
    from translate.pipeline import translate_document

    missing = [text for text in dict.fromkeys(texts) if (str(installed), text, glossary) not in _REFERENCE]
    if missing:
        settings = load_settings(config_file=ROOT / "configs" / "translate.yaml", env={
            "ARGOS_PACKAGES_DIR": str(installed), "TRANSLATE_CACHE": "off", "TRANSLATE_THREADS": "1"})
        terms = load_glossaries(settings.glossaries, ("fr", "en")) if glossary else None
        engine = open_engine(settings)
        for text in missing:
            out = translate_document(text, engine, settings, terms).text
            _REFERENCE[(str(installed), text, glossary)] = (
                out if not out or out.endswith("\n") else out + "\n")
    return [_REFERENCE[(str(installed), text, glossary)] for text in texts]


def summary(out: Path) -> dict[str, object]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def manifest_rows(out: Path) -> dict[str, tuple[str, int]]:
    db = sqlite3.connect(out / ".translate" / "manifest.sqlite3")
    try:
        return {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, status, attempts FROM documents")}
    finally:
        db.close()


@pytest.mark.slow
def test_a_tree_is_mirrored_with_the_same_bytes_as_translate_run(cli, env, installed, tmp_path):
    # Four documents already fill the tree's every kind of place (both sections, each with a
    # nested and a top-level file); each one more costs two enforced paragraphs twice.
    docs = make_corpus(tmp_path / "in", count=4)
    (tmp_path / "in" / "notes.bin").write_bytes(b"\x00ignored")
    out = tmp_path / "out"
    # --group-chars 1: every document decoded on its own, as `translate run` decodes it (shared
    # batches may end beam search at another length bound; executors are compared elsewhere).
    done = cli("batch", str(tmp_path / "in"), "--out", str(out), "--group-chars", "1", env=env)
    assert done.returncode == 0, done.stderr
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                      if p.is_file() and not p.relative_to(out).as_posix().startswith(".translate"))
    assert produced == sorted([*docs, "summary.json"])
    expected = reference(installed, list(docs.values()))
    for (rel, _), text in zip(docs.items(), expected):
        assert (out / rel).read_text(encoding="utf-8") == text, rel
    data = summary(out)
    assert data["documents"] == {"total": 4, "done": 4, "failed": 0, "translated": 4, "skipped": 0}
    assert data["failures"] == []
    sentences = data["sentences"]
    assert isinstance(sentences, int) and sentences >= 4 * 2
    terms = data["terms"]
    assert isinstance(terms, dict) and terms["total"] > 0
    assert sum(terms["by_method"].values()) == terms["total"]
    report = json.loads((out / ".translate" / "reports" / f"{next(iter(docs))}.json").read_text())
    assert report["sentences"] >= 2 and "by_method" in report["terms"] and "timings" in report
    assert report["signature"]["package"] == "translate-fr_en-tiny"


@pytest.mark.slow
def test_rerun_skips_unchanged_redoes_changed_and_force_redoes_all(cli, env, tmp_path):
    docs = make_corpus(tmp_path / "in", count=4, per_doc=1)
    out = tmp_path / "out"
    args = ("batch", str(tmp_path / "in"), "--out", str(out), "--no-glossary")
    assert cli(*args, env=env).returncode == 0
    first = {rel: (out / rel).stat().st_mtime_ns for rel in docs}
    again = cli(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert summary(out)["documents"] == {"total": 4, "done": 4, "failed": 0, "translated": 0, "skipped": 4}
    assert {rel: (out / rel).stat().st_mtime_ns for rel in docs} == first
    changed = next(iter(docs))
    (tmp_path / "in" / changed).write_text(PARAGRAPHS[-1] + "\n", encoding="utf-8")
    assert cli(*args, env=env).returncode == 0
    assert summary(out)["documents"]["translated"] == 1  # type: ignore[index]
    assert (out / changed).stat().st_mtime_ns != first[changed]
    # Another glossary setting is another signature: everything is redone. (The configured
    # glossary in report mode: what is redone is the subject, not enforcement, whose prefix
    # rounds decode these nine documents several times over.)
    glossary = ("batch", str(tmp_path / "in"), "--out", str(out), "--glossary-mode", "report")
    assert cli(*glossary, env=env).returncode == 0
    assert summary(out)["documents"]["translated"] == 4  # type: ignore[index]
    assert cli(*glossary, "--force", env=env).returncode == 0
    assert summary(out)["documents"]["translated"] == 4  # type: ignore[index]
    # A deleted output is written again even though the manifest says done.
    (out / changed).unlink()
    assert cli(*glossary, env=env).returncode == 0
    assert (out / changed).is_file() and summary(out)["documents"]["translated"] == 1  # type: ignore[index]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("binary.txt", b"\x00\x01\x02 binary", "looks binary"),
    ("latin1.txt", "Le ministre a été élu.".encode("latin-1"), "not valid utf-8"),
    ("huge.txt", ("Le président parle. " * 4000).encode(), "too large"),
])
@pytest.mark.slow
def test_one_bad_document_fails_alone_with_its_reason_and_exit_7(cli, env, tmp_path, name, content, reason):
    docs = make_corpus(tmp_path / "in", count=2, per_doc=1)
    (tmp_path / "in" / name).write_bytes(content)
    out = tmp_path / "out"
    args = ("batch", str(tmp_path / "in"), "--out", str(out), "--no-glossary", "--max-document-mb", "0.05")
    done = cli(*args, env=env)
    assert done.returncode == 7, done.stderr
    assert "1 of 3 documents failed" in done.stderr and "Traceback" not in done.stderr
    data = summary(out)
    assert data["documents"]["done"] == 2  # type: ignore[index]
    [failure] = data["failures"]  # type: ignore[misc]
    assert failure["id"] == name and reason in failure["reason"].lower()
    assert all((out / rel).is_file() for rel in docs) and not (out / name).exists()
    # Fixed, the next run translates only that document.
    (tmp_path / "in" / name).write_text("Le ministre a été élu.\n", encoding="utf-8")
    fixed = cli(*args, env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert summary(out)["documents"] == {"total": 3, "done": 3, "failed": 0, "translated": 1, "skipped": 2}
    assert manifest_rows(out)[name] == ("done", 2)


def test_jsonl_keeps_ids_and_order_and_records_bad_lines(cli, env, installed, tmp_path):
    texts = [PARAGRAPHS[0], "Bonjour.", PARAGRAPHS[0]]
    lines = [json.dumps({"doc": 7, "body": texts[0]}), json.dumps({"doc": "b", "body": texts[1]}),
             "{not json", json.dumps({"doc": "c"}), json.dumps({"doc": "d", "body": texts[2]})]
    source = tmp_path / "feed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = cli("batch", str(source), "--out", str(out), "--id-field", "doc", "--text-field", "body",
               "--no-glossary", env=env)
    assert done.returncode == 7, done.stderr
    records = [json.loads(line) for line in (out / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in records] == [7, "b", "d"]
    expected = [t.rstrip("\n") for t in reference(installed, texts, glossary=False)]
    assert [r["body"] for r in records] == expected
    reasons = {f["id"]: f["reason"] for f in summary(out)["failures"]}  # type: ignore[union-attr]
    assert set(reasons) == {"feed.jsonl#line-3", "feed.jsonl#c"}
    assert "not JSON" in reasons["feed.jsonl#line-3"] and "--text-field" in reasons["feed.jsonl#c"]


def test_progress_stream_and_quiet(cli, env, tmp_path):
    make_corpus(tmp_path / "in", count=3, per_doc=1)
    out = tmp_path / "out"
    done = cli("batch", str(tmp_path / "in"), "--out", str(out), "--no-glossary", "--quiet",
               "--progress-json", "-", env=env)
    assert done.returncode == 0 and done.stderr == ""
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[0] == {**events[0], "event": "start", "documents": 3}
    docs = [e for e in events if e["event"] == "document"]
    assert [e["documents_done"] for e in docs] == [1, 2, 3]
    assert docs[-1]["sentences_done"] == sum(e["sentences"] for e in docs) > 0
    assert events[-1]["event"] == "end" and events[-1]["done"] == 3


@pytest.mark.slow
def test_worker_processes_give_the_same_bytes(cli, env, tmp_path):
    docs = make_corpus(tmp_path / "in", count=4, per_doc=1)
    one, two = tmp_path / "one", tmp_path / "two"
    base = ("batch", str(tmp_path / "in"), "--no-glossary", "--group-chars", "300")
    assert cli(*base, "--out", str(one), env=env).returncode == 0
    done = cli(*base, "--out", str(two), "--workers", "2", env=env)
    assert done.returncode == 0, done.stderr
    for rel in docs:
        assert (one / rel).read_bytes() == (two / rel).read_bytes()


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--executor", "spark"), 2, "unknown executor"),
    (("--ray-address", "127.0.0.1:1"), 2, "--executor ray"),
])
def test_usage_errors(cli, env, tmp_path, args, code, message):
    make_corpus(tmp_path / "in", count=1, per_doc=1)
    done = cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), *args, env=env)
    assert done.returncode == code and message in done.stderr and "Traceback" not in done.stderr


def test_missing_inputs_and_models_are_refused_before_any_work(cli, env, empty_env, tmp_path):
    done = cli("batch", str(tmp_path / "nope"), "--out", str(tmp_path / "out"), env=env)
    assert done.returncode == 2 and "no such file" in done.stderr
    make_corpus(tmp_path / "in", count=1, per_doc=1)
    done = cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), env=empty_env)
    assert done.returncode == 3 and not (tmp_path / "out2").exists()


def test_symlinks_and_fifos_in_a_tree_are_not_followed(cli, env, tmp_path):
    docs = make_corpus(tmp_path / "in", count=1, per_doc=1)
    outside = tmp_path / "secret.txt"
    outside.write_text("Le secret.\n")
    (tmp_path / "in" / "link.txt").symlink_to(outside)
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    done = cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-glossary", env=env)
    assert done.returncode == 0, done.stderr
    assert summary(tmp_path / "out")["documents"]["total"] == len(docs)  # type: ignore[index]
    assert not (tmp_path / "out" / "link.txt").exists()


@pytest.mark.slow
def test_sigkill_mid_run_loses_only_documents_in_flight(env, installed, tmp_path):
    docs = make_corpus(tmp_path / "in", count=16, per_doc=1)
    out = tmp_path / "out"
    command = [translate_bin(), "batch", str(tmp_path / "in"), "--out", str(out), "--no-glossary",
               "--group-chars", "1", "--quiet"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            if sum((out / rel).exists() for rel in docs) >= 3:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run finished before it could be killed; give it more work"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    expected = dict(zip(docs, reference(installed, list(docs.values()), glossary=False)))
    written = {rel: (out / rel).read_text(encoding="utf-8") for rel in docs if (out / rel).exists()}
    assert 3 <= len(written) < len(docs)
    for rel, text in written.items():
        assert text == expected[rel], f"{rel} is half-written"
    recorded = {k for k, (status, _) in manifest_rows(out).items() if status == "done"}
    assert recorded <= set(written)
    resumed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    data = summary(out)["documents"]
    assert data["skipped"] == len(recorded) and data["translated"] == len(docs) - len(recorded)  # type: ignore[index]
    for rel, text in expected.items():
        assert (out / rel).read_text(encoding="utf-8") == text
    assert not [p for p in out.rglob("*.tmp")], "temporary files left behind"
    assert all(attempts == 1 for _, attempts in manifest_rows(out).values())


def test_temporaries_a_killed_run_left_are_removed_when_their_files_are_written(cli, env, tmp_path):
    # A kill during an atomic write leaves its hidden temporary beside the file: the output,
    # its report, a feed's output and reports, or the summary. The next run writes each of
    # those files again, and none of the temporaries may stay (a SIGKILL can land in any).
    docs = make_corpus(tmp_path / "in", count=2, per_doc=1)
    feed = tmp_path / "in" / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": PARAGRAPHS[0]}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    reports = out / ".translate" / "reports"
    files = [*(out / rel for rel in docs), *(reports / f"{rel}.json" for rel in docs),
             out / "feed.jsonl", reports / "feed.jsonl.reports.jsonl", out / "summary.json"]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / f".{path.name}.k1ll3d.tmp").write_text("half", encoding="utf-8")
    done = cli("batch", str(tmp_path / "in"), "--out", str(out), "--no-glossary", env=env)
    assert done.returncode == 0, done.stderr
    assert all(path.is_file() for path in files)
    assert sorted(p.relative_to(out) for p in out.rglob("*.tmp")) == []


def test_the_local_path_never_imports_ray(tmp_path):
    code = ("import sys; from translate.cli import app; "
            "from translate.batch.executors import executor_class; executor_class('local'); "
            "assert 'ray' not in sys.modules, 'ray imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


DOCUMENTS = {
    "web/page.html": ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Sommet</title>'
                      '</head><body><h1>Le sommet de l\'<b>OTAN</b></h1><p>Le <a href="/sg">secrétaire '
                      'général</a> a parlé <em>lundi</em> à Madrid.</p><script>var x = 1;</script>'
                      '</body></html>\n'),
    "web/notes.md": "# Le sommet\n\nLe **secrétaire général** de l'OTAN a parlé à [Madrid](https://example.org).\n",
    "video/clip.srt": ("1\n00:00:01,000 --> 00:00:03,000\nLe secrétaire général de l'OTAN\n\n"
                       "2\n00:00:03,500 --> 00:00:05,000\na parlé lundi à Madrid.\n"),
}


@pytest.mark.slow
def test_document_formats_in_a_tree_give_the_same_bytes_as_translate_run(cli, env, tmp_path):
    """HTML, Markdown and SRT files among text files: each output equals `translate run FILE -o`
    (markup re-projected through the same alignment)."""
    root = tmp_path / "in"
    texts = make_corpus(root, count=2, per_doc=1)
    for rel, content in DOCUMENTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    done = cli("batch", str(root), "--out", str(out), "--group-chars", "1", env=env)
    assert done.returncode == 0, done.stderr
    assert summary(out)["documents"]["done"] == len(texts) + len(DOCUMENTS)  # type: ignore[index]
    for rel in DOCUMENTS:
        alone = tmp_path / "alone" / rel
        alone.parent.mkdir(parents=True, exist_ok=True)
        single = cli("run", str(root / rel), "--to", "en", "-o", str(alone), env=env)
        assert single.returncode == 0, single.stderr
        assert (out / rel).read_bytes() == alone.read_bytes(), rel
    page = (out / "web/page.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and '<a href="/sg">' in page and "<script>var x = 1;</script>" in page
    assert "00:00:01,000 --> 00:00:03,000" in (out / "video/clip.srt").read_text(encoding="utf-8")
