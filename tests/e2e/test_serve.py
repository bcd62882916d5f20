"""``translate serve`` end to end: the real server, the tiny real package, real clients.

One server for the module (default limits, the repository's configs/ and glossary). The
model's output is gibberish: assertions are about structure, routing and glossary terms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sacrebleu
from libretranslatepy import LibreTranslateAPI

from tests.e2e.serve_support import RunningServer, rendered, server_env, start_server

FRENCH = "Le Premier ministre a rencontré les syndicats à Paris."



@pytest.fixture(scope="module")
def server(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with start_server([], server_env(installed), log) as running:
        yield running


@pytest.fixture(scope="module")
def http(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


# --- LibreTranslate's own client, unchanged -------------------------------------------------

def test_libretranslatepy_translate_languages_detect(server: RunningServer) -> None:
    client = LibreTranslateAPI(server.url)
    translated = client.translate(FRENCH, "fr", "en")
    assert isinstance(translated, str) and translated.strip()
    assert translated != FRENCH
    languages = client.languages()
    assert {"code": "fr", "name": "French", "targets": ["en"]} in languages
    french = client.detect("Le gouvernement a présenté son budget pour l'année prochaine.")
    assert french[0]["language"] == "fr" and french[0]["confidence"] > 50
    english = client.detect("The government presented its budget for the next year.")
    assert english[0]["language"] == "en" and english[0]["confidence"] > 50


# --- /translate ----------------------------------------------------------------------------

def test_array_q_gives_one_translation_per_text_in_order(http: httpx.Client) -> None:
    texts = ["Bonjour.", "", "Le Premier ministre parle.", "— …"]
    body = http.post("/translate", json={"q": texts, "source": "fr", "target": "en"}).json()
    assert isinstance(body["translatedText"], list) and len(body["translatedText"]) == 4
    assert body["translatedText"][1] == ""          # nothing to translate comes back as sent
    assert body["translatedText"][3] == "— …"
    assert "Prime Minister" in body["translatedText"][2]
    assert len(body["terms"]) == 4 and body["terms"][2]["occurrences"][0]["expected"] == "Prime Minister"
    assert "detectedLanguage" not in body


def test_auto_source_reports_the_detected_language(http: httpx.Client) -> None:
    single = http.post("/translate", json={"q": FRENCH, "source": "auto", "target": "en"}).json()
    assert single["detectedLanguage"]["language"] == "fr"
    assert 0 < single["detectedLanguage"]["confidence"] <= 100
    batch = http.post("/translate", json={"q": [FRENCH, FRENCH], "source": "auto",
                                          "target": "en"}).json()
    assert [d["language"] for d in batch["detectedLanguage"]] == ["fr", "fr"]


def test_english_input_with_auto_is_refused_as_unsupported(http: httpx.Client) -> None:
    reply = http.post("/translate", json={"q": "The minister said that the budget was ready.",
                                          "source": "auto", "target": "en"})
    assert reply.status_code == 400 and reply.json() == {"error": "en is not supported"}


def test_configured_glossary_is_enforced_with_a_term_report(http: httpx.Client) -> None:
    body = http.post("/translate", data={"q": FRENCH, "source": "fr", "target": "en"}).json()
    assert "Prime Minister" in body["translatedText"]
    occurrence = body["terms"]["occurrences"][0]
    assert occurrence["source_text"] == "Premier ministre"
    assert occurrence["status"] == "ok"
    assert FRENCH[slice(*occurrence["source_span"])] == "Premier ministre"
    assert body["terms"]["violations"] == []


def test_named_glossary_and_unknown_name(http: httpx.Client) -> None:
    listed = http.get("/glossaries").json()["glossaries"]
    names = [g["name"] for g in listed]
    assert "news-fr-en" in names
    entry = listed[names.index("news-fr-en")]
    assert entry["entries"] > 10 and len(entry["sha256"]) == 64
    named = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                          "glossary": "news-fr-en"}).json()
    assert "Prime Minister" in named["translatedText"]
    assert named["terms"]["glossary"] == entry["sha256"]
    unknown = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                            "glossary": "../../etc/passwd"})
    assert unknown.status_code == 400
    assert "unknown glossary" in unknown.json()["error"] and "news-fr-en" in unknown.json()["error"]


def test_inline_glossary_is_enforced_and_validated(http: httpx.Client) -> None:
    glossary = [{"source": "syndicats", "target": "labour unions", "forbidden": ["syndicates"]}]
    body = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                         "glossary": glossary}).json()
    assert rendered("labour unions", body["translatedText"])
    assert "Prime Minister" not in body["translatedText"]  # only the inline glossary applies
    assert [o["source_term"] for o in body["terms"]["occurrences"]] == ["syndicats"]
    for bad, fragment in (
        ([{"source": "syndicats"}], "missing target"),
        ([{"source": "a", "target": "b", "colour": "red"}], "unknown field 'colour'"),
        ({"source": "a", "target": "b"}, "list of"),
        ([{"source": "chat", "target": "cat"}, {"source": "Chat", "target": "cat"}], "duplicate"),
    ):
        reply = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                              "glossary": bad})
        assert reply.status_code == 400, bad
        assert fragment in reply.json()["error"], reply.json()


@pytest.mark.parametrize("mode", ["report", "off"])
def test_glossary_modes(http: httpx.Client, mode: str) -> None:
    body = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                         "glossary_mode": mode}).json()
    if mode == "off":
        assert "terms" not in body
    else:
        occurrence = body["terms"]["occurrences"][0]
        assert occurrence["method"] == "none"
        assert occurrence["status"] == ("ok" if "Prime Minister" in body["translatedText"]
                                        else "violation")


def test_alternatives_are_distinct_strings(http: httpx.Client) -> None:
    body = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en",
                                         "alternatives": 3}).json()
    assert isinstance(body["alternatives"], list) and 1 <= len(body["alternatives"]) <= 3
    assert all(isinstance(a, str) and a.strip() for a in body["alternatives"])
    assert body["translatedText"] not in body["alternatives"]
    assert len(set(body["alternatives"])) == len(body["alternatives"])
    plain = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en"}).json()
    assert "alternatives" not in plain


def test_multipart_form_body(http: httpx.Client) -> None:
    reply = http.post("/translate", files={"q": (None, FRENCH), "source": (None, "fr"),
                                           "target": (None, "en")})
    assert reply.status_code == 200 and "Prime Minister" in reply.json()["translatedText"]


def test_whitespace_only_q_comes_back_unchanged(http: httpx.Client) -> None:
    reply = http.post("/translate", json={"q": "  \n ", "source": "fr", "target": "en"})
    assert reply.status_code == 200 and reply.json()["translatedText"] == "  \n "


def test_fifty_parallel_requests_each_get_their_own_answer(http: httpx.Client,
                                                          server: RunningServer) -> None:
    def one(i: int) -> tuple[int, int, dict[str, object]]:
        marker = f"zork{i}x"
        payload = {"q": [f"Le chat numéro {i} dort.", "Il pleut sur la ville."], "source": "fr",
                   "target": "en", "glossary": [{"source": "chat", "target": marker}]}
        with httpx.Client(base_url=server.url, timeout=120) as client:
            reply = client.post("/translate", json=payload)
        return i, reply.status_code, reply.json()

    before = _batch_stats(http)
    with ThreadPoolExecutor(max_workers=60) as pool:
        results = list(pool.map(one, range(60)))
    assert len(results) == 60
    for i, status, body in results:
        assert status == 200, body
        first, second = body["translatedText"]  # type: ignore[misc]
        assert rendered(f"zork{i}x", first), (i, first)
        others = [j for j in range(60) if j != i and rendered(f"zork{j}x", first + second)]
        assert not others, (i, others)
        assert body["terms"][0]["occurrences"][0]["expected"] == f"zork{i}x"  # type: ignore[index]
    batches, combined = (a - b for a, b in zip(_batch_stats(http), before))
    # Sentences of concurrent requests were decoded together: fewer decode batches than the
    # 120 sentences, and some batches combined several requests.
    assert 0 < batches < 120 and combined > 0


def _batch_stats(http: httpx.Client) -> tuple[int, int]:
    """Decode batches so far, and how many of them combined more than one request."""
    text = http.get("/metrics").text
    values = {line.split(" ")[0]: float(line.split(" ")[1]) for line in text.splitlines()
              if line.startswith("translate_batch_requests")}
    total = int(values["translate_batch_requests_count"])
    single = int(values['translate_batch_requests_bucket{le="1"}'])
    return total, total - single


# --- every error status, LibreTranslate's shape --------------------------------------------

BASE = {"q": "Bonjour.", "source": "fr", "target": "en"}
ERRORS = [
    ({"source": "fr", "target": "en"}, "Invalid request: missing q parameter"),
    ({**BASE, "q": ""}, "Invalid request: missing q parameter"),
    ({**BASE, "q": []}, "Invalid request: missing q parameter"),
    ({"q": "Bonjour.", "target": "en"}, "Invalid request: missing source parameter"),
    ({"q": "Bonjour.", "source": "fr"}, "Invalid request: missing target parameter"),
    ({**BASE, "source": "de"}, "de is not supported"),
    ({**BASE, "target": "es"}, "es is not supported"),
    ({**BASE, "format": "xml"}, "xml format is not supported"),
    ({**BASE, "alternatives": "many"}, "Invalid request: alternatives parameter is not a number"),
    ({**BASE, "alternatives": 99}, "Invalid request: alternatives parameter must be <= 5"),
    ({**BASE, "q": ["Bonjour.", 7]}, "Invalid request: q must be a string or a list of strings"),
    ({**BASE, "q": "x" * 5001}, "Invalid request: request (5001) exceeds text limit (5000)"),
    ({**BASE, "q": ["a"] * 101}, "Invalid request: request (101) exceeds text limit (100)"),
    ({**BASE, "glossary_mode": "strict"}, "Invalid request: glossary_mode must be one of"),
]


@pytest.mark.parametrize(("payload", "message"), ERRORS, ids=[m[:40] for _, m in ERRORS])
def test_bad_requests_are_400_with_libretranslates_message(http: httpx.Client, payload: dict[str, object],
                                                           message: str) -> None:
    reply = http.post("/translate", json=payload)
    assert reply.status_code == 400
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.json()["error"].startswith(message)


def test_html_format_keeps_markup_and_enforces_terms_inside_it(http: httpx.Client) -> None:
    from lxml import html as lxml_html

    fragment = ('<p>Le <b>secrétaire général</b> de l\'<a href="https://example.org/otan">OTAN</a> '
                'a parlé.</p><p class="notranslate">Garder ce texte.</p>')
    reply = http.post("/translate", json={**BASE, "q": fragment, "format": "html"})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    out = lxml_html.fragments_fromstring(body["translatedText"])
    tags = [e.tag for root in out for e in root.iter()]
    assert tags == ["p", "b", "a", "p"]                      # every element, once, in order
    link = out[0].find(".//a")
    assert link is not None and link.get("href") == "https://example.org/otan"
    # « secrétaire général de l'OTAN » spans <b> and <a>: one term, enforced across the markup
    assert "NATO Secretary General" in out[0].text_content()
    assert out[1].text_content() == "Garder ce texte."       # notranslate kept untouched
    assert "Le secrétaire" not in out[0].text_content()
    assert [(o["source_term"], o["status"]) for o in body["terms"]["occurrences"]] == [
        ("secrétaire général de l'OTAN", "ok")]


def test_unknown_format_is_a_clear_400(http: httpx.Client) -> None:
    reply = http.post("/translate", json={**BASE, "format": "pdf"})
    assert reply.status_code == 400
    assert "pdf" in reply.json()["error"] and "format=html" in reply.json()["error"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"q"', b"\xff\xfe"])
def test_bad_json_bodies(http: httpx.Client, body: bytes) -> None:
    reply = http.post("/translate", content=body, headers={"content-type": "application/json"})
    assert reply.status_code == 400 and reply.json() == {"error": "Invalid JSON format"}


def test_bad_form_bodies(http: httpx.Client) -> None:
    not_utf8 = http.post("/translate", content=b"q=\xff&source=fr&target=en",
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert not_utf8.status_code == 400 and "UTF-8" in not_utf8.json()["error"]
    broken = http.post("/translate", content=b"--x\r\nnonsense",
                       headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code == 400 and "error" in broken.json()


def test_body_over_the_size_limit_is_413(http: httpx.Client) -> None:
    reply = http.post("/translate", json={**BASE, "q": "a" * 1_100_000})
    assert reply.status_code == 413 and "too large" in reply.json()["error"]


@pytest.mark.parametrize(("method", "path"), [("GET", "/translate"), ("POST", "/languages"),
                                               ("DELETE", "/health"), ("GET", "/detect")])
def test_wrong_method_is_405(http: httpx.Client, method: str, path: str) -> None:
    reply = http.request(method, path)
    assert reply.status_code == 405 and reply.json() == {"error": "Method Not Allowed"}


def test_unknown_path_is_404_json(http: httpx.Client) -> None:
    reply = http.get("/configs/translate.yaml")
    assert reply.status_code == 404 and reply.json() == {"error": "Not Found"}


# --- the other endpoints -------------------------------------------------------------------

def test_health_settings_spec_metrics(http: httpx.Client) -> None:
    assert http.get("/health").json() == {"status": "ok"}
    settings = http.get("/frontend/settings").json()
    assert settings["charLimit"] == 5000 and settings["apiKeys"] is False
    assert settings["language"]["source"]["code"] == "fr"
    spec = http.get("/spec").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/translate", "/detect", "/languages", "/frontend/settings", "/health", "/spec",
                 "/check", "/eval", "/glossaries", "/metrics"):
        assert path in spec["paths"], path
    metrics = http.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    for name in ("translate_http_requests_total", "translate_http_request_duration_seconds_bucket",
                 "translate_batch_sentences_count", "translate_queue_depth_sentences"):
        assert name in metrics.text
    assert "access-control-allow-origin" not in metrics.headers  # CORS is off unless asked


def test_detect_errors_and_form(http: httpx.Client) -> None:
    assert http.post("/detect", json={}).json() == {"error": "Invalid request: missing q parameter"}
    reply = http.post("/detect", data={"q": "Les élèves sont rentrés à l'école."})
    assert reply.status_code == 200 and reply.json()[0]["language"] == "fr"


def test_check_endpoint_reports_missing_and_forbidden_terms(http: httpx.Client) -> None:
    good = http.post("/check", json={"source": FRENCH,
                                     "translation": "The Prime Minister met the unions in Paris."})
    assert good.status_code == 200 and good.json()["ok"] is True
    assert good.json()["signature"]["glossary"] == "news-fr-en.yaml"  # no server paths leak
    bad = http.post("/check", json={"source": FRENCH,
                                    "translation": "The first minister met the unions in Paris."})
    body = bad.json()
    assert body["ok"] is False
    assert [(v["kind"], v["expected"]) for v in body["violations"]] == [("missing", "Prime Minister")]
    inline = http.post("/check", json={"source": "Le chat dort.", "translation": "The dog sleeps.",
                                       "glossary": [{"source": "chat", "target": "cat"}]}).json()
    assert inline["ok"] is False and inline["violations"][0]["source_term"] == "chat"
    missing = http.post("/check", json={"source": FRENCH})
    assert missing.status_code == 400
    assert missing.json() == {"error": "Invalid request: missing translation parameter"}


def test_eval_endpoint_matches_sacrebleu(http: httpx.Client) -> None:
    hypotheses = ["The cat sleeps on the mat.", "It rains in Paris today."]
    references = ["The cat is sleeping on the mat.", "It is raining in Paris today."]
    body = http.post("/eval", json={"hypothesis": hypotheses, "references": [references],
                                    "metrics": "bleu,chrf"}).json()
    scores = body["scores"]
    assert scores["bleu"] == pytest.approx(sacrebleu.corpus_bleu(hypotheses, [references]).score)
    assert scores["chrf"] == pytest.approx(sacrebleu.corpus_chrf(hypotheses, [references]).score)
    assert "nrefs:1" in body["signatures"]["bleu"]
    assert body["sentences"] == 2 and body["references"] == 1
    text_form = http.post("/eval", json={"hypothesis": "\n".join(hypotheses),
                                         "references": ["\n".join(references)]}).json()
    assert text_form["scores"]["bleu"] == scores["bleu"]
    terms = http.post("/eval", json={
        "hypothesis": ["The Prime Minister spoke.", "The first minister spoke."],
        "references": [["The Prime Minister spoke.", "The Prime Minister spoke."]],
        "source": ["Le Premier ministre a parlé.", "Le Premier ministre a parlé."]}).json()
    assert terms["scores"]["term_accuracy"] == pytest.approx(0.5)
    assert terms["glossary"]["glossary"] == "news-fr-en.yaml"
    mismatch = http.post("/eval", json={"hypothesis": hypotheses, "references": [references[:1]]})
    assert mismatch.status_code == 400 and "error" in mismatch.json()
    unknown = http.post("/eval", json={"hypothesis": hypotheses, "references": [references],
                                       "metrics": "meteor"})
    assert unknown.status_code == 400


def test_term_report_is_the_run_report(http: httpx.Client) -> None:
    body = http.post("/translate", json={"q": FRENCH, "source": "fr", "target": "en"}).json()
    keys = set(body["terms"]["occurrences"][0])
    assert keys == {"paragraph", "sentence", "source_term", "source_span", "source_text",
                    "expected", "method", "status"}
    json.dumps(body)  # plain JSON all the way down
