"""The translation memory: reuse, statistics, clearing, corruption and concurrent writers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli, translate_bin


@pytest.mark.slow
def test_second_run_comes_from_the_memory(tmp_path: Path, env: dict[str, str]) -> None:
    e = dict(env, TRANSLATE_CACHE=str(tmp_path / "tm.sqlite3"))
    # Report mode: the memory is the subject (enforcement is keyed and stored the same way).
    first = run_cli("run", str(EXAMPLE), "-f", "json", "--glossary-mode", "report", env=e)
    second = run_cli("run", str(EXAMPLE), "-f", "json", "--glossary-mode", "report", env=e)
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert not any(s["cached"] for s in a["sentences"])
    assert all(s["cached"] for s in b["sentences"])
    assert [s["translation"] for s in a["sentences"]] == [s["translation"] for s in b["sentences"]]
    assert a["terms"] == b["terms"]
    stats = run_cli("cache", "stats", env=e)
    assert stats.returncode == 0 and "10 sentences" in stats.stdout
    no_cache = run_cli("run", str(EXAMPLE), "-f", "json", "--glossary-mode", "report", "--no-cache",
                       env=e)
    assert not any(s["cached"] for s in json.loads(no_cache.stdout)["sentences"])
    cleared = run_cli("cache", "clear", env=e)
    assert "cleared 10" in cleared.stdout
    assert "0 sentences" in run_cli("cache", "stats", env=e).stdout


def test_options_and_glossary_change_the_key(tmp_path: Path, env: dict[str, str]) -> None:
    e = dict(env, TRANSLATE_CACHE=str(tmp_path / "tm.sqlite3"))
    run_cli("run", "-", env=e, input="L'OTAN à Kiev.")
    for extra in (["--beam", "2"], ["--no-glossary"], ["--glossary-mode", "report"]):
        data = json.loads(run_cli("run", "-", "-f", "json", *extra, env=e, input="L'OTAN à Kiev.").stdout)
        assert not data["sentences"][0]["cached"], extra


def test_corrupt_memory_warns_and_rebuilds(tmp_path: Path, env: dict[str, str]) -> None:
    memory = tmp_path / "tm.sqlite3"
    memory.write_bytes(b"this is not a database" * 100)
    e = dict(env, TRANSLATE_CACHE=str(memory))
    done = run_cli("run", "-", env=e, input="Bonjour.")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "unreadable" in done.stderr and "Traceback" not in done.stderr
    assert any(p.name.startswith("tm.sqlite3.corrupt-") for p in tmp_path.iterdir())
    again = json.loads(run_cli("run", "-", "-f", "json", env=e, input="Bonjour.").stdout)
    assert again["sentences"][0]["cached"]


def test_concurrent_writers_share_one_memory(tmp_path: Path, env: dict[str, str]) -> None:
    e = dict(env, TRANSLATE_CACHE=str(tmp_path / "tm.sqlite3"))
    texts = [f"Le président numéro {i} a parlé de l'OTAN." for i in range(6)]
    processes = [subprocess.Popen([translate_bin(), "run", "-"], env=e, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in texts]
    for process, text in zip(processes, texts):
        process.stdin.write(text.encode())  # type: ignore[union-attr]
        process.stdin.close()  # type: ignore[union-attr]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read()  # type: ignore[union-attr]
    assert "6 sentences" in run_cli("cache", "stats", env=e).stdout


def test_report_mode_translates_freely_and_reports(env: dict[str, str]) -> None:
    done = run_cli("run", "-", "--glossary-mode", "report", "-f", "json", env=env,
                   input="L'OTAN à Kiev.")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert {v["source_term"] for v in data["violations"]} == {"OTAN", "Kiev"}
    assert "NATO" not in data["sentences"][0]["translation"]
    strict = run_cli("run", "-", "--glossary-mode", "report", "--strict", env=env, input="L'OTAN.")
    assert strict.returncode == 1
