"""Enforcement end to end on a newsroom article (headline in capitals without accents,
plural and feminine terms, sentences without any term) with the tiny real model."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_cli
from translate.glossary.schema import load_glossary
from translate.glossary.target import find_renderings
from translate.quality.check import Checker

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLE = DATA / "newsroom-article.fr.txt"
GLOSSARY = DATA / "glossary" / "newsroom.yaml"
# What the desk expects for the plural source forms of the article.
PLURALS = {"chars d'assaut": "tanks", "missiles de croisière": "cruise missiles",
           "envoyés spéciaux": "special envoys", "armes à feu": "firearms"}


@pytest.fixture(scope="module")
def runs(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import os

    out = tmp_path_factory.mktemp("newsroom")
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(installed), TRANSLATE_CACHE="off")
    enforced = run_cli("run", str(ARTICLE), "-g", str(GLOSSARY), "-o", str(out / "en.txt"),
                       "--report", str(out / "report.json"), env=env)
    assert enforced.returncode == 0, enforced.stderr
    as_json = run_cli("run", str(ARTICLE), "-g", str(GLOSSARY), "-f", "json", env=env)
    plain = run_cli("run", str(ARTICLE), "--no-glossary", "-f", "json", env=env)
    assert as_json.returncode == 0 and plain.returncode == 0, as_json.stderr + plain.stderr
    return {"out": out, "env": env, "stderr": enforced.stderr,
            "report": json.loads((out / "report.json").read_text(encoding="utf-8")),
            "enforced": json.loads(as_json.stdout)["sentences"],
            "plain": json.loads(plain.stdout)["sentences"]}


def test_translate_check_passes_on_the_output(runs: dict[str, object]) -> None:
    out = runs["out"]
    assert isinstance(out, Path)
    done = run_cli("check", str(ARTICLE), str(out / "en.txt"), "-g", str(GLOSSARY), "-f", "json",
                   env=runs["env"])  # type: ignore[arg-type]
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["violations"] == [] and data["alignment"] in ("sentence", "paragraph")
    assert data["occurrences"] >= 10
    assert str(runs["stderr"]).startswith(f"{data['occurrences']} terms: {data['occurrences']} ok")


def test_sentences_without_terms_are_byte_identical_to_a_run_without_glossary(
        runs: dict[str, object]) -> None:
    checker = Checker(load_glossary(GLOSSARY))
    enforced, plain = runs["enforced"], runs["plain"]
    assert isinstance(enforced, list) and isinstance(plain, list)
    untouched = 0
    for mine, theirs in zip(enforced, plain, strict=True):
        assert mine["source"] == theirs["source"]
        if checker.source.find(mine["source"]) or checker.forbidden.find(theirs["translation"]):
            continue
        assert mine["translation"] == theirs["translation"], mine["source"]
        untouched += 1
    assert untouched >= 2
    # The model's typography survives in them (it was once flattened to ASCII).
    assert any(set(s["translation"]) & set("«»“”’–\"") for s in plain)


def test_no_term_rendered_more_often_than_its_source_and_the_model_allow(
        runs: dict[str, object]) -> None:
    checker = Checker(load_glossary(GLOSSARY))
    enforced, plain = runs["enforced"], runs["plain"]
    assert isinstance(enforced, list) and isinstance(plain, list)
    for mine, theirs in zip(enforced, plain):
        matches = checker.source.find(mine["source"])
        terms = {m.term for m in matches}
        needed = Counter(m.term for m in matches)
        own = Counter(r.term for r in find_renderings(theirs["translation"], terms))
        have = Counter(r.term for r in find_renderings(mine["translation"], terms))
        for term in terms:
            assert have[term] <= needed[term] + own[term], (term.source, mine["translation"])
        # No leftover of a failed placement: no word of a rendering doubled next to it.
        words = {w.lower() for t in terms for w in re.findall(r"\w+", t.target)}
        for first, second in re.findall(r"(\w+)\s+(\w+)", mine["translation"]):
            assert not (first.lower() == second.lower() and first.lower() in words), \
                mine["translation"]


def test_plural_sources_get_plural_renderings(runs: dict[str, object]) -> None:
    enforced = runs["enforced"]
    assert isinstance(enforced, list)
    seen = set()
    for sentence in enforced:
        for source, rendering in PLURALS.items():
            if source in sentence["source"]:
                seen.add(source)
                assert rendering in sentence["translation"].lower(), sentence
    assert seen == set(PLURALS)
    report = runs["report"]
    assert isinstance(report, dict)
    expected = {o["source_text"]: o["expected"] for o in report["occurrences"]}
    for source, rendering in PLURALS.items():
        assert expected[source].lower() == rendering


def test_report_names_the_source_span_of_each_occurrence(runs: dict[str, object]) -> None:
    report = runs["report"]
    assert isinstance(report, dict)
    text = ARTICLE.read_text(encoding="utf-8")
    spans = {o["source_text"] for o in report["occurrences"]}
    assert {"CONSEIL DE SECURITE", "Etats-Unis", "envoyée spéciale", "directrice générale",
            "Bruxelles"} <= spans
    assert all(o["source_text"] in text for o in report["occurrences"])
    assert all(o["status"] == "ok" for o in report["occurrences"])
