"""Re-projecting inline spans onto a translation.

Each span is carried to the target words aligned with its source words (the decoder's
attention, see translate.alignment), then made consistent: spans stay nested as in the source,
siblings keep their source order without overlapping, and every span that covered text covers
at least one target word when the translation has enough words. Where attention gives nothing
the position is proportional. The result is one ``(start, end)`` per span in target characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from translate.documents.model import Block, Span

Link = tuple[int, int, int, int]
_WORD = re.compile(r"\S+")
_CLOSERS = ".,;:!?…»)]\"'”’"
_OPENERS = "«([\"'“‘"


def _children(spans: Sequence[Span]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {-1: []}
    for index, span in enumerate(spans):
        children.setdefault(index, [])
        children.setdefault(span.parent, []).append(index)
    return children


def project(block: Block, translation: str, links: Sequence[Link]) -> list[tuple[int, int]]:
    """Target character range of each span of ``block`` in ``translation``."""
    spans = block.spans
    if not spans:
        return []
    words = [(m.start(), m.end()) for m in _WORD.finditer(translation)]
    count = len(words)
    source_length = max(1, len(block.text))
    aligned: list[list[tuple[int, int]]] = [[] for _ in words]
    if links:
        starts = [w[0] for w in words]
        import bisect

        for t_start, _t_end, s_start, s_end in links:
            w = bisect.bisect_right(starts, t_start) - 1
            if 0 <= w < count:
                aligned[w].append((s_start, s_end))

    def desired(span: Span) -> tuple[int, int]:
        if span.end > span.start:
            hits = [w for w in range(count)
                    if any(s < span.end and e > span.start for s, e in aligned[w])]
            if hits:
                return _cluster(hits)
            low = math.floor(span.start / source_length * count)
            high = math.ceil(span.end / source_length * count)
            return low, max(high, low + 1)
        # A point (an image, a line break) goes before the word translating the next source word.
        after = len(block.text) - len(block.text[span.start:].lstrip())
        hits = [w for w in range(count) if any(s <= after < e for s, e in aligned[w])]
        point = min(hits) if hits else round(span.start / source_length * count)
        return point, point

    children = _children(spans)
    need = [0] * len(spans)
    for index in range(len(spans) - 1, -1, -1):
        inner = sum(need[c] for c in children[index])
        need[index] = max(1, inner) if spans[index].end > spans[index].start else inner
    ranges: list[tuple[int, int]] = [(0, 0)] * len(spans)

    def place(parent: int, low: int, high: int) -> None:
        cursor = low
        kids = children[parent]
        for position, child in enumerate(kids):
            rest = sum(need[c] for c in kids[position + 1:])
            want_low, want_high = desired(spans[child])
            a = max(cursor, min(max(want_low, cursor), high - rest - need[child]))
            b = max(a, min(max(want_high, a + need[child]), high - rest))
            if spans[child].end == spans[child].start:
                b = a
            ranges[child] = (a, b)
            place(child, a, b)
            cursor = b

    place(-1, 0, count)
    chars: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(ranges):
        if b > a and b <= count:
            start, end = words[a][0], words[b - 1][1]
            source = block.text[spans[index].start: spans[index].end]
            start, end = _trim(translation, start, end, source)
        else:
            start = end = words[a][0] if a < count else len(translation)
        chars.append((start, end))
    return _nested(spans, children, chars, len(translation))


def _cluster(hits: list[int]) -> tuple[int, int]:
    """The densest run of aligned words (gaps of one word allowed): attention spread over far
    words (a stray weight, a repeated word) does not stretch a span over half the sentence."""
    best = current = (hits[0], hits[0] + 1, 1)
    for word in hits[1:]:
        start, end, count = current
        current = (start, word + 1, count + 1) if word - end <= 1 else (word, word + 1, 1)
        if current[2] > best[2]:
            best = current
    return best[0], best[1]


def _trim(text: str, start: int, end: int, source: str) -> tuple[int, int]:
    """Leave outside a span the punctuation its source did not include (``<b>Paris</b>,``)."""
    if source and source[-1] not in _CLOSERS:
        while end - start > 1 and text[end - 1] in _CLOSERS:
            end -= 1
    if source and source[0] not in _OPENERS:
        while end - start > 1 and text[start] in _OPENERS:
            start += 1
    return start, end


def _nested(spans: Sequence[Span], children: dict[int, list[int]],
            chars: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Clamp children inside parents and after their previous sibling (trimming may shift)."""
    out = list(chars)

    def fix(parent: int, low: int, high: int) -> None:
        cursor = low
        for child in children[parent]:
            start, end = out[child]
            start = min(max(start, cursor), high)
            end = min(max(end, start), high)
            out[child] = (start, end)
            fix(child, start, end)
            cursor = end

    fix(-1, 0, length)
    return out


def tree(text: str, spans: Sequence[Span], targets: Sequence[tuple[int, int]]) -> list[object]:
    """The translated block as nested nodes: strings, and ``(span index, child nodes)``."""
    children = _children(spans)

    def build(parent: int, low: int, high: int) -> list[object]:
        nodes: list[object] = []
        cursor = low
        for child in children[parent]:
            start, end = targets[child]
            if start > cursor:
                nodes.append(text[cursor:start])
            nodes.append((child, build(child, start, end)))
            cursor = max(cursor, end)
        if high > cursor:
            nodes.append(text[cursor:high])
        return nodes

    return build(-1, 0, len(text))
