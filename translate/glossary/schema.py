"""Glossary data model and validated loading from YAML."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from translate.errors import GlossaryError, InputError

ENTRY_FIELDS = ("source", "target", "variants", "target_variants", "target_plural",
                "forbidden", "case_sensitive", "note")
_ENTRY_FIELD_SET = frozenset(ENTRY_FIELDS)
TOP_FIELDS = ("version", "source_lang", "target_lang", "terms")
SUPPORTED_VERSION = 1


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    source: str
    target: str
    variants: tuple[str, ...] = ()
    target_variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    case_sensitive: bool = False
    note: str = ""
    line: int = 0
    target_plural: str = ""

    @property
    def source_forms(self) -> tuple[str, ...]:
        """The source term and its variants."""
        return (self.source, *self.variants)

    @property
    def target_forms(self) -> tuple[str, ...]:
        """Every accepted rendering: the target and its variants."""
        return (self.target, *self.target_variants)

    def to_dict(self) -> dict[str, Any]:
        """The entry as it is written in YAML (empty optional fields omitted)."""
        data: dict[str, Any] = {"source": self.source, "target": self.target}
        if not (self.variants or self.target_variants or self.forbidden or self.case_sensitive
                or self.note or self.target_plural):
            return data
        for name in ("variants", "target_variants", "forbidden"):
            if getattr(self, name):
                data[name] = list(getattr(self, name))
            if name == "target_variants" and self.target_plural:
                data["target_plural"] = self.target_plural
        if self.case_sensitive:
            data["case_sensitive"] = True
        if self.note:
            data["note"] = self.note
        return data


_TERM_DEFAULTS = {f.name: f.default for f in fields(Term)}
_new = object.__new__


def plain_term(source: str, target: str, line: int = 0) -> Term:
    """``Term(source, target, line=line)``, five times faster (a frozen dataclass sets each of
    its nine fields through ``object.__setattr__``): most of a large glossary's entries."""
    term = _new(Term)
    values = term.__dict__
    values.update(_TERM_DEFAULTS)
    values["source"], values["target"], values["line"] = source, target, line
    return term


@dataclass(frozen=True)
class Glossary:
    """A validated glossary. ``sha256`` identifies its content for signatures and caches."""

    terms: tuple[Term, ...]
    source_lang: str = "fr"
    target_lang: str = "en"
    path: Path | None = None
    sha256: str = field(default="")
    # Every file merged into this glossary, in precedence order, with its own hash; and one
    # line per entry a later file overrode (see :mod:`translate.glossary.merge`).
    files: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    conflicts: tuple[str, ...] = field(default=(), compare=False)
    # The source matcher's first-word index when it came ready-made with the glossary (a
    # prepared copy of an unchanged file, see :mod:`translate.glossary.prepared`): first word
    # of a form's key → term number(s).
    first_words: Mapping[str, int | list[int]] | None = field(default=None, compare=False, repr=False)

    @staticmethod
    def build(terms: list[Term] | tuple[Term, ...], source_lang: str = "fr",
              target_lang: str = "en", path: Path | None = None) -> Glossary:
        """Create a glossary, computing its content hash."""
        payload = content_json(terms, source_lang, target_lang)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        return Glossary(tuple(terms), source_lang, target_lang, path, digest)

    def __hash__(self) -> int:
        # Matchers and checkers are cached per glossary: hashing 100,000 entries on every
        # lookup would cost ~0.1 s a document. Equal glossaries have equal content hashes.
        return hash((self.sha256, self.source_lang, self.target_lang, self.path))

    @property
    def short_hash(self) -> str:
        """First 12 hex digits of the content hash."""
        return self.sha256[:12]

    def merged(self, other: Glossary) -> Glossary:
        """This glossary overridden by ``other`` (see :func:`translate.glossary.merge.merge`)."""
        from translate.glossary.merge import merge

        return merge([self, other])


def content_json(terms: list[Term] | tuple[Term, ...], source_lang: str = "fr",
                 target_lang: str = "en") -> str:
    """What a glossary's content hash is the hash of: ``json.dumps`` of its languages and
    entries (:meth:`Term.to_dict`), keys sorted, not ASCII-escaped; an entry that is only a
    source and a target written directly (most of a large glossary's)."""
    from json.encoder import encode_basestring

    parts = []
    for term in terms:
        if term.variants or term.target_variants or term.forbidden or term.case_sensitive \
                or term.note or term.target_plural:
            parts.append(json.dumps(term.to_dict(), ensure_ascii=False, sort_keys=True))
        else:
            parts.append(f'{{"source": {encode_basestring(term.source)}, '
                         f'"target": {encode_basestring(term.target)}}}')
    languages = json.dumps({"source_lang": source_lang, "target_lang": target_lang},
                           ensure_ascii=False, sort_keys=True)
    return f'{languages[:-1]}, "terms": [{", ".join(parts)}]}}'


def _string_list(value: Any, where: str, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise GlossaryError(f"{where}: {name} must be a list of strings")
    result = []
    for item in value:
        if not isinstance(item, str):
            raise GlossaryError(f"{where}: {name} must contain only strings, got {item!r}")
        if not item.strip():
            raise GlossaryError(f"{where}: {name} contains an empty string; remove it")
        result.append(item)
    return tuple(result)


_PLAIN_ENTRY = frozenset(("source", "target"))


def _plain_term(entry: Any, line: int) -> Term | None:
    """The term of an entry that is only a source and a target, both non-blank text (most
    entries), or ``None`` for :func:`parse_term` to check field by field."""
    if isinstance(entry, dict) and entry.keys() == _PLAIN_ENTRY:
        source, target = entry["source"], entry["target"]
        if type(source) is str and type(target) is str and source and target \
                and not source.isspace() and not target.isspace():
            return plain_term(source, target, line)
    return None


def parse_term(entry: Any, where: str, line: int = 0) -> Term:
    """Validate one entry mapping and build a :class:`Term`."""
    plain = _plain_term(entry, line)
    if plain is not None:
        return plain
    if not isinstance(entry, dict):
        raise GlossaryError(f"{where}: each term must be a mapping with source and target")
    unknown = [k for k in entry if k not in _ENTRY_FIELD_SET]
    if unknown:
        raise GlossaryError(
            f"{where}: unknown field {unknown[0]!r}; allowed: {', '.join(ENTRY_FIELDS)}"
        )
    for name in ("source", "target"):
        if name not in entry:
            raise GlossaryError(f"{where}: missing {name}")
        if not isinstance(entry[name], str):
            raise GlossaryError(f"{where}: {name} must be a string, got {entry[name]!r}")
        if not entry[name].strip():
            raise GlossaryError(f"{where}: {name} is empty")
    case_sensitive = entry.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise GlossaryError(f"{where}: case_sensitive must be true or false")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise GlossaryError(f"{where}: note must be a string")
    target_plural = entry.get("target_plural", "")
    if not isinstance(target_plural, str) or ("target_plural" in entry and not target_plural.strip()):
        raise GlossaryError(f"{where}: target_plural must be the English plural of the target, "
                            f"a non-empty string")
    return Term(
        source=entry["source"],
        target=entry["target"],
        variants=_string_list(entry["variants"], where, "variants") if "variants" in entry else (),
        target_variants=(_string_list(entry["target_variants"], where, "target_variants")
                         if "target_variants" in entry else ()),
        forbidden=_string_list(entry["forbidden"], where, "forbidden") if "forbidden" in entry else (),
        case_sensitive=case_sensitive,
        note=note,
        line=line,
        target_plural=target_plural,
    )


def check_pair(pair: tuple[str, str], expect_pair: tuple[str, str] | None, label: str) -> None:
    """Refuse a glossary of another language pair than the run's."""
    if expect_pair is not None and pair != expect_pair:
        raise GlossaryError(
            f"{label}: glossary is {pair[0]}→{pair[1]} but the run is "
            f"{expect_pair[0]}→{expect_pair[1]}; use a glossary for that pair"
        )


def _refuse_duplicates(terms: list[Term], label: str) -> None:
    """Refuse the first source form written before (up to case and typography, unless the
    term is case-sensitive), in an earlier entry or the same one."""
    forms = [(number, term, form) for number, term in enumerate(terms, start=1)
             for form in term.source_forms]
    seen: dict[str, Term] = {}
    keys = source_keys([(term, form) for _, term, form in forms])
    for (number, term, form), key in zip(forms, keys, strict=True):
        first = seen.get(key)
        if first is not None:
            raise GlossaryError(
                f"{_where(label, term.line, number)}: duplicate term {form!r} (already on line "
                f"{first.line} as {first.source!r}); merge the two entries")
        seen[key] = term


def header_problems(data: dict[Any, Any]) -> list[tuple[int, str]]:
    """``(line, message)`` for every problem of a glossary's top-level fields, in the order
    :func:`parse_glossary` reports the first (``glossary lint`` reports them all)."""
    lines = getattr(data, "key_lines", {})
    problems = [(lines.get(str(key), 1), f"unknown field {key!r}; allowed: {', '.join(TOP_FIELDS)}")
                for key in data if key not in TOP_FIELDS]
    version = data.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION:
        problems.append((lines.get("version", 1), f"version must be 1, got {version!r}"))
    for key, default in (("source_lang", "fr"), ("target_lang", "en")):
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            problems.append((lines.get(key, 1), f"{key} must be a language code"))
    return problems


def source_key(term: Term, form: str) -> str:
    """What two source forms share when they are the same term: ``check`` refuses a second
    form with a key already seen, and ``glossary lint`` reports it."""
    from translate.text.normalize import folded_lower, normalize

    return normalize(form).cased if term.case_sensitive else folded_lower(form)


def source_keys(forms: list[tuple[Term, str]]) -> list[str]:
    """:func:`source_key` of each ``(term, form)``: the folding done for all forms at once
    (most terms are not case-sensitive)."""
    from translate.text.normalize import folded_lowers

    keys = folded_lowers([form for _, form in forms])
    return [source_key(term, form) if term.case_sensitive else key
            for (term, form), key in zip(forms, keys, strict=True)]


def _where(label: str, line: int, number: int) -> str:
    return f"{label}:{line}: term {number}" if line else f"{label}: term {number}"


def parse_glossary(data: Any, label: str, path: Path | None = None,
                   expect_pair: tuple[str, str] | None = None) -> Glossary:
    """Validate parsed YAML and build a :class:`Glossary`."""
    if not isinstance(data, dict):
        raise GlossaryError(f"{label}: top level must be a mapping with version and terms")
    lines = getattr(data, "key_lines", {})
    for line, message in header_problems(data)[:1]:
        raise GlossaryError(f"{label}:{line}: {message}")
    pair = [data.get("source_lang", "fr"), data.get("target_lang", "en")]
    check_pair((pair[0], pair[1]), expect_pair, label)
    entries = data.get("terms", [])
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise GlossaryError(f"{label}:{lines.get('terms', 1)}: terms must be a list")
    terms: list[Term] = []
    failure: GlossaryError | None = None
    for number, entry in enumerate(entries, start=1):
        line = getattr(entry, "line", 0)
        term = _plain_term(entry, line)  # once per entry of 100,000: no message built
        if term is None:
            try:
                term = parse_term(entry, _where(label, line, number), line)
            except GlossaryError as exc:
                failure = exc  # after any duplicate above it: errors are told in file order
                break
        terms.append(term)
    _refuse_duplicates(terms, label)
    if failure is not None:
        raise failure
    return Glossary.build(terms, pair[0], pair[1], path)


# Defaults of Settings.max_glossary_bytes / max_glossary_terms: a 100,000-term glossary is
# about 5 MB of YAML and loads in about two seconds on a 2-core machine (BENCHMARKS.md);
# linting it, which looks for every term inside every other, about five. The caps stop files
# far past that.
MAX_GLOSSARY_BYTES = 32 * 1024**2
MAX_GLOSSARY_TERMS = 200_000


def check_glossary_size(file: Path, max_bytes: int = MAX_GLOSSARY_BYTES) -> None:
    """Refuse a glossary file larger than ``max_bytes`` before reading it."""
    try:
        size = file.stat().st_size
    except OSError:
        return  # read_text names the problem
    if file.is_file() and size > max_bytes:
        raise GlossaryError(f"{file}: {size:,} bytes, over the {max_bytes:,}-byte glossary limit; "
                            f"split it or raise max_glossary_bytes in the configuration")


def check_term_count(data: Any, label: str, max_terms: int = MAX_GLOSSARY_TERMS) -> None:
    """Refuse parsed glossary data with more than ``max_terms`` entries."""
    entries = data.get("terms") if isinstance(data, dict) else None
    if isinstance(entries, list) and len(entries) > max_terms:
        raise GlossaryError(f"{label}: {len(entries):,} terms, over the {max_terms:,}-term "
                            f"glossary limit; split it or raise max_glossary_terms")


def read_glossary_text(file: Path, max_bytes: int = MAX_GLOSSARY_BYTES) -> str:
    """The text of a glossary file of at most ``max_bytes``."""
    from translate.io import read_text

    check_glossary_size(file, max_bytes)
    try:
        return read_text(file)
    except GlossaryError:
        raise
    except InputError as exc:
        raise GlossaryError(str(exc)) from None


def parse_glossary_text(text: str, file: Path, expect_pair: tuple[str, str] | None = None,
                        max_terms: int = MAX_GLOSSARY_TERMS) -> Glossary:
    """Validate the YAML text of the glossary file ``file``."""
    from translate.gcpause import gc_paused
    from translate.yamlsafe import load_strict

    with gc_paused():
        data = load_strict(text, str(file), GlossaryError)
        if data is None:
            data = {"terms": []}
        check_term_count(data, str(file), max_terms)
        return parse_glossary(data, str(file), file, expect_pair)


def load_glossary(path: Path | str, expect_pair: tuple[str, str] | None = None,
                  max_bytes: int = MAX_GLOSSARY_BYTES,
                  max_terms: int = MAX_GLOSSARY_TERMS) -> Glossary:
    """Load and validate a YAML glossary file (at most ``max_bytes``, ``max_terms`` entries)."""
    file = Path(path)
    return parse_glossary_text(read_glossary_text(file, max_bytes), file, expect_pair, max_terms)


def load_glossaries(paths: list[Path] | tuple[Path, ...],
                    expect_pair: tuple[str, str] | None = None,
                    max_bytes: int = MAX_GLOSSARY_BYTES,
                    max_terms: int = MAX_GLOSSARY_TERMS,
                    load: Callable[..., Glossary] = load_glossary) -> Glossary | None:
    """Load several glossaries and merge them in order (a later file wins); ``None`` when
    no path is given. Overridden entries are listed in the result's ``conflicts``. ``load``:
    how one file is loaded (:func:`load_glossary`'s arguments)."""
    from translate.glossary.merge import merge

    if not paths:
        return None
    return merge([load(path, expect_pair, max_bytes, max_terms) for path in paths])
