"""``translate glossary lint``: every problem in a glossary file, not just the first.

Errors (exit 1): schema errors, YAML 1.1 boolean traps, duplicate or conflicting terms after
normalisation, a target also listed as forbidden, a forbidden rendering equal to another
term's target. Warnings: untranslated targets, stray whitespace, non-NFC text, ambiguous
common phrases (a lower-case source rendered as a capitalised name or title, such as
« premier ministre » or « maison blanche », with neither ``case_sensitive`` nor a ``note``),
and, across several files, entries a later file overrides. Information: terms nested in
longer ones (fine: the longer one wins where both match), a ``target_plural`` equal to the
regular plural.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from translate.errors import GlossaryError
from translate.gcpause import gc_paused
from translate.glossary.formats import FORMULA_STARTS
from translate.glossary.match import SourceMatcher
from translate.glossary.schema import (
    MAX_GLOSSARY_BYTES,
    MAX_GLOSSARY_TERMS,
    Glossary,
    Term,
    check_glossary_size,
    check_term_count,
    header_problems,
    parse_term,
    source_keys,
)
from translate.yamlsafe import YAML11_BOOLEANS

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class LintIssue:
    """One finding, with its line in the file."""

    severity: str
    code: str
    line: int
    message: str


@dataclass(frozen=True)
class LintReport:
    """All findings for one file."""

    path: Path
    issues: tuple[LintIssue, ...]
    terms: int

    @property
    def errors(self) -> int:
        """Number of errors."""
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return sum(1 for i in self.issues if i.severity == WARNING)


def _trap_issue(line: int, value: str) -> LintIssue:
    return LintIssue(ERROR, "yaml11-boolean", line,
                     f"unquoted {value!r} is read as a boolean by YAML 1.1 tools; quote it")


def _yaml11_traps(text: str) -> list[LintIssue]:
    issues = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if (isinstance(token, yaml.ScalarToken) and token.plain
                    and token.value.lower() in YAML11_BOOLEANS):
                issues.append(_trap_issue(token.start_mark.line + 1, token.value))
    except yaml.YAMLError:
        pass
    return issues


def _text_issues(term: Term) -> list[LintIssue]:
    issues = []
    strings = [("source", term.source), ("target", term.target)]
    if term.target_plural:
        strings.append(("target_plural", term.target_plural))
    for name in ("variants", "target_variants", "forbidden"):
        strings += [(name, value) for value in getattr(term, name)]
    if term.note.startswith(FORMULA_STARTS):
        strings.append(("note", term.note))
    for name, value in strings:
        if value != value.strip() or "  " in value:
            issues.append(LintIssue(WARNING, "whitespace", term.line,
                                    f"{name} {value!r} has stray whitespace"))
        if value.startswith(FORMULA_STARTS):
            issues.append(LintIssue(WARNING, "spreadsheet-formula", term.line,
                                    f"{name} {value!r} starts with {value[0]!r}: spreadsheets "
                                    f"run it as a formula (CSV exports quote it with ')"))
        if not unicodedata.is_normalized("NFC", value):
            issues.append(LintIssue(WARNING, "not-nfc", term.line,
                                    f"{name} {value!r} is not in Unicode NFC form; retype it"))
    return issues


def _entries(data: object, path: Path) -> tuple[list[Term], list[LintIssue]]:
    issues: list[LintIssue] = []
    terms: list[Term] = []
    if not isinstance(data, dict):
        return terms, [LintIssue(ERROR, "schema", 1, "top level must be a mapping with terms")]
    entries = data.get("terms") or []
    if not isinstance(entries, list):
        return terms, [LintIssue(ERROR, "schema", 1, "terms must be a list")]
    for number, entry in enumerate(entries, start=1):
        line = getattr(entry, "line", 0)
        try:
            terms.append(parse_term(entry, f"term {number}", line))
        except GlossaryError as exc:
            issues.append(LintIssue(ERROR, "schema", line, str(exc)))
    return terms, issues


def lint_glossary(path: Path, max_bytes: int = MAX_GLOSSARY_BYTES,
                  max_terms: int = MAX_GLOSSARY_TERMS, text: str | None = None) -> LintReport:
    """Lint one glossary file (refused like ``check`` past the size and term limits);
    ``text``: its content when already read."""
    from translate.io import read_text
    from translate.yamlsafe import check_nesting, load_lenient

    if text is None:
        check_glossary_size(path, max_bytes)
        text = read_text(path)
    try:
        data, traps = load_lenient(text, str(path))
    except GlossaryError as exc:
        message = str(exc)
        line = _line_of(message, path)
        # A token scan still finds the boolean traps before the error; deeply nested text is
        # not scanned (the loader reported it without parsing).
        issues = _yaml11_traps(text) if check_nesting(text) is None else []
        return LintReport(path, (*issues, LintIssue(ERROR, "yaml", line, message)), 0)
    issues = [_trap_issue(line, value) for line, value in dict.fromkeys(traps)]
    if data is None:
        data = {"terms": []}  # an empty file is an empty glossary, as for `run` and `check`
    check_term_count(data, str(path), max_terms)
    terms, schema_issues = _entries(data, path)
    issues += schema_issues
    if isinstance(data, dict):
        issues += [LintIssue(ERROR, "schema", line, message)
                   for line, message in header_problems(data)]
    issues += _cross_checks(terms)
    for term in terms:
        issues += _text_issues(term)
    issues.sort(key=lambda i: (i.line, i.severity != ERROR, i.code))
    return LintReport(path, tuple(issues), len(terms))


def _line_of(message: str, path: Path) -> int:
    rest = message[len(str(path)) + 1:] if message.startswith(f"{path}:") else ""
    digits = rest.split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def _cross_checks(terms: list[Term]) -> list[LintIssue]:
    from translate.text.normalize import folded_lowers

    issues = []
    seen: dict[str, Term] = {}
    targets: dict[str, Term] = {}
    for term in terms:
        targets.setdefault(term.target, term)
    forms = [(term, form) for term in terms for form in term.source_forms]
    # The key `check` and `run` refuse a glossary on (a variant repeating its own entry's
    # source included): lint reports an error exactly where they would fail.
    keys = iter(source_keys(forms))
    sources = folded_lowers([term.source for term in terms])
    renderings = folded_lowers([term.target for term in terms])
    for term, source, target in zip(terms, sources, renderings, strict=True):
        for form in term.source_forms:
            key = next(keys)
            first = seen.get(key)
            if first is not None:
                kind = "duplicate" if first.target == term.target else "conflict"
                issues.append(LintIssue(
                    ERROR, kind, term.line,
                    f"{form!r} already on line {first.line} ({first.source!r} → {first.target!r})"
                    + ("" if kind == "duplicate" else f"; here → {term.target!r}")))
            seen.setdefault(key, term)
        if term.forbidden:
            issues += _forbidden_issues(term, targets)
        if target == source:
            issues.append(LintIssue(WARNING, "untranslated", term.line,
                                    f"{term.source!r}: target equals source"))
        issues += _number_and_ambiguity(term)
    issues += _nested(terms)
    return issues


def _forbidden_issues(term: Term, targets: dict[str, Term]) -> list[LintIssue]:
    issues = []
    if term.target in term.forbidden or any(v in term.forbidden for v in term.target_variants):
        issues.append(LintIssue(ERROR, "target-forbidden", term.line,
                                f"{term.source!r}: its own rendering is listed as forbidden"))
    for rendering in term.forbidden:
        other = targets.get(rendering)
        if other is not None and other is not term:
            issues.append(LintIssue(
                ERROR, "forbidden-is-target", term.line,
                f"{term.source!r} forbids {rendering!r}, the target of {other.source!r} "
                f"(line {other.line})"))
    return issues


_MINOR = frozenset("of the and for in on at to a an".split())


def _number_and_ambiguity(term: Term) -> list[LintIssue]:
    issues = []
    if term.target_plural:
        from translate.glossary.english import plural

        if term.target_plural == plural(term.target):
            issues.append(LintIssue(INFO, "regular-plural", term.line,
                                    f"{term.source!r}: target_plural {term.target_plural!r} is "
                                    f"the regular plural; it can be left out"))
    if term.case_sensitive or term.note or term.source != term.source.lower():
        return issues
    words = [w for w in term.target.split() if w.lower() not in _MINOR]
    if words and all(w[:1].isupper() for w in words):
        issues.append(LintIssue(
            WARNING, "ambiguous", term.line,
            f"{term.source!r} is written in lower case but rendered as the name or title "
            f"{term.target!r}: the same words are also a common phrase (« le premier ministre à "
            f"s'exprimer », « une maison blanche ») that a string matcher cannot tell apart; "
            f"write the source with its capitals and set case_sensitive: true, or add a note"))
    return issues


@gc_paused()  # tens of thousands of terms and findings, none of them in a cycle
def lint_glossaries(paths: list[Path], max_bytes: int = MAX_GLOSSARY_BYTES,
                    max_terms: int = MAX_GLOSSARY_TERMS,
                    prepared: Path | None = None) -> tuple[list[LintReport], list[LintIssue]]:
    """Lint several files, and report what a later file overrides in an earlier one (the
    precedence of ``--glossary A --glossary B``: B wins). Cross-file issues name their file.

    ``prepared``: a directory where the findings on large files are kept, so that linting
    unchanged files again costs no more than loading them (see
    :mod:`translate.glossary.prepared`)."""
    if prepared is None:
        return _lint_all(paths, max_bytes, max_terms)
    from translate.glossary import prepared as copies
    from translate.glossary.schema import read_glossary_text

    try:
        texts = [read_glossary_text(path, max_bytes) for path in paths]
    except GlossaryError:
        return _lint_all(paths, max_bytes, max_terms)  # which names the problem
    if sum(len(text) for text in texts) < copies.MIN_CHARS:
        return _lint_all(paths, max_bytes, max_terms)
    key = copies.content_key("lint", str(max_terms), *(f"{p}\0{t}" for p, t in zip(paths, texts)))
    kept = copies.read_copy(prepared, key)
    try:
        return ([LintReport(path, tuple(LintIssue(*issue) for issue in issues), terms)
                 for path, (terms, issues) in zip(paths, kept["reports"], strict=True)],
                [LintIssue(*issue) for issue in kept["cross"]])
    except (TypeError, KeyError, ValueError):
        pass  # none kept, or not readable: lint again
    reports, cross = _lint_all(paths, max_bytes, max_terms, texts)
    copies.write_copy(prepared, key, {
        "reports": [[r.terms, [list(vars(i).values()) for i in r.issues]] for r in reports],
        "cross": [list(vars(i).values()) for i in cross]})
    return reports, cross


def _lint_all(paths: list[Path], max_bytes: int, max_terms: int,
              texts: list[str] | None = None) -> tuple[list[LintReport], list[LintIssue]]:
    """Every file's findings and the cross-file ones; ``texts``: the files' contents when
    already read (each file is then read once)."""
    from translate.glossary.merge import merge
    from translate.glossary.schema import parse_glossary_text, read_glossary_text

    contents: list[str | None] = list(texts) if texts is not None else [None] * len(paths)
    reports = [lint_glossary(path, max_bytes, max_terms, text)
               for path, text in zip(paths, contents)]
    if len(paths) < 2 or any(r.errors for r in reports):
        return reports, []
    try:
        merged = merge([parse_glossary_text(text if text is not None
                                            else read_glossary_text(path, max_bytes),
                                            path, None, max_terms)
                        for path, text in zip(paths, contents)])
    except GlossaryError as exc:
        return reports, [LintIssue(ERROR, "pair", 0, str(exc))]
    return reports, [LintIssue(WARNING, "cross-file", 0, conflict) for conflict in merged.conflicts]


def _nested(terms: list[Term]) -> list[LintIssue]:
    matcher = SourceMatcher(Glossary(tuple(terms)))  # no content hash: nothing is signed
    return [LintIssue(INFO, "nested", outer.line,
                      f"{inner.source!r} (line {inner.line}) is nested in {form!r}; the "
                      f"longer term wins where both match")
            for outer, form, inner in matcher.nested()]
