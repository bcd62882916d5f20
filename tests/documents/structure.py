"""Structure of a document as its own parser sees it, without the translatable text.

Two documents with equal structures have the same blocks, inline elements, attributes, link
targets, code, cue timings and table cells, in the same order.
"""

from __future__ import annotations

import io
import re
from typing import Any

TRANSLATED_ATTRIBUTES = {"alt", "title"}
META_TRANSLATED = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
VERBATIM = {"script", "style", "code", "pre"}


def html_tree(data: bytes) -> Any:
    from lxml import etree, html

    from translate.documents.html import sniff_encoding

    parser = html.HTMLParser(remove_comments=False, no_network=True, encoding=sniff_encoding(data))
    return etree.fromstring(data, parser)


def html_structure(data: bytes) -> list[tuple[object, ...]]:
    """Every element, comment and kept attribute in document order; verbatim content whole."""
    root = html_tree(data)
    out: list[tuple[object, ...]] = []
    kept: set[Any] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            out.append(("comment", element.text))
            continue
        attributes = {k: v for k, v in element.attrib.items()
                      if k not in TRANSLATED_ATTRIBUTES and k != "lang"}
        if element.tag == "meta" and (element.get("name") or element.get("property")) in META_TRANSLATED:
            attributes.pop("content", None)
        out.append((element.tag, tuple(sorted(attributes.items()))))
        frozen = (element.tag in VERBATIM or element.get("translate") == "no"
                  or "notranslate" in (element.get("class") or "").split()
                  or any(a in kept for a in element.iterancestors()))
        if frozen:
            kept.add(element)
            out.append(("text", element.text))
    return out


def html_text(data: bytes) -> str:
    """Visible text of the body, whitespace collapsed."""
    root = html_tree(data)
    body = root.find("body")
    return " ".join((body if body is not None else root).text_content().split())


def markdown_tokens(data: bytes) -> list[Any]:
    from translate.documents.markdown import _parser

    return list(_parser().parse(data.decode("utf-8"), {}))


def markdown_structure(data: bytes) -> list[tuple[object, ...]]:
    """Block and inline tokens (type, tag, attributes), with verbatim content; no text."""
    out: list[tuple[object, ...]] = []
    for token in markdown_tokens(data):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "softbreak"):
                    continue
                content = child.content if child.type in ("code_inline", "html_inline") else None
                out.append((child.type, child.markup, tuple(sorted((child.attrs or {}).items())), content))
            continue
        verbatim = token.type in ("fence", "code_block", "html_block", "front_matter")
        content = token.content if verbatim else None
        out.append((token.type, token.tag, token.markup, tuple(sorted((token.attrs or {}).items())), content))
    return out


def srt_cues(data: bytes) -> list[Any]:
    import srt

    return list(srt.parse(data.decode("utf-8-sig")))


def srt_structure(data: bytes) -> list[tuple[object, ...]]:
    """Cue numbers and timings."""
    return [(c.index, c.start, c.end) for c in srt_cues(data)]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_parts(data: bytes) -> dict[str, Any]:
    import zipfile

    from lxml import etree

    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.match(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", name):
                parts[name] = etree.fromstring(archive.read(name))
    return parts


def docx_structure(data: bytes) -> list[tuple[object, ...]]:
    """Per part: tables, rows, cells, paragraphs with style, and the formatting sequence of
    their runs (consecutive runs of the same formatting merged: translation may redistribute
    words over them, never change their order)."""
    from lxml import etree

    out: list[tuple[object, ...]] = []
    for name, root in sorted(docx_parts(data).items()):
        for element in root.iter(W + "tbl", W + "tr", W + "tc", W + "p"):
            if element.tag != W + "p":
                out.append((name, element.tag.split("}")[1]))
                continue
            style = element.find(f"{W}pPr/{W}pStyle")
            sequence: list[object] = []
            for item in element.iter(W + "r", W + "hyperlink"):
                if item.tag == W + "hyperlink":
                    key: object = ("link", tuple(sorted(item.attrib.items())))
                else:
                    props = item.find(W + "rPr")
                    key = ("run", etree.tostring(props) if props is not None else b"")
                if not sequence or sequence[-1] != key:
                    sequence.append(key)
            out.append((name, "p", style.get(W + "val") if style is not None else None, tuple(sequence)))
    return out


def docx_text(data: bytes) -> list[str]:
    """Text of every paragraph of every part."""
    return ["".join(t.text or "" for t in p.iter(W + "t"))
            for _, root in sorted(docx_parts(data).items()) for p in root.iter(W + "p")]


def docx_rels(data: bytes) -> list[tuple[str, str, str]]:
    """Every relationship (type, target, mode) of the main document part."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    return sorted((r.get("Type"), r.get("Target"), r.get("TargetMode") or "") for r in root)
