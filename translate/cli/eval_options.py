"""sacrebleu's metric options for ``translate eval`` and ``compare``, under sacrebleu's names.

The names (and short aliases) are those of the ``sacrebleu`` command line, so a CI line moves
over unchanged; see the README's evaluation section for the table.
"""

from __future__ import annotations

import typer

from translate.quality.options import SMOOTH_METHODS, TOKENIZERS, SacrebleuOptions

TOKENIZE = typer.Option(None, "--tokenize", "-tok",
                        help=f"BLEU tokenizer: {', '.join(TOKENIZERS)} (default 13a).")
LOWERCASE = typer.Option(False, "--lowercase", "-lc", help="Case-insensitive BLEU.")
SMOOTH_METHOD = typer.Option("exp", "--smooth-method", "-s",
                             help=f"BLEU smoothing: {', '.join(SMOOTH_METHODS)}.")
SMOOTH_VALUE = typer.Option(None, "--smooth-value", "-sv",
                            help="Smoothing value for floor (0.1) and add-k (1).")
FORCE = typer.Option(False, "--force", help="Insist the input is detokenized (BLEU).")
CHRF_CHAR_ORDER = typer.Option(6, "--chrf-char-order", "-cc", help="chrF character n-gram order.")
CHRF_WORD_ORDER = typer.Option(0, "--chrf-word-order", "-cw",
                               help="chrF word n-gram order (2 = chrF++).")
CHRF_BETA = typer.Option(2, "--chrf-beta", help="chrF β: weight of recall over precision.")
CHRF_WHITESPACE = typer.Option(False, "--chrf-whitespace",
                               help="Keep whitespace in chrF character n-grams.")
CHRF_LOWERCASE = typer.Option(False, "--chrf-lowercase", help="Case-insensitive chrF.")
CHRF_EPS = typer.Option(False, "--chrf-eps-smoothing",
                        help="chrF epsilon smoothing (chrF++.py, NLTK, Moses).")
TER_CASE = typer.Option(False, "--ter-case-sensitive", help="Case-sensitive TER.")
TER_ASIAN = typer.Option(False, "--ter-asian-support", help="TER support for Asian characters.")
TER_NO_PUNCT = typer.Option(False, "--ter-no-punct", help="Remove punctuation for TER.")
TER_NORMALIZED = typer.Option(False, "--ter-normalized",
                              help="TER basic normalization and tokenization.")


def build_options(tokenize: str | None, lowercase: bool, smooth_method: str,
                  smooth_value: float | None, force: bool, chrf_char_order: int,
                  chrf_word_order: int, chrf_beta: int, chrf_whitespace: bool,
                  chrf_lowercase: bool, chrf_eps_smoothing: bool, ter_case_sensitive: bool,
                  ter_asian_support: bool, ter_no_punct: bool,
                  ter_normalized: bool) -> SacrebleuOptions:
    """The validated options (a usage error names a bad value)."""
    return SacrebleuOptions(
        tokenize=tokenize, lowercase=lowercase, smooth_method=smooth_method,
        smooth_value=smooth_value, force=force, chrf_char_order=chrf_char_order,
        chrf_word_order=chrf_word_order, chrf_beta=chrf_beta, chrf_whitespace=chrf_whitespace,
        chrf_lowercase=chrf_lowercase, chrf_eps_smoothing=chrf_eps_smoothing,
        ter_case_sensitive=ter_case_sensitive, ter_no_punct=ter_no_punct,
        ter_normalized=ter_normalized, ter_asian_support=ter_asian_support)
