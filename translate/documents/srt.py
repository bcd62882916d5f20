"""SRT subtitles: cue numbers and timings untouched, sentences translated whole across cues.

Consecutive cues are joined into one block until a cue ends a sentence, so a sentence spoken
over several cues is translated once; the translation is split back over the same cues in
proportion to their source length, at word boundaries, and wrapped into lines of at most
``LINE_LENGTH`` characters where possible (two balanced lines preferred). A cue wholly in
``<i>…</i>`` (or with a ``{\\an8}`` position tag) keeps that wrapper; other tags inside cue text
are dropped.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from typing import Any

from translate.documents.model import (
    Block,
    Document,
    DocumentError,
    Format,
    Span,
    decode_utf8,
    register_format,
)

LINE_LENGTH = 42
MAX_CUES_PER_SENTENCE = 8
_END = re.compile(r"""[.!?…]["»”')\]]*\s*$|[♪]\s*$""")
_WRAP = re.compile(r"^(\{\\an\d\})?(<([ibu])>)?(.*?)(</\3>)?$", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")


@register_format
class SrtFormat(Format):
    """SubRip subtitles."""

    name = "srt"
    extensions = (".srt",)

    def parse(self, data: bytes) -> Document:
        """One block per sentence, one span per cue it covers."""
        import srt

        text = decode_utf8(data, "SRT")
        crlf = "\r\n" in text
        try:
            cues = list(srt.parse(text.replace("\r\n", "\n")))
        except (srt.SRTParseError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DocumentError(f"not a valid SRT file ({first}); check cue numbers and "
                                f"timings") from None
        blocks: list[Block] = []
        pending: list[tuple[int, str]] = []
        wrappers: list[tuple[str, str]] = []
        for index, cue in enumerate(cues):
            found = _WRAP.match(cue.content.strip())
            assert found is not None
            position, opening, _, body, closing = found.groups()
            if opening and not closing:
                body, opening = (opening or "") + body, None
            wrappers.append(((position or "") + (opening or ""), closing or ""))
            words = " ".join(_TAG.sub(" ", body).split())
            pending.append((index, words))
            if _END.search(words) or len(pending) >= MAX_CUES_PER_SENTENCE or index == len(cues) - 1:
                blocks.append(_block(pending))
                pending = []
        return Document(self.name, blocks, cues, {"crlf": crlf, "wrappers": wrappers})

    def render(self, document: Document) -> bytes:
        """The cues with translated text, same numbers, same timings."""
        import srt

        cues: list[Any] = document.tree
        wrappers = document.meta["wrappers"]
        for block in document.blocks:
            if block.translation is None:
                continue
            lengths = [max(1, s.end - s.start) for s in block.spans]
            for span, piece in zip(block.spans, split(block.translation, lengths)):
                opening, closing = wrappers[span.markup]
                cues[span.markup].content = opening + "\n".join(wrap(piece)) + closing
        out = str(srt.compose(cues, reindex=False, strict=False))
        return (out.replace("\n", "\r\n") if document.meta["crlf"] else out).encode("utf-8")


def _block(cues: list[tuple[int, str]]) -> Block:
    text = ""
    spans = []
    for index, words in cues:
        if text and words:
            text += " "
        spans.append(Span(len(text), len(text) + len(words), index))
        text += words
    return Block(text, spans)


def split(text: str, lengths: list[int]) -> list[str]:
    """``text`` cut at word boundaries into ``len(lengths)`` pieces in proportion to ``lengths``.

    Every piece gets at least one word while there are words enough.
    """
    words = text.split()
    count = len(lengths)
    if count == 1:
        return [" ".join(words)]
    total = sum(lengths)
    size = sum(len(w) + 1 for w in words)
    cuts: list[int] = []
    position = 0
    done = 0
    cumulative = 0
    for piece in range(count - 1):
        cumulative += lengths[piece]
        goal = cumulative / total * size
        start = position
        while position < len(words) and done + len(words[position]) / 2 < goal:
            done += len(words[position]) + 1
            position += 1
        remaining = count - 1 - piece
        low = min(start + 1, len(words))  # at least one word for this cue
        high = max(low, len(words) - remaining)  # and one for each later cue, if there are enough
        position = min(max(position, low), high)
        done = sum(len(w) + 1 for w in words[:position])
        cuts.append(position)
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


def wrap(text: str, width: int = LINE_LENGTH) -> list[str]:
    """One line if it fits, else two balanced lines of at most ``width``, else as many as needed."""
    if len(text) <= width:
        return [text] if text else [""]
    words = text.split()
    best: tuple[int, list[str]] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if len(first) <= width and len(second) <= width:
            balance = abs(len(first) - len(second))
            if best is None or balance < best[0]:
                best = (balance, [first, second])
    if best is not None:
        return best[1]
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]
