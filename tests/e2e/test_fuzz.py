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
from translate.glossary.schema import load_glossary
from translate.models.archive import extract_archive, inspect_archive

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


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                    reason="atheris not installed (fuzz extra: scripts/setup.sh test fuzz; CI installs it)")
def test_fuzz_script_runs_clean(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHON=sys.executable, FUZZ_ARTIFACTS=str(tmp_path))
    done = subprocess.run(["bash", str(ROOT / "scripts" / "fuzz.sh"), "5"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Done ") == 2
    assert list(tmp_path.iterdir()) == []
