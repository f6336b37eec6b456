"""Safe XML parsing and the namespaces of PresentationML / DrawingML.

Every XML part is parsed with entity resolution, network access and huge trees turned off, and
any document type declaration is refused: OOXML never has one, so a DTD means a crafted file
(external entities, "billion laughs").
"""

from __future__ import annotations

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "a14": "http://schemas.microsoft.com/office/drawing/2010/main",
}


def ns(prefix: str) -> str:
    """Clark-notation prefix, e.g. ns("a") + "off"."""
    return "{" + NS[prefix] + "}"


A = ns("a")
P = ns("p")
R = ns("r")
MC = ns("mc")

URI_TABLE = "http://schemas.openxmlformats.org/drawingml/2006/table"
URI_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
URI_OLE = "http://schemas.openxmlformats.org/presentationml/2006/ole"
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"


class XmlError(ValueError):
    """A part is not well-formed XML, or carries a forbidden DTD."""


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(data: bytes, part_name: str) -> etree._Element:
    if b"<!DOCTYPE" in data:
        raise XmlError(f"{part_name}: DTD / entity declarations are not allowed in OOXML")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"{part_name}: not well-formed XML ({exc.msg})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise XmlError(f"{part_name}: DTD declarations are not allowed in OOXML")
    return root


def child(el: etree._Element | None, tag: str) -> etree._Element | None:
    """First child with a Clark-notation tag, or None (also when el is None)."""
    if el is None:
        return None
    return el.find(tag)


def int_attr(el: etree._Element | None, name: str, default: int | None = None) -> int | None:
    if el is None:
        return default
    value = el.get(name)
    if value is None:
        return default
    try:
        return int(float(value))
    except (ValueError, OverflowError):  # garbage, "nan", "1e400"
        return default


def bool_attr(el: etree._Element | None, name: str) -> bool | None:
    if el is None or el.get(name) is None:
        return None
    return el.get(name) in ("1", "true", "on")


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def resolve_alternate_content(parent: etree._Element) -> list[etree._Element]:
    """Children of a shape tree with mc:AlternateContent replaced by one of its branches.

    The Fallback branch is plain DrawingML every consumer understands; a Choice is used only
    when there is no Fallback.
    """
    out: list[etree._Element] = []
    for el in parent:
        if not isinstance(el.tag, str):
            continue
        if el.tag == MC + "AlternateContent":
            branch = el.find(MC + "Fallback")
            if branch is None:
                branch = el.find(MC + "Choice")
            if branch is not None:
                out.extend(c for c in branch if isinstance(c.tag, str))
        else:
            out.append(el)
    return out
