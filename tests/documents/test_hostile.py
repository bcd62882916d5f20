"""Hostile and broken documents: refused with one clear line, or parsed best-effort; never a
traceback, never expanded, never fetched."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from tests.documents import structure
from tests.documents.samples import docx_article
from translate.config import Settings
from translate.documents import DocumentError, get_format, translate_bytes
from translate.engine.base import Engine

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY ext SYSTEM "file:///etc/passwd">
]>
<html><body><p>Bonjour &lol9; et &ext; fin.</p></body></html>"""


def test_html_entity_bomb_is_not_expanded() -> None:
    started = time.perf_counter()
    document = get_format("html").parse(BILLION_LAUGHS)
    assert time.perf_counter() - started < 5
    text = " ".join(b.text for b in document.blocks)
    assert len(text) < 1000 and "root:" not in text
    assert "Bonjour" in text


def test_docx_entity_bomb_in_a_part_is_not_expanded() -> None:
    source = docx_article()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/footer1.xml":
                data = BILLION_LAUGHS.split(b"<html>")[0] + data.split(b"?>", 1)[1]
            new.writestr(item, data)
    try:
        document = get_format("docx").parse(out.getvalue())
    except DocumentError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(len(b.text) < 1000 for b in document.blocks)


@pytest.mark.parametrize("tag", ["div", "b", "span"])
def test_deeply_nested_html_is_parsed_best_effort(tag: str, engine: Engine, doc_settings: Settings) -> None:
    depth = 20000
    source = (f"<p>Début <{tag}>" * 1 + f"<{tag}>" * depth + "Le texte profond." + f"</{tag}>" * depth
              + " fin.</p>").encode()
    done = translate_bytes(source, "html", engine, doc_settings)
    assert done.data


@pytest.mark.parametrize("source", [
    b"<p>Paragraphe <b>non ferm\xc3\xa9 <i>du tout<p>Suite</div></span>",
    b"<<<>>><p =>< a href=>Texte</a></p></p></p>",
    b"<table><tr><td>Cellule<td>Autre</table></table>",
    b"\xff\xfe<\x00p\x00>\x00",
    b"<p>" + b"\xe9t\xe9" + b"</p>",
    b"<p>Texte\x0b avec un caract\xc3\xa8re de contr\xc3\xb4le\x1f.</p>",
    b"<html><head><meta charset='klingon'></head><body><p>Texte</p></body></html>",
])
def test_malformed_html_parses_or_fails_with_one_line(source: bytes, engine: Engine,
                                                      doc_settings: Settings) -> None:
    try:
        done = translate_bytes(source, "html", engine, doc_settings)
    except DocumentError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 300
    else:
        assert isinstance(done.data, bytes)


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data,message", [
    (b"PK\x03\x04 not really a zip", "not a DOCX"),
    (b"plain text", "not a DOCX"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 * 1024 * 1024)}), "zip bomb"),
    (_zip({f"f{i}": b"" for i in range(5001)}), "entries"),
    (_zip({"hello.txt": b"hi"}), "not a DOCX"),
])
def test_docx_bombs_and_non_docx_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message) as caught:
        get_format("docx").parse(data)
    assert "\n" not in str(caught.value)


def test_docx_external_relationships_are_kept_and_never_fetched(engine: Engine,
                                                                doc_settings: Settings) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    word = docx.Document(io.BytesIO(docx_article()))
    # an image linked to a server nobody listens on: fetching it would fail or hang
    word.part.relate_to("http://127.0.0.1:9/tracker.png", RELATIONSHIP_TYPE.IMAGE, is_external=True)
    buffer = io.BytesIO()
    word.save(buffer)
    source = buffer.getvalue()
    done = translate_bytes(source, "docx", engine, doc_settings)
    assert ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
            "http://127.0.0.1:9/tracker.png", "External") in structure.docx_rels(done.data)
    assert structure.docx_rels(done.data) == structure.docx_rels(source)


@pytest.mark.parametrize("data", [
    b"1\n00:00:01,000 --> pas une heure\nTexte\n",
    b"\xff\xfe\x00garbage",
    b"1\n00:00:01,000 --> 00:00:02,000\n\xe9t\xe9\n",
])
def test_broken_srt_is_refused_with_one_line(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        get_format("srt").parse(data)
    assert "\n" not in str(caught.value)


def test_large_srt_parses_in_bounded_time() -> None:
    cues = "".join(f"{i}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\nRéplique numéro {i}.\n\n"
                   for i in range(1, 20001))
    started = time.perf_counter()
    document = get_format("srt").parse(cues.encode())
    assert len(document.blocks) == 20000
    assert time.perf_counter() - started < 20


def test_oversized_documents_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from translate.documents import model

    limit = model.MAX_DOCUMENT_BYTES
    monkeypatch.setattr(model, "MAX_DOCUMENT_BYTES", 100)  # the shared check (decode_utf8)
    for name in ("html", "markdown", "srt", "docx"):
        handler = get_format(name)
        module = __import__(type(handler).__module__, fromlist=["MAX_DOCUMENT_BYTES"])
        monkeypatch.setattr(module, "MAX_DOCUMENT_BYTES", 100, raising=False)
        with pytest.raises(DocumentError, match="limit"):
            handler.parse(b"x" * 101)
    assert limit > 1_000_000
