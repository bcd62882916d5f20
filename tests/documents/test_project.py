"""Span re-projection (pure): nesting, order and non-emptiness whatever the alignment says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.documents.model import Block, Span, normalized
from translate.documents.project import project, tree
from translate.documents.srt import split, wrap


def _identity(text: str) -> list[tuple[int, int, int, int]]:
    return [(i, i + 1, i, i + 1) for i in range(len(text))]


def test_identity_alignment_keeps_every_span_on_its_words() -> None:
    text = "Le secrétaire général de l'OTAN a parlé."
    spans = [Span(3, 21, "a"), Span(27, 31, "b")]
    block = Block(text, spans)
    assert project(block, text, _identity(text)) == [(3, 21), (25, 31)]  # whole target words


def test_reordered_alignment_follows_the_target_words() -> None:
    source = "la maison blanche"
    target = "the white house"
    # maison ↔ house, blanche ↔ white
    links = [(0, 3, 0, 2), (4, 9, 10, 17), (10, 15, 3, 9)]
    block = Block(source, [Span(3, 9, "b")])
    assert project(block, target, links) == [(10, 15)]


def test_punctuation_outside_a_span_stays_outside() -> None:
    block = Block("Paris, dit-il.", [Span(0, 5, "b")])
    assert project(block, "Paris, he said.", [(0, 6, 0, 5)]) == [(0, 5)]


def test_a_point_goes_before_the_word_translating_the_next_source_word() -> None:
    block = Block("un deux trois", [Span(3, 3, "img", verbatim=True)])
    links = [(0, 3, 0, 2), (4, 9, 8, 13), (10, 13, 3, 7)]  # one three two
    assert project(block, "one three two", links) == [(10, 10)]


def test_normalized_moves_spans_with_collapsed_whitespace() -> None:
    text, spans = normalized("  Le \n   chat  ", [Span(6, 13, "b")])
    assert text == "Le chat"
    assert (spans[0].start, spans[0].end) == (3, 7)


@st.composite
def _blocks(draw: st.DrawFn) -> tuple[Block, str, list[tuple[int, int, int, int]]]:
    words = draw(st.lists(st.sampled_from(["le", "chat", "noir", "de", "l'OTAN", "à", "Kiev"]),
                          min_size=1, max_size=12))
    text = " ".join(words)
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    spans: list[Span] = []

    def add(low: int, high: int, parent: int, depth: int) -> None:
        position = low
        while position < high and len(spans) < 8:
            if not draw(st.booleans()):
                position += 1
                continue
            end = draw(st.integers(position, high))
            a = starts[position]
            b = starts[end - 1] + len(words[end - 1]) if end > position else a
            index = len(spans)
            spans.append(Span(a, b, f"s{index}", parent, verbatim=end == position))
            if depth < 2 and end > position:
                add(position, end, index, depth + 1)
            position = max(end, position + 1)

    add(0, len(words), -1, 0)
    target_words = draw(st.lists(st.sampled_from(["the", "black", "cat", "of", "NATO", "in", "Kyiv"]),
                                 min_size=0, max_size=15))
    target = " ".join(target_words)
    links = draw(st.lists(st.tuples(st.integers(0, max(0, len(target) - 1)), st.integers(0, len(text))),
                          max_size=20))
    return Block(text, spans), target, [(t, t + 1, s, s + 1) for t, s in links]


@settings(max_examples=300, deadline=None)
@given(_blocks())
def test_projection_is_nested_ordered_and_renders_every_span_once(
        case: tuple[Block, str, list[tuple[int, int, int, int]]]) -> None:
    block, target, links = case
    ranges = project(block, target, links)
    assert len(ranges) == len(block.spans)
    for index, (span, (start, end)) in enumerate(zip(block.spans, ranges)):
        assert 0 <= start <= end <= len(target)
        if span.parent >= 0:
            low, high = ranges[span.parent]
            assert low <= start and end <= high
        siblings = [i for i, s in enumerate(block.spans[:index]) if s.parent == span.parent]
        if siblings:
            assert ranges[siblings[-1]][1] <= start
    # enough target words: every span that covered words covers some
    words = len(target.split())
    leaves = sum(1 for i, s in enumerate(block.spans) if s.end > s.start
                 and not any(c.parent == i and c.end > c.start for c in block.spans))
    if words >= leaves:
        for span, (start, end) in zip(block.spans, ranges):
            if span.end > span.start:
                assert target[start:end].strip(), (block, target, ranges)
    nodes = tree(target, block.spans, ranges)
    seen: list[int] = []

    def flatten(items: list[object]) -> str:
        out = ""
        for node in items:
            if isinstance(node, str):
                out += node
            else:
                assert isinstance(node, tuple)
                seen.append(node[0])
                out += flatten(node[1])
        return out

    assert flatten(nodes) == target
    assert sorted(seen) == list(range(len(block.spans)))


def test_srt_split_is_proportional_and_keeps_every_word() -> None:
    text = "one two three four five six seven eight nine ten"
    pieces = split(text, [10, 30])
    assert " ".join(pieces) == text
    assert len(pieces[0].split()) < len(pieces[1].split())
    assert split("a b", [5, 5, 5]) == ["a", "b", ""]  # every cue gets a word while words last
    assert split("a b c d", [1, 1, 100]) == ["a", "b", "c d"]


def test_srt_wrap_prefers_two_balanced_lines_of_at_most_42() -> None:
    line = "The secretary general of the alliance said on Wednesday in Madrid"
    lines = wrap(line)
    assert len(lines) == 2 and all(len(x) <= 42 for x in lines)
    assert abs(len(lines[0]) - len(lines[1])) <= 12
    assert wrap("short line") == ["short line"]
    assert all(len(x) <= 42 for x in wrap(" ".join(["word"] * 40)))
