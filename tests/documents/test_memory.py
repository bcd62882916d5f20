"""Documents and the translation memory: alignments are stored with the sentences, a re-run is
served from the memory with the same output, and entries stored by a plain-text run (which
carry no alignment) are decoded again rather than used without one."""

from __future__ import annotations

from pathlib import Path

from translate.cache import TranslationMemory
from translate.config import Settings
from translate.documents import parse_text, translate_bytes
from translate.engine.base import Engine
from translate.pipeline import translate_document

PAGE = ("<h1>Le sommet de l'<b>OTAN</b></h1><p>Le <a href='/sg'>secrétaire général</a> a parlé "
        "à <i>Kiev</i>. Les alliés ont <em>salué</em> la décision.</p>").encode()


def test_rerun_is_served_from_memory_with_the_same_output(engine: Engine, doc_settings: Settings,
                                                          tmp_path: Path) -> None:
    memory = TranslationMemory.open(tmp_path / "memory.sqlite")
    try:
        first = translate_bytes(PAGE, "html", engine, doc_settings, memory=memory)
        second = translate_bytes(PAGE, "html", engine, doc_settings, memory=memory)
    finally:
        memory.close()
    assert first.result.stats["cached"] == 0
    assert second.result.stats["cached"] == second.result.stats["sentences"] > 0
    assert second.data == first.data
    assert all(s.alignment for s in second.result.sentences)


def test_text_entries_without_alignment_are_decoded_again(engine: Engine, doc_settings: Settings,
                                                          tmp_path: Path) -> None:
    memory = TranslationMemory.open(tmp_path / "memory.sqlite")
    try:
        translate_document(parse_text(PAGE, "html"), engine, doc_settings, memory=memory)
        done = translate_bytes(PAGE, "html", engine, doc_settings, memory=memory)
    finally:
        memory.close()
    assert done.result.stats["cached"] == 0
    assert all(s.alignment for s in done.result.sentences)
