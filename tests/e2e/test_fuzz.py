"""A short, bounded fuzzing run in CI, and the fuzz corpus as regression tests."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from translate.errors import GlossaryError, PackageError
from translate.glossary.formats import FORMULA_STARTS, get_format
from translate.glossary.schema import Glossary, load_glossary
from translate.models.archive import extract_archive, inspect_archive, parse_metadata

CORPUS = ROOT / "tests" / "fuzz" / "corpus"


@pytest.mark.parametrize("seed", sorted((CORPUS / "archive").iterdir()), ids=lambda p: p.name)
def test_archive_corpus_only_raises_package_errors(seed: Path, tmp_path: Path) -> None:
    try:
        extract_archive(inspect_archive(seed), tmp_path / "out")
    except PackageError:
        return
    assert (tmp_path / "out").is_dir()


@pytest.mark.parametrize("seed", sorted((CORPUS / "glossary").iterdir()), ids=lambda p: p.name)
def test_glossary_corpus_only_raises_glossary_errors(seed: Path) -> None:
    try:
        load_glossary(seed)
    except GlossaryError:
        pass


@pytest.mark.parametrize("seed", sorted((CORPUS / "metadata").iterdir()), ids=lambda p: p.name)
def test_metadata_corpus_only_raises_package_errors(seed: Path) -> None:
    try:
        metadata = parse_metadata(seed.read_bytes(), seed.name)
    except PackageError:
        return
    assert isinstance(metadata["from_code"], str) and isinstance(metadata["to_code"], str)


IMPORT_FORMATS = ("csv", "tsv", "deepl", "deepl-tsv", "google", "google-tsv", "amazon",
                  "amazon-tsv", "tbx")


@pytest.mark.parametrize("seed", sorted((CORPUS / "import").iterdir()), ids=lambda p: p.name)
def test_import_corpus_only_raises_glossary_errors(seed: Path) -> None:
    data = seed.read_bytes()
    fmt = get_format(IMPORT_FORMATS[data[0] % len(IMPORT_FORMATS)])
    try:
        terms = fmt.read(data[1:].decode("utf-8"), seed.name, ("fr", "en"))
    except GlossaryError:
        return
    assert terms
    if fmt.name != "tbx":
        exported = fmt.write(Glossary.build(terms))
        assert not any(line.startswith(FORMULA_STARTS) for line in exported.splitlines())



@pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                    reason="atheris not installed (fuzz extra: scripts/setup.sh test fuzz; CI installs it)")
@pytest.mark.slow
def test_fuzz_script_runs_clean(tmp_path: Path) -> None:
    # Each target replays its seed corpus, then is stopped by whichever comes first: 1,000
    # mutated inputs, or libFuzzer's time limit (it stops once *more* than -max_total_time
    # whole seconds have passed, so "1" means about 2 s: some 1,500 glossary inputs, the
    # slowest). That is this smoke run's job: every target starts, replays its seeds and
    # survives mutation; finding deep bugs is for longer runs (scripts/fuzz.sh defaults to
    # 60 s per target, with no limit on inputs).
    env = dict(os.environ, PYTHON=sys.executable, FUZZ_ARTIFACTS=str(tmp_path), FUZZ_RUNS="1000")
    done = subprocess.run(["bash", str(ROOT / "scripts" / "fuzz.sh"), "1"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Done ") == 4
    assert list(tmp_path.iterdir()) == []
