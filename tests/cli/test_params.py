"""Plain parameters are coerced without pydantic, and exactly as Typer would coerce them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from tests.conftest import GLOSSARY, ROOT
from translate.cli import app
from translate.cli.params import lighten


def _tree() -> Any:
    command = typer.main.get_command(app)
    lighten(command)
    return command


def _params(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any, Any]]:
    ctx = Context(command)
    for param in [*command.params, command.get_help_option(ctx)]:
        yield " ".join(path) + " " + (param.name or "?"), param, ctx
    for name, sub in getattr(command, "commands", {}).items():
        yield from _params(sub, (*path, name))


PARAMS = list(_params(_tree()))

# What the command line, the environment and the defaults can hand a parameter, and what a
# caller might: digits in every spelling pydantic reads, paths that normalise, bytes, lists.
VALUES: list[Any] = [
    "x", "", "a\0b", "./x//y/", "examples", "12", "012", "0", "-3", "+3", " 7", "7 ", "1e3", "1_000",
    "1.5", ".5", "5.", "99999999999999999999999", "inf", "nan", "true", "yes", "1", 0, 4, -1, 2**70,
    2.5, 3.0, float("nan"), float("inf"), True, False, b"x", ("a", "b"), ["./x", "y"], ("",), (),
    Path("x"), [Path("a")], "\ud800", ["x", "\ud800"], "x" * 5000,
]


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[Any, ...]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the same refusal, word for word
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return ("refused", type(exc).__name__, message)
    items = result if isinstance(result, (list, tuple)) else [result]
    return ("ok", type(result).__name__, [(type(item).__name__, repr(item)) for item in items])


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMS, ids=[p[0] for p in PARAMS])
def test_every_value_is_coerced_as_typer_coerces_it(name: str, param: Any, ctx: Any,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    (tmp_path / "x").write_text("x")
    ours = param.get_runtime_param()
    typers = build_runtime_param(param.type_descriptor)
    for value in [*VALUES, param.default]:
        assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx), value


def test_plain_parameters_are_served_without_pydantic() -> None:
    served = [name for name, param, _ in PARAMS
              if type(param.get_runtime_param()).__name__ == "PlainRuntimeParam"]
    # Every option of every command is a string, flag, path or number (a new kind of
    # parameter would show up here as Typer's own coercion, and pydantic at every start).
    assert len(served) == len(PARAMS), sorted(set(p[0] for p in PARAMS) - set(served))


@pytest.mark.parametrize("args", [
    ["--version"], ["run", "--help"], ["glossary", "list", "-g", str(GLOSSARY)],
    ["glossary", "lint", "-g", str(GLOSSARY), "-f", "json"], ["check", "--help"],
    ["eval", "--help"], ["models", "list"],
    ["run", "-", "--to", "en", "--beam", "2", "--threads", "1", "-g", str(GLOSSARY)],
], ids=lambda a: " ".join(a[:2]))
def test_commands_start_without_importing_pydantic(args: list[str], env: dict[str, str]) -> None:
    script = ("import sys\nfrom translate.cli import main\nsys.argv = ['translate', *sys.argv[1:]]\n"
              "code = 0\ntry:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
              "print(code, 'pydantic' in sys.modules, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=ROOT, input="Bonjour.",
                          capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "0 False", done.stderr
