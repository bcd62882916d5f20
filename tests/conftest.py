"""Shared fixtures: an isolated environment, the tiny real Argos package, CLI runners.

The environment is fixed before anything imports argostranslate (whose settings module reads
it and creates directories at import): every Argos and XDG directory points into one
temporary folder for the whole session.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "stoltenberg-2022-06.fr.txt"
GLOSSARY = ROOT / "glossaries" / "news-fr-en.yaml"
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="translate-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SESSION_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_SESSION_HOME / "packages")
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"
os.environ["TRANSLATE_CACHE"] = "off"
# The tiny test model decodes fastest on one thread; real models use the configured default.
os.environ["TRANSLATE_THREADS"] = "1"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    # Hundreds of tests start the installed `translate`, which imports ~90 modules of this
    # package. Where bytecode writing is off (PYTHONDONTWRITEBYTECODE), every one of those
    # processes would compile them from source again (~0.13 s each); compile them once, in the
    # controlling process only (xdist workers carry `workerinput`). Stale files are recompiled.
    if not hasattr(config, "workerinput"):
        import compileall

        compileall.compile_dir(ROOT / "translate", quiet=1)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    # With one worker per core, the cores were busy 1.7 of 2 on average: workers wait on
    # `translate` processes starting, servers listening, signals and Ray. One more worker
    # fills those waits (2 cores at normal speed: 154 s and 158 s with 3 workers, 161 s and
    # 172 s with 2, 165 s with 4). PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set.
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests marked slow run first (stable order otherwise), so the workers' last tests are
    # short ones and no worker is left alone with a long test at the end. The very first are
    # those reading the session's enforced article run: the first worker's queue starts with
    # them and work stealing takes from the other end, so one worker makes that run, once.
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None,
                                 "article_run" not in getattr(item, "fixturenames", ())))


def _builder() -> object:
    spec = importlib.util.spec_from_file_location(
        "build_test_package", ROOT / "scripts" / "build_test_package.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_test_package"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def builder() -> object:
    """The fixture-package builder module (scripts/build_test_package.py)."""
    return _builder()


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory: pytest.TempPathFactory, builder: object) -> Path:
    """A tiny real fr→en ``.argosmodel``, built once per session: under pytest-xdist, by the
    first worker to need it, in the session's directory shared by all workers (building it
    costs about 2 s of CPU)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "tiny-package.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        built = shared / "tiny-package.path"
        if built.exists():
            return Path(built.read_text(encoding="utf-8"))
        out = shared / "tiny-package"
        out.mkdir()
        package: Path = builder.build_package(out)  # type: ignore[attr-defined]
        built.write_text(str(package), encoding="utf-8")
        return package


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, tiny_package: Path) -> Path:
    """A package directory with the tiny package installed (shared, read-only use)."""
    from translate.config import Settings
    from translate.models.registry import install_file

    packages = tmp_path_factory.mktemp("installed") / "packages"
    install_file(Settings(packages_dir=packages), tiny_package)
    return packages


@pytest.fixture(scope="session")
def article_run(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """`translate run` on the example article as a user first types it (the configured glossary,
    enforced; the translation on stdout), plus a report: its exit code, stdout, report and stderr.

    The structure tests (test_run) and the enforcement tests (test_enforcement) read the same
    run, made once per worker: enforcing the article's terms takes seconds of decoding."""
    out = tmp_path_factory.mktemp("article")
    values = dict(os.environ, ARGOS_PACKAGES_DIR=str(installed), TRANSLATE_CACHE="off",
                  PYTHONIOENCODING="utf-8", COLUMNS="200")
    done = run_cli("run", str(EXAMPLE), "--to", "en", "--report", str(out / "report.json"),
                   env=values)
    assert done.returncode == 0, done.stderr
    return {"text": done.stdout, "stderr": done.stderr,
            "report": json.loads((out / "report.json").read_text(encoding="utf-8"))}


@pytest.fixture
def env(installed: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for CLI runs: the installed package, no cache, temp XDG dirs."""
    values = dict(os.environ)
    values.update({
        "ARGOS_PACKAGES_DIR": str(installed),
        "TRANSLATE_CACHE": "off",
        "COLUMNS": "200",
        "PYTHONIOENCODING": "utf-8",
    })
    return values


@pytest.fixture
def empty_env(tmp_path: Path) -> dict[str, str]:
    """Environment with an empty package directory."""
    values = dict(os.environ)
    values.update({"ARGOS_PACKAGES_DIR": str(tmp_path / "no-packages"), "TRANSLATE_CACHE": "off"})
    return values


def translate_bin() -> str:
    """The installed ``translate`` console script of this interpreter's environment."""
    candidate = Path(sys.executable).parent / "translate"
    found = str(candidate) if candidate.exists() else shutil.which("translate")
    assert found, "the translate command is not installed; run pip install -e ."
    return found


def run_cli(*args: str, env: dict[str, str] | None = None, input: bytes | str | None = None,
            cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed ``translate`` command and capture its output as text."""
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [translate_bin(), *args], env=env, input=data, capture_output=True,
        cwd=cwd or ROOT, timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def cli() -> object:
    """The subprocess CLI runner function."""
    return run_cli


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (random port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def write_index(directory: Path, base_url: str, archive_name: str, version: str = "0.1") -> None:
    """An Argos ``index.json`` listing one fr→en package served from ``base_url``."""
    entry = {
        "package_version": version, "argos_version": "1.9.0", "from_code": "fr",
        "from_name": "French", "to_code": "en", "to_name": "English", "type": "translate",
        "links": [base_url + archive_name],
    }
    (directory / "index.json").write_text(json.dumps([entry]))
