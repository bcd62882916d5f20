"""Running the installed command on a pseudo-terminal, as a person at a terminal would."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time


def run_on_terminal(args: list[str], env: dict[str, str], timeout: float = 120,
                    stdout_too: bool = True) -> tuple[int, str]:
    """Run with stderr (and stdout, with ``stdout_too``) on one pseudo-terminal; return the exit
    code and what the terminal showed. Bounded by ``timeout``; the child is killed past it."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=slave if stdout_too else subprocess.DEVNULL,
                            stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")
