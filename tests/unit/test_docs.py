"""Meta-tests that keep the documentation honest."""

from __future__ import annotations

import re

import typer

from tests.conftest import ROOT
from translate.cli import app
from translate.errors import EXIT_CODE_MEANINGS, ExitCode

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    found = []

    def walk(command: object, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            full = f"{path} {name}"
            found.append((full, sub))
            walk(sub, full)

    walk(root, "translate")
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = _commands()
    assert len(commands) >= 18
    for name, command in commands:
        assert (getattr(command, "help", None) or "").strip(), f"{name} has no help text"
        assert f"`{name}" in README, f"{name} is not documented in README.md"


def test_every_option_has_help() -> None:
    for name, command in _commands():
        for param in getattr(command, "params", []):
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help"


def test_exit_code_table_matches_the_code() -> None:
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", README, flags=re.M))
    assert {int(code) for code in table} == {int(code) for code in ExitCode}
    for code, meaning in EXIT_CODE_MEANINGS.items():
        assert table[str(int(code))] == meaning


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```bash\n(.*?)```", README, flags=re.S)[0]
    lines = [line for line in commands.splitlines() if line and not line.startswith("#")]
    assert len(lines) == 2
    test_command = lines[1]
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text()
    setup, pytest_part = test_command.split(" && ")
    assert setup in ci and pytest_part in ci
