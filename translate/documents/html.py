"""HTML: paragraphs of running text with inline elements carried across (lxml).

Block-level elements hold runs of text; inline elements inside a run (``b``, ``a``, ``span``…)
become spans, so a sentence split by markup is translated whole. Attributes, comments,
``script``/``style``/``code``/``pre``, ``translate="no"`` and ``class="notranslate"`` are kept
untouched; ``alt``, ``title`` and meta descriptions are translated; ``lang="fr"`` becomes
``lang="en"``. Parsing is libxml2's forgiving HTML parser with network access and entity
expansion off; the output uses the input's encoding (characters it cannot hold become
character references).
"""

from __future__ import annotations

import codecs
import copy
import re
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

INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font",
    "i", "ins", "label", "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u",
})
# Inline, kept verbatim: the words are shown to the model for context, never changed.
VERBATIM_INLINE = frozenset({"code", "kbd", "samp", "var", "math", "svg", "button", "select",
                             "output", "meter", "progress"})
# Points inside running text, kept as they are.
VOID_INLINE = frozenset({"br", "img", "wbr", "input", "script", "style", "template", "noscript",
                         "object", "embed", "iframe", "audio", "video", "canvas", "picture"})
# Never translated, wherever they are.
SKIP = frozenset({"script", "style", "code", "pre", "textarea", "kbd", "samp", "var", "svg",
                  "math", "template", "noscript", "iframe", "object", "canvas", "xmp",
                  "plaintext", "listing"})
ATTRIBUTES = ("alt", "title")
META_NAMES = frozenset({"description", "og:title", "og:description", "twitter:title",
                        "twitter:description"})
MAX_DEPTH = 200
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.I)
_FULL = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype|html|head)\b", re.I | re.S)


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _no_translate(element: Any) -> bool:
    if (element.get("translate") or "").strip().lower() == "no":
        return True
    return "notranslate" in (element.get("class") or "").split()


def _is_french(value: str | None) -> bool:
    return value is not None and re.match(r"fr(\b|[-_])", value.strip(), re.I) is not None


def sniff_encoding(data: bytes) -> str:
    """Byte-order mark, then ``<meta charset>`` / XML declaration, else UTF-8."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    head = data[:4096]
    found = _XML_DECL.search(head) or _CHARSET.search(head)
    if not found:
        return "utf-8"
    name = found.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DocumentError(f"the document declares an unknown charset {name!r}; "
                            f"fix its <meta charset> (e.g. utf-8)") from None


@register_format
class HtmlFormat(Format):
    """HTML pages and fragments."""

    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def parse(self, data: bytes) -> Document:
        """Blocks of running text, translatable attributes and meta descriptions."""
        from lxml import etree, html

        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"HTML document is {len(data)} bytes, over the "
                                f"{MAX_DOCUMENT_BYTES} limit; split it")
        encoding = sniff_encoding(data)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"HTML is not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                f"declare its charset with <meta charset> or convert it to UTF-8") from None
        if "\x00" in text:
            raise DocumentError("HTML contains NUL characters; give a text HTML file")
        text = text.lstrip("\ufeff")
        full = _FULL.match(text) is not None
        if not text.strip():
            return Document(self.name, [], None, {"encoding": encoding, "full": full, "empty": data})
        parser = html.HTMLParser(remove_comments=False, remove_pis=False, no_network=True,
                                 remove_blank_text=False, recover=True, huge_tree=False)
        if not full:
            # libxml2 wraps leading bare text in <p>; an explicit body keeps a fragment as it is.
            text = "<html><body>" + text + "</body></html>"
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        try:
            root = etree.fromstring(text, parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            raise DocumentError(f"cannot parse HTML ({exc}); check the file is HTML") from None
        if root is None:
            return Document(self.name, [], None, {"encoding": encoding, "full": full, "empty": data})
        blocks: list[Block] = []
        _walk(root, blocks, 0)
        return Document(self.name, blocks, root, {"encoding": encoding, "full": full})

    def render(self, document: Document) -> bytes:
        """The page with translated text, in its own encoding."""
        from lxml import etree

        root = document.tree
        encoding = document.meta["encoding"]
        if root is None:
            return bytes(document.meta.get("empty", b""))
        # Attributes first: inline elements are rebuilt from their (translated) attributes.
        # Runs last to first: a run's replacement never shifts the children an earlier run uses.
        for kind in ("attribute", "run"):
            for block in reversed(document.blocks):
                if block.translation is not None and block.ref[0] == kind:
                    _put_back(block)
        _english(root)
        if document.meta["full"]:
            tree_ = root.getroottree()
            out = etree.tostring(tree_, method="html", encoding="unicode", doctype=tree_.docinfo.doctype)
            text = str(out)
            return (text if text.endswith("\n") else text + "\n").encode(encoding, "xmlcharrefreplace")
        parts: list[str] = []
        for section in root:
            if _tag(section) in ("head", "body"):
                parts.append(section.text or "")
                parts.extend(etree.tostring(child, method="html", encoding="unicode", with_tail=True)
                             for child in section)
        return "".join(parts).encode(encoding, "xmlcharrefreplace")


def _walk(element: Any, blocks: list[Block], depth: int) -> None:
    """Collect the blocks of a block-level ``element`` (and its block-level descendants)."""
    if depth > MAX_DEPTH:
        return  # nested beyond reason: kept untouched (libxml2 already caps the depth)
    tag = _tag(element)
    if tag in SKIP or _no_translate(element) or not tag:
        return
    _attribute_blocks(element, blocks)
    children = list(element)
    start = 0
    for index in range(len(children) + 1):
        child = children[index] if index < len(children) else None
        if child is None or _is_block(child):
            _run_block(element, start, index, blocks)
            if child is not None:
                _walk(child, blocks, depth + 1)
            start = index + 1


def _is_block(child: Any) -> bool:
    tag = _tag(child)
    if not tag:
        return False  # comments and processing instructions flow with the text
    return tag not in INLINE and tag not in VERBATIM_INLINE and tag not in VOID_INLINE


def _attribute_blocks(element: Any, blocks: list[Block]) -> None:
    tag = _tag(element)
    for name in ATTRIBUTES:
        value = element.get(name)
        if value and value.strip():
            text, _ = normalized(value, [])
            blocks.append(Block(text, [], ("attribute", element, name)))
    if tag == "meta" and (element.get("name") or element.get("property") or "").lower() in META_NAMES:
        value = element.get("content")
        if value and value.strip():
            blocks.append(Block(normalized(value, [])[0], [], ("attribute", element, "content")))


def _run_block(container: Any, first: int, end: int, blocks: list[Block]) -> None:
    """The run of text in ``container`` from its child ``first`` to before child ``end``."""
    children = list(container)
    lead = container.text if first == 0 else children[first - 1].tail
    parts: list[str] = [lead or ""]
    spans: list[Span] = []
    for child in children[first:end]:
        _inline(child, parts, spans, -1, blocks, 0)
        parts.append(child.tail or "")
    raw = "".join(parts)
    if not raw.strip():
        return
    text, moved = normalized(raw, spans)
    edge = (raw[: len(raw) - len(raw.lstrip())], raw[len(raw.rstrip()):]) if raw.strip() else ("", raw)
    blocks.append(Block(text, moved, ("run", container, first, end, edge)))


def _inline(element: Any, parts: list[str], spans: list[Span], parent: int,
            blocks: list[Block], depth: int) -> None:
    start = sum(len(p) for p in parts)
    tag = _tag(element)
    if not tag or tag in VOID_INLINE:
        spans.append(Span(start, start, element, parent, verbatim=True))
        if tag:
            _attribute_blocks(element, blocks)
        if tag == "br":
            parts.append(" ")  # a line break separates words
        return
    if tag in SKIP or tag in VERBATIM_INLINE or _no_translate(element) or depth > MAX_DEPTH:
        words = " ".join(element.text_content().split()) if tag not in ("svg", "math") else ""
        parts.append(words)
        spans.append(Span(start, start + len(words), element, parent, verbatim=True))
        return
    _attribute_blocks(element, blocks)
    index = len(spans)
    spans.append(Span(start, start, element, parent))
    parts.append(element.text or "")
    for child in element:
        _inline(child, parts, spans, index, blocks, depth + 1)
        parts.append(child.tail or "")
    spans[index].end = sum(len(p) for p in parts)


def _put_back(block: Block) -> None:
    assert block.translation is not None
    if block.ref[0] == "attribute":
        _, element, name = block.ref
        element.set(name, block.translation)
        return
    _, container, first, end, (lead, trail) = block.ref
    nodes = tree(block.translation, block.spans, block.targets)
    head, elements = _build(nodes, block)
    children = list(container)
    for child in children[first:end]:
        container.remove(child)
    head = lead + head
    if first == 0:
        container.text = head
    else:
        children[first - 1].tail = head
    if elements:
        elements[-1].tail = (elements[-1].tail or "") + trail
    elif first == 0:
        container.text = head + trail
    else:
        children[first - 1].tail = head + trail
    for offset, element in enumerate(elements):
        container.insert(first + offset, element)


def _build(nodes: list[object], block: Block) -> tuple[str, list[Any]]:
    """Leading text and new elements (with tails) for a list of nodes."""
    head = ""
    elements: list[Any] = []
    for node in nodes:
        if isinstance(node, str):
            if elements:
                elements[-1].tail = (elements[-1].tail or "") + node
            else:
                head += node
            continue
        assert isinstance(node, tuple)
        index: int = node[0]
        inner: list[object] = node[1]
        span = block.spans[index]
        original = span.markup
        if span.verbatim:
            element = copy.deepcopy(original)
            element.tail = None
        else:
            element = original.makeelement(original.tag, dict(original.attrib))
            element.text, kids = _build(inner, block)
            for kid in kids:
                element.append(kid)
        elements.append(element)
    return head, elements


def _english(root: Any) -> None:
    """``lang="fr…"`` becomes ``lang="en"`` wherever the content was translated."""
    stack = [(root, False)]
    while stack:
        element, kept = stack.pop()
        tag = _tag(element)
        if not tag:
            continue
        kept = kept or tag in SKIP or _no_translate(element)
        if not kept:
            for name in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
                if _is_french(element.get(name)):
                    element.set(name, "en")
            if tag == "meta" and (element.get("http-equiv") or "").lower() == "content-language" \
                    and _is_french(element.get("content")):
                element.set("content", "en")
        stack.extend((child, kept) for child in element)
