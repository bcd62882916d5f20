"""``translate serve`` over time: SIGTERM with requests in flight, glossary hot reload,
clients that go away, bad startup configuration."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.e2e.serve_support import rendered, server_env, start_server

ARTICLE = " ".join(f"Le ministre numéro {i} a parlé longuement du budget de l'État." for i in range(30))


def _glossary(path: Path, terms: list[tuple[str, str]]) -> None:
    lines = ["version: 1", "source_lang: fr", "target_lang: en", "terms:"]
    for source, target in terms:
        lines += [f"  - source: {source}", f"    target: {target}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_sigterm_finishes_in_flight_requests_and_exits_0(installed: Path, tmp_path: Path) -> None:
    with start_server([], server_env(installed), tmp_path / "log") as server:
        def one(i: int) -> httpx.Response:
            return httpx.post(server.url + "/translate", timeout=120, json={
                "q": f"Requête {i}. " + ARTICLE, "source": "fr", "target": "en"})

        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = [pool.submit(one, i) for i in range(6)]
            # SIGTERM once all six are in flight: a request still connecting is refused, not
            # in flight, and the server owes it nothing.
            deadline = time.monotonic() + 60
            while "translate_requests_in_flight 6" not in httpx.get(server.url + "/metrics").text:
                assert time.monotonic() < deadline, "the requests never all reached the server"
                time.sleep(0.02)
            os.kill(server.process.pid, signal.SIGTERM)
            replies = [f.result() for f in futures]
        assert [r.status_code for r in replies] == [200] * 6
        assert all(r.json()["translatedText"].strip() for r in replies)
        assert server.process.wait(60) == 0, server.output()
        with pytest.raises(httpx.TransportError):
            httpx.get(server.url + "/health", timeout=5)
        assert "Traceback" not in server.output()


def test_changed_glossary_file_is_picked_up_without_restart(installed: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "desk.yaml"
    _glossary(glossary, [("chat", "cat")])
    config = tmp_path / "translate.yaml"
    config.write_text("glossaries:\n  - desk.yaml\nbeam_size: 2\n", encoding="utf-8")
    with start_server([], server_env(installed), tmp_path / "log", cwd=tmp_path,
                      before=["--config", str(config)]) as server:
        def ask() -> dict[str, object]:
            reply = httpx.post(server.url + "/translate", timeout=60, json={
                "q": "Le chat et le chien dorment.", "source": "fr", "target": "en"})
            assert reply.status_code == 200, reply.text
            return reply.json()  # type: ignore[no-any-return]

        first = ask()
        assert rendered("cat", str(first["translatedText"]))
        before = httpx.get(server.url + "/glossaries").json()["glossaries"][0]
        assert before["name"] == "desk" and before["entries"] == 1

        _glossary(glossary, [("chat", "cat"), ("chien", "hound")])
        second = ask()
        assert rendered("hound", str(second["translatedText"]))
        after = httpx.get(server.url + "/glossaries").json()["glossaries"][0]
        assert after["entries"] == 2 and after["sha256"] != before["sha256"]

        # A broken edit keeps the last good glossary and says so.
        glossary.write_text("terms: [oops\n", encoding="utf-8")
        third = ask()
        assert rendered("hound", str(third["translatedText"]))
        broken = httpx.get(server.url + "/glossaries").json()["glossaries"][0]
        assert broken["sha256"] == after["sha256"] and "reload_error" in broken


def test_client_that_goes_away_stops_costing_decode_time(installed: Path, tmp_path: Path) -> None:
    with start_server(["--concurrency", "1"], server_env(installed), tmp_path / "log") as server:
        big = {"q": [ARTICLE] * 20, "source": "fr", "target": "en"}
        with pytest.raises(httpx.TimeoutException):
            httpx.post(server.url + "/translate", json=big, timeout=0.5)
        deadline = time.monotonic() + 60
        while 'status="499"' not in httpx.get(server.url + "/metrics").text:
            assert time.monotonic() < deadline, "the abandoned request was never cancelled"
            time.sleep(0.05)
        # The worker is free again long before 20 articles could have been decoded.
        started = time.monotonic()
        reply = httpx.post(server.url + "/translate", timeout=60,
                           json={"q": "Bonjour.", "source": "fr", "target": "en"})
        assert reply.status_code == 200
        assert time.monotonic() - started < 20


@pytest.mark.parametrize(("args", "message"), [
    (["--require-api-key"], "--require-api-key needs --api-keys"),
    (["--model", "/nonexistent/package"], "--model must be an installed package folder"),
])
def test_bad_startup_options_exit_2_without_binding(installed: Path, args: list[str],
                                                    message: str) -> None:
    result = run_cli("serve", "--port", "9", *args, env=server_env(installed), timeout=60)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_package_exits_3(tmp_path: Path) -> None:
    env = server_env(tmp_path / "empty")
    result = run_cli("serve", "--port", "9", env=env, timeout=60)
    assert result.returncode == 3 and "Traceback" not in result.stderr


def test_broken_key_file_exits_2(installed: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    keys.write_text("{not json", encoding="utf-8")
    result = run_cli("serve", "--port", "9", "--api-keys", str(keys), env=server_env(installed),
                     timeout=60)
    assert result.returncode == 2 and "API key file" in result.stderr


def test_workers_mode_serves_and_exits_0_on_sigterm(installed: Path, tmp_path: Path) -> None:
    with start_server(["--workers", "2"], server_env(installed), tmp_path / "log") as server:
        replies = [httpx.post(server.url + "/translate", timeout=60,
                              json={"q": f"Bonjour {i}.", "source": "fr", "target": "en"})
                   for i in range(4)]
        assert [r.status_code for r in replies] == [200] * 4
        os.kill(server.process.pid, signal.SIGTERM)
        assert server.process.wait(60) == 0, server.output()
