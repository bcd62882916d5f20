"""Several glossaries in one run: one precedence rule, every override named.

Files are merged in the order given and **the later file wins**:

* an entry whose source or variant is a source form of an earlier entry replaces that entry
  when it is the earlier entry's ``source``, and takes the form away from it when it is only
  one of its ``variants``;
* a rendering a later entry requires is no longer forbidden by an earlier file's entry;
* an earlier entry whose rendering a later file forbids is dropped.

Each override that changes a rendering (same source, different target; a target forbidden by
another file) is described by one line in the result's ``conflicts``; the CLI prints them on
stderr. Identical entries repeated across files are merged silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from translate.errors import GlossaryError
from translate.glossary.schema import Glossary, Term
from translate.text.normalize import normalize


@dataclass
class _Entry:
    term: Term
    label: str
    dropped: bool = False

    @property
    def where(self) -> str:
        return f"{self.label}:{self.term.line}" if self.term.line else self.label


def _key(text: str) -> str:
    return " ".join(normalize(text).cased.split())


def _form(text: str) -> str:
    return " ".join(normalize(text).lower.split())


def _files(glossary: Glossary) -> tuple[tuple[str, str], ...]:
    return glossary.files or ((str(glossary.path or "<memory>"), glossary.sha256),)


class _Index:
    """Where the entries of earlier files use a form, a target or a forbidden rendering."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.sources: dict[str, list[int]] = {}
        self.targets: dict[str, list[int]] = {}
        self.forbidden: dict[str, list[int]] = {}
        for index, entry in enumerate(entries):
            for form in entry.term.source_forms:
                self.sources.setdefault(_form(form), []).append(index)
            self.targets.setdefault(_key(entry.term.target), []).append(index)
            for rendering in entry.term.forbidden:
                self.forbidden.setdefault(_key(rendering), []).append(index)

    def affected(self, term: Term) -> list[int]:
        found: set[int] = set()
        for form in term.source_forms:
            found.update(self.sources.get(_form(form), ()))
        for rendering in term.target_forms:
            found.update(self.forbidden.get(_key(rendering), ()))
        for rendering in term.forbidden:
            found.update(self.targets.get(_key(rendering), ()))
        return sorted(found)


def _override(old: _Entry, new: _Entry, conflicts: list[str]) -> None:
    """Give ``new`` (from a later file) precedence over ``old``."""
    term, earlier = new.term, old.term
    forms = {_form(f) for f in term.source_forms}
    if _form(earlier.source) in forms:
        if _key(earlier.target) != _key(term.target):
            conflicts.append(f"{new.where}: {term.source!r} → {term.target!r} overrides "
                             f"{old.where}: {earlier.source!r} → {earlier.target!r}")
        old.dropped = True
        return
    if _key(earlier.target) in {_key(r) for r in term.forbidden}:
        conflicts.append(f"{new.where}: {term.source!r} forbids {earlier.target!r}; dropped "
                         f"{old.where}: {earlier.source!r} → {earlier.target!r}")
        old.dropped = True
        return
    lost = tuple(v for v in earlier.variants if _form(v) in forms)
    if lost and _key(earlier.target) != _key(term.target):
        conflicts.append(f"{new.where}: {term.source!r} → {term.target!r} takes the variant "
                         f"{lost[0]!r} from {old.where}: {earlier.source!r} → {earlier.target!r}")
    renderings = {_key(r) for r in term.target_forms}
    allowed = tuple(r for r in earlier.forbidden if _key(r) in renderings)
    if allowed:
        conflicts.append(f"{new.where}: {term.source!r} → {term.target!r} is forbidden by "
                         f"{old.where}: {earlier.source!r}; the later file wins, {allowed[0]!r} "
                         f"is allowed")
    old.term = replace(earlier, variants=tuple(v for v in earlier.variants if v not in lost),
                       forbidden=tuple(r for r in earlier.forbidden if r not in allowed))


def merge(glossaries: list[Glossary]) -> Glossary:
    """One glossary from several, in precedence order (the last wins)."""
    first = glossaries[0]
    files = tuple(f for g in glossaries for f in _files(g))
    if len(glossaries) == 1:
        return replace(first, files=files)
    entries: list[_Entry] = []
    conflicts = [c for g in glossaries for c in g.conflicts]
    for number, glossary in enumerate(glossaries):
        if (glossary.source_lang, glossary.target_lang) != (first.source_lang, first.target_lang):
            raise GlossaryError(
                f"{glossary.path}: language pair {glossary.source_lang}→{glossary.target_lang} "
                f"differs from {first.source_lang}→{first.target_lang}; use glossaries of one pair")
        label = str(glossary.path or f"<glossary {number + 1}>")
        index = _Index(entries)
        for term in glossary.terms:
            new = _Entry(term, label)
            for position in index.affected(term):
                if not entries[position].dropped:
                    _override(entries[position], new, conflicts)
        entries = [e for e in entries if not e.dropped] + [_Entry(t, label) for t in glossary.terms]
    merged = Glossary.build([e.term for e in entries], first.source_lang, first.target_lang,
                            first.path)
    return replace(merged, files=files, conflicts=tuple(conflicts))
