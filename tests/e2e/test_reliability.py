"""Bad input, faults and hostile files through the installed `translate` command."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, GLOSSARY, run_cli, translate_bin
from translate.engine.base import find_repetition


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def _paragraphs(text: str) -> int:
    return len([p for p in text.split("\n\n") if p.strip()])


@pytest.fixture
def broken_model_env(env: dict[str, str], installed: Path, tmp_path: Path) -> dict[str, str]:
    """A package whose model cannot load: any attempt to load it fails with exit 6."""
    packages = tmp_path / "broken"
    shutil.copytree(installed, packages, ignore=shutil.ignore_patterns(".*"))
    (packages / "translate-fr_en-tiny" / "model" / "model.bin").write_bytes(b"garbage")
    return dict(env, ARGOS_PACKAGES_DIR=str(packages))


def test_broken_model_really_fails_when_loaded(broken_model_env: dict[str, str]) -> None:
    done = run_cli("run", "-", env=broken_model_env, input="Bonjour.")
    assert done.returncode == 6
    assert "reinstall" in _one_line_error(done)


@pytest.mark.parametrize("text", ["", "   \n\n \t\n", "😀 🇫🇷 ✨\n\n🎉", "— *** —"],
                         ids=["empty", "whitespace", "emoji", "symbols"])
def test_nothing_to_translate_gives_empty_output_without_loading_the_model(
        broken_model_env: dict[str, str], text: str) -> None:
    done = run_cli("run", "-", env=broken_model_env, input=text)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    as_json = run_cli("run", "-", "-f", "json", env=broken_model_env, input=text)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["sentences"] == []


def test_nothing_to_translate_needs_no_package(empty_env: dict[str, str]) -> None:
    done = run_cli("run", "-", env=empty_env, input="\n\n")
    assert done.returncode == 0 and done.stdout == ""


@pytest.mark.parametrize("case", ["missing", "directory", "unreadable"])
def test_unusable_input_files(tmp_path: Path, env: dict[str, str], case: str) -> None:
    target = tmp_path / "input.txt"
    expected = {"missing": "no such file", "directory": "directory",
                "unreadable": "permission denied"}[case]
    if case == "directory":
        target.mkdir()
    elif case == "unreadable" and os.geteuid() == 0:
        # Permissions do not stop root; this file exists but reading it fails (EIO).
        target, expected = Path("/proc/self/mem"), "cannot read"
    elif case == "unreadable":
        target.write_text("Bonjour.")
        target.chmod(0)
    done = run_cli("run", str(target), env=env)
    assert done.returncode == 2, done.stderr
    message = _one_line_error(done)
    assert str(target) in message
    assert expected in message


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_non_utf8_input_names_the_problem_and_the_fix(tmp_path: Path, env: dict[str, str],
                                                      codec: str) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("L'OTAN a déclaré à Kiev : « oui ».".encode(codec))
    done = run_cli("run", str(path), env=env)
    assert done.returncode == 2
    message = _one_line_error(done)
    assert "not valid utf-8" in message and "--encoding" in message
    fixed = run_cli("run", str(path), "--encoding", codec, "-f", "json", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert "déclaré" in json.loads(fixed.stdout)["sentences"][0]["source"]


def test_binary_input_is_refused(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "image.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    done = run_cli("run", str(path), env=env)
    assert done.returncode == 2
    assert "binary" in _one_line_error(done)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bom", "\ufeffL'OTAN parle.\n\nÀ Kiev.\n"),
        ("crlf", "L'OTAN parle.\r\n\r\nÀ Kiev.\r\n"),
        ("nfd", "L'OTAN de\u0301clare.\n\nA\u0300 Kiev.\n"),
        ("nbsp", "L'OTAN\u00a0parle\u202f!\n\nÀ\u00a0Kiev.\n"),
        ("zero-width", "L'O\u200bTAN parle.\n\nÀ Ki\u200dev\ufeff.\n"),
    ],
)
def test_unicode_and_line_ending_variants_are_translated(env: dict[str, str], name: str,
                                                         text: str) -> None:
    done = run_cli("run", "-", "-f", "json", env=env, input=text)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["paragraphs"] == 2
    assert all(s["translation"].strip() for s in data["sentences"])
    plain = run_cli("run", "-", env=env, input=text)
    assert _paragraphs(plain.stdout) == 2
    assert "\r" not in plain.stdout


def test_very_long_sentence_is_chunked_and_fully_translated(env: dict[str, str]) -> None:
    words = ("le président de la commission a rappelé que les alliés et les partenaires "
             "ont fourni des armes lourdes à Kiev depuis le début de la guerre ").split()
    text = " ".join(words[i % len(words)] for i in range(1200))[:5000]
    assert len(text) >= 4900 and "." not in text
    import resource

    # CPU time of the run, not wall-clock time, so a machine busy with other work does not fail it.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_cli("run", "-", "-f", "json", env=env, input=text, timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert done.returncode == 0, done.stderr
    (sentence,) = json.loads(done.stdout)["sentences"]
    assert sentence["chunks"] >= 5
    assert "chunked" in sentence["flags"]
    assert len(sentence["translation"].split()) >= sentence["chunks"]
    assert elapsed < 300


def test_text_after_an_emoji_is_kept(env: dict[str, str]) -> None:
    text = "Le président 😀 a parlé ⚡ de l'OTAN ☢ à Kiev."
    done = run_cli("run", "-", "-f", "json", env=env, input=text)
    assert done.returncode == 0
    data = json.loads(done.stdout)
    terms = {t["source_term"]: t["status"] for t in data["terms"]}
    assert terms == {"OTAN": "ok", "Kiev": "ok"}
    translation = data["sentences"][0]["translation"]
    assert "NATO" in translation and "Kyiv" in translation


def test_repetition_loops_are_cut_and_flagged(env: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = run_cli("run", str(EXAMPLE), "--no-glossary", "-f", "json", "--report", str(report),
                   env=env)
    assert done.returncode == 0
    flagged = [s for s in json.loads(done.stdout)["sentences"] if "repetition" in s["flags"]]
    assert flagged, "the random model loops; the guard must flag it"
    for sentence in flagged:
        words = sentence["translation"].split()
        assert find_repetition(words, min_repeats=4) is None
    assert json.loads(report.read_text())["flags"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - source: OTAN\n    target: NATO\n    target: UN\n", ":7: duplicate key"),
        ("  - source: OTAN\n    target: NATO\n  - source: OTAN\n    target: UN\n",
         ":7: term 2: duplicate term"),
        ("  - source: !!python/object/apply:os.system ['true']\n    target: x\n", ":5: tag"),
        ("  - source: OTAN\n    target: NATO\n    colour: red\n", ":5: term 1: unknown field"),
        ("  - source: on\n    target: we\n", ":5: unquoted 'on'"),
        ("  - source: non\n    target: no\n", ":6: unquoted 'no'"),
    ],
    ids=["duplicate-key", "duplicate-term", "python-tag", "unknown-field", "yaml11-on", "yaml11-no"],
)
def test_bad_glossaries_are_rejected_with_file_and_line(tmp_path: Path, env: dict[str, str],
                                                       body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nsource_lang: fr\ntarget_lang: en\nterms:\n" + body)
    done = run_cli("run", str(EXAMPLE), "-g", str(path), env=env)
    assert done.returncode == 2
    line = _one_line_error(done)
    assert f"{path}{message}" in line


def _hostile(kind: str, tmp_path: Path, installed_name: str) -> Path:
    path = tmp_path / f"{kind}.argosmodel"
    meta = json.dumps({"from_code": "fr", "to_code": "en", "package_version": "9"})
    if kind == "not-zip":
        path.write_text("not a zip")
        return path
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "traversal":
            archive.writestr("pkg/metadata.json", meta)
            archive.writestr("pkg/model/model.bin", "x")
            archive.writestr("../../escaped.txt", "x")
        elif kind == "absolute":
            archive.writestr("pkg/metadata.json", meta)
            archive.writestr("pkg/model/model.bin", "x")
            archive.writestr("/tmp/absolute-escape.txt", "x")
        elif kind == "bomb":
            archive.writestr("pkg/metadata.json", meta)
            archive.writestr("pkg/model/model.bin", b"\0" * (64 * 1024 * 1024))
        elif kind == "no-metadata":
            archive.writestr("pkg/model/model.bin", "x")
        elif kind == "clash":
            clash = json.dumps({"from_code": "de", "to_code": "en", "package_version": "1"})
            archive.writestr(f"{installed_name}/metadata.json", clash)
            archive.writestr(f"{installed_name}/model/model.bin", "x")
    if kind == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("kind", ["not-zip", "truncated", "traversal", "absolute", "bomb",
                                  "no-metadata", "clash"])
def test_hostile_packages_are_refused_and_nothing_changes(tmp_path: Path, tiny_package: Path,
                                                          env: dict[str, str], kind: str) -> None:
    packages = tmp_path / "packages"
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    assert run_cli("models", "install", "--file", str(tiny_package), env=e).returncode == 0
    snapshot = sorted((p.relative_to(packages), p.stat().st_size) for p in packages.rglob("*"))
    if kind == "truncated":
        source = _hostile("traversal", tmp_path, "")
        source.write_bytes(tiny_package.read_bytes()[:5000])
        bad = source
    else:
        bad = _hostile(kind, tmp_path, "translate-fr_en-tiny")
    done = run_cli("models", "install", "--file", str(bad), "--force", env=e)
    assert done.returncode == 4, done.stdout + done.stderr
    _one_line_error(done)
    assert sorted((p.relative_to(packages), p.stat().st_size) for p in packages.rglob("*")) == snapshot
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute-escape.txt").exists()
    assert run_cli("run", "-", env=e, input="Bonjour.").returncode == 0


class _Server:
    """A loopback HTTP server with scripted behaviour, bounded in time."""

    def __init__(self, respond: Callable[[socket.socket, str], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.respond = respond
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        deadline = time.monotonic() + 120
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ")[1] if " " in request else "/"
                with contextlib.suppress(OSError):
                    self.respond(conn, path)


@contextlib.contextmanager
def serving(respond: Callable[[socket.socket, str], None]) -> Iterator[str]:
    server = _Server(respond)
    server.thread.start()
    try:
        yield server.url
    finally:
        server.stop.set()
        server.thread.join(timeout=5)
        server.sock.close()


def _index_for(url: str, name: str) -> bytes:
    return json.dumps([{"package_version": "0.1", "from_code": "fr", "to_code": "en",
                        "from_name": "French", "to_name": "English", "type": "translate",
                        "links": [url + name]}]).encode()


def _http(conn: socket.socket, body: bytes, length: int | None = None) -> None:
    header = f"HTTP/1.1 200 OK\r\nContent-Length: {length or len(body)}\r\nConnection: close\r\n\r\n"
    conn.sendall(header.encode() + body)


def test_interrupted_download_is_refused_cleaned_and_retry_starts_clean(
        tmp_path: Path, tiny_package: Path, env: dict[str, str]) -> None:
    data = tiny_package.read_bytes()
    state = {"interrupt": True}
    holder: dict[str, str] = {}

    def respond(conn: socket.socket, path: str) -> None:
        if path.endswith("index.json"):
            _http(conn, _index_for(holder["url"], "pkg.argosmodel"))
        elif state["interrupt"]:
            _http(conn, data[: len(data) // 3], length=len(data))
        else:
            _http(conn, data)

    packages = tmp_path / "packages"
    with serving(respond) as url:
        holder["url"] = url
        e = dict(env, ARGOS_PACKAGES_DIR=str(packages), ARGOS_PACKAGE_INDEX=url)
        first = run_cli("models", "install", "fr", "en", env=e)
        assert first.returncode == 5, first.stderr
        assert "interrupted" in _one_line_error(first) or "cannot reach" in first.stderr
        staging = packages.parent / ".packages-staging"
        assert not staging.exists() or list(staging.iterdir()) == []
        assert not packages.exists() or [p for p in packages.iterdir() if p.is_dir()] == []
        state["interrupt"] = False
        second = run_cli("models", "install", "fr", "en", env=e)
    assert second.returncode == 0, second.stderr
    assert [p.name for p in packages.iterdir() if p.is_dir()] == ["translate-fr_en-tiny"]


def test_stalled_index_times_out_and_offline_translation_still_works(
        tmp_path: Path, env: dict[str, str]) -> None:
    config = tmp_path / "configs" / "translate.yaml"
    config.parent.mkdir()
    config.write_text("network_timeout: 1\n")

    def stall(conn: socket.socket, path: str) -> None:
        time.sleep(2)  # outlasts network_timeout (1 s); the server waits for it on shutdown

    with serving(stall) as url:
        e = dict(env, ARGOS_PACKAGE_INDEX=url)
        started = time.monotonic()
        done = run_cli("--config", str(config), "models", "list", "--available", env=e)
        assert time.monotonic() - started < 30
    assert done.returncode == 5
    message = _one_line_error(done)
    assert "timed out" in message and "--file" in message
    offline = run_cli("run", "-", env=env, input="L'OTAN à Kiev.")
    assert offline.returncode == 0 and "NATO" in offline.stdout


def test_two_concurrent_installs_leave_one_consistent_package(tmp_path: Path, tiny_package: Path,
                                                              env: dict[str, str]) -> None:
    packages = tmp_path / "packages"
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    processes = [subprocess.Popen([translate_bin(), "models", "install", "--file", str(tiny_package),
                                   "--force"], env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
    codes = [p.wait(timeout=120) for p in processes]
    assert codes == [0, 0]
    assert [p.name for p in packages.iterdir() if p.is_dir()] == ["translate-fr_en-tiny"]
    staging = packages.parent / ".packages-staging"
    assert not staging.exists() or list(staging.iterdir()) == []
    assert run_cli("run", "-", env=e, input="Bonjour.").returncode == 0


def _wait_for_cpu(process: subprocess.Popen[str], seconds: float, timeout: float = 180) -> None:
    """Wait until ``process`` has used ``seconds`` of CPU (past start-up, into the work),
    however loaded the machine is; a wall-clock sleep would signal it during its imports."""
    stat = Path(f"/proc/{process.pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if not stat.exists():
            time.sleep(2.5)  # no /proc: fall back to wall-clock time
            return
        fields = stat.read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= seconds:
            return
        time.sleep(0.1)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("previous", [True, False], ids=["previous-file", "no-file"])
def test_interrupted_run_leaves_output_intact(tmp_path: Path, env: dict[str, str], signum: int,
                                              code: int, previous: bool) -> None:
    article = tmp_path / "long.txt"
    paragraph = EXAMPLE.read_text(encoding="utf-8")
    article.write_text("\n\n".join([paragraph] * 30), encoding="utf-8")
    out = tmp_path / "out" / "en.txt"
    out.parent.mkdir()
    if previous:
        out.write_text("previous translation\n")
    process = subprocess.Popen([translate_bin(), "run", str(article), "-o", str(out), "--no-glossary"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_cpu(process, 2.5)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.parent.iterdir()) == (["en.txt"] if previous else [])
    if previous:
        assert out.read_text() == "previous translation\n"


@contextlib.contextmanager
def unwritable(directory: Path) -> Iterator[None]:
    directory.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable:
        subprocess.run(["chattr", "+i", str(directory)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
        directory.chmod(0o755)


def test_missing_output_directory(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "nope" / "en.txt"
    done = run_cli("run", str(EXAMPLE), "-o", str(out), env=env)
    assert done.returncode == 2
    assert "does not exist" in _one_line_error(done)
    assert not out.parent.exists()


def test_read_only_output_directory(tmp_path: Path, env: dict[str, str]) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    with unwritable(directory):
        done = run_cli("run", str(EXAMPLE), "-o", str(directory / "en.txt"), env=env)
        assert done.returncode == 2
        assert "cannot write" in _one_line_error(done)
        assert list(directory.iterdir()) == []


def test_eval_line_mismatch_exits_2(tmp_path: Path, env: dict[str, str]) -> None:
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("one\ntwo\n")
    ref.write_text("one\ntwo\nthree\n")
    done = run_cli("eval", str(hyp), str(ref), env=env)
    assert done.returncode == 2
    assert "has 3 lines but" in _one_line_error(done)


def test_debug_shows_the_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    done = run_cli("--debug", "run", str(tmp_path / "missing.txt"), env=env)
    assert done.returncode == 2
    assert "Traceback" in done.stderr and "no such file" in done.stderr


def test_naughty_strings_keep_structure(env: dict[str, str]) -> None:
    from tests.conftest import ROOT

    naughty = (ROOT / "tests" / "data" / "naughty.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in naughty.split("\n") if line.strip() and not line.startswith("#")]
    text = "\n\n".join(paragraphs) + "\n"
    done = run_cli("run", "-", "-g", str(GLOSSARY), env=env, input=text, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _paragraphs(done.stdout) == len(paragraphs)
    data = json.loads(run_cli("run", "-", "-f", "json", env=env, input=text, timeout=600).stdout)
    assert data["paragraphs"] == len(paragraphs)
