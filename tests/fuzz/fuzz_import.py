"""atheris target: glossary import (CSV, TSV, DeepL, Google, Amazon, TBX) either gives terms
or raises GlossaryError; exporting what was imported never starts a cell with a formula.

The first byte picks the format, the rest is the file's text.
"""

from __future__ import annotations

import csv
import io
import sys

import atheris

with atheris.instrument_imports():
    from translate.errors import GlossaryError
    from translate.glossary.formats import FORMULA_STARTS, get_format
    from translate.glossary.schema import Glossary

FORMATS = ("csv", "tsv", "deepl", "deepl-tsv", "google", "google-tsv", "amazon", "amazon-tsv",
           "tbx")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name = FORMATS[data[0] % len(FORMATS)]
    try:
        text = data[1:].decode("utf-8")
    except UnicodeDecodeError:
        return  # read_text refuses it before any format sees it
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text gives it
    fmt = get_format(name)
    try:
        terms = fmt.read(text, "import", ("fr", "en"))
    except GlossaryError:
        return
    if name == "tbx" or not terms:
        return
    exported = fmt.write(Glossary.build(terms))
    delimiter = "\t" if name.endswith("tsv") else ","
    for row in csv.reader(io.StringIO(exported), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (name, cell)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
