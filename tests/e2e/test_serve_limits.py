"""``translate serve`` with keys, tight limits and CORS: 403, 429, 503, key files, origins."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from libretranslatepy import LibreTranslateAPI

from tests.conftest import run_cli
from tests.e2e.serve_support import RunningServer, server_env, start_server

ORIGIN = "https://cms.example.org"
LONG = " ".join(f"Le ministre numéro {i} a parlé longuement du budget de l'État." for i in range(40))


@pytest.fixture(scope="module")
def keys(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("keys")
    path = folder / "keys.json"
    env = server_env(installed)
    made: dict[str, object] = {"path": path, "env": env}
    for name, extra in (("bulk", []), ("tight", ["--rate-limit", "2"]), ("doomed", [])):
        result = run_cli("api-keys", "add", name, "--api-keys", str(path), *extra, env=env)
        assert result.returncode == 0, result.stderr
        made[name] = result.stdout.strip()
    return made


@pytest.fixture(scope="module")
def server(installed: Path, keys: dict[str, object],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    log = tmp_path_factory.mktemp("serve-limits") / "server.log"
    args = ["--api-keys", str(keys["path"]), "--require-api-key", "--char-limit", "3000",
            "--batch-limit", "2", "--concurrency", "1", "--queue-depth", "1", "--cors", ORIGIN]
    with start_server(args, server_env(installed), log) as running:
        yield running


def _post(server: RunningServer, payload: dict[str, object], **kw: object) -> httpx.Response:
    return httpx.post(server.url + "/translate", json=payload, timeout=120, **kw)  # type: ignore[arg-type]


def test_keys_are_stored_hashed(keys: dict[str, object]) -> None:
    text = Path(str(keys["path"])).read_text(encoding="utf-8")
    for name in ("bulk", "tight", "doomed"):
        key = str(keys[name])
        assert key.startswith("tr_") and len(key) > 30
        assert key not in text
    listed = run_cli("api-keys", "list", "--api-keys", str(keys["path"]), "--format", "json",
                     env=keys["env"])  # type: ignore[arg-type]
    rows = json.loads(listed.stdout)
    assert [r["name"] for r in rows] == ["bulk", "doomed", "tight"]
    assert [r["rate_limit"] for r in rows] == [None, None, 2]
    duplicate = run_cli("api-keys", "add", "bulk", "--api-keys", str(keys["path"]),
                        env=keys["env"])  # type: ignore[arg-type]
    assert duplicate.returncode == 2 and "already exists" in duplicate.stderr
    assert "Traceback" not in duplicate.stderr


def test_missing_and_wrong_keys_are_403(server: RunningServer) -> None:
    base = {"q": "Bonjour.", "source": "fr", "target": "en"}
    missing = _post(server, base)
    assert missing.status_code == 403 and "API key" in missing.json()["error"]
    wrong = _post(server, {**base, "api_key": "tr_not-a-key"})
    assert wrong.status_code == 403 and wrong.json() == {"error": "Invalid API key"}
    detect = httpx.post(server.url + "/detect", data={"q": "Bonjour"}, timeout=30)
    assert detect.status_code == 403
    # Endpoints LibreTranslate leaves open stay open.
    assert httpx.get(server.url + "/languages", timeout=30).status_code == 200
    assert httpx.get(server.url + "/frontend/settings", timeout=30).json()["keyRequired"] is True


def test_libretranslatepy_with_a_key(server: RunningServer, keys: dict[str, object]) -> None:
    client = LibreTranslateAPI(server.url, api_key=str(keys["bulk"]))
    assert client.translate("Le gouvernement a parlé.", "fr", "en").strip()
    assert client.detect("Le gouvernement a parlé.")[0]["language"] == "fr"
    with pytest.raises(Exception, match="403"):
        LibreTranslateAPI(server.url).translate("Bonjour.", "fr", "en")


def test_per_key_rate_limit_is_429(server: RunningServer, keys: dict[str, object]) -> None:
    payload = {"q": "Bonjour.", "source": "fr", "target": "en", "api_key": keys["tight"]}
    statuses = [_post(server, payload).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = _post(server, payload)
    assert limited.status_code == 429 and limited.json()["error"].startswith("Slowdown:")
    # Another key is not affected.
    assert _post(server, {**payload, "api_key": keys["bulk"]}).status_code == 200


def test_removed_key_is_refused_without_restart(server: RunningServer, keys: dict[str, object]) -> None:
    payload = {"q": "Bonjour.", "source": "fr", "target": "en", "api_key": keys["doomed"]}
    assert _post(server, payload).status_code == 200
    removed = run_cli("api-keys", "remove", "doomed", "--api-keys", str(keys["path"]),
                      env=keys["env"])  # type: ignore[arg-type]
    assert removed.returncode == 0, removed.stderr
    assert _post(server, payload).status_code == 403


def test_char_and_batch_limits(server: RunningServer, keys: dict[str, object]) -> None:
    base = {"source": "fr", "target": "en", "api_key": keys["bulk"]}
    over = _post(server, {**base, "q": "é" * 3001})
    assert over.status_code == 400
    assert over.json()["error"] == "Invalid request: request (3001) exceeds text limit (3000)"
    assert _post(server, {**base, "q": ["Un.", "Deux."]}).status_code == 200
    many = _post(server, {**base, "q": ["Un.", "Deux.", "Trois."]})
    assert many.status_code == 400 and "(3) exceeds text limit (2)" in many.json()["error"]


def test_full_queue_is_503_with_retry_after(server: RunningServer, keys: dict[str, object]) -> None:
    payload = {"q": LONG[:2900], "source": "fr", "target": "en", "api_key": keys["bulk"]}
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: _post(server, payload), range(8)))
    statuses = [r.status_code for r in replies]
    assert set(statuses) <= {200, 503}
    assert 1 <= statuses.count(200) and 1 <= statuses.count(503), statuses
    busy = next(r for r in replies if r.status_code == 503)
    assert busy.headers["retry-after"].isdigit() and "error" in busy.json()
    # Once the burst is over the server answers again: nothing was left holding a slot.
    assert _post(server, {**payload, "q": "Bonjour."}).status_code == 200


def test_cors_only_for_the_configured_origin(server: RunningServer) -> None:
    allowed = httpx.get(server.url + "/languages", headers={"Origin": ORIGIN}, timeout=30)
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    other = httpx.get(server.url + "/languages", headers={"Origin": "https://evil.example"}, timeout=30)
    assert "access-control-allow-origin" not in other.headers
    preflight = httpx.options(server.url + "/translate", timeout=30, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_server_binds_loopback_by_default(server: RunningServer) -> None:
    pid = server.process.pid
    listening = _listening_addresses(pid)
    assert listening and all(addr.startswith("127.0.0.1:") for addr in listening), listening


def _listening_addresses(pid: int) -> list[str]:
    """Addresses the process listens on, from /proc (Linux)."""
    import os

    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A = LISTEN
                    hex_ip, hex_port = fields[1].split(":")
                    ip = ".".join(str(int(hex_ip[i:i + 2], 16)) for i in (6, 4, 2, 0)) \
                        if len(hex_ip) == 8 else hex_ip
                    found.append(f"{ip}:{int(hex_port, 16)}")
    return found
