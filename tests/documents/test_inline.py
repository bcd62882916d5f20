"""Inline markup through the tiny real model: every inline element of a sentence survives
exactly once around non-empty text, and glossary terms inside or across inline markup are
matched on the text, enforced and reported."""

from __future__ import annotations

import re

import pytest

from tests.documents import structure
from translate.config import Settings
from translate.documents import translate_bytes
from translate.engine.base import Engine
from translate.glossary.schema import Glossary

SENTENCES = [
    # (HTML paragraph, glossary terms it holds)
    ("<p>Le <a href='https://www.nato.int/'>secrétaire général</a> de l'<b>OTAN</b> a parlé à "
     "<i>Kiev</i> mercredi.</p>", {"secrétaire général de l'OTAN", "Kiev"}),
    ("<p>La <em>présence <strong>avancée</strong></em> sera renforcée dans les "
     "<span class='lieu'>pays baltes</span>.</p>", {"présence avancée", "pays baltes"}),
    ("<p>Les <abbr title='Organisation des Nations unies'>ONU</abbr> et <u>UE</u> ont salué "
     "la <q>demande d'adhésion</q> de la Finlande<sup>1</sup>.</p>",
     {"ONU", "UE", "demande d'adhésion"}),
    ("<p>Des <mark>armes lourdes</mark> ont été livrées, a déclaré le <small>ministre de la "
     "Défense</small> à La <s>Haye</s>.</p>", {"armes lourdes", "ministre de la Défense", "La Haye"}),
]
INLINE = ("a", "b", "i", "em", "strong", "span", "abbr", "u", "q", "sup", "mark", "small", "s")


def _inline_elements(html: bytes) -> list[tuple[str, str]]:
    root = structure.html_tree(html)
    return [(e.tag, e.text_content()) for e in root.iter(*INLINE)]


@pytest.mark.parametrize("paragraph,terms", SENTENCES)
def test_each_inline_element_survives_once_around_text(paragraph: str, terms: set[str], engine: Engine,
                                                        doc_settings: Settings, glossary: Glossary) -> None:
    done = translate_bytes(paragraph.encode(), "html", engine, doc_settings, glossary)
    before = _inline_elements(paragraph.encode())
    after = _inline_elements(done.data)
    assert [tag for tag, _ in after] == [tag for tag, _ in before]
    for tag, text in after:
        assert text.strip(), f"<{tag}> is empty in {done.data!r}"
    assert structure.html_structure(done.data) == structure.html_structure(paragraph.encode())
    # the sentence is translated whole, not one piece per text node
    whole = structure.html_text(paragraph.encode())
    assert whole in [s.source for s in done.result.sentences]


@pytest.mark.parametrize("paragraph,terms", SENTENCES)
def test_terms_inside_and_across_markup_are_enforced_and_reported(
        paragraph: str, terms: set[str], engine: Engine, doc_settings: Settings,
        glossary: Glossary) -> None:
    done = translate_bytes(paragraph.encode(), "html", engine, doc_settings, glossary)
    reported = {o.source_term for o in done.result.occurrences}
    assert terms <= reported
    assert all(o.status == "ok" for o in done.result.occurrences), done.result.occurrences
    assert not done.result.violations
    text = structure.html_text(done.data)
    by_source = {t.source: t for t in glossary.terms}
    for term in terms:
        assert by_source[term].target.lower() in text.lower(), (term, text)


def test_markdown_emphasis_and_links_carry_terms(engine: Engine, doc_settings: Settings,
                                                 glossary: Glossary) -> None:
    source = "Le [secrétaire général](https://www.nato.int/) de l'**OTAN** est à *Kiev*.\n".encode()
    done = translate_bytes(source, "markdown", engine, doc_settings, glossary)
    out = done.data.decode()
    assert out.count("](https://www.nato.int/)") == 1
    assert len(re.findall(r"\*\*[^*]+\*\*", out)) == 1
    assert len(re.findall(r"(?<!\*)\*[^*]+\*(?!\*)", out)) == 1
    assert {"secrétaire général de l'OTAN", "Kiev"} <= {o.source_term for o in done.result.occurrences}
    assert "Secretary General" in out and "Kyiv" in out
    assert structure.markdown_structure(done.data) == structure.markdown_structure(source)


def test_docx_runs_carry_formatting_onto_non_empty_text(engine: Engine, doc_settings: Settings,
                                                        glossary: Glossary) -> None:
    from tests.documents.samples import docx_article

    source = docx_article()
    done = translate_bytes(source, "docx", engine, doc_settings, glossary)
    parts = structure.docx_parts(done.data)
    body = parts["word/document.xml"]
    w = structure.W
    bold = [r for r in body.iter(w + "r") if r.find(f"{w}rPr/{w}b") is not None]
    italic = [r for r in body.iter(w + "r") if r.find(f"{w}rPr/{w}i") is not None]
    links = list(body.iter(w + "hyperlink"))
    assert len(bold) == 1 and len(italic) == 1 and len(links) == 1
    for element in (*bold, *italic, *links):
        assert "".join(t.text or "" for t in element.iter(w + "t")).strip()
    text = " ".join(structure.docx_text(done.data))
    assert "NATO" in text and "Kyiv" in text and "Netherlands" in text
    assert {"OTAN", "Kiev", "Pays-Bas"} <= {o.source_term for o in done.result.occurrences}


def test_sentence_spanning_cues_is_translated_once(engine: Engine, doc_settings: Settings,
                                                   glossary: Glossary) -> None:
    source = ("1\n00:00:01,000 --> 00:00:02,000\nLe secrétaire général\n\n"
              "2\n00:00:02,100 --> 00:00:04,000\nde l'OTAN a parlé à Kiev.\n").encode()
    done = translate_bytes(source, "srt", engine, doc_settings, glossary)
    assert len(done.result.sentences) == 1
    assert done.result.sentences[0].source == "Le secrétaire général de l'OTAN a parlé à Kiev."
    cues = structure.srt_cues(done.data)
    assert len(cues) == 2 and all(c.content.strip() for c in cues)
    joined = " ".join(" ".join(c.content.split()) for c in cues)
    assert joined == " ".join(done.result.sentences[0].translation.split())
