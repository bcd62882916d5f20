"""Start the real ``translate serve`` as a subprocess on a free loopback port; stop it by PID."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import ROOT, translate_bin

START_TIMEOUT = 90.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(installed: Path) -> dict[str, str]:
    """The test environment with the tiny package installed and no translation memory."""
    values = dict(os.environ)
    values.update({"ARGOS_PACKAGES_DIR": str(installed), "TRANSLATE_CACHE": "off",
                   "PYTHONIOENCODING": "utf-8", "TRANSLATE_THREADS": "1"})
    return values


@dataclass
class RunningServer:
    """A started server: its URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def start_server(args: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT,
                 before: list[str] | None = None) -> Iterator[RunningServer]:
    """Run ``translate [before] serve --port P args`` until the block ends."""
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [translate_bin(), *(before or []), "serve", "--port", str(port), *args],
        env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    server = RunningServer(url, process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server exited with {process.returncode}: {server.output()}")
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {server.output()}")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)
        handle.close()


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    """SIGTERM the process by PID, then SIGKILL if it does not exit; return its exit code."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(10)
    return int(process.returncode)


def rendered(rendering: str, text: str) -> bool:
    """The rendering as written, or capitalised where enforcement placed it first in a sentence."""
    return rendering in text or rendering[:1].upper() + rendering[1:] in text
