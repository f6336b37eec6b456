"""Small lxml helpers for what python-pptx does not expose: East Asian fonts (a:ea),
language tags, line spacing, hanging indents and tab stops, bullets, body insets with
autofit off, alt text, and hiding the layout's decorations on a slide.

Element order inside a:rPr, a:pPr and a:bodyPr follows the DrawingML schema, so PowerPoint
opens the files without repair.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from assistant.guideline.model import EMU_PER_PT


def _remove(parent: Any, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def solid_fill(parent: Any, hex_colour: str) -> Any:
    fill = etree.SubElement(parent, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=hex_colour.lstrip("#").upper())
    return fill


def run_properties(r: Any, *, font: str, lang: str, size_pt: float, colour: str,
                   bold: bool) -> Any:
    """Replace the run's a:rPr with explicit size, colour, weight and latin + East Asian font."""
    _remove(r, "a:rPr")
    rpr = etree.Element(qn("a:rPr"), lang=lang, altLang="en-US", sz=str(round(size_pt * 100)),
                        b="1" if bold else "0", i="0", dirty="0")
    solid_fill(rpr, colour)
    etree.SubElement(rpr, qn("a:latin"), typeface=font)
    etree.SubElement(rpr, qn("a:ea"), typeface=font)
    etree.SubElement(rpr, qn("a:cs"), typeface=font)
    r.insert(0, rpr)
    return rpr


def paragraph_properties(p: Any, *, line_spacing: float, align: str = "l",
                         space_before_pt: float = 0.0, indent_emu: int = 0,
                         right_indent_emu: int = 0,
                         tab_emu: int | None = None, bullet: str | None = None,
                         bullet_colour: str | None = None, font: str | None = None) -> Any:
    """Explicit a:pPr: alignment, hanging indent, right margin, line spacing (percent), no
    inherited spacing or bullets from the master's body style."""
    _remove(p, "a:pPr")
    attrs = {"marL": str(indent_emu), "marR": str(right_indent_emu), "lvl": "0",
             "indent": str(-indent_emu), "algn": align,
             "eaLnBrk": "1", "hangingPunct": "0", "latinLnBrk": "0"}
    ppr = etree.Element(qn("a:pPr"), **attrs)
    spacing = etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPct"))
    spacing.set("val", str(round(line_spacing * 100000)))
    etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"),
                     val=str(round(space_before_pt * 100)))
    etree.SubElement(etree.SubElement(ppr, qn("a:spcAft")), qn("a:spcPts"), val="0")
    if bullet:
        if bullet_colour:
            solid = etree.SubElement(ppr, qn("a:buClr"))
            etree.SubElement(solid, qn("a:srgbClr"), val=bullet_colour.lstrip("#").upper())
        etree.SubElement(ppr, qn("a:buSzPct"), val="100000")
        if font:
            etree.SubElement(ppr, qn("a:buFont"), typeface=font)
        etree.SubElement(ppr, qn("a:buChar"), char=bullet)
    else:
        etree.SubElement(ppr, qn("a:buNone"))
    if tab_emu is not None:
        tabs = etree.SubElement(ppr, qn("a:tabLst"))
        etree.SubElement(tabs, qn("a:tab"), pos=str(tab_emu), algn="l")
    p.insert(0, ppr)
    return ppr


def end_properties(p: Any, *, font: str, lang: str, size_pt: float) -> None:
    """a:endParaRPr so an empty line end has the same size (keeps line heights predictable)."""
    _remove(p, "a:endParaRPr")
    end = etree.SubElement(p, qn("a:endParaRPr"), lang=lang, altLang="en-US",
                           sz=str(round(size_pt * 100)), dirty="0")
    etree.SubElement(end, qn("a:latin"), typeface=font)
    etree.SubElement(end, qn("a:ea"), typeface=font)


def body_properties(txbody: Any, *, anchor: str = "t") -> Any:
    """Zero insets, square wrapping, autofit off: the box is exactly the text area."""
    bodypr = txbody.find(qn("a:bodyPr"))
    if bodypr is None:
        bodypr = etree.Element(qn("a:bodyPr"))
        txbody.insert(0, bodypr)
    for child in list(bodypr):
        bodypr.remove(child)
    for key in list(bodypr.attrib):
        del bodypr.attrib[key]
    bodypr.attrib.update({"wrap": "square", "lIns": "0", "tIns": "0", "rIns": "0", "bIns": "0",
                          "anchor": anchor, "rtlCol": "0", "vert": "horz"})
    etree.SubElement(bodypr, qn("a:noAutofit"))
    return bodypr


def clear_paragraphs(txbody: Any) -> None:
    for p in txbody.findall(qn("a:p")):
        txbody.remove(p)
    lst = txbody.find(qn("a:lstStyle"))
    if lst is None:
        txbody.insert(1, etree.Element(qn("a:lstStyle")))


def add_paragraph(txbody: Any) -> Any:
    return etree.SubElement(txbody, qn("a:p"))


def add_run(p: Any, text: str) -> Any:
    r = etree.SubElement(p, qn("a:r"))
    etree.SubElement(r, qn("a:t")).text = text
    return r


def set_alt_text(shape: Any, text: str) -> None:
    """Alt text (cNvPr/@descr) read by screen readers and checked by the linter."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)


def set_name(shape: Any, name: str) -> None:
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("name", name)


def hide_layout_graphics(slide: Any) -> None:
    """Do not show the layout's and master's non-placeholder shapes on this slide."""
    slide._element.set("showMasterSp", "0")


def pt_to_emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)
