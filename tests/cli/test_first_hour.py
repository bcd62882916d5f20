"""What a new user meets in the first hour: settings errors, help, version, side effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, run_cli


def _env(base: dict[str, str], **changes: str) -> dict[str, str]:
    values = dict(base)
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("TRANSLATE_THREADS", "abc", "TRANSLATE_THREADS"),
        ("TRANSLATE_THREADS", "-2", "TRANSLATE_THREADS"),
        ("TRANSLATE_THREADS", "\u00b2", "TRANSLATE_THREADS"),
        ("TRANSLATE_THREADS", "100000", "TRANSLATE_THREADS"),
        ("TRANSLATE_CACHE", "{file}/memory.sqlite3", "TRANSLATE_CACHE"),
        ("TRANSLATE_CACHE", "{dir}", "TRANSLATE_CACHE"),
        ("XDG_CACHE_HOME", "{file}", "XDG_CACHE_HOME"),
        ("ARGOS_PACKAGES_DIR", "{file}", "ARGOS_PACKAGES_DIR"),
        ("ARGOS_PACKAGE_INDEX", "ftp://example.org/index.json", "ARGOS_PACKAGE_INDEX"),
    ],
    ids=["threads-word", "threads-negative", "threads-superscript", "threads-100000",
         "cache-under-file", "cache-is-dir", "xdg-cache-file",
         "packages-file", "index-not-http"],
)
def test_bad_environment_is_a_one_line_usage_error(tmp_path: Path, env: dict[str, str],
                                                   variable: str, value: str, named: str) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    values = _env(env, **{variable: value.format(file=a_file, dir=tmp_path)})
    if variable == "XDG_CACHE_HOME":
        values.pop("TRANSLATE_CACHE")
    done = run_cli("run", "-", "--no-glossary", env=values, input="Bonjour.")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "internal error" not in lines[0], lines


@pytest.mark.parametrize("where", ["option", "settings file"])
def test_thread_counts_past_any_cpu_are_usage_errors(tmp_path: Path, env: dict[str, str],
                                                     where: str) -> None:
    # CTranslate2 starts every thread it is given: 100,000 crashed, 5,000 stalled the machine.
    settings = tmp_path / "settings.yaml"
    settings.write_text("threads: 5000\n", encoding="utf-8")
    args = (["run", "-", "--threads", "5000"] if where == "option"
            else ["--config", str(settings), "run", "-"])
    done = run_cli(*args, "--no-glossary", env=env, input="Bonjour.", timeout=60)
    assert done.returncode == 2, done.stderr
    assert "256" in done.stderr and "internal error" not in done.stderr
    if where == "settings file":
        assert done.stderr.strip() == (f"error: {settings}:1: threads must be from 0 (all cores) "
                                       f"to 256, got 5000")


def test_gate_file_given_as_settings_names_the_gate_option(env: dict[str, str]) -> None:
    done = run_cli("--config", "configs/quality.yaml", "glossary", "list", env=env)
    assert done.returncode == 2
    assert "eval --gate" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_run_creates_no_directories_it_does_not_need(tmp_path: Path, env: dict[str, str]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    values = _env(env, HOME=str(home), TRANSLATE_CACHE="off")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        values.pop(name, None)
    # The example's first paragraph: package, configured glossary (enforced), segmentation and
    # decoding all run; what matters is what exists afterwards, not the article's length.
    article = tmp_path / "first.fr.txt"
    article.write_text(EXAMPLE.read_text(encoding="utf-8").split("\n\n")[0] + "\n", encoding="utf-8")
    done = run_cli("run", str(article), env=values, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    created = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert created == []
    for command in (["models", "list"], ["glossary", "list"], ["--version"]):
        done = run_cli(*command, env=values)
        assert done.returncode == 0, done.stderr
    values.pop("TRANSLATE_CACHE")
    for command in (["cache", "stats"], ["cache", "clear"]):
        done = run_cli(*command, env=values)
        assert done.returncode == 0, done.stderr
    assert "0 sentences" in run_cli("cache", "stats", env=values).stdout
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []


def test_version_names_every_component(env: dict[str, str]) -> None:
    done = run_cli("--version", env=env)
    assert done.returncode == 0, done.stderr
    for name in ("translate", "ctranslate2", "sacrebleu", "argostranslate"):
        assert name in done.stdout
    from importlib.metadata import version

    assert version("newsroom-translate") in done.stdout


def test_bare_command_prints_help_and_succeeds(env: dict[str, str]) -> None:
    done = run_cli(env=env)
    assert done.returncode == 0, done.stderr
    assert "Usage: translate" in done.stdout and "run" in done.stdout


def test_glossary_lock_file_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "*.lock" in ignored
    assert "lock" in (ROOT / "README.md").read_text() and ".lock` file" in (ROOT / "README.md").read_text()



def _all_commands() -> list[list[str]]:
    import typer

    from translate.cli import app

    found: list[list[str]] = [[]]

    def walk(command: object, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.append([*path, name])
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c) or "translate")
def test_help_reads_as_words(command: list[str]) -> None:
    import re

    from typer.testing import CliRunner

    from translate.cli import app

    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert not re.search(r"<[a-z][a-z\[\] ]*>", text), text      # <str>, <list[Path]>, <int range>
    assert not re.search(r"\{[a-z_]+\}", text, flags=re.I), text   # {input}
    # Click's own spelling of a repeatable argument is the only "..." allowed.
    assert "..." not in re.sub(r"\[?[A-Z]+\]?\.\.\.", "", text), text
    assert "…" not in text.split("Commands:")[-1] or "Commands:" not in text


def test_choices_are_listed_in_help() -> None:
    from typer.testing import CliRunner

    from translate.cli import app

    text = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    assert "[text|json]" in text and "[enforce|report]" in text


def test_cache_stats_as_json(tmp_path: Path, env: dict[str, str]) -> None:
    import json

    values = _env(env, TRANSLATE_CACHE=str(tmp_path / "memory.sqlite3"))
    assert run_cli("run", "-", "--no-glossary", env=values, input="Bonjour.").returncode == 0
    done = run_cli("cache", "stats", "--format", "json", env=values)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["entries"] == 1 and data["path"] == str(tmp_path / "memory.sqlite3")


def test_report_mode_summary_reads_as_words(env: dict[str, str]) -> None:
    done = run_cli("run", "-", "--glossary-mode", "report", env=env, input="L'OTAN à Kiev.")
    assert done.returncode == 0, done.stderr
    summary = done.stderr.strip()
    assert summary.startswith("2 terms: ") and "(2 not enforced)" in summary, summary
    assert "none" not in summary
