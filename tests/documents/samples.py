"""Sample documents for the document tests, built with the same libraries users' tools use."""

from __future__ import annotations

import io
from typing import Any


def add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    """A real ``w:hyperlink`` with an external relationship (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def docx_article() -> bytes:
    """A short agency story: heading, runs in bold/italic, a hyperlink, a table, header/footer."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Agence de presse — dépêche"
    document.sections[0].footer.paragraphs[0].text = "Reproduction interdite."
    document.add_heading("Le sommet de l'OTAN s'ouvre à Madrid", level=1)
    p = document.add_paragraph("Le ")
    add_hyperlink(p, "https://www.nato.int/", "secrétaire général")
    p.add_run(" de l'")
    p.add_run("OTAN").bold = True
    p.add_run(" a parlé ")
    p.add_run("lundi").italic = True
    p.add_run(" à la presse. Il a évoqué la situation à Kiev.")
    document.add_paragraph("Les alliés discutent de la présence avancée.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Pays"
    table.cell(0, 1).text = "Dépenses"
    table.cell(1, 0).text = "Pays-Bas"
    table.cell(1, 1).text = "Deux pour cent du PIB"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
