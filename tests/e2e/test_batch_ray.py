"""`translate batch --executor ray` on a real local Ray cluster (a head and a worker node bound
to 127.0.0.1, token-authenticated): byte-identical outputs to the local executor, resume after
the driver is killed, and an actor killed mid-run. Every Ray process started here is stopped by
PID (never `ray stop`, which would stop every Ray on the machine)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, translate_bin
from tests.e2e.test_batch import PARAGRAPHS, make_corpus, manifest_rows, reference, summary

pytest.importorskip("ray")
pytestmark = [pytest.mark.ray, pytest.mark.slow]
RAY = str(Path(sys.executable).parent / "ray")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every process we can see."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry.name)] = (parent, cmdline)
    return found


def _descendants(roots: set[int], table: dict[int, tuple[int, str]]) -> set[int]:
    tree = set(roots)
    grew = True
    while grew:
        more = {pid for pid, (parent, _) in table.items() if parent in tree and pid not in tree}
        tree |= more
        grew = bool(more)
    return tree


def _cluster_pids(marker: str) -> set[int]:
    table = _processes()
    return _descendants({pid for pid, (_, cmd) in table.items() if marker in cmd}, table)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[dict[str, str]]:
    """A head node and a worker node (one CPU each) on 127.0.0.1; yields the environment to join."""
    temp = tempfile.mkdtemp(prefix="rt", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    port = _free_port()
    ray_env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16),
               "RAY_USAGE_STATS_ENABLED": "0"}
    env = dict(os.environ, **ray_env)
    # No log monitors: they stream worker logs to drivers, and `translate batch` joins with
    # log_to_driver=False; two fewer Python daemons to start (~2 s of CPU).
    common = ["--node-ip-address", "127.0.0.1", "--num-cpus", "1", "--disable-usage-stats",
              "--include-log-monitor", "false"]
    try:
        subprocess.run([RAY, "start", "--head", "--port", str(port), "--include-dashboard", "false",
                        "--temp-dir", temp, *common], env=env, check=True, capture_output=True,
                       timeout=180)
        subprocess.run([RAY, "start", "--address", f"127.0.0.1:{port}", *common], env=env,
                       check=True, capture_output=True, timeout=180)
        yield {**ray_env, "ADDRESS": f"127.0.0.1:{port}"}
    finally:
        pids = _cluster_pids(temp)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _cluster_pids(temp):
            time.sleep(0.2)
        subprocess.run(["rm", "-rf", temp], check=False)


def _batch(env: dict[str, str], cluster: dict[str, str], *args: str, workers: int = 2) -> list[str]:
    return [translate_bin(), "batch", *args, "--executor", "ray", "--ray-address", cluster["ADDRESS"],
            "--workers", str(workers), "--quiet"]


def _env(env: dict[str, str], cluster: dict[str, str]) -> dict[str, str]:
    return {**env, **{k: v for k, v in cluster.items() if k != "ADDRESS"}}


def _wait_for_outputs(process: subprocess.Popen[bytes], paths: list[Path], count: int) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if sum(p.exists() for p in paths) >= count:
            return
        time.sleep(0.05)
    raise AssertionError("the run ended (or stalled) before it could be interrupted")


def test_resume_after_the_driver_is_killed(ray_cluster, env, installed, tmp_path):
    docs = make_corpus(tmp_path / "in", count=10, per_doc=1)
    out = tmp_path / "out"
    # One actor: what is checked is the driver's record of what it wrote, and outcomes reach the
    # driver one at a time however many actors produce them (two actors are the other tests'
    # case). Each run starts a fresh actor pool; one actor fewer is ~2.4 s less CPU per run.
    command = _batch(env, ray_cluster, str(tmp_path / "in"), "--out", str(out), "--no-glossary",
                     "--group-chars", "1", workers=1)
    process = subprocess.Popen(command, env=_env(env, ray_cluster), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_outputs(process, [out / rel for rel in docs], 2)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    recorded = {k for k, (status, _) in manifest_rows(out).items() if status == "done"}
    written = {rel for rel in docs if (out / rel).exists()}
    # The driver records a document right after writing it: at most one is written, unrecorded.
    assert recorded <= written and len(written) - 1 <= len(recorded) < len(docs)
    resumed = subprocess.run(command, env=_env(env, ray_cluster), cwd=ROOT, capture_output=True,
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    counts = summary(out)["documents"]
    assert counts["skipped"] == len(recorded) and counts["done"] == len(docs)  # type: ignore[index]
    expected = reference(installed, list(docs.values()), glossary=False)
    for rel, text in zip(docs, expected):
        assert (out / rel).read_text(encoding="utf-8") == text


def test_ray_output_is_byte_identical_to_local_with_an_actor_killed_mid_run(ray_cluster, env,
                                                                           tmp_path):
    """Two actors on two nodes, the glossary enforced, groups of about two documents and a JSONL
    feed, and one actor killed once the first outputs are written: Ray Data restarts it and
    retries its group, every document is recorded once, and every output is byte for byte what
    the local executor writes. (One Ray run for both properties: each run costs ~15 s of CPU on
    a 2-core machine.)"""
    docs = make_corpus(tmp_path / "in", count=10, per_doc=1)
    feed = tmp_path / "in" / "feed.jsonl"
    items = PARAGRAPHS[:3]
    feed.write_text("".join(json.dumps({"id": i, "text": p}) + "\n" for i, p in enumerate(items)))
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    flags = ("--group-chars", "600")
    done = subprocess.run([translate_bin(), "batch", str(tmp_path / "in"), "--out", str(local), *flags],
                          env=env, cwd=ROOT, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    command = _batch(env, ray_cluster, str(tmp_path / "in"), "--out", str(ray_out), *flags)
    process = subprocess.Popen(command, env=_env(env, ray_cluster), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed = None
    try:
        _wait_for_outputs(process, [ray_out / rel for rel in docs], 1)
        actors = [pid for pid, (_, cmd) in _processes().items() if "TranslateActor" in cmd]
        assert actors, "no translation actor found"
        killed = actors[0]
        os.kill(killed, signal.SIGKILL)
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert killed not in _processes()
    rows = manifest_rows(ray_out)
    # Each document and each feed item, recorded once.
    assert set(rows) == set(manifest_rows(local)) and len(rows) == len(docs) + len(items)
    assert all(row == ("done", 1) for row in rows.values()), rows
    files = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file()
                   and ".translate" not in p.parts and p.name != "summary.json")
    assert len(files) == len(docs) + 1
    for rel in files:
        assert (ray_out / rel).read_bytes() == (local / rel).read_bytes(), rel
    assert summary(ray_out)["executor"] == "ray"
    assert summary(ray_out)["terms"] == summary(local)["terms"]
