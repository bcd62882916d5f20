"""Document benchmark: an HTML article against the same article as plain text.

``html_vs_text`` = (sentences/s translating the HTML page with ``translate_bytes``) ÷
(sentences/s translating its text with ``translate_document``), same engine, same settings,
same glossary, same sentences (the plain text is the page's own text content, one paragraph per
block), measured in the same run. The page wraps the article in a realistic shell
(head, nav, script, style, figure) and puts inline markup (bold, links, emphasis, abbr) in
every paragraph, so parsing, span re-projection, attention and rendering are all counted.
"""

from __future__ import annotations

import html
import random
import re
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHELL = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Article</title>
<style>body {{ font-family: serif; }} nav a {{ color: #333; }}</style>
<script>window.dataLayer = [];</script></head>
<body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde/">Monde</a></li></ul></nav>
<main><article>
{body}
</article></main><script>console.log("fin");</script></body></html>
"""
WRAPPERS = ("<b>{}</b>", "<a href=\"/tag/{slug}\">{}</a>", "<em>{}</em>",
            "<abbr title=\"abréviation\">{}</abbr>")


def html_article(article: str, seed: int = 5) -> tuple[str, str]:
    """(HTML page, its text): every paragraph with two to four inline elements on its words."""
    rng = random.Random(seed)
    paragraphs = [p for p in article.split("\n\n") if p.strip()]
    blocks = []
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        for _ in range(rng.randint(2, 4)):
            i = rng.randrange(len(words))
            if "<" in words[i] or not re.match(r"\w", words[i]):
                continue
            wrapper = rng.choice(WRAPPERS)
            words[i] = wrapper.replace("{slug}", str(i)).format(html.escape(words[i]))
        blocks.append("<p>" + " ".join(w if "<" in w else html.escape(w) for w in words) + "</p>")
    page = SHELL.format(body="\n".join(blocks))
    return page, "\n\n".join(paragraphs) + "\n"


def html_vs_text(packages: Path, article: str, threads: int, reps: int) -> dict[str, object]:
    """Throughput of the HTML page relative to the same article as plain text."""
    from translate.api import open_engine
    from translate.config import Settings
    from translate.documents import parse_text, translate_bytes
    from translate.glossary.schema import load_glossary
    from translate.pipeline import translate_document

    glossary = load_glossary(ROOT / "glossaries" / "news-fr-en.yaml")
    settings = Settings(packages_dir=packages, threads=threads, glossary_mode="report")
    engine = open_engine(settings)
    translate_document("Bonjour.", engine, settings)  # load the model outside the timing
    page, _ = html_article(article)
    data = page.encode()
    # The same words as plain text: every block of the page (title, nav, paragraphs), one
    # paragraph each, so both sides translate exactly the same sentences.
    text = parse_text(data, "html")
    text_runs, html_runs = [], []
    sentences = 0
    for _ in range(reps):
        # interleaved, so both sides see the same machine load
        started = time.perf_counter()
        result = translate_document(text, engine, settings, glossary)
        text_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        translate_bytes(data, "html", engine, settings, glossary)
        html_runs.append(time.perf_counter() - started)
        sentences = len(result.sentences)
    text_s, html_s = statistics.median(text_runs), statistics.median(html_runs)

    def summary(runs: list[float]) -> dict[str, object]:
        return {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": runs}

    return {"value": text_s / html_s, "ours_s": summary(html_runs), "text_s": summary(text_runs),
            "sentences": sentences, "page_bytes": len(data),
            "inline_elements": page.count("</b>") + page.count("</a>") + page.count("</em>")
            + page.count("</abbr>")}
