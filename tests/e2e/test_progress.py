"""Progress on a terminal: per decoded batch, with rate and ETA; silent off a terminal or
with --quiet; a spinner only for a slow model load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import translate_bin
from tests.terminal import run_on_terminal

pytestmark = pytest.mark.slow

ARTICLE = "\n\n".join(f"Le secrétaire général de l'OTAN a parlé à Kiev le jour {i}." for i in range(70))
# The bar is drawn after each decoded slice whatever the glossary mode, and slices are the same
# (0, 34, 67, 70 here) in both; report mode still finds and counts the 140 terms for the summary
# line, without enforcement's prefix decoding, which made each run three times longer
# (enforcement itself is tested in test_enforcement.py).
REPORT = ("--glossary-mode", "report")


def _run_with_tty_stderr(args: list[str], env: dict[str, str], timeout: float = 240
                         ) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (stdout discarded); return exit code and stderr."""
    return run_on_terminal(args, env, timeout, stdout_too=False)


def test_progress_moves_per_batch_on_a_terminal(tmp_path: Path, env: dict[str, str]) -> None:
    article = tmp_path / "article.fr.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    values = dict(env, COLUMNS="120")
    code, err = _run_with_tty_stderr([translate_bin(), "run", str(article), "--threads", "1", *REPORT],
                                     values)
    assert code == 0, err
    counts = {int(n) for n in re.findall(r"(?<!\d)(\d+)/70\b", err)}
    assert len(counts - {0, 70}) >= 2, counts       # intermediate batches were drawn
    assert re.search(r"\d+(\.\d+)?/s", err), err      # a rate
    assert "ETA" in err
    quiet_code, quiet_err = _run_with_tty_stderr(
        [translate_bin(), "run", str(article), "--threads", "1", "--quiet", *REPORT], values)
    assert quiet_code == 0
    # Only the (coloured) summary line is left: no bar, no spinner.
    assert "/70" not in quiet_err and "translating" not in quiet_err and "loading" not in quiet_err
    last = re.sub(r"\x1b\[[0-9;]*m", "", quiet_err.strip().splitlines()[-1])
    assert last.startswith("140 terms:"), quiet_err


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path, env: dict[str, str]) -> None:
    article = tmp_path / "article.fr.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run([translate_bin(), "run", str(article), "--threads", "1", *REPORT], env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # only the summary line
    assert "\x1b[" not in done.stderr and "/70" not in done.stderr


SPINNER = (
    "import sys, time\n"
    "from translate.cli.common import load_spinner\n"
    "with load_spinner('loading the translation model'):\n"
    "    time.sleep(float(sys.argv[1]))\n"
)


def test_spinner_only_for_a_slow_load(env: dict[str, str]) -> None:
    _, slow = _run_with_tty_stderr([sys.executable, "-c", SPINNER, "1.2"], env, timeout=60)
    assert "loading the translation model" in slow
    _, fast = _run_with_tty_stderr([sys.executable, "-c", SPINNER, "0.05"], env, timeout=60)
    assert "loading" not in fast
