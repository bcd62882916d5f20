"""CTranslate2 + SentencePiece (or BPE) engine for an installed Argos package.

This reproduces argostranslate's decoding (``replace_unknowns``, ``length_penalty=0.2``,
the package's ``target_prefix``) without importing ``argostranslate.translate`` and its torch
dependency. The model is loaded on first use, once per engine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from translate.config import Settings
from translate.engine.base import (
    DecodeOptions,
    DecodeRequest,
    Engine,
    EngineInfo,
    Hypothesis,
    find_repetition,
    register_engine,
)
from translate.engine.budget import ModelShape
from translate.errors import EngineError, PackageError
from translate.models.registry import InstalledPackage

LENGTH_PENALTY = 0.2


@register_engine
class CTranslate2Engine(Engine):
    """Runs an Argos package's CTranslate2 model on the CPU."""

    name = "ctranslate2"

    def __init__(self, package: InstalledPackage, settings: Settings) -> None:
        self.package = package
        self.settings = settings
        self._translator: Any = None
        self._sp: Any = None
        self._bpe: Any = None
        self._lock = threading.Lock()
        self._prefix = (package.target_prefix,) if package.target_prefix else ()
        self._target_vocabulary: frozenset[str] | None = None
        self._shape: ModelShape | None = None

    @property
    def info(self) -> EngineInfo:
        """Package identity and every option that changes the output."""
        s = self.settings
        return EngineInfo(
            engine=self.name,
            package=self.package.name,
            version=self.package.version,
            options=(
                ("beam", str(s.beam_size)),
                ("compute", s.compute_type),
                ("length", f"{s.length_ratio}x+{s.length_margin}<={s.max_decoding_tokens}"),
                ("max_input", str(s.max_input_tokens)),
                ("no_repeat", str(s.no_repeat_ngram_size)),
                ("glossary_mode", s.glossary_mode),
            ),
        )

    @property
    def loaded(self) -> bool:
        """True once the model has been loaded."""
        return self._translator is not None

    def _tokenizer(self) -> None:
        if self._sp is not None or self._bpe is not None:
            return
        path = self.package.path
        if (path / "sentencepiece.model").is_file():
            import sentencepiece

            try:
                self._sp = sentencepiece.SentencePieceProcessor(
                    model_file=str(path / "sentencepiece.model")
                )
            except (OSError, RuntimeError) as exc:
                raise PackageError(f"{path}: unreadable sentencepiece.model ({exc})") from None
        elif (path / "bpe.model").is_file():
            try:
                import sacremoses  # noqa: F401  (imported by the tokenizer only when used)
                from argostranslate.tokenizer import BPETokenizer
            except ImportError:
                raise PackageError(
                    f"{path}: BPE-tokenised packages need argostranslate's tokenizer; run "
                    f"pip install sacremoses && pip install --no-deps 'argostranslate>=1.9,<2'"
                ) from None

            self._bpe = BPETokenizer(path / "bpe.model", self.package.from_code,
                                     self.package.to_code)
        else:
            raise PackageError(
                f"{path}: no sentencepiece.model or bpe.model; reinstall the package"
            )

    def load(self) -> None:
        """Load the model now rather than on the first batch (lets a caller time it)."""
        self._tokenizer()
        self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._translator is None:
                import ctranslate2

                try:
                    self._translator = ctranslate2.Translator(
                        str(self.package.path / "model"),
                        device="cpu",
                        compute_type=self.settings.compute_type,
                        inter_threads=1,
                        intra_threads=self.settings.threads,
                    )
                except (RuntimeError, ValueError, OSError) as exc:
                    raise EngineError(
                        f"cannot load model {self.package.path / 'model'} ({exc}); "
                        f"reinstall the package"
                    ) from None
        return self._translator

    def target_vocabulary(self) -> frozenset[str]:
        """Tokens the model can produce (read from the model folder once)."""
        if self._target_vocabulary is None:
            import json

            model = self.package.path / "model"
            tokens: list[str] = []
            for name in ("target_vocabulary", "shared_vocabulary"):
                if (model / f"{name}.json").is_file():
                    tokens = json.loads((model / f"{name}.json").read_text(encoding="utf-8"))
                    break
                if (model / f"{name}.txt").is_file():
                    tokens = (model / f"{name}.txt").read_text(encoding="utf-8").splitlines()
                    break
            self._target_vocabulary = frozenset(tokens)
        return self._target_vocabulary

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        """SentencePiece pieces (or BPE tokens) of ``text``."""
        self._tokenizer()
        if self._sp is not None:
            return list(self._sp.encode(text, out_type=str))
        return list(self._bpe.encode(text))

    def detokenize(self, tokens: Sequence[str]) -> str:
        """Text of target tokens, without the package's target prefix."""
        self._tokenizer()
        pieces = list(tokens)
        if self._prefix and pieces[:1] == list(self._prefix):
            pieces = pieces[1:]
        if self._sp is not None:
            text = str(self._sp.decode_pieces(pieces))
        else:
            text = str(self._bpe.decode(pieces))
        return text.strip()

    def translate_batch(
        self, requests: Sequence[DecodeRequest], options: DecodeOptions
    ) -> list[Hypothesis]:
        """Translate in length-sorted buckets, each with a length bound fitted to it."""
        if not requests:
            return []
        translator = self._load()
        vocabulary = self.target_vocabulary()
        # A sequence with a token the model cannot emit can never be produced; CTranslate2
        # rejects such sequences, so they are dropped rather than passed on.
        suppress = [list(s) for s in options.suppress if all(t in vocabulary for t in s)]
        order = sorted(range(len(requests)), key=lambda i: len(requests[i].tokens))
        results: list[Hypothesis | None] = [None] * len(requests)
        for bucket in self._buckets(order, requests, options.beam_size):
            batch = [list(requests[i].tokens) for i in bucket]
            prefixes = [list(self._prefix + requests[i].prefix) for i in bucket]
            longest = max(len(t) for t in batch)
            limit = self.settings.max_decoding_length(longest) + max(len(p) for p in prefixes)
            try:
                outputs = translator.translate_batch(
                    batch,
                    target_prefix=prefixes if any(prefixes) else None,
                    beam_size=options.beam_size,
                    # The bucket is already the batch; CTranslate2 would otherwise re-split it
                    # by its own padded token count into smaller, slower batches.
                    max_batch_size=0,
                    max_decoding_length=limit,
                    length_penalty=LENGTH_PENALTY,
                    replace_unknowns=True,
                    return_scores=True,
                    return_attention=options.return_attention,
                    no_repeat_ngram_size=self.settings.no_repeat_ngram_size,
                    suppress_sequences=suppress or None,
                    num_hypotheses=options.num_hypotheses,
                )
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"translation failed ({exc}); try --beam 1 or --debug") from None
            for index, output in zip(bucket, outputs):
                results[index] = self._hypothesis(requests[index], output, options)
        return [r for r in results if r is not None]

    def _buckets(self, order: list[int], requests: Sequence[DecodeRequest],
                 beam: int | None = None) -> list[list[int]]:
        """Length buckets within the decoder-memory budget (see :mod:`translate.engine.budget`)."""
        from translate.engine.budget import memory_buckets

        if self._shape is None:
            from translate.engine.budget import read_model_shape

            self._shape = read_model_shape(self.package.path / "model" / "model.bin")
        lengths = [len(r.tokens) for r in requests]
        return memory_buckets(
            lengths, order, self.settings.max_decoding_length,
            self._shape.bytes_per_position(beam or self.settings.beam_size),
            self.settings.max_batch_memory_mb * 1024 * 1024, self.settings.max_batch_tokens)

    def _hypothesis(self, request: DecodeRequest, output: Any, options: DecodeOptions) -> Hypothesis:
        tokens = list(output.hypotheses[0])
        if self._prefix and tokens[: len(self._prefix)] == list(self._prefix):
            tokens = tokens[len(self._prefix):]
        bound = self.settings.max_decoding_length(len(request.tokens)) + len(request.prefix)
        truncated = len(tokens) >= bound
        tokens = tokens[:bound]
        cut = find_repetition(tokens[len(request.prefix):])
        repetition = cut is not None
        if cut is not None:
            tokens = tokens[: len(request.prefix) + cut]
        attention = None
        if options.return_attention and output.attention:
            offset = len(self._prefix)
            rows = output.attention[0][offset: offset + len(tokens)]
            attention = tuple(map(tuple, rows))  # rows of Python floats already
        score = float(output.scores[0]) if output.scores else 0.0
        skip = len(self._prefix)
        alternatives = []
        for other in output.hypotheses[1:]:
            other = list(other[skip:] if tuple(other[:skip]) == self._prefix else other)[:bound]
            loop = find_repetition(other)
            alternatives.append(tuple(other if loop is None else other[:loop]))
        return Hypothesis(tuple(tokens), score, attention, truncated, repetition, tuple(alternatives))


def load_engine(settings: Settings, package: InstalledPackage, name: str = "ctranslate2") -> Engine:
    """Create the named engine for an installed package (the model loads on first use)."""
    from translate.engine.base import ENGINES

    try:
        cls = ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; known: {', '.join(sorted(ENGINES))}") from None
    return cls(package, settings)  # type: ignore[call-arg]
