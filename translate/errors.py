"""The one exception tree of the library, and the exit codes the CLI maps it to.

Every error the library raises on purpose derives from :class:`TranslateError` and carries
the process exit code the command line uses for it. The README's exit-code table is this
module, rendered.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``translate`` command."""

    OK = 0
    CHECK_FAILED = 1
    BAD_INPUT = 2
    MODEL_MISSING = 3
    BAD_PACKAGE = 4
    NETWORK = 5
    ENGINE = 6
    SOME_FAILED = 7
    INTERNAL = 70
    INTERRUPTED = 130
    TERMINATED = 143


EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success (for check/eval/strict runs: no violation, every threshold met)",
    ExitCode.CHECK_FAILED: "terminology violations (`check`, `run --strict`), quality gate failed "
    "(`eval --gate`), glossary lint errors",
    ExitCode.BAD_INPUT: "bad input or usage: missing/unreadable/binary/non-UTF-8 file, invalid "
    "glossary or config, glossary over its size limits, mismatched evaluation files, unwritable "
    "output (full disk, socket or directory, the input file without `--in-place`), a "
    "translation memory that `cache clear` cannot change",
    ExitCode.MODEL_MISSING: "no installed translation package for the language pair",
    ExitCode.BAD_PACKAGE: "package archive refused: not a zip, unsafe paths, checksum mismatch, "
    "zip bomb or over the size limit, missing, oversized or malformed metadata",
    ExitCode.NETWORK: "package index or download unreachable, timed out or interrupted",
    ExitCode.ENGINE: "the translation model failed to load or to run",
    ExitCode.SOME_FAILED: "`batch` finished but some documents failed; each is recorded with its "
    "reason in summary.json and retried by the next run",
    ExitCode.INTERNAL: "internal error (a bug): rerun with --debug and report the traceback",
    ExitCode.INTERRUPTED: "interrupted (SIGINT); outputs left as they were",
    ExitCode.TERMINATED: "terminated (SIGTERM); outputs left as they were",
}


class TranslateError(Exception):
    """Root of every error the library raises on purpose.

    ``str(error)`` is a complete one-line message: what is wrong and how to fix it.
    """

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(TranslateError):
    """An input file, option or argument is unusable."""

    exit_code = ExitCode.BAD_INPUT


class GlossaryError(InputError):
    """A glossary file is invalid; the message names file, line and entry."""


class ConfigError(InputError):
    """A configuration file is invalid; the message names file and line."""


class EvaluationError(InputError):
    """Evaluation inputs do not line up (counts, emptiness, encodings)."""


class OutputError(InputError):
    """An output file cannot be written."""


class ModelNotFoundError(TranslateError):
    """No installed package translates the requested language pair."""

    exit_code = ExitCode.MODEL_MISSING


class PackageError(TranslateError):
    """A package archive or installed package is invalid or unsafe."""

    exit_code = ExitCode.BAD_PACKAGE


class NetworkError(TranslateError):
    """The package index or a download failed."""

    exit_code = ExitCode.NETWORK


class EngineError(TranslateError):
    """The translation engine failed to load or run a model."""

    exit_code = ExitCode.ENGINE


class CheckFailed(TranslateError):
    """A check found violations, or a quality gate failed."""

    exit_code = ExitCode.CHECK_FAILED


class SomeFailed(TranslateError):
    """A corpus run finished, but some documents could not be translated."""

    exit_code = ExitCode.SOME_FAILED
