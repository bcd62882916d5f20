"""The install a new user gets: lean, quiet, no GPU stack, documented honestly."""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What pulls torch (and with it, on Linux, a CUDA build) or other heavy stacks.
HEAVY = {"argostranslate", "torch", "spacy", "stanza", "onnxruntime", "minisbd", "atheris"}


def _names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def test_runtime_and_test_dependencies_pull_no_heavy_stack() -> None:
    project = PYPROJECT["project"]
    assert not _names(project["dependencies"]) & HEAVY
    assert not _names(project["optional-dependencies"]["test"]) & HEAVY
    assert "pytest-xdist" in _names(project["optional-dependencies"]["test"])


def test_license_is_an_spdx_string() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"


def test_setup_installs_extras_only_when_asked() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "[test,fuzz,bench]" not in setup
    assert re.search(r"--no-deps \"argostranslate", setup)
    assert "-qq" in setup


def test_readme_commands_run_outside_an_activated_venv() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    offline = blocks[1].strip()
    assert offline.startswith(".venv/bin/python scripts/build_test_package.py")
    assert ".venv/bin/translate models install --file" in offline


def test_readme_says_what_the_test_command_runs() -> None:
    quick = re.findall(r"```bash\n(.*?)```", README, flags=re.S)[0]
    comment, command = [line for line in quick.splitlines() if line.strip()][2:4]
    assert "-n auto" in command and "setup.sh test" in command
    # The command runs pytest only; the comment must not claim it runs ruff or mypy itself.
    assert "ruff" not in command and "mypy" not in command
    assert "after ruff and mypy" in comment
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("ruff check") < ci.index(command.split(" && ")[1])
    assert ci.index("mypy") < ci.index(command.split(" && ")[1])


def test_readme_documents_the_first_hour() -> None:
    for needle in ("--version", "NO_COLOR", "--install-completion", "1.7 GB", "300 MB", "--quiet",
                   "already installed"):
        assert needle in README, needle
