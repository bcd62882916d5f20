"""Word documents (python-docx): paragraphs with their runs as inline markup.

Every paragraph of the body, tables (nested too), text boxes, headers, footers, footnotes and
endnotes is a block; each run is a span carrying its formatting (``w:rPr``), hyperlinks and
tracked insertions are spans around their runs, so bold, italics and links land on the aligned
target words. Tabs, breaks, drawings, field codes, bookmarks and deletions stay where they are,
untouched; styles, numbering, settings and every other part are copied as they were.

Refused before python-docx reads anything: files that are not zip archives, more than
``MAX_ENTRIES`` entries or ``MAX_UNCOMPRESSED`` bytes once expanded (zip bombs). External
relationships (linked images, hyperlink targets) are kept as references and never fetched.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

from translate.documents.model import (
    MAX_DOCUMENT_BYTES,
    Block,
    Document,
    DocumentError,
    Format,
    Span,
    normalized,
    register_format,
)
from translate.documents.project import tree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
TEXT_PARTS = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
CONTAINERS = frozenset({W + "hyperlink", W + "ins", W + "smartTag", W + "fldSimple", W + "customXml"})
SPACING = frozenset({W + "tab", W + "br", W + "cr"})


def check_archive(data: bytes) -> None:
    """Refuse what is not a zip, or expands beyond the limits (without expanding it)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"DOCX file is {len(data)} bytes, over the {MAX_DOCUMENT_BYTES} limit")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError("not a DOCX file (not a zip archive); give a Word .docx file") from None
    if len(entries) > MAX_ENTRIES:
        raise DocumentError(f"DOCX has {len(entries)} entries (limit {MAX_ENTRIES}); refused")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        raise DocumentError(f"DOCX expands to {total} bytes (limit {MAX_UNCOMPRESSED}); refused "
                            f"as a possible zip bomb")
    for entry in entries:
        ratio = entry.file_size // max(1, entry.compress_size)
        if entry.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise DocumentError(f"DOCX entry {entry.filename} compresses {ratio}:1; refused as a "
                                f"possible zip bomb")
    if "[Content_Types].xml" not in {e.filename for e in entries}:
        raise DocumentError("not a DOCX file (no [Content_Types].xml); give a Word .docx file")


def _safe_xml(blob: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False)
    return etree.fromstring(blob, parser)


@register_format
class DocxFormat(Format):
    """Office Open XML word-processing documents."""

    name = "docx"
    extensions = (".docx",)
    binary = True

    def parse(self, data: bytes) -> Document:
        """One block per paragraph, in every text-bearing part."""
        check_archive(data)
        import docx
        from lxml import etree

        try:
            word = docx.Document(io.BytesIO(data))
        except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            raise DocumentError(f"cannot read DOCX ({type(exc).__name__}: {exc}); "
                                f"open and re-save it in Word") from None
        except Exception as exc:  # noqa: BLE001 - python-docx raises its own assorted errors
            raise DocumentError(f"cannot read DOCX ({type(exc).__name__}); "
                                f"open and re-save it in Word") from None
        blocks: list[Block] = []
        rewritten: list[tuple[Any, Any]] = []
        for part in word.part.package.iter_parts():
            if part.content_type not in TEXT_PARTS:
                continue
            element = getattr(part, "element", None)
            if element is None:
                try:
                    element = _safe_xml(part.blob)
                except etree.XMLSyntaxError as exc:
                    raise DocumentError(f"DOCX part {part.partname} is not valid XML ({exc})") from None
                rewritten.append((part, element))
            for paragraph in list(element.iter(W + "p")):
                _split_runs(paragraph)
                block = _block(paragraph)
                if block is not None:
                    blocks.append(block)
        return Document(self.name, blocks, word, {"rewritten": rewritten})

    def render(self, document: Document) -> bytes:
        """The document with translated paragraphs; everything else as it was."""
        from lxml import etree

        for block in document.blocks:
            if block.translation is not None:
                _put_back(block)
        for part, element in document.meta["rewritten"]:
            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
        out = io.BytesIO()
        document.tree.save(out)
        return out.getvalue()


def _split_runs(paragraph: Any) -> None:
    """One content item per run, so a tab or a break never shares a run with text."""
    for run in list(paragraph.iter(W + "r")):
        content = [c for c in run if c.tag != W + "rPr"]
        if len(content) <= 1 or all(c.tag == W + "t" for c in content):
            continue
        properties = run.find(W + "rPr")
        parent = run.getparent()
        position = parent.index(run)
        for offset, item in enumerate(content):
            piece = run.makeelement(run.tag, dict(run.attrib))
            if properties is not None:
                piece.append(copy.deepcopy(properties))
            piece.append(item)
            parent.insert(position + offset + 1, piece)
        parent.remove(run)


def _is_text_run(run: Any) -> bool:
    content = [c for c in run if c.tag != W + "rPr"]
    return bool(content) and all(c.tag == W + "t" for c in content)


def _block(paragraph: Any) -> Block | None:
    parts: list[str] = []
    spans: list[Span] = []

    def visit(element: Any, parent: int) -> None:
        start = sum(len(p) for p in parts)
        if element.tag == W + "r" and _is_text_run(element):
            parts.append("".join(t.text or "" for t in element.iter(W + "t")))
            spans.append(Span(start, sum(len(p) for p in parts), element, parent))
        elif element.tag in CONTAINERS:
            index = len(spans)
            spans.append(Span(start, start, element, parent))
            for child in element:
                if child.tag != W + "rPr":
                    visit(child, index)
            spans[index].end = sum(len(p) for p in parts)
        else:
            spans.append(Span(start, start, element, parent, verbatim=True))
            if element.tag == W + "r" and any(c.tag in SPACING for c in element):
                parts.append(" ")

    for child in paragraph:
        if child.tag != W + "pPr":
            visit(child, -1)
    raw = "".join(parts)
    if not raw.strip():
        return None
    text, moved = normalized(raw, spans)
    return Block(text, moved, paragraph)


def _text_run(template: Any, text: str) -> Any:
    run = template.makeelement(W + "r", dict(template.attrib) if template.tag == W + "r" else {})
    properties = template.find(W + "rPr") if template.tag == W + "r" else None
    if properties is not None:
        run.append(copy.deepcopy(properties))
    t = run.makeelement(W + "t", {})
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    run.append(t)
    return run


def _put_back(block: Block) -> None:
    assert block.translation is not None
    paragraph = block.ref
    nodes = tree(block.translation, block.spans, block.targets)
    first_run = next((s.markup for s in block.spans if s.markup.tag == W + "r" and not s.verbatim),
                     paragraph)

    def build(items: list[object], template: Any) -> list[Any]:
        out: list[Any] = []
        for node in items:
            if isinstance(node, str):
                if not node:
                    continue
                last = out[-1] if out else None
                if last is not None and last.tag == W + "r" and _is_text_run(last):
                    t = last.findall(W + "t")[-1]
                    t.text = (t.text or "") + node
                    t.set(XML_SPACE, "preserve")
                else:
                    out.append(_text_run(template, node))
                continue
            assert isinstance(node, tuple)
            span = block.spans[node[0]]
            element = span.markup
            if span.verbatim:
                out.append(copy.deepcopy(element))
            elif element.tag == W + "r":
                text = "".join(n for n in node[1] if isinstance(n, str))
                out.append(_text_run(element, text))
            else:
                container = element.makeelement(element.tag, dict(element.attrib))
                for child in element:
                    if child.tag == W + "rPr":
                        container.append(copy.deepcopy(child))
                inner = next((block.spans[n[0]].markup for n in node[1] if isinstance(n, tuple)),
                             template)
                for item in build(node[1], inner):
                    container.append(item)
                out.append(container)
        return out

    new = build(nodes, first_run)
    for child in list(paragraph):
        if child.tag != W + "pPr":
            paragraph.remove(child)
    for item in new:
        paragraph.append(item)
