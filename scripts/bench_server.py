"""Server benchmark: `translate serve` against LibreTranslate 1.9.6, same package, beam, threads.

Both servers run as subprocesses on loopback ports and load the same random-weight Argos
package (scripts/bench.py builds and installs it). A bounded httpx load generator sends the
paragraphs of the bench article as LibreTranslate form requests (`q`, `source=fr`,
`target=en`) from 1, 8 and 32 concurrent clients, a fixed number of requests per client, and
records requests/s and p50/p95 latency; peak RSS is each server process's VmHWM.

LibreTranslate lives in a virtualenv of its own (it pins Flask, numpy and a fork of
argostranslate): ``build/libretranslate-1.9.6/``, created on first use with
``pip install libretranslate==1.9.6``. It is started offline on the same package with
``ARGOS_PACKAGES_DIR`` pointing at the bench's package folder, ``ARGOS_PACKAGE_INDEX`` at a
closed loopback port (its model check at start-up then fails fast and it serves the installed
package, "Cannot update models (normal if you're offline)"), ``--load-only fr,en``,
``ARGOS_CHUNK_TYPE=SPACY`` (its default splitter, MiniSBD, downloads a model at first use;
spaCy 3.8 is added to its virtualenv and reads the French model the bench copies into the
package, as for the argostranslate comparison),
``--disable-web-ui``, ``ARGOS_BEAM_SIZE`` / ``ARGOS_INTRA_THREADS`` / ``ARGOS_INTER_THREADS``
/ ``ARGOS_COMPUTE_TYPE`` set to ours, ``--threads`` (waitress) 4, its default.

Usage, standalone: python scripts/bench_server.py [--quick | --smoke] [--no-lt] [--json PATH]
(scripts/bench.py runs it as its ``server`` step).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_data  # noqa: E402

LT_VERSION = "1.9.6"
LT_VENV = ROOT / "build" / f"libretranslate-{LT_VERSION}"
CLIENTS = (1, 8, 32)
# Requests each client sends at a concurrency level: bounded, whatever the speed.
PER_CLIENT = {"full": {1: 12, 8: 4, 32: 2}, "quick": {1: 12, 8: 6, 32: 3}, "smoke": {1: 3, 8: 2, 32: 1}}
TARGETS = {"serve_throughput_vs_lt": (">=", 3.0), "serve_p95_vs_lt": ("<=", 1.0),
           "serve_rss_vs_lt": ("<=", 0.5)}
DESCRIPTIONS = {
    "serve_throughput_vs_lt": "`translate serve` req/s ÷ LibreTranslate 1.9.6's, 32 concurrent clients",
    "serve_p95_vs_lt": "`translate serve` p95 latency ÷ LibreTranslate's, 1 client",
    "serve_rss_vs_lt": "`translate serve` peak RSS ÷ LibreTranslate's, same load",
}
START_TIMEOUT = 900.0
LEVEL_TIMEOUT = 1800.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_libretranslate(venv: Path = LT_VENV) -> Path:
    """The LibreTranslate executable, installing it into its own virtualenv if needed."""
    exe = venv / "bin" / "libretranslate"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        # Its argostranslate fork needs torch: the CPU build, as scripts/setup.sh does.
        subprocess.run([*pip, "torch==2.13.0"], check=True)
        subprocess.run([*pip, f"libretranslate=={LT_VERSION}"], check=True)
        # Its default sentence splitter (MiniSBD) downloads an ONNX model at first use, which
        # cannot work offline; spaCy with the package's own French model (copied into the
        # package by scripts/bench.py, as for argostranslate) does. spaCy pulls a newer rich
        # than Flask-Limiter 2.6.3 accepts; rich 12 is put back.
        subprocess.run([*pip, "spacy>=3.8,<3.9"], check=True)
        subprocess.run([*pip, "rich>=12,<13"], check=True)
    return exe


class Server:
    """A server subprocess: started, probed until it answers, stopped by PID."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self._handle = log.open("wb")
        self.process = subprocess.Popen(args, env=env, stdout=self._handle, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, cwd=log.parent)

    def wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                reply = httpx.post(self.url + "/translate", timeout=60,
                                   data={"q": "Bonjour.", "source": "fr", "target": "en"})
                if reply.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start in {START_TIMEOUT:.0f} s")
            time.sleep(0.5)

    def peak_rss_mib(self) -> float:
        """VmHWM of the server process and its children, MiB."""
        total = 0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._handle.close()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def load(url: str, texts: list[str], clients: int, per_client: int) -> dict[str, object]:
    """``clients`` threads, each sending ``per_client`` requests back to back."""
    import httpx

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        with httpx.Client(timeout=LEVEL_TIMEOUT) as session:
            for k in range(per_client):
                text = texts[(index * per_client + k) % len(texts)]
                started = time.perf_counter()
                try:
                    reply = session.post(url + "/translate", data={"q": text, "source": "fr", "target": "en"})
                    ok = reply.status_code == 200 and bool(reply.json().get("translatedText"))
                except httpx.HTTPError as exc:
                    ok, reply = False, exc  # type: ignore[assignment]
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        failures.append(str(getattr(reply, "status_code", reply)))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LEVEL_TIMEOUT)
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else float("nan")

    return {"clients": clients, "requests": len(latencies), "failed": len(failures),
            "failures": failures[:5], "seconds": wall, "req_per_s": len(latencies) / wall,
            "p50_s": pct(0.50), "p95_s": pct(0.95),
            "mean_s": statistics.fmean(latencies) if latencies else float("nan")}


def measure(server: Server, texts: list[str], preset: str, clients: tuple[int, ...] = CLIENTS) -> dict[str, object]:
    server.wait_ready()
    levels = {str(c): load(server.url, texts, c, PER_CLIENT[preset].get(c, 1)) for c in clients}
    return {"levels": levels, "peak_rss_mib": server.peak_rss_mib()}


def ours(packages: Path, workdir: Path, threads: int, beam: int, texts: list[str], preset: str,
         clients: tuple[int, ...] = CLIENTS) -> dict[str, object]:
    config = workdir / "serve-configs" / "translate.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    # The same decoding bound as argostranslate (CTranslate2's default 256 tokens), no glossary
    # (LibreTranslate has none) and no translation memory: both servers do the same decoding.
    config.write_text(f"max_decoding_tokens: 256\nlength_ratio: 1000\ncache: false\nbeam_size: {beam}\n")
    port = free_port()
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(packages), TRANSLATE_CACHE="off")
    binary = Path(sys.executable).parent / "translate"
    server = Server("translate serve", [str(binary), "--config", str(config), "serve", "--port", str(port),
                                        "--threads", str(threads), "--concurrency", "32"],
                    env, port, workdir / "ours.log")
    try:
        return measure(server, texts, preset, clients)
    finally:
        server.stop()


def libretranslate(exe: Path, packages: Path, workdir: Path, threads: int, beam: int, texts: list[str],
                   preset: str) -> dict[str, object]:
    home = workdir / "lt-home"
    for sub in ("data", "config", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(packages), ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), HOME=str(home),
               ARGOS_BEAM_SIZE=str(beam), ARGOS_INTER_THREADS="1", ARGOS_INTRA_THREADS=str(threads),
               ARGOS_COMPUTE_TYPE="int8", ARGOS_DEVICE_TYPE="cpu", ARGOS_CHUNK_TYPE="SPACY")
    server = Server("LibreTranslate", [str(exe), "--host", "127.0.0.1", "--port", str(port),
                                       "--load-only", "fr,en", "--disable-web-ui", "--threads", "4"],
                    env, port, workdir / "lt.log")
    try:
        return measure(server, texts, preset)
    finally:
        server.stop()


def server_comparison(packages: Path, workdir: Path, threads: int, preset: str,
                      with_lt: bool = True, beam: int = 4,
                      clients: tuple[int, ...] = CLIENTS) -> dict[str, dict[str, object]]:
    """The server figures for scripts/bench.py: ratios ours ÷ LibreTranslate's."""
    article = bench_data.article(120)
    texts = [p for p in article.split("\n\n") if p.strip()]
    if preset == "smoke":
        texts = [t.split(". ")[0] + "." for t in texts]  # one sentence: the smoke model decodes to its bound
    mine = ours(packages, workdir, threads, beam, texts, preset, clients)
    if not with_lt:
        top = str(max(clients))
        return {"serve_alone": {"value": float(mine["levels"][top]["req_per_s"]), "ours": mine}}  # type: ignore[index]
    theirs = libretranslate(ensure_libretranslate(), packages, workdir, threads, beam, texts, preset)
    lv_o, lv_t = mine["levels"], theirs["levels"]
    return {
        "serve_throughput_vs_lt": {
            "value": lv_o["32"]["req_per_s"] / lv_t["32"]["req_per_s"],  # type: ignore[index]
            "ours": mine, "libretranslate": theirs},
        "serve_p95_vs_lt": {"value": lv_o["1"]["p95_s"] / lv_t["1"]["p95_s"]},  # type: ignore[index]
        "serve_rss_vs_lt": {"value": float(mine["peak_rss_mib"]) / float(theirs["peak_rss_mib"]),  # type: ignore[arg-type]
                            "ours_peak_rss_mib": mine["peak_rss_mib"],
                            "lt_peak_rss_mib": theirs["peak_rss_mib"]},
    }


def markdown(results: dict[str, dict[str, object]]) -> str:
    """Per-level table: requests/s, p50, p95 for both servers, and peak RSS."""
    data = results.get("serve_throughput_vs_lt") or results.get("serve_alone") or {}
    sides = [("translate serve", data.get("ours")), ("LibreTranslate 1.9.6", data.get("libretranslate"))]
    lines = ["| server | clients | requests | req/s | p50 (s) | p95 (s) | peak RSS (MiB) |",
             "|---|---|---|---|---|---|---|"]
    for name, side in sides:
        if not isinstance(side, dict):
            continue
        for clients, level in side["levels"].items():
            lines.append(f"| {name} | {clients} | {level['requests']} | {level['req_per_s']:.2f} | "
                         f"{level['p50_s']:.3f} | {level['p95_s']:.3f} | {side['peak_rss_mib']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true")
    group.add_argument("--smoke", action="store_true")
    parser.add_argument("--no-lt", action="store_true", help="measure translate serve alone")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--clients", default=",".join(map(str, CLIENTS)), help="concurrency levels, e.g. 1,8,32")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    import bench

    preset = "smoke" if args.smoke else "quick" if args.quick else "full"
    threads = args.threads if args.threads is not None else (min(4, os.cpu_count() or 1) if preset == "full" else 1)
    workdir = Path(tempfile.mkdtemp(prefix="translate-bench-server-"))
    packages = bench.install(bench.build_package(preset, args.cache), workdir, argos=not args.no_lt)
    clients = tuple(int(c) for c in args.clients.split(","))
    try:
        results = server_comparison(packages, workdir, threads, preset, not args.no_lt, clients=clients)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for name, data in results.items():
        if name in TARGETS:
            op, target = TARGETS[name]
            data.update(target=f"{op} {target}",
                        met=float(data["value"]) >= target if op == ">=" else float(data["value"]) <= target)  # type: ignore[arg-type]
    print(markdown(results), end="")
    for name, data in results.items():
        print(f"{name:<24} {float(data['value']):.3f}  {data.get('target', '')}")  # type: ignore[arg-type]
    if args.json:
        args.json.write_text(json.dumps({"preset": preset, "threads": threads, "metrics": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
