"""Markdown (CommonMark + GFM tables + YAML front matter) with markdown-it-py and mdformat.

Every inline run (paragraph, heading, list item, table cell) is a block; emphasis and link
text are spans carried across like HTML inline elements. Inline code, autolinks, images,
inline HTML and line breaks are kept verbatim; code blocks, HTML blocks and front matter are
never touched. The output is rendered by mdformat from the same token stream, so it parses to
the same structure (mdformat's canonical spelling: ``*em*``, ``**strong**``, ATX headings).
"""

from __future__ import annotations

from typing import Any

from translate.documents.model import (
    Block,
    Document,
    DocumentError,
    Format,
    Span,
    decode_utf8,
    normalized,
    register_format,
)
from translate.documents.project import tree

EXTENSIONS = ("tables", "frontmatter")
OPTIONS = {"wrap": "keep", "number": True}
_PAIRED = {"em_open": "em_close", "strong_open": "strong_close", "link_open": "link_close",
           "s_open": "s_close"}


def _parser() -> Any:
    from mdformat._util import build_mdit
    from mdformat.renderer import MDRenderer

    return build_mdit(MDRenderer, mdformat_opts=OPTIONS, extensions=EXTENSIONS)


@register_format
class MarkdownFormat(Format):
    """CommonMark Markdown."""

    name = "markdown"
    extensions = (".md", ".markdown")

    def parse(self, data: bytes) -> Document:
        """One block per inline run."""
        text = decode_utf8(data, "Markdown")
        if "\x00" in text:
            raise DocumentError("Markdown contains NUL characters; give a text file")
        mdit = _parser()
        env: dict[str, Any] = {}
        try:
            tokens = mdit.parse(text, env)
        except RecursionError:
            raise DocumentError("Markdown nests too deeply to parse; flatten it") from None
        blocks = [_block(token) for token in tokens if token.type == "inline" and token.children]
        return Document(self.name, [b for b in blocks if b is not None],
                        (mdit, tokens, env), {"empty": not text.strip()})

    def render(self, document: Document) -> bytes:
        """mdformat's rendering of the token stream with translated inline runs."""
        mdit, tokens, env = document.tree
        for block in document.blocks:
            if block.translation is not None:
                block.ref.children = _children(block)
        try:
            out = mdit.renderer.render(tokens, mdit.options, env)
        except RecursionError:
            raise DocumentError("Markdown nests too deeply to render; flatten it") from None
        return str(out).encode("utf-8")


def _block(inline: Any) -> Block | None:
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[int] = []
    children = inline.children
    index = 0
    while index < len(children):
        token = children[index]
        start = sum(len(p) for p in parts)
        parent = stack[-1] if stack else -1
        if token.type == "text":
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "code_inline":
            parts.append(token.content)
            spans.append(Span(start, start + len(token.content), [token], parent, verbatim=True))
        elif token.type == "link_open" and token.markup == "autolink":
            close = index
            while children[close].type != "link_close":
                close += 1
            words = "".join(t.content for t in children[index + 1: close])
            parts.append(words)
            spans.append(Span(start, start + len(words), children[index: close + 1], parent,
                              verbatim=True))
            index = close
        elif token.type in _PAIRED:
            stack.append(len(spans))
            spans.append(Span(start, start, [token], parent))
        elif token.type in _PAIRED.values() and stack:
            opened = stack.pop()
            spans[opened].end = start
            spans[opened].markup.append(token)
        else:
            # images, inline HTML, hard breaks: kept where they are
            spans.append(Span(start, start, [token], parent, verbatim=True))
            if token.type == "hardbreak":
                parts.append(" ")
        index += 1
    if stack:
        return None  # unbalanced emphasis (never produced by markdown-it): leave the run as is
    raw = "".join(parts)
    if not raw.strip():
        return None
    text, moved = normalized(raw, spans)
    return Block(text, moved, inline)


def _children(block: Block) -> list[Any]:
    from markdown_it.token import Token

    assert block.translation is not None
    nodes = tree(block.translation, block.spans, block.targets)

    def tokens(items: list[object]) -> list[Any]:
        out: list[Any] = []
        for node in items:
            if isinstance(node, str):
                if node:
                    out.append(Token("text", "", 0, content=node))
                continue
            assert isinstance(node, tuple)
            span = block.spans[node[0]]
            if span.verbatim:
                out.extend(span.markup)
            else:
                out.append(span.markup[0])
                out.extend(tokens(node[1]))
                out.append(span.markup[-1])
        return out

    return tokens(nodes)
