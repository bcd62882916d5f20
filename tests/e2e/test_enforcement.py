"""Glossary enforcement in `translate run` with the tiny real model (whose output never
contains the terms by itself, so every strategy is exercised for real)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, GLOSSARY, run_cli
from translate.glossary.schema import load_glossary
from translate.quality.check import check_translation

pytestmark = pytest.mark.slow


def test_every_source_term_is_rendered_and_nothing_forbidden(article_run: dict[str, object]) -> None:
    source = EXAMPLE.read_text(encoding="utf-8")
    report = check_translation(source, str(article_run["text"]), load_glossary(GLOSSARY))
    assert report.alignment in ("sentence", "paragraph")
    assert report.ok, report.violations
    assert report.occurrences >= 20


def test_report_accounts_for_every_occurrence(article_run: dict[str, object]) -> None:
    report = article_run["report"]
    assert isinstance(report, dict)
    occurrences = report["occurrences"]
    counts = Counter(o["source_term"] for o in occurrences)
    assert counts["OTAN"] == 5
    for term in ("Kiev", "La Haye", "Pays-Bas", "opération militaire spéciale", "pays baltes",
                 "militants kurdes", "armes lourdes", "présence avancée"):
        assert counts[term] >= 1, term
    assert counts["armes lourdes"] == 3
    assert all(o["status"] == "ok" for o in occurrences)
    assert {o["method"] for o in occurrences} <= {"decoded", "prefix", "post-edit", "already-present"}
    assert report["violations"] == []
    source = EXAMPLE.read_text(encoding="utf-8")
    for o in occurrences:
        assert o["source_text"] in source
        assert o["source_span"][1] > o["source_span"][0]


def test_prefix_strategy_places_most_terms(article_run: dict[str, object]) -> None:
    methods = Counter(o["method"] for o in article_run["report"]["occurrences"])  # type: ignore[index]
    assert methods["prefix"] > 0


def test_summary_line_on_stderr(article_run: dict[str, object]) -> None:
    lines = str(article_run["stderr"]).strip().splitlines()
    assert len(lines) == 1
    total = len(article_run["report"]["occurrences"])  # type: ignore[index]
    assert lines[0].startswith(f"{total} terms: {total} ok")


def test_structure_holds_with_enforcement(article_run: dict[str, object]) -> None:
    paragraphs = [p for p in str(article_run["text"]).split("\n\n") if p.strip()]
    assert len(paragraphs) == 8


def test_forbidden_rendering_is_suppressed_in_decoding(installed: Path, tmp_path: Path,
                                                      env: dict[str, str]) -> None:
    text = "Le président a parlé de la guerre."
    plain = run_cli("run", "-", "--no-glossary", env=env, input=text).stdout
    words = [w.strip('".,!?') for w in plain.split()]
    word = next(w for w in words if len(w) >= 4 and w.isalpha())
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "version: 1\nsource_lang: fr\ntarget_lang: en\nterms:\n"
        f"  - source: président\n    target: President\n    forbidden: ['{word}']\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.json"
    done = run_cli("run", "-", "-g", str(glossary), "--report", str(report), "--format", "json",
                   env=env, input=text)
    assert done.returncode == 0, done.stderr
    translation = json.loads(done.stdout)["sentences"][0]["translation"]
    assert word.lower() not in translation.lower().replace("-", " ").split()
    assert "President" in translation
    assert json.loads(report.read_text())["violations"] == []


def test_strict_exits_1_only_when_violations_remain(env: dict[str, str], tmp_path: Path) -> None:
    clean = run_cli("run", "-", "--strict", "-g", str(GLOSSARY), env=env, input="L'OTAN à Kiev.")
    assert clean.returncode == 0, clean.stderr
    assert "NATO" in clean.stdout and "Kyiv" in clean.stdout
    # A contradictory entry (its target is also forbidden) cannot be satisfied by any strategy.
    contradictory = tmp_path / "bad.yaml"
    contradictory.write_text("version: 1\nterms:\n  - source: Kiev\n    target: Kiev\n"
                             "    forbidden: [Kiev]\n")
    for flags, code in (([], 0), (["--strict"], 1)):
        done = run_cli("run", "-", *flags, "-g", str(contradictory), env=env, input="À Kiev.")
        assert done.returncode == code, done.stderr
        assert done.stdout.strip()
        assert "forbidden" in done.stderr


def test_glossary_options(env: dict[str, str], tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("version: 1\nterms:\n  - source: Madrid\n    target: MADRID-HQ\n")
    both = run_cli("run", "-", "-g", str(GLOSSARY), "-g", str(extra), "-f", "json", env=env,
                   input="L'OTAN à Madrid.")
    data = json.loads(both.stdout)
    assert {t["source_term"] for t in data["terms"]} == {"OTAN", "Madrid"}
    assert "MADRID-HQ" in data["sentences"][0]["translation"]
    none = run_cli("run", "-", "--no-glossary", "-f", "json", env=env, input="L'OTAN à Madrid.")
    data = json.loads(none.stdout)
    assert data["terms"] == [] and data["signature"]["glossary"]["glossary"] == "none"


def test_default_glossary_comes_from_configs(env: dict[str, str]) -> None:
    done = run_cli("run", "-", "-f", "json", env=env, input="L'OTAN.")
    data = json.loads(done.stdout)
    assert data["signature"]["glossary"]["glossary"].endswith("news-fr-en.yaml")
    assert data["terms"][0]["source_term"] == "OTAN"
