"""Prepared copies of large glossaries: validated once, then loaded in a fraction of the time.

Parsing a 100,000-term YAML file strictly, validating its entries and indexing the first
words of its terms costs about two seconds on a 2-core machine; reading them back from a
prepared copy, well under one (BENCHMARKS.md). The result depends only on the file's bytes
and on this program's code, so it is kept, as JSON, in the cache directory beside the
translation memory (one file per glossary content, named by a hash of that content and of
the code that validates and indexes it) and read back on the next run of an unchanged file.

A prepared copy is only a shortcut: the glossary file stays the single source of truth. A
copy whose integrity hash does not match is ignored and written again; a cache directory
that cannot be written only means the next run prepares the glossary again. Glossaries under
:data:`MIN_CHARS` are always read from their file (a second or two at most, and nothing is
written for them), and at most :data:`KEEP` copies are kept, the least recently used removed
first.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from translate.gcpause import gc_paused
from translate.glossary import schema
from translate.glossary.match import first_word_index
from translate.glossary.schema import (
    MAX_GLOSSARY_BYTES,
    MAX_GLOSSARY_TERMS,
    Glossary,
    Term,
    check_pair,
    check_term_count,
    parse_glossary_text,
    plain_term,
    read_glossary_text,
)

FORMAT = 2
MIN_CHARS = 1024**2  # about 20,000 terms of YAML
KEEP = 8
DIRECTORY_NAME = "prepared-glossaries"
_SUFFIX = ".json"


def prepared_dir(cache_path: Path | None) -> Path | None:
    """Where prepared copies live: beside the translation memory; none when caching is off."""
    return None if cache_path is None else cache_path.parent / DIRECTORY_NAME


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """A hash of the code that decides what a prepared copy holds: a changed rule (a new
    plural, a stricter check, another lint) makes every earlier copy stale."""
    import translate

    package = Path(translate.__file__).parent
    digest = hashlib.sha256(f"{FORMAT}\0{translate.__version__}\0".encode())
    for module in (*sorted((package / "glossary").glob("*.py")), package / "text" / "normalize.py",
                   package / "yamlsafe.py", package / "yamlblock.py"):
        with contextlib.suppress(OSError):
            digest.update(module.read_bytes())
    return digest.digest()


def content_key(*parts: str) -> str:
    """The name of a prepared copy of what ``parts`` (file texts, labels) determine."""
    digest = hashlib.sha256(_code_fingerprint())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def read_copy(directory: Path, key: str) -> Any:
    """The data kept under ``key``, or ``None`` when there is none or it is damaged."""
    file = directory / (key + _SUFFIX)
    try:
        if not stat.S_ISREG(file.lstat().st_mode):
            return None  # not ours: never open a FIFO or follow a link planted here
        with open(file, "rb") as handle:
            header = json.loads(handle.readline())
            payload = handle.read()
        if header.get("format") != FORMAT or header.get("sha256") != hashlib.sha256(payload).hexdigest():
            return None
        data = json.loads(payload)
    except (OSError, ValueError, AttributeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # most recently used
    return data


def write_copy(directory: Path, key: str, data: Any) -> None:
    """Keep ``data`` (JSON) under ``key``; best effort: a cache that cannot be written only
    means the next run prepares it again."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass")
    header = json.dumps({"format": FORMAT, "sha256": hashlib.sha256(payload).hexdigest()})
    temporary = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(header.encode() + b"\n" + payload)
        # Replaces the directory entry, whatever it is: a FIFO or a link planted under this
        # name is neither written to nor followed.
        os.replace(temporary, directory / (key + _SUFFIX))
        temporary = None
        _evict(directory)
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def load(directory: Path, key: str, path: Path) -> Glossary | None:
    """The prepared glossary named ``key``, or ``None`` when there is none or it is damaged
    (its hash only tells a torn write: anything else found under its name is checked too)."""
    data = read_copy(directory, key)
    try:
        terms = tuple(plain_term(row[0], row[1], row[2]) if len(row) == 3 else
                      Term(row[0], row[1], tuple(row[2]), tuple(row[3]), tuple(row[4]), row[5],
                           row[6], row[7], row[8])
                      for row in data["terms"])
        glossary = Glossary(terms, data["source_lang"], data["target_lang"], path,
                            data["content_sha256"], first_words=data["first_words"])
    except (TypeError, KeyError, IndexError):
        return None
    return glossary if _well_formed(glossary) else None


_TEXTS = ("source", "target", "note", "target_plural")
_LISTS = ("variants", "target_variants", "forbidden")


def _well_formed(glossary: Glossary) -> bool:
    """Whether a loaded copy has the types and term numbers the matcher relies on."""
    if not all(type(value) is str for value in
               (glossary.source_lang, glossary.target_lang, glossary.sha256)):
        return False
    for term in glossary.terms:
        if type(term.source) is not str or type(term.target) is not str \
                or type(term.line) is not int:
            return False
        if not (term.variants == term.target_variants == term.forbidden == ()
                and term.case_sensitive is False and term.note == term.target_plural == "") \
                and not (all(type(getattr(term, name)) is str for name in _TEXTS)
                and all(type(item) is str for name in _LISTS for item in getattr(term, name))
                and type(term.case_sensitive) is bool):
            return False
    index, count = glossary.first_words, len(glossary.terms)
    if type(index) is not dict:
        return False
    for word, numbers in index.items():
        if type(word) is not str:
            return False
        if type(numbers) is int:
            if not 0 <= numbers < count:
                return False
        elif type(numbers) is not list or not all(
                type(number) is int and 0 <= number < count for number in numbers):
            return False
    return True


def save(directory: Path, key: str, glossary: Glossary, index: Mapping[str, int | list[int]]) -> None:
    """Keep a prepared copy of ``glossary`` and its first-word index under ``key``."""
    write_copy(directory, key, {
        "source_lang": glossary.source_lang, "target_lang": glossary.target_lang,
        "content_sha256": glossary.sha256,
        "terms": [[t.source, t.target, t.line] if _plain(t) else
                  [t.source, t.target, t.variants, t.target_variants, t.forbidden,
                   t.case_sensitive, t.note, t.line, t.target_plural] for t in glossary.terms],
        "first_words": index,
    })


def _plain(term: Term) -> bool:
    """Only a source, a target and a line (most entries: written as three values)."""
    return not (term.variants or term.target_variants or term.forbidden or term.case_sensitive
                or term.note or term.target_plural)


def _evict(directory: Path) -> None:
    """Remove all but the :data:`KEEP` most recently used copies."""
    copies = []
    for entry in os.scandir(directory):
        if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                copies.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    for _, name in sorted(copies, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(name)


def load_glossary(path: Path | str, expect_pair: tuple[str, str] | None = None,
                  max_bytes: int = MAX_GLOSSARY_BYTES, max_terms: int = MAX_GLOSSARY_TERMS,
                  directory: Path | None = None) -> Glossary:
    """:func:`translate.glossary.schema.load_glossary`, from or into a prepared copy in
    ``directory`` when the file is large; the glossary then carries its source index."""
    file = Path(path)
    text = read_glossary_text(file, max_bytes)
    if directory is None or len(text) < MIN_CHARS:
        return parse_glossary_text(text, file, expect_pair, max_terms)
    key = content_key(text)
    with gc_paused():
        ready = load(directory, key, file)
        if ready is not None:
            check_term_count({"terms": list(ready.terms)}, str(file), max_terms)
            check_pair((ready.source_lang, ready.target_lang), expect_pair, str(file))
            return ready
        glossary = parse_glossary_text(text, file, expect_pair, max_terms)
        index = first_word_index(glossary.terms)
        save(directory, key, glossary, index)
    return replace(glossary, first_words=index)


def load_glossaries(paths: list[Path] | tuple[Path, ...],
                    expect_pair: tuple[str, str] | None = None,
                    max_bytes: int = MAX_GLOSSARY_BYTES, max_terms: int = MAX_GLOSSARY_TERMS,
                    directory: Path | None = None) -> Glossary | None:
    """:func:`translate.glossary.schema.load_glossaries` through :func:`load_glossary`."""
    return schema.load_glossaries(paths, expect_pair, max_bytes, max_terms,
                                  functools.partial(load_glossary, directory=directory))
