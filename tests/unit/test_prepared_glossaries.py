"""Prepared copies of large glossaries: the same glossary and the same matches as the file,
whatever state the cache is in (missing, stale, damaged, read-only, planted special files)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import GLOSSARY
from translate.cli import app
from translate.errors import GlossaryError
from translate.glossary import prepared
from translate.glossary.lint import lint_glossaries
from translate.glossary.match import SourceMatcher, first_word_index
from translate.glossary.schema import Glossary, load_glossary

TEXT = ("Le secrétaire général de l'OTAN a rencontré à Kiev les ministres des Pays-Bas ; "
        "les opérations militaires spéciales et l'ETAT ISLAMIQUE ont été évoqués. ")


@pytest.fixture(autouse=True)
def every_glossary_is_large(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped glossary stands for a large one: the copy logic does not depend on size.
    monkeypatch.setattr(prepared, "MIN_CHARS", 0)


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.yaml"
    path.write_bytes(GLOSSARY.read_bytes())
    return path


def _copies(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.json")) if directory.is_dir() else []


def _found(glossary: Glossary, text: str = TEXT) -> list[tuple[str, int, int, bool]]:
    return [(m.term.source, m.start, m.end, m.plural) for m in SourceMatcher(glossary).find(text)]


def test_second_load_comes_from_the_copy_and_is_the_same_glossary(tmp_path: Path,
                                                                  glossary_file: Path) -> None:
    cache = tmp_path / "cache"
    direct = load_glossary(glossary_file)
    first = prepared.load_glossary(glossary_file, directory=cache)
    assert len(_copies(cache)) == 1
    second = prepared.load_glossary(glossary_file, directory=cache)
    for loaded in (first, second):
        assert loaded == direct  # terms (with lines), pair, path, content hash
        assert loaded.sha256 == direct.sha256
        assert loaded.first_words == first_word_index(direct.terms)
        assert _found(loaded) == _found(direct)
    assert _found(direct), "the sample text contains glossary terms"


def test_an_edited_file_is_read_again_not_taken_from_the_old_copy(tmp_path: Path,
                                                                   glossary_file: Path) -> None:
    cache = tmp_path / "cache"
    prepared.load_glossary(glossary_file, directory=cache)
    text = glossary_file.read_text(encoding="utf-8")
    glossary_file.write_text(text.replace("target: NATO", "target: Nato", 1), encoding="utf-8")
    edited = prepared.load_glossary(glossary_file, directory=cache)
    assert edited == load_glossary(glossary_file)
    assert [t.target for t in edited.terms if t.source == "OTAN"] == ["Nato"]
    assert len(_copies(cache)) == 2


def _truncate(file: Path) -> None:
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


def _flip_a_byte(file: Path) -> None:
    data = bytearray(file.read_bytes())
    data[-10] ^= 0x01
    file.write_bytes(bytes(data))


def _valid_hash_wrong_shape(file: Path) -> None:
    import hashlib

    payload = b'{"terms": [[1]], "index": 5}'
    header = json.dumps({"format": prepared.FORMAT, "sha256": hashlib.sha256(payload).hexdigest()})
    file.write_bytes(header.encode() + b"\n" + payload)


def _rewritten(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """A copy whose content is changed and whose hash is made to match (a planted copy)."""
    import hashlib

    def plant(file: Path) -> None:
        data = json.loads(file.read_bytes().split(b"\n", 1)[1])
        change(data)
        payload = json.dumps(data).encode()
        header = json.dumps({"format": prepared.FORMAT, "sha256": hashlib.sha256(payload).hexdigest()})
        file.write_bytes(header.encode() + b"\n" + payload)

    return plant


def _first_row(data: dict[str, Any], row: list[Any]) -> None:
    data["terms"][0] = row


PLANTED = {
    "number-out-of-range": _rewritten(lambda d: d["first_words"].update(otan=10**9)),
    "numbers-not-ints": _rewritten(lambda d: d["first_words"].update(otan=["0"])),
    "index-not-a-mapping": _rewritten(lambda d: d.update(first_words=[])),
    "row-of-numbers": _rewritten(lambda d: _first_row(d, [1, 2, 3])),
    "flag-not-a-boolean": _rewritten(lambda d: _first_row(
        d, ["OTAN", "NATO", [], [], [], "yes", "", 5, ""])),
    "note-not-text": _rewritten(lambda d: _first_row(d, ["OTAN", "NATO", [], [], [], False, 0, 5, ""])),
    "variant-not-text": _rewritten(lambda d: _first_row(
        d, ["OTAN", "NATO", [7], [], [], False, "", 5, ""])),
    "language-not-text": _rewritten(lambda d: d.update(source_lang=None)),
}


def _fifo(file: Path) -> None:
    file.unlink()
    os.mkfifo(file)


def _symlink_elsewhere(file: Path) -> None:
    elsewhere = file.parent.parent / "elsewhere.json"
    elsewhere.write_bytes(file.read_bytes())
    file.unlink()
    file.symlink_to(elsewhere)


@pytest.mark.parametrize("damage", [_truncate, _flip_a_byte, _valid_hash_wrong_shape, _fifo,
                                    _symlink_elsewhere, lambda f: f.write_bytes(b""),
                                    lambda f: f.write_bytes(b"\x00" * 4096), *PLANTED.values()],
                         ids=["truncated", "flipped-byte", "wrong-shape", "fifo", "symlink",
                              "empty", "zeros", *PLANTED])
def test_a_damaged_or_planted_copy_is_ignored_and_replaced(
        tmp_path: Path, glossary_file: Path, damage: Callable[[Path], None]) -> None:
    cache = tmp_path / "cache"
    prepared.load_glossary(glossary_file, directory=cache)
    [copy] = _copies(cache)
    damage(copy)
    loaded = prepared.load_glossary(glossary_file, directory=cache)
    assert loaded == load_glossary(glossary_file)
    assert _found(loaded) == _found(load_glossary(glossary_file))
    assert stat.S_ISREG(copy.lstat().st_mode), "the damaged copy is replaced by a good one"
    assert prepared.load(cache, copy.stem, glossary_file) == loaded


def test_a_directory_planted_under_the_copy_name_only_costs_the_speed(
        tmp_path: Path, glossary_file: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    key = prepared.content_key(glossary_file.read_text(encoding="utf-8"))
    (cache / f"{key}.json").mkdir()
    for _ in range(2):
        assert prepared.load_glossary(glossary_file, directory=cache) == load_glossary(glossary_file)
    assert (cache / f"{key}.json").is_dir()
    assert not list(cache.glob(".*.tmp")), "no temporary file is left behind"


def test_a_cache_path_under_a_file_only_costs_the_speed(tmp_path: Path, glossary_file: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    loaded = prepared.load_glossary(glossary_file, directory=blocker / "cache")
    assert loaded == load_glossary(glossary_file)
    assert blocker.read_text() == "x"


def test_only_the_most_recently_used_copies_are_kept(tmp_path: Path, glossary_file: Path) -> None:
    cache = tmp_path / "cache"
    text = glossary_file.read_text(encoding="utf-8")
    for number in range(prepared.KEEP + 3):
        glossary_file.write_text(text + f"# edit {number}\n", encoding="utf-8")
        prepared.load_glossary(glossary_file, directory=cache)
        assert len(_copies(cache)) == min(number + 1, prepared.KEEP)
    newest = prepared.content_key(glossary_file.read_text(encoding="utf-8"))
    assert (cache / f"{newest}.json").exists()


def test_a_copy_does_not_bypass_the_pair_or_the_term_limit(tmp_path: Path,
                                                           glossary_file: Path) -> None:
    cache = tmp_path / "cache"
    count = len(prepared.load_glossary(glossary_file, directory=cache).terms)
    with pytest.raises(GlossaryError) as direct:
        load_glossary(glossary_file, ("fr", "de"))
    with pytest.raises(GlossaryError) as copied:
        prepared.load_glossary(glossary_file, ("fr", "de"), directory=cache)
    assert str(copied.value) == str(direct.value)
    with pytest.raises(GlossaryError) as direct:
        load_glossary(glossary_file, None, max_terms=count - 1)
    with pytest.raises(GlossaryError) as copied:
        prepared.load_glossary(glossary_file, None, max_terms=count - 1, directory=cache)
    assert str(copied.value) == str(direct.value)


def test_lint_findings_from_a_copy_are_the_findings(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = tmp_path / "lint.yaml"
    path.write_text('version: 1\nterms:\n  - source: "OTAN"\n    target: NATO\n'
                    '  - source: "secrétaire général de l\'OTAN"\n    target: NATO Secretary General\n'
                    '  - source: premier ministre\n    target: Prime Minister\n'
                    '  - source: "  Kiev"\n    target: Kyiv\n    forbidden: [Kyiv]\n'
                    '  - source: oui\n    target: yes\n    note: no\n', encoding="utf-8")
    direct = lint_glossaries([path])
    first = lint_glossaries([path], prepared=cache)
    assert len(_copies(cache)) == 1
    second = lint_glossaries([path], prepared=cache)
    assert first == direct and second == direct
    assert {i.code for i in direct[0][0].issues} >= {"nested", "ambiguous", "whitespace",
                                                     "target-forbidden", "yaml11-boolean"}
    with pytest.raises(GlossaryError):  # a lower limit still applies to an unchanged file
        lint_glossaries([path], max_terms=2, prepared=cache)


def test_commands_write_copies_beside_the_memory_and_none_with_the_cache_off(
        tmp_path: Path, glossary_file: Path, installed: Path) -> None:
    runner = CliRunner()
    source, translation = tmp_path / "a.fr.txt", tmp_path / "a.en.txt"
    source.write_text("L'OTAN se réunit à Kiev.\n", encoding="utf-8")
    translation.write_text("NATO meets in Kiev.\n", encoding="utf-8")
    memory = tmp_path / "cache" / "memory.sqlite3"
    outputs = []
    for setting in ("off", str(memory), str(memory)):
        env = {"TRANSLATE_CACHE": setting, "ARGOS_PACKAGES_DIR": str(installed)}
        done = runner.invoke(app, ["check", "-g", str(glossary_file), str(source),
                                   str(translation)], env=env)
        assert done.exit_code == 1, done.output  # « Kiev » is forbidden
        outputs.append(done.output)
        if setting == "off":
            assert not (tmp_path / "cache").exists()
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(_copies(memory.parent / prepared.DIRECTORY_NAME)) == 1
