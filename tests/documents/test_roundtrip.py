"""Round trips through the tiny real model, glossary off: the structure of the output, parsed
with the same parser as the input, equals the input's; the text changed; nothing leaks."""

from __future__ import annotations

import re

import pytest

from tests.documents import structure
from tests.documents.conftest import NEWS_PAGE
from tests.documents.samples import docx_article
from translate.config import Settings
from translate.documents import translate_bytes
from translate.engine.base import Engine

MARKDOWN = """---
title: Sommet de l'OTAN
tags: [monde, otan]
---

# Le sommet de l'*OTAN* s'ouvre à Madrid

Le [secrétaire général](https://www.nato.int/ "Site officiel") de l'**OTAN** a parlé *lundi*
à la presse. Voir <https://www.nato.int/madrid> et `nato.int/madrid`.

> Les alliés discutent de la **présence avancée** dans les pays baltes.

1. Premier point à l'ordre du jour.
2. Second point, plus ***délicat***.

- La Finlande
- La Suède

| Pays | Dépenses |
|------|----------|
| Pays-Bas | Deux *pour cent* |
| Royaume-Uni | `2,1 %` |

![Les dirigeants à Madrid](photo.jpg "Photo AFP")

```python
print("non traduit")
```

<div class="encadre">Bloc HTML non traduit.</div>
"""

SRT = """1
00:00:01,000 --> 00:00:03,200
Le secrétaire général de l'OTAN

2
00:00:03,300 --> 00:00:05,900
a déclaré mercredi à Madrid
que l'alliance resterait unie.

3
00:00:06,500 --> 00:00:08,000
<i>Merci à tous.</i>

4
00:01:10,000 --> 00:01:12,500
Les dirigeants se retrouveront l'an prochain à Vilnius.
"""


def _translate(data: bytes, fmt: str, engine: Engine, settings: Settings) -> bytes:
    done = translate_bytes(data, fmt, engine, settings)
    assert done.result.sentences, "nothing was translated"
    for sentence in done.result.sentences:
        # the model never sees markup: no tags, no attribute values, no placeholders
        assert "<" not in sentence.source and "href" not in sentence.source, sentence.source
        assert not any("\ue000" <= c <= "\uf8ff" for c in sentence.translation)
    return done.data


def test_html_news_page_keeps_its_structure(engine: Engine, doc_settings: Settings) -> None:
    source = NEWS_PAGE.read_bytes()
    output = _translate(source, "html", engine, doc_settings)
    assert structure.html_structure(output) == structure.html_structure(source)
    assert structure.html_text(output) != structure.html_text(source)
    root = structure.html_tree(output)
    assert root.get("lang") == "en"
    # translated: visible text, alt, title, meta description; kept: notranslate, translate=no
    source_root = structure.html_tree(source)
    for path, attribute in (("//img", "alt"), ("//abbr", "title"),
                            ("//meta[@name='description']", "content")):
        assert root.xpath(path)[0].get(attribute) != source_root.xpath(path)[0].get(attribute)
    assert root.xpath("//aside//p")[0].text == "Cet encadré reste en français."
    assert root.xpath("//p[@class='notranslate']")[0].text == "Le Quotidien — édition du soir"
    assert root.xpath("//code")[0].text == "nato.int/madrid"
    assert b'<meta charset="utf-8">' in output
    assert output.startswith(b"<!DOCTYPE html>")


def test_html_entities_and_declared_encoding_are_respected(engine: Engine, doc_settings: Settings) -> None:
    source = ('<html><head><meta charset="iso-8859-1"><title>Été</title></head><body>'
              '<p>Le pr&eacute;sident a parl&eacute; &agrave; la presse &amp; aux '
              '&laquo;&nbsp;alli&eacute;s&nbsp;&raquo;.</p>'
              '<pre>a &lt; b</pre></body></html>').encode("latin-1")
    output = _translate(source, "html", engine, doc_settings)
    # written in the declared encoding: read as Latin-1, no UTF-8 mojibake appears
    assert "Ã" not in structure.html_text(output)
    assert b'<meta charset="iso-8859-1">' in output
    assert b"<pre>a &lt; b</pre>" in output
    assert structure.html_structure(output) == structure.html_structure(source)


def test_html_fragment_stays_a_fragment(engine: Engine, doc_settings: Settings) -> None:
    source = "Texte libre en tête <b>gras</b>.\n<p>Un paragraphe sur l'<a href='/otan'>OTAN</a>.</p>".encode()
    output = _translate(source, "html", engine, doc_settings)
    assert b"<html" not in output and b"<body" not in output
    assert output.count(b"<b>") == 1 and output.count(b'<a href="/otan">') == 1
    assert structure.html_structure(output) == structure.html_structure(source)


def test_markdown_keeps_its_structure(engine: Engine, doc_settings: Settings) -> None:
    source = MARKDOWN.encode()
    output = _translate(source, "markdown", engine, doc_settings)
    assert structure.markdown_structure(output) == structure.markdown_structure(source)
    assert output.startswith(b"---\ntitle: Sommet de l'OTAN\ntags: [monde, otan]\n---\n")
    assert b'print("non traduit")' in output and b"Bloc HTML non traduit." in output
    assert b"`2,1 %`" in output and b"<https://www.nato.int/madrid>" in output


def test_srt_keeps_numbers_and_timings(engine: Engine, doc_settings: Settings) -> None:
    source = SRT.encode()
    output = _translate(source, "srt", engine, doc_settings)
    assert structure.srt_structure(output) == structure.srt_structure(source)
    cues = structure.srt_cues(output)
    assert all(c.content.strip() for c in cues)
    assert cues[2].content.startswith("<i>") and cues[2].content.endswith("</i>")
    for cue in cues:  # the limit counts what is shown: tags are not
        for line in re.sub(r"</?[a-z]>|\{\\an\d\}", "", cue.content).splitlines():
            assert len(line) <= 42 or " " not in line, line


def test_srt_crlf_is_kept(engine: Engine, doc_settings: Settings) -> None:
    source = SRT.replace("\n", "\r\n").encode()
    output = _translate(source, "srt", engine, doc_settings)
    assert b"\r\n" in output and b"\n" not in output.replace(b"\r\n", b"")
    assert structure.srt_structure(output) == structure.srt_structure(source)


def test_docx_keeps_runs_tables_headers_and_links(engine: Engine, doc_settings: Settings) -> None:
    source = docx_article()
    output = _translate(source, "docx", engine, doc_settings)
    assert structure.docx_structure(output) == structure.docx_structure(source)
    assert structure.docx_rels(output) == structure.docx_rels(source)
    before, after = structure.docx_text(source), structure.docx_text(output)
    assert len(before) == len(after)
    changed = sum(a != b for a, b in zip(before, after) if b.strip())
    assert changed >= len([b for b in before if b.strip()]) - 1


@pytest.mark.parametrize("fmt,data", [
    ("html", b""), ("html", b"   \n"), ("html", b"<p>\xe2\x80\x94</p>"), ("markdown", b""),
    ("markdown", b"```\ncode seulement\n```\n"), ("srt", b""),
])
def test_nothing_to_translate_returns_the_input(fmt: str, data: bytes, engine: Engine,
                                                doc_settings: Settings) -> None:
    done = translate_bytes(data, fmt, engine, doc_settings)
    assert done.data == data
