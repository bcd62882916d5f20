"""Corpus discovery: which files become documents, where their outputs go, what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.batch.inputs import JsonlFields, discover
from translate.errors import InputError


def write(path: Path, text: str = "Bonjour.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids(inputs: list[Path], out: Path) -> list[str]:
    errors: list[tuple[str, str]] = []
    return [s.id for s in discover(inputs, out, JsonlFields(), errors)]


def test_one_folder_maps_onto_the_output_folder_in_a_stable_order(tmp_path: Path) -> None:
    for rel in ("b/z.txt", "a.txt", "b/a.txt", ".hidden.txt", "b/.git/x.txt", "notes.pdf", "c/d/e.TXT"):
        write(tmp_path / "in" / rel)
    assert ids([tmp_path / "in"], tmp_path / "out") == ["a.txt", "b/a.txt", "b/z.txt", "c/d/e.TXT"]


def test_several_inputs_keep_their_folder_names(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.txt")
    write(tmp_path / "two" / "a.txt")
    single = write(tmp_path / "loose.txt")
    assert ids([tmp_path / "one", tmp_path / "two", single], tmp_path / "out") == [
        "one/a.txt", "two/a.txt", "loose.txt"]


def test_two_inputs_that_would_write_the_same_output_are_refused(tmp_path: Path) -> None:
    first, second = write(tmp_path / "x" / "a.txt"), write(tmp_path / "y" / "a.txt")
    with pytest.raises(InputError, match=r"both map to a\.txt"):
        ids([first, second], tmp_path / "out")


def test_the_output_folder_inside_the_input_is_not_read_back(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt")
    write(tmp_path / "in" / "out" / "a.txt", "already translated\n")
    assert ids([tmp_path / "in"], tmp_path / "in" / "out") == ["a.txt"]


@pytest.mark.parametrize(("name", "message"), [("missing.txt", "no such file"),
                                               ("doc.pdf", "unknown document type")])
def test_unusable_explicit_inputs_are_refused(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".pdf"):
        write(tmp_path / name)
    with pytest.raises(InputError, match=message):
        ids([tmp_path / name], tmp_path / "out")


def test_jsonl_records_and_their_errors(tmp_path: Path) -> None:
    lines = [json.dumps({"id": 1, "text": "Un."}), "", json.dumps({"id": 1, "text": "Deux."}),
             json.dumps(["not", "an", "object"]), json.dumps({"id": True, "text": "x"}),
             json.dumps({"id": "z", "text": "Trois."})]
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    errors: list[tuple[str, str]] = []
    sources = discover([feed], tmp_path / "out", JsonlFields(), errors)
    assert [(s.id, s.text, s.key) for s in sources] == [("feed.jsonl#1", "Un.", 1),
                                                        ("feed.jsonl#z", "Trois.", "z")]
    reasons = dict(errors)
    assert "duplicate id" in reasons["feed.jsonl#1#line-3"]
    assert "not a JSON object" in reasons["feed.jsonl#line-4"]
    assert "--id-field" in reasons["feed.jsonl#line-5"]
