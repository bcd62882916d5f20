"""Glossary interchange: CSV/TSV (every field), DeepL, Google, Amazon and TBX.

* ``csv``/``tsv`` carry every field: a header ``source,target,variants,target_variants,
  forbidden,case_sensitive,note,target_plural``, lists joined with `` | `` (files without the
  ``target_plural`` column are read as before).
* ``deepl`` (``source,target,fr,en``) and ``deepl-tsv`` (``source<TAB>target``): DeepL
  glossary entries; source and target only.
* ``google``/``google-tsv``: Google Cloud Translation unidirectional glossary, no header.
* ``amazon``/``amazon-tsv``: Amazon Translate custom terminology, a header of language codes;
  Amazon matches source terms case-sensitively.
* ``tbx``: TBX-Basic (ISO 30042:2019, DCA style): variants as admitted terms, forbidden
  renderings as deprecated terms, notes as ``note``; everything but ``case_sensitive`` and
  ``target_plural``.

What a format cannot carry is named in a warning, never dropped silently.

Spreadsheet formula injection (OWASP "CSV Injection"): glossaries in CSV/TSV are opened in
Excel or LibreOffice, which run a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula. Every CSV/TSV writer prefixes such a cell with a single quote
(``'=SUM(A1)``), which spreadsheets show as text; every CSV/TSV reader removes that one quote
again, so exporting and importing our own files gives back the same terms.
"""

from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from translate.errors import GlossaryError
from translate.glossary.schema import Glossary, Term

LIST_SEPARATOR = " | "
FULL_COLUMNS = ("source", "target", "variants", "target_variants", "forbidden", "case_sensitive",
                "note", "target_plural")
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = ("preferredTerm-admn-sts", "admittedTerm-admn-sts",
                                   "deprecatedTerm-admn-sts")


@dataclass(frozen=True)
class Exported:
    """Text of an exported glossary and warnings about what the format could not carry."""

    text: str
    warnings: tuple[str, ...]


class GlossaryFormat(ABC):
    """A glossary file format: read terms from text, write terms as text."""

    name: ClassVar[str]
    carries: ClassVar[frozenset[str]] = frozenset({"source", "target"})

    @abstractmethod
    def read(self, text: str, label: str, pair: tuple[str, str]) -> list[Term]:
        """Parse terms from ``text``; raise :class:`GlossaryError` naming ``label``."""

    @abstractmethod
    def write(self, glossary: Glossary) -> str:
        """Render the glossary in this format."""

    def export(self, glossary: Glossary) -> Exported:
        """Render, with a warning for every field in use that the format drops."""
        warnings = []
        for name in ("variants", "target_variants", "forbidden", "note", "case_sensitive",
                     "target_plural"):
            if name in self.carries:
                continue
            used = [t.source for t in glossary.terms if getattr(t, name)]
            if name == "case_sensitive" and self.name.startswith("amazon"):
                used = [t.source for t in glossary.terms if not t.case_sensitive]
                if used:
                    warnings.append(f"{self.name}: Amazon Translate matches source terms "
                                    f"case-sensitively; {len(used)} case-insensitive entries will "
                                    f"only match as written (e.g. {used[0]!r})")
                continue
            if used:
                warnings.append(f"{self.name} cannot carry {name}: dropped for {len(used)} "
                                f"entries (e.g. {used[0]!r})")
        return Exported(self.write(glossary), tuple(warnings))


FORMATS: dict[str, type[GlossaryFormat]] = {}


def register_format(cls: type[GlossaryFormat]) -> type[GlossaryFormat]:
    """Class decorator adding a format to the registry."""
    FORMATS[cls.name] = cls
    return cls


def get_format(name: str) -> GlossaryFormat:
    """A format by name; unknown names are a clear error."""
    try:
        return FORMATS[name]()
    except KeyError:
        raise GlossaryError(f"unknown glossary format {name!r}; use one of: "
                            f"{', '.join(sorted(FORMATS))}") from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, quoted so it is shown as text (and a cell
    that already looks quoted, quoted once more, so that importing gives it back as it was)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) or _looks_quoted(cell) else cell


def _looks_quoted(cell: str) -> bool:
    return cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "\n", "'"))


def restore_formula(cell: str) -> str:
    """Undo :func:`neutralise_formula` (only on cells it could have produced; a CR has
    become a LF when the file was read as text)."""
    return cell[1:] if _looks_quoted(cell) else cell


def _rows(text: str, delimiter: str, label: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise GlossaryError(f"{label}: not valid {'TSV' if delimiter == chr(9) else 'CSV'} "
                            f"({exc})") from None
    return [[restore_formula(cell) for cell in row] for row in rows
            if any(cell.strip() for cell in row)]


def _write_rows(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    # QUOTE_MINIMAL does not quote a bare CR (only the line terminator's characters), and a
    # reader would end the row there: rows holding one are fully quoted.
    quoted = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [neutralise_formula(cell) for cell in row]
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue()


def _pair_term(row: list[str], label: str, number: int) -> Term:
    if len(row) < 2 or not row[0].strip() or not row[1].strip():
        raise GlossaryError(f"{label}:{number}: expected a source and a target, got {row!r}")
    return Term(row[0].strip(), row[1].strip(), line=number)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR.strip()) if part.strip())


class _Full(GlossaryFormat):
    delimiter: ClassVar[str] = ","
    carries = frozenset(FULL_COLUMNS)

    def read(self, text: str, label: str, pair: tuple[str, str]) -> list[Term]:
        rows = _rows(text, self.delimiter, label)
        if not rows or [c.strip().lower() for c in rows[0][:2]] != ["source", "target"]:
            raise GlossaryError(f"{label}:1: expected a header starting with source,target")
        header = [c.strip().lower() for c in rows[0]]
        unknown = [c for c in header if c not in FULL_COLUMNS]
        if unknown:
            raise GlossaryError(f"{label}:1: unknown column {unknown[0]!r}; known: "
                                f"{', '.join(FULL_COLUMNS)}")
        terms = []
        for number, row in enumerate(rows[1:], start=2):
            cells = dict(zip(header, row))
            flag = cells.get("case_sensitive", "").strip().lower()
            if flag not in ("", "true", "false", "1", "0", "yes", "no"):
                raise GlossaryError(f"{label}:{number}: case_sensitive must be true or false")
            base = _pair_term([cells.get("source", ""), cells.get("target", "")], label, number)
            terms.append(Term(
                base.source, base.target, _split(cells.get("variants", "")),
                _split(cells.get("target_variants", "")), _split(cells.get("forbidden", "")),
                flag in ("true", "1", "yes"), cells.get("note", "").strip(), number,
                cells.get("target_plural", "").strip()))
        return terms

    def write(self, glossary: Glossary) -> str:
        rows = [list(FULL_COLUMNS)]
        for t in glossary.terms:
            rows.append([t.source, t.target, LIST_SEPARATOR.join(t.variants),
                         LIST_SEPARATOR.join(t.target_variants), LIST_SEPARATOR.join(t.forbidden),
                         "true" if t.case_sensitive else "false", t.note, t.target_plural])
        return _write_rows(rows, self.delimiter)


@register_format
class FullCsv(_Full):
    """Every field, comma-separated."""

    name = "csv"


@register_format
class FullTsv(_Full):
    """Every field, tab-separated."""

    name = "tsv"
    delimiter = "\t"


class _Pairs(GlossaryFormat):
    """Two-column entries, optionally with a language-code header or language columns."""

    delimiter: ClassVar[str] = ","
    header: ClassVar[bool] = False
    language_columns: ClassVar[bool] = False

    def read(self, text: str, label: str, pair: tuple[str, str]) -> list[Term]:
        rows = _rows(text, self.delimiter, label)
        first = 1
        if rows and [c.strip().lower() for c in rows[0][:2]] == list(pair):
            rows, first = rows[1:], 2
        elif self.header:
            raise GlossaryError(f"{label}:1: expected a header of language codes "
                                f"{','.join(pair)}")
        terms = []
        for number, row in enumerate(rows, start=first):
            if self.language_columns and len(row) >= 4:
                codes = [c.strip().lower() for c in row[2:4]]
                if codes != list(pair):
                    raise GlossaryError(f"{label}:{number}: entry is {codes[0]}→{codes[1]}, "
                                        f"expected {pair[0]}→{pair[1]}")
            terms.append(_pair_term(row, label, number))
        return terms

    def write(self, glossary: Glossary) -> str:
        pair = [glossary.source_lang, glossary.target_lang]
        rows = [pair] if self.header else []
        for t in glossary.terms:
            rows.append([t.source, t.target, *(pair if self.language_columns else [])])
        return _write_rows(rows, self.delimiter)


@register_format
class DeeplCsv(_Pairs):
    """DeepL glossary entries, CSV with language columns."""

    name = "deepl"
    language_columns = True


@register_format
class DeeplTsv(_Pairs):
    """DeepL glossary entries, TSV."""

    name = "deepl-tsv"
    delimiter = "\t"


@register_format
class GoogleCsv(_Pairs):
    """Google Cloud Translation unidirectional glossary, CSV."""

    name = "google"


@register_format
class GoogleTsv(_Pairs):
    """Google Cloud Translation unidirectional glossary, TSV."""

    name = "google-tsv"
    delimiter = "\t"


@register_format
class AmazonCsv(_Pairs):
    """Amazon Translate custom terminology, CSV."""

    name = "amazon"
    header = True


@register_format
class AmazonTsv(_Pairs):
    """Amazon Translate custom terminology, TSV."""

    name = "amazon-tsv"
    header = True
    delimiter = "\t"


@register_format
class Tbx(GlossaryFormat):
    """TBX-Basic, TBX v3 (ISO 30042:2019), DCA style."""

    name = "tbx"
    carries = frozenset({"source", "target", "variants", "target_variants", "forbidden", "note"})

    def read(self, text: str, label: str, pair: tuple[str, str]) -> list[Term]:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, fromstring

        try:
            root = fromstring(text.encode("utf-8"), forbid_dtd=True)
        except ParseError as exc:
            raise GlossaryError(f"{label}: not valid XML ({exc})") from None
        except DefusedXmlException:
            raise GlossaryError(f"{label}: DTDs and entities are not accepted in TBX files") from None
        ns = {"t": TBX_NS} if root.tag.startswith("{") else {}
        prefix = "t:" if ns else ""
        terms = []
        for number, concept in enumerate(root.iter(f"{{{TBX_NS}}}conceptEntry" if ns
                                                   else "conceptEntry"), start=1):
            sides: dict[str, dict[str, list[str]]] = {}
            for lang_sec in concept.findall(f"{prefix}langSec", ns):
                lang = (lang_sec.get(XML_LANG) or "").lower().split("-")[0]
                side = sides.setdefault(lang, {PREFERRED: [], ADMITTED: [], DEPRECATED: []})
                for term_sec in lang_sec.findall(f"{prefix}termSec", ns):
                    term_text = (term_sec.findtext(f"{prefix}term", "", ns) or "").strip()
                    status = PREFERRED
                    for note in term_sec.findall(f"{prefix}termNote", ns):
                        if note.get("type") == "administrativeStatus" and note.text:
                            status = note.text.strip()
                    if term_text:
                        side.setdefault(status, []).append(term_text)
            source = sides.get(pair[0], {})
            target = sides.get(pair[1], {})
            src_terms = source.get(PREFERRED, []) + source.get(ADMITTED, [])
            tgt_terms = target.get(PREFERRED, []) + target.get(ADMITTED, [])
            if not src_terms or not tgt_terms:
                raise GlossaryError(f"{label}: concept {concept.get('id') or number} lacks a "
                                    f"{pair[0]} or {pair[1]} term")
            notes = [n.text.strip() for n in concept.iter(f"{{{TBX_NS}}}note" if ns else "note")
                     if n.text and n.text.strip()]
            terms.append(Term(src_terms[0], tgt_terms[0], tuple(src_terms[1:]),
                              tuple(tgt_terms[1:]),
                              tuple(target.get(DEPRECATED, []) + target.get("supersededTerm-admn-sts", [])),
                              False, " ".join(notes), number))
        return terms

    def write(self, glossary: Glossary) -> str:
        import xml.etree.ElementTree as ET

        ET.register_namespace("", TBX_NS)
        root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca",
                                                XML_LANG: glossary.source_lang})
        header = ET.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
        source_desc = ET.SubElement(ET.SubElement(header, f"{{{TBX_NS}}}fileDesc"),
                                    f"{{{TBX_NS}}}sourceDesc")
        ET.SubElement(source_desc, f"{{{TBX_NS}}}p").text = "Exported by translate"
        body = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
        for number, term in enumerate(glossary.terms, start=1):
            concept = ET.SubElement(body, f"{{{TBX_NS}}}conceptEntry", {"id": f"c{number}"})
            if term.note:
                ET.SubElement(concept, f"{{{TBX_NS}}}note").text = term.note
            for lang, entries in (
                (glossary.source_lang, [(term.source, PREFERRED)] + [(v, ADMITTED) for v in term.variants]),
                (glossary.target_lang, [(term.target, PREFERRED)]
                 + [(v, ADMITTED) for v in term.target_variants]
                 + [(v, DEPRECATED) for v in term.forbidden]),
            ):
                lang_sec = ET.SubElement(concept, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
                for text, status in entries:
                    term_sec = ET.SubElement(lang_sec, f"{{{TBX_NS}}}termSec")
                    ET.SubElement(term_sec, f"{{{TBX_NS}}}term").text = text
                    ET.SubElement(term_sec, f"{{{TBX_NS}}}termNote",
                                  {"type": "administrativeStatus"}).text = status
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_glossary_file(text: str, fmt: str, label: str, pair: tuple[str, str] = ("fr", "en")) -> list[Term]:
    """Parse an interchange file's text into terms."""
    return get_format(fmt).read(text, label, pair)
