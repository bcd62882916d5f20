"""Units of the server that need no model: the batching queue (with a pure-Python engine
double), rate limits, admission, key files, language detection."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from translate.engine.base import DecodeOptions, DecodeRequest, Engine, EngineInfo, Hypothesis
from translate.errors import EngineError, InputError
from translate.serve.batching import Cancelled, MicroBatcher
from translate.serve.detect import detect
from translate.serve.keys import KeyStore, add_key, digest, read_keys, remove_key
from translate.serve.limits import Admission, Limits, RateLimiter


class EchoEngine(Engine):
    """Reverses tokens; records every batch it is given; can be slowed or made to fail."""

    name = "echo"

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[list[tuple[str, ...]]] = []
        self.delay = delay
        self.fail = False

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        return text.split()

    def detokenize(self, tokens: Sequence[str]) -> str:
        return " ".join(tokens)

    def translate_batch(self, requests: Sequence[DecodeRequest],
                        options: DecodeOptions) -> list[Hypothesis]:
        self.calls.append([r.tokens for r in requests])
        time.sleep(self.delay)
        if self.fail:
            raise EngineError("boom")
        return [Hypothesis(tuple(reversed(r.tokens)), -1.0) for r in requests]

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("echo", "none", "0")


def _requests(label: str, n: int) -> list[DecodeRequest]:
    return [DecodeRequest((label, str(i), "x")) for i in range(n)]


def test_concurrent_submissions_are_decoded_together_and_routed_back() -> None:
    engine = EchoEngine(delay=0.05)
    batcher = MicroBatcher(engine, max_wait=0.05, max_tokens=10_000)
    options = DecodeOptions(beam_size=2)

    def one(label: str) -> list[Hypothesis]:
        return batcher.submit(_requests(label, 3), options, threading.Event())

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = dict(zip(map(str, range(20)), pool.map(one, map(str, range(20)))))
    batcher.close()
    for label, hypotheses in results.items():
        assert [h.tokens for h in hypotheses] == [("x", str(i), label) for i in range(3)]
    assert sum(len(c) for c in engine.calls) == 60
    assert len(engine.calls) < 20  # requests shared decode calls


def test_batch_token_bound_and_options_are_respected() -> None:
    engine = EchoEngine(delay=0.02)
    batcher = MicroBatcher(engine, max_wait=0.05, max_tokens=12)
    beam2, beam4 = DecodeOptions(beam_size=2), DecodeOptions(beam_size=4)
    with ThreadPoolExecutor(max_workers=10) as pool:
        jobs = [pool.submit(batcher.submit, _requests(str(i), 2), beam2 if i % 2 else beam4,
                            threading.Event()) for i in range(10)]
        for job in jobs:
            assert len(job.result()) == 2
    batcher.close()
    for call in engine.calls:
        assert sum(len(t) for t in call) <= 12
    # A batch never mixes options: every batch's labels share a parity.
    for call in engine.calls:
        assert len({int(tokens[0]) % 2 for tokens in call}) == 1


def test_cancelled_work_is_dropped_before_decoding() -> None:
    engine = EchoEngine(delay=0.3)
    batcher = MicroBatcher(engine, max_wait=0.0, max_tokens=10_000)
    options = DecodeOptions()
    busy = threading.Thread(target=batcher.submit, args=(_requests("busy", 1), options, threading.Event()))
    busy.start()
    time.sleep(0.05)  # the decode thread is now inside the slow call
    token = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(batcher.submit, _requests("gone", 5), options, token)
        time.sleep(0.05)
        assert batcher.depth == 5
        assert batcher.cancel(token) == 5
        with pytest.raises(Cancelled):
            waiting.result(5)
    with pytest.raises(Cancelled):
        batcher.submit(_requests("later", 1), options, token)
    busy.join()
    batcher.close()
    assert all(tokens[0][0] != "gone" for tokens in engine.calls)


def test_engine_failure_reaches_every_waiter_and_the_queue_survives() -> None:
    engine = EchoEngine()
    batcher = MicroBatcher(engine, max_wait=0.0)
    engine.fail = True
    with pytest.raises(EngineError):
        batcher.submit(_requests("a", 1), DecodeOptions(), threading.Event())
    engine.fail = False
    assert batcher.submit(_requests("b", 1), DecodeOptions(), threading.Event())[0].tokens == ("x", "0", "b")
    batcher.close()


def test_rate_limiter_counts_per_identity() -> None:
    limiter = RateLimiter(default=2)
    assert [limiter.allow("ip:a") for _ in range(3)] == [True, True, False]
    assert limiter.allow("ip:b")
    assert [limiter.allow("key:x", limit=4) for _ in range(5)] == [True] * 4 + [False]
    assert all(RateLimiter(default=-1).allow("ip:a") for _ in range(100))


def test_admission_capacity_is_concurrency_plus_queue() -> None:
    gate = Admission(Limits(concurrency=2, queue_depth=1))
    assert [gate.try_enter() for _ in range(4)] == [True, True, True, False]
    gate.leave()
    assert gate.try_enter() and gate.active == 3


def test_key_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keys.json"
    key = add_key(path, "cms", rate_limit=30)
    assert key not in path.read_text(encoding="utf-8")
    assert read_keys(path)["cms"].sha256 == digest(key)
    store = KeyStore(path)
    assert store.lookup(key) is not None and store.lookup(key + "x") is None
    with pytest.raises(InputError, match="already exists"):
        add_key(path, "cms")
    with pytest.raises(InputError, match="one word"):
        add_key(path, "two words")
    remove_key(path, "cms")
    assert store.lookup(key) is None
    with pytest.raises(InputError, match="no key named 'cms'"):
        remove_key(path, "cms")


@pytest.mark.parametrize("content", ["{", "[]", json.dumps({"keys": [{"name": "a"}]})])
def test_bad_key_files_are_refused_with_the_path(tmp_path: Path, content: str) -> None:
    path = tmp_path / "keys.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=str(path)):
        read_keys(path)


@pytest.mark.parametrize(("text", "language"), [
    ("Le gouvernement a annoncé une réforme des retraites.", "fr"),
    ("Selon l'AFP, la ministre s'est exprimée hier soir à l'Assemblée.", "fr"),
    ("Les élèves sont rentrés à l'école.", "fr"),
    ("The government announced a pension reform.", "en"),
    ("According to the agency, the minister spoke last night.", "en"),
    ("It was a very good year for the company and its workers.", "en"),
])
def test_detects_french_and_english(text: str, language: str) -> None:
    best = detect(text)[0]
    assert best["language"] == language and float(best["confidence"]) > 60  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["12345", "!!!", "🙂"])
def test_no_evidence_is_english_with_zero_confidence(text: str) -> None:
    assert detect(text)[0] == {"confidence": 0.0, "language": "en"}


def test_help_never_imports_the_asgi_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from translate.cli import app\n"
        "for args in [[], ['serve'], ['api-keys'], ['api-keys', 'add']]:\n"
        "    result = CliRunner().invoke(app, [*args, '--help'])\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'multipart', 'ctranslate2') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
