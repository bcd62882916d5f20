"""Paragraph and sentence segmentation: the article, case tables and properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE
from translate.text.segment import reassemble, segment, split_sentences


def test_article_has_8_paragraphs_and_10_sentences() -> None:
    document = segment(EXAMPLE.read_text(encoding="utf-8"))
    assert len(document.paragraphs) == 8
    assert [len(p.sentences) for p in document.paragraphs] == [1, 2, 1, 1, 2, 1, 1, 1]
    assert [s.index for s in document.sentences] == list(range(1, 11))


def test_sentence_offsets_point_into_the_text() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for sentence in segment(text).sentences:
        assert text[sentence.start: sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("M. Dupont est arrivé. Il a parlé.", ["M. Dupont est arrivé.", "Il a parlé."]),
        ("Il a dit ... et il est parti.", ["Il a dit ... et il est parti."]),
        ('« Nous agirons », a-t-il déclaré. Puis il est parti.',
         ["« Nous agirons », a-t-il déclaré.", "Puis il est parti."]),
        ("Le 24 février 2022, la guerre a commencé. Elle dure.",
         ["Le 24 février 2022, la guerre a commencé.", "Elle dure."]),
        ("Pourquoi ? Parce que.", ["Pourquoi ?", "Parce que."]),
        ("Une phrase sans point final", ["Une phrase sans point final"]),
        ("Mme Martin et Dr. Petit sont là. Oui.", ["Mme Martin et Dr. Petit sont là.", "Oui."]),
        ("Il pèse 3,5 kg. Voilà.", ["Il pèse 3,5 kg.", "Voilà."]),
    ],
)
def test_french_sentence_splitting(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in split_sentences(paragraph)] == expected


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Un.\n\nDeux.", 2),
        ("Un.\n\n\n\nDeux.\n", 2),
        ("Un.\nsuite de ligne.\n\nDeux.", 2),
        ("\n\n  Un.  \n\n", 1),
        ("Un.\n \t\nDeux.", 2),
        ("", 0),
        ("   \n\n  ", 0),
    ],
)
def test_paragraph_blocks(text: str, paragraphs: int) -> None:
    assert len(segment(text).paragraphs) == paragraphs


def test_reassembly_keeps_blank_line_runs() -> None:
    text = "Un. Deux.\n\n\nTrois.\n\nQuatre.\n"
    document = segment(text)
    output = reassemble(document, [s.text.upper() for s in document.sentences])
    assert output == "UN. DEUX.\n\n\nTROIS.\n\nQUATRE.\n"


def test_reassembly_refuses_wrong_count() -> None:
    document = segment("Un. Deux.")
    with pytest.raises(ValueError):
        reassemble(document, ["one"])


_words = st.sampled_from(["Le", "président", "M.", "a", "dit", "OTAN", "...", "«", "»", "3,5",
                          "Kiev", "?", "!", ".", ",", "l'alliance", "Dr.", "etc.", "\u00a0", "—"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_words, min_size=1, max_size=40).map(" ".join))
def test_sentences_cover_the_paragraph(paragraph: str) -> None:
    spans = split_sentences(paragraph)
    joined = "".join(paragraph[s:e] for s, e in spans)
    assert "".join(joined.split()) == "".join(paragraph.split())
    assert all(paragraph[s:e].strip() for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_words, min_size=1, max_size=15).map(" ".join), min_size=1, max_size=5))
def test_resegmenting_the_output_is_stable(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    first = segment(text)
    rebuilt = reassemble(first, [s.text for s in first.sentences])
    second = segment(rebuilt)
    assert len(second.paragraphs) == len(first.paragraphs)
    assert len(second.sentences) == len(first.sentences)
