"""Bad input, faults and hostile files through the installed `translate` command."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import stat
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


@pytest.mark.slow
def test_very_long_sentence_is_chunked_and_fully_translated(env: dict[str, str]) -> None:
    words = ("le président de la commission a rappelé que les alliés et les partenaires "
             "ont fourni des armes lourdes à Kiev depuis le début de la guerre ").split()
    text = " ".join(words[i % len(words)] for i in range(1200))[:5000]
    assert len(text) >= 4900 and "." not in text
    import resource

    # CPU time of the run, not wall-clock time, so a machine busy with other work does not fail it.
    # Report mode: chunking is the subject here; what enforcing ~100 terms on one long line
    # costs is tested with a counting engine in tests/unit/test_enforcement_cost.py.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = run_cli("run", "-", "-f", "json", "--glossary-mode", "report", env=env, input=text,
                   timeout=1800)
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
                                                          installed: Path, env: dict[str, str],
                                                          kind: str) -> None:
    packages = tmp_path / "packages"
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    # The good package as installed once per session, its lock file included (installing it
    # is tested in test_models).
    shutil.copytree(installed, packages)
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


def _default_signals() -> None:
    """In the child before exec: SIGINT and SIGTERM back to their defaults.

    A non-interactive shell starts background jobs with SIGINT ignored, children inherit
    that, and Python then installs no KeyboardInterrupt handler: a test that interrupts a
    child must undo it, or it passes in a terminal and fails under `pytest &` or CI.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def launched_as(how: str) -> Iterator[None]:
    """Start children as a foreground shell would, or as a background job (SIGINT ignored)."""
    if how == "foreground":
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


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
@pytest.mark.parametrize("how", ["foreground", "background-job"])
@pytest.mark.slow
def test_interrupted_run_leaves_output_intact(tmp_path: Path, env: dict[str, str], signum: int,
                                              code: int, previous: bool, how: str) -> None:
    article = tmp_path / "long.txt"
    paragraph = EXAMPLE.read_text(encoding="utf-8")
    # Every copy numbered: identical sentences are decoded once, and the run must take a while.
    copies = [re.sub(r"([.!?])(\s)", rf" ({i})\1\2", paragraph) for i in range(30)]
    article.write_text("\n\n".join(copies), encoding="utf-8")
    out = tmp_path / "out" / "en.txt"
    out.parent.mkdir()
    if previous:
        out.write_text("previous translation\n")
    with launched_as(how):
        process = subprocess.Popen([translate_bin(), "run", str(article), "-o", str(out),
                                    "--no-glossary"], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True,
                                   preexec_fn=_default_signals)
    # Start-up takes ~0.3 s of CPU: at 0.8 s the run is into its work (~40 s of it).
    _wait_for_cpu(process, 0.8)
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
    done = run_cli("eval", str(hyp), str(ref), "--mode", "lines", env=env)
    assert done.returncode == 2
    assert "has 3 lines but" in _one_line_error(done)
    # Without --mode lines, different line counts are read as articles, and said so.
    auto = run_cli("eval", str(hyp), str(ref), env=env)
    assert "line counts differ" in auto.stderr


def test_debug_shows_the_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    done = run_cli("--debug", "run", str(tmp_path / "missing.txt"), env=env)
    assert done.returncode == 2
    assert "Traceback" in done.stderr and "no such file" in done.stderr


@pytest.mark.slow
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


# --- Special files, same-file outputs, the memory under faults, limits (issue 17) -------------


def _writers(target: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Every command that writes a file, writing ``target``."""
    article = tmp_path / "article.fr.txt"
    article.write_text("L'OTAN a parlé à Kiev.\n", encoding="utf-8")
    return {
        "run -o": ["run", str(article), "-o", str(target)],
        "run --report": ["run", str(article), "--report", str(target)],
        "glossary export": ["glossary", "export", str(target), "--to", "csv", "-g", str(GLOSSARY)],
    }


WRITERS = ["run -o", "run --report", "glossary export"]


@pytest.mark.parametrize("writer", WRITERS)
def test_character_device_output_is_written_not_replaced(tmp_path: Path, env: dict[str, str],
                                                         writer: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    done = run_cli(*_writers(null, tmp_path)[writer], env=env)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(null.lstat().st_mode), "the device was replaced by a regular file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".null")] == []


@pytest.mark.parametrize("writer", WRITERS)
def test_fifo_output_is_written_through(tmp_path: Path, env: dict[str, str], writer: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    done = run_cli(*_writers(fifo, tmp_path)[writer], env=env, timeout=120)
    if reader.is_alive():  # unblock the reader if nothing opened the FIFO
        with contextlib.suppress(OSError), open(fifo, "wb", buffering=0) as unblock:
            unblock.write(b"")
    reader.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert received and received[0].strip(), "nothing came through the FIFO"


@pytest.mark.parametrize("writer", WRITERS)
def test_symlink_output_updates_the_target_and_keeps_the_link(tmp_path: Path, env: dict[str, str],
                                                              writer: str) -> None:
    real = tmp_path / "real" / "out.txt"
    real.parent.mkdir()
    real.write_text("previous\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    done = run_cli(*_writers(link, tmp_path)[writer], env=env)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text() != "previous\n" and real.read_text().strip()


def test_glossary_edit_through_a_symlink_keeps_the_link(tmp_path: Path, env: dict[str, str]) -> None:
    real = tmp_path / "shared" / "terms.yaml"
    real.parent.mkdir()
    shutil.copy(GLOSSARY, real)
    link = tmp_path / "terms.yaml"
    link.symlink_to(real)
    done = run_cli("glossary", "add", "Tombouctou", "Timbuktu", "-g", str(link), env=env)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert "Timbuktu" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize("writer", WRITERS)
def test_socket_output_is_refused(tmp_path: Path, env: dict[str, str], writer: str) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        done = run_cli(*_writers(path, tmp_path)[writer], env=env)
    finally:
        server.close()
    assert done.returncode == 2, done.stderr
    assert "socket" in _one_line_error(done)
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_dev_stdout_output_goes_to_standard_output(env: dict[str, str]) -> None:
    done = run_cli("glossary", "export", "/dev/stdout", "--to", "tsv", "-g", str(GLOSSARY), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("source\ttarget")


@pytest.mark.parametrize("spelling", ["same", "dot-slash", "symlink", "hard-link"])
def test_output_equal_to_input_is_refused_unless_in_place(tmp_path: Path, env: dict[str, str],
                                                          spelling: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text("L'OTAN a parlé à Kiev.\n", encoding="utf-8")
    output = {"same": article, "dot-slash": Path("./article.txt"),
              "symlink": tmp_path / "alias.txt", "hard-link": tmp_path / "hard.txt"}[spelling]
    if spelling == "symlink":
        output.symlink_to(article)
    elif spelling == "hard-link":
        os.link(article, output)
    done = run_cli("run", str(article), "-o", str(output), env=env, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--in-place" in _one_line_error(done)
    assert article.read_text(encoding="utf-8") == "L'OTAN a parlé à Kiev.\n"
    in_place = run_cli("run", "article.txt", "-o", str(output), "--in-place", env=env, cwd=tmp_path)
    assert in_place.returncode == 0, in_place.stderr
    written = (tmp_path / output).read_text(encoding="utf-8")
    assert written.strip() and written != "L'OTAN a parlé à Kiev.\n"


# The memory under faults: locked, read-only, full. Only corruption moves a file aside.

def _memory_rows(path: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM memory").fetchone()[0])
    finally:
        connection.close()


def _warm_memory(tmp_path: Path, env: dict[str, str], memory: Path) -> dict[str, str]:
    config = tmp_path / "configs" / "translate.yaml"
    config.parent.mkdir(exist_ok=True)
    config.write_text("cache_timeout: 1\n")
    e = dict(env, TRANSLATE_CACHE=str(memory))
    first = run_cli("--config", str(config), "run", "-", "--no-glossary", env=e,
                    input="L'OTAN a parlé. Le président a répondu.")
    assert first.returncode == 0, first.stderr
    assert _memory_rows(memory) == 2
    return e


def _stderr_warnings(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr and "warnings.warn" not in stderr, stderr
    return [line for line in lines if line.startswith("warning:")]


_LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA locking_mode=EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.mark.slow
def test_locked_memory_waits_briefly_then_runs_without_it(tmp_path: Path,
                                                           env: dict[str, str]) -> None:
    import sys

    memory = tmp_path / "tm.sqlite3"
    e = _warm_memory(tmp_path, env, memory)
    locker = subprocess.Popen([sys.executable, "-c", _LOCKER, str(memory)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        started = time.monotonic()
        done = run_cli("--config", str(tmp_path / "configs" / "translate.yaml"), "run", "-",
                       "--no-glossary", env=e, input="L'OTAN a parlé. Une phrase nouvelle.")
        elapsed = time.monotonic() - started
        cleared = run_cli("--config", str(tmp_path / "configs" / "translate.yaml"), "cache",
                          "clear", env=e)
    finally:
        assert locker.stdin is not None
        locker.stdin.close()
        locker.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    (warning,) = _stderr_warnings(done.stderr)
    assert "locked" in warning
    assert elapsed < 25, "waited far longer than cache_timeout"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("tm.")) == \
        ["tm.sqlite3"] + [p.name for p in tmp_path.iterdir() if p.name in ("tm.sqlite3-wal",
                                                                            "tm.sqlite3-shm")]
    assert not any(".corrupt-" in p.name for p in tmp_path.iterdir())
    assert _memory_rows(memory) == 2, "the healthy rows must survive"
    assert cleared.returncode == 2
    assert "locked" in _one_line_error(cleared)


@pytest.mark.parametrize("what", ["file", "directory"])
@pytest.mark.slow
def test_read_only_memory_is_read_but_not_written(tmp_path: Path, env: dict[str, str],
                                                  what: str) -> None:
    directory = tmp_path / "tm"
    directory.mkdir()
    memory = directory / "tm.sqlite3"
    e = _warm_memory(tmp_path, env, memory)
    run_cli("cache", "stats", env=e)  # checkpoints nothing; the memory is in WAL mode
    locked = memory if what == "file" else directory
    with unwritable_path(locked):
        done = run_cli("run", "-", "--no-glossary", "-f", "json", env=e,
                       input="L'OTAN a parlé. Une phrase nouvelle.")
        cleared = run_cli("cache", "clear", env=e)
    assert done.returncode == 0, done.stderr
    assert len(_stderr_warnings(done.stderr)) == 1
    assert not any(".corrupt-" in p.name for p in directory.iterdir())
    assert _memory_rows(memory) == 2
    assert cleared.returncode == 2, cleared.stderr
    assert "cannot clear" in _one_line_error(cleared)


@contextlib.contextmanager
def unwritable_path(path: Path) -> Iterator[None]:
    """A file or directory no one can change: mode 0o444/0o555, and immutable for root."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = os.geteuid() == 0
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode & 0o7777)


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str = "512k") -> Iterator[Path]:
    """A tiny tmpfs (root only) to fill up; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                            str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(directory: Path) -> None:
    with contextlib.suppress(OSError), open(directory / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()


def test_memory_on_a_full_disk_runs_without_writing(tmp_path: Path, env: dict[str, str]) -> None:
    with small_disk(tmp_path) as disk:
        e = dict(env, TRANSLATE_CACHE=str(disk / "tm.sqlite3"))
        _fill(disk)
        done = run_cli("run", "-", "--no-glossary", env=e, input="L'OTAN a parlé à Kiev.")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
        assert len(_stderr_warnings(done.stderr)) == 1
        assert not any(".corrupt-" in p.name for p in disk.iterdir())


def test_full_disk_while_writing_the_output(tmp_path: Path, env: dict[str, str]) -> None:
    article = tmp_path / "long.txt"
    # 400 lines of one sentence: decoded once, ~30 KB of output, so the disk fills mid-write.
    article.write_text("L'OTAN a parlé à Kiev.\n" * 400, encoding="utf-8")
    with small_disk(tmp_path, "64k") as disk:
        (disk / "en.txt").write_text("previous\n")
        _fill(disk)
        done = run_cli("run", str(article), "--lines", "--no-glossary", "-o", str(disk / "en.txt"),
                       env=env, timeout=600)
        assert done.returncode == 2, done.stderr
        assert "no space left" in _one_line_error(done)
        assert (disk / "en.txt").read_text() == "previous\n"
        assert sorted(p.name for p in disk.iterdir()) == ["en.txt", "filler"]


@pytest.mark.parametrize("how", ["-o /dev/full", "> /dev/full"])
def test_dev_full_exits_2(env: dict[str, str], how: str) -> None:
    args = ["run", "-", "--no-glossary"] + (["-o", "/dev/full"] if how.startswith("-o") else [])
    with open("/dev/full", "wb") as full:
        process = subprocess.run([translate_bin(), *args], env=env, input=b"L'OTAN a parl\xc3\xa9.",
                                 stdout=full if how.startswith(">") else subprocess.PIPE,
                                 stderr=subprocess.PIPE, timeout=300)
    err = process.stderr.decode()
    assert process.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "no space left" in err


# Packages: zip bombs made of many small members, oversized and malformed metadata.

def _package(path: Path, metadata: bytes | str, members: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/metadata.json", metadata)
        for name, data in (members or {"model/model.bin": b"x"}).items():
            archive.writestr(f"pkg/{name}", data)
    return path


def _meta(**extra: object) -> str:
    return json.dumps({"from_code": "fr", "to_code": "en", "package_version": "9", **extra})


@pytest.mark.parametrize("kind", ["many-small-zeros", "over-configured-cap", "metadata-2mb",
                                  "languages-5", "deep-nesting", "name-not-string"])
def test_hostile_package_limits(tmp_path: Path, tiny_package: Path, env: dict[str, str],
                                kind: str) -> None:
    packages = tmp_path / "packages"
    config = tmp_path / "configs" / "translate.yaml"
    config.parent.mkdir()
    config.write_text("max_package_bytes: 1000000\n" if kind == "over-configured-cap" else "{}\n")
    bad = tmp_path / "bad.argosmodel"
    if kind == "many-small-zeros":
        _package(bad, _meta(), {f"model/part{i}.bin": b"\0" * (1024 * 1024) for i in range(300)})
        assert bad.stat().st_size < 2 * 1024 * 1024
    elif kind == "over-configured-cap":
        bad = tiny_package
    elif kind == "metadata-2mb":
        # Incompressible, so it is the size cap and not the ratio check that refuses it.
        _package(bad, _meta(description=os.urandom(1024 * 1024).hex()))
    elif kind == "languages-5":
        _package(bad, _meta(languages=5))
    elif kind == "deep-nesting":
        _package(bad, '{"from_code": "fr", "to_code": "en", "x": ' + "[" * 100_000
                 + "]" * 100_000 + "}")
    elif kind == "name-not-string":
        _package(bad, _meta(from_name={"x": 1}))
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    done = run_cli("--config", str(config), "models", "install", "--file", str(bad), env=e)
    assert done.returncode == 4, done.stderr
    _one_line_error(done)
    assert not packages.exists() or [p for p in packages.iterdir() if p.is_dir()] == []
    staging = packages.parent / ".packages-staging"
    assert not staging.exists() or sum(f.stat().st_size for f in staging.rglob("*")) == 0


@pytest.mark.parametrize("kind", ["metadata-2mb", "languages-5", "deep-nesting"])
def test_broken_installed_package_beside_a_good_one_is_skipped(tmp_path: Path, installed: Path,
                                                               env: dict[str, str],
                                                               kind: str) -> None:
    packages = tmp_path / "packages"
    shutil.copytree(installed, packages, ignore=shutil.ignore_patterns(".*"))
    broken = packages / "aaa-broken"
    (broken / "model").mkdir(parents=True)
    metadata = {"metadata-2mb": _meta(description="x" * (2 * 1024 * 1024)),
                "languages-5": _meta(languages=5),
                "deep-nesting": '{"from_code": "fr", "to_code": "en", "x": ' + "[" * 100_000
                                + "]" * 100_000 + "}"}[kind]
    (broken / "metadata.json").write_text(metadata)
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    listed = run_cli("models", "list", "-f", "json", env=e)
    assert listed.returncode == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)] == ["translate-fr_en-tiny"]
    done = run_cli("run", "-", "--no-glossary", env=e, input="Bonjour.")
    assert done.returncode == 0, done.stderr


# Spreadsheet formula injection (OWASP): neutralised on export, restored on import, linted.

FORMULAS = ["=HYPERLINK(\"http://x\")", "+33 1 23", "-20 %", "@SUM(A1)", "\tcmd", "\rcr"]


def _formula_glossary(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.yaml"
    body = "".join(f"  - source: {json.dumps('terme ' + str(i))}\n    target: {json.dumps(f)}\n"
                   for i, f in enumerate(FORMULAS))
    body += "  - source: \"=cmd|' /C calc'!A0\"\n    target: calc\n"
    path.write_text("version: 1\nsource_lang: fr\ntarget_lang: en\nterms:\n" + body,
                    encoding="utf-8")
    return path


FORMATS = ["csv", "tsv", "deepl", "deepl-tsv", "google", "google-tsv", "amazon", "amazon-tsv"]


def _in_process(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``run_cli`` through typer's CliRunner: the same commands, without a process start-up."""
    from typer.testing import CliRunner

    from translate.cli import app

    result = CliRunner().invoke(app, list(args), env=env)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exported_cells_never_start_a_formula_and_import_restores_them(
        tmp_path: Path, env: dict[str, str], fmt: str) -> None:
    import csv
    import io

    # One format through the installed command, the others in-process: the formats differ
    # in the library's writers and readers, not in the process around them.
    cli = run_cli if fmt == "csv" else _in_process
    glossary = _formula_glossary(tmp_path)
    out = tmp_path / f"export.{fmt}"
    done = cli("glossary", "export", str(out), "--to", fmt, "-g", str(glossary), env=env)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    delimiter = "\t" if fmt.endswith("tsv") else ","
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    back = tmp_path / "back.yaml"
    imported = cli("glossary", "import", str(out), "--from", fmt, "-g", str(back), env=env)
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(cli("glossary", "list", "-f", "json", "-g", str(back), env=env).stdout)
    targets = {t["source"]: t["target"] for t in listed}
    # Importers strip stray whitespace, so the tab and CR cells come back trimmed.
    assert targets == {f"terme {i}": f.strip() for i, f in enumerate(FORMULAS)} | \
        {"=cmd|' /C calc'!A0": "calc"}


def test_glossary_list_csv_is_neutralised_and_lint_warns(tmp_path: Path,
                                                         env: dict[str, str]) -> None:
    glossary = _formula_glossary(tmp_path)
    listed = run_cli("glossary", "list", "-f", "csv", "-g", str(glossary), env=env)
    assert listed.returncode == 0
    assert "\n=" not in listed.stdout and "\n'=cmd" in listed.stdout
    lint = run_cli("glossary", "lint", "-g", str(glossary), env=env)
    assert lint.returncode == 0, lint.stdout
    flagged = [line for line in lint.stdout.splitlines() if "spreadsheet-formula" in line]
    assert len(flagged) == len(FORMULAS) + 1


# Glossary limits and the C loader: refusals are clear and fast, lint agrees with run.

@pytest.mark.slow
def test_glossary_over_the_size_and_term_caps_is_refused(tmp_path: Path,
                                                         env: dict[str, str]) -> None:
    glossary = tmp_path / "big.yaml"
    glossary.write_text("version: 1\nterms:\n" + "".join(
        f"  - source: terme{i}\n    target: term{i}\n" for i in range(2000)))
    config = tmp_path / "configs" / "translate.yaml"
    config.parent.mkdir()
    for setting, word in (("max_glossary_bytes: 10000", "byte glossary limit"),
                          ("max_glossary_terms: 1000", "term glossary limit")):
        config.write_text(setting + "\n")
        for args in (["check", str(EXAMPLE), str(EXAMPLE)], ["glossary", "lint"],
                     ["run", "-"]):
            done = run_cli("--config", str(config), *args, "-g", str(glossary), env=env,
                           input="Bonjour.")
            assert done.returncode == 2, (args, done.stdout, done.stderr)
            assert word in _one_line_error(done)


def test_deeply_nested_glossary_is_refused_fast_by_check_and_lint(tmp_path: Path,
                                                                  env: dict[str, str]) -> None:
    glossary = tmp_path / "nested.yaml"
    glossary.write_text("terms: " + "[" * 100_000 + "]" * 100_000 + "\n")
    for args in (["glossary", "lint"], ["check", str(EXAMPLE), str(EXAMPLE)]):
        done = run_cli(*args, "-g", str(glossary), env=env, timeout=60)
        assert done.returncode in (1, 2), done.stderr
        assert "nested more than" in done.stdout + done.stderr


def test_a_term_repeating_one_word_costs_linear_time_in_check_and_lint(
        tmp_path: Path, env: dict[str, str]) -> None:
    """A term of 10,000 times « a » among 500 others: walking every span of it (lint's nesting
    check) or of a text repeating « a » (the matcher) word by word would take minutes; both
    switch to an automaton and answer at once."""
    long = " ".join(["a"] * 10_000)
    glossary = tmp_path / "repeat.yaml"
    glossary.write_text("version: 1\nterms:\n" + "".join(
        f"  - source: mot{n} x\n    target: w{n}\n" for n in range(500))
        + f"  - source: {long}\n    target: many\n")
    source, translation = tmp_path / "repeat.fr.txt", tmp_path / "repeat.en.txt"
    source.write_text(long + "\n")
    translation.write_text("many\n")
    done = run_cli("check", str(source), str(translation), "-g", str(glossary), "-f", "json",
                   env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["violations"] == []
    lint = run_cli("glossary", "lint", "-g", str(glossary), "-f", "json", env=env, timeout=60)
    assert lint.returncode == 0, lint.stderr
    assert json.loads(lint.stdout)["issues"] == []


def test_empty_glossary_is_valid_for_lint_and_run(tmp_path: Path, env: dict[str, str]) -> None:
    glossary = tmp_path / "empty.yaml"
    glossary.write_text("")
    lint = run_cli("glossary", "lint", "-g", str(glossary), env=env)
    run = run_cli("run", "-", "-g", str(glossary), env=env, input="Bonjour.")
    assert (lint.returncode, run.returncode) == (0, 0), lint.stdout + run.stderr


@pytest.mark.parametrize("mode", ["report", "enforce"])
def test_ten_thousand_character_term_does_not_fail_the_run(tmp_path: Path, env: dict[str, str],
                                                           mode: str) -> None:
    word = "a" * 10_000
    glossary = tmp_path / "long.yaml"
    glossary.write_text(f"version: 1\nterms:\n  - source: {word}\n    target: b{word}\n"
                        f"  - source: OTAN\n    target: NATO\n")
    done = run_cli("run", "-", "-g", str(glossary), "-f", "json", "--glossary-mode", mode,
                   env=env, input=f"L'OTAN a dit {word} à Kiev.", timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {t["source_term"][:4] for t in data["terms"]} == {"OTAN", "aaaa"}
    assert data["sentences"][0]["translation"].strip()


# Terminal safety: control characters from metadata and glossaries are escaped.

ESCAPE = "\x1b]0;pwned\x07\x1b[2J"


def test_control_characters_from_package_metadata_are_escaped(tmp_path: Path, installed: Path,
                                                              env: dict[str, str]) -> None:
    packages = tmp_path / "packages"
    shutil.copytree(installed, packages, ignore=shutil.ignore_patterns(".*"))
    package = packages / "translate-fr_en-tiny"
    metadata = json.loads((package / "metadata.json").read_text())
    metadata["package_version"] = "1" + ESCAPE
    (package / "metadata.json").write_text(json.dumps(metadata))
    package.rename(packages / "evil\nname")
    e = dict(env, ARGOS_PACKAGES_DIR=str(packages))
    done = run_cli("models", "list", env=e)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "evil\\nname" in done.stdout and len(done.stdout.strip().splitlines()) == 3


def test_control_characters_from_glossaries_are_escaped(tmp_path: Path,
                                                         env: dict[str, str]) -> None:
    glossary = tmp_path / "evil.yaml"
    glossary.write_text("version: 1\nterms:\n  - source: \"OTAN\\e]0;x\\a\"\n    target: "
                        "\"NATO\\e[2J\\nforged line\"\n")
    for args in (["glossary", "list"], ["glossary", "lint"]):
        done = run_cli(*args, "-g", str(glossary), env=env)
        assert "\x1b" not in done.stdout + done.stderr, args
        assert "forged line" not in [line.strip() for line in done.stdout.splitlines()]


# Paths the file system cannot hold: one line and exit 2 from every command that takes one.

LONG_NAME = "x" * 5000


@pytest.mark.parametrize("args", [
    ["--config", "{long}", "run", "-"],
    ["glossary", "add", "-g", "{long}", "OTAN", "NATO"],
    ["models", "install", "--file", "{long}"],
    ["run", "-", "--model", "{long}"],
    ["api-keys", "list", "--api-keys", "{long}"],
], ids=["config", "glossary-add", "models-install", "run-model", "api-keys"])
def test_a_name_too_long_for_the_file_system_is_a_usage_error(tmp_path: Path, env: dict[str, str],
                                                              args: list[str]) -> None:
    long = str(tmp_path / LONG_NAME)
    done = run_cli(*(a.format(long=long) for a in args), env=env, input="Bonjour.", timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "file name too long" in lines[0] and "internal error" not in lines[0]
    assert len(lines[0]) < 300  # the name is shortened, not printed whole
