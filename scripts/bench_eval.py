"""The ``eval_vs_sacrebleu`` figure of scripts/bench.py: ``translate eval`` against the
``sacrebleu`` command, each as a whole process (start-up included) on the same files.

Runs alternate between the two commands so that load on a shared machine hits both alike;
the two must also agree on the scores, or the figure is refused.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bench_data


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child, its stdout); runs are sequential."""
    cpu, started = _cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    elapsed, used = time.perf_counter() - started, _cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return elapsed, used, done.stdout


def _summary(runs: list[float]) -> dict[str, object]:
    return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": runs}


def eval_vs_sacrebleu_cli(pairs: int, workdir: Path, reps: int) -> dict[str, object]:
    """Median CPU time of ``translate eval`` ÷ ``sacrebleu``, BLEU+chrF, ``pairs`` lines."""
    hypotheses, references = bench_data.eval_pairs(pairs)
    hyp, ref = workdir / "eval-hyp.txt", workdir / "eval-ref.txt"
    hyp.write_text("\n".join(hypotheses) + "\n", encoding="utf-8")
    ref.write_text("\n".join(references) + "\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    ours = [str(bin_dir / "translate"), "eval", str(hyp), str(ref), "-m", "bleu,chrf",
            "-f", "json"]
    theirs = [str(bin_dir / "sacrebleu"), str(ref), "-i", str(hyp), "-m", "bleu", "chrf",
              "-w", "4"]
    # Warm the page cache and check that both compute the same numbers.
    our_scores = json.loads(_timed(ours)[2])["scores"]
    their_scores = {e["name"]: e["score"] for e in json.loads(_timed(theirs)[2])}
    if (round(our_scores["bleu"], 4), round(our_scores["chrf"], 4)) != (
            their_scores["BLEU"], their_scores["chrF2"]):
        raise RuntimeError(f"scores differ: ours {our_scores}, sacrebleu {their_scores}")
    wall: dict[str, list[float]] = {"ours": [], "sacrebleu": []}
    cpu: dict[str, list[float]] = {"ours": [], "sacrebleu": []}
    for rep in range(max(reps, 3)):
        order = [("ours", ours), ("sacrebleu", theirs)]
        for name, command in (order if rep % 2 == 0 else order[::-1]):
            elapsed, used, _ = _timed(command)
            wall[name].append(elapsed)
            cpu[name].append(used)
    # Start-up alone (one-line files): what small files pay on top of scoring.
    one = workdir / "eval-one.txt"
    one.write_text(references[0] + "\n", encoding="utf-8")
    startup: dict[str, list[float]] = {"ours": [], "sacrebleu": []}
    for _ in range(max(reps, 3)):
        startup["ours"].append(_timed([ours[0], "eval", str(one), str(one), *ours[4:]])[1])
        startup["sacrebleu"].append(_timed([theirs[0], str(one), "-i", str(one), *theirs[4:]])[1])
    # Both commands are single-threaded: their CPU time is their wall time on an idle machine,
    # and unlike wall time it does not count waiting for a core on a shared one.
    ratio = statistics.median(cpu["ours"]) / statistics.median(cpu["sacrebleu"])
    wall_ratio = statistics.median(wall["ours"]) / statistics.median(wall["sacrebleu"])
    return {"value": ratio, "wall_ratio": wall_ratio, "ours_s": _summary(cpu["ours"]),
            "sacrebleu_s": _summary(cpu["sacrebleu"]), "ours_wall_s": _summary(wall["ours"]),
            "sacrebleu_wall_s": _summary(wall["sacrebleu"]), "pairs": pairs,
            "startup_ours_s": _summary(startup["ours"]),
            "startup_sacrebleu_s": _summary(startup["sacrebleu"]),
            "scores": our_scores}
