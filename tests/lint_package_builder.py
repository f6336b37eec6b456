"""Hand-written .pptx packages for reader tests: every part is XML written here, so a test
states exactly what the master, layout, theme and slide say and checks what the reader sees."""

from __future__ import annotations

import zipfile
from pathlib import Path

NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.presentationml."
A4 = (7560000, 10692000)
DEFAULT_COLOURS = {
    "dk1": '<a:sysClr val="windowText" lastClr="000000"/>', "lt1": '<a:sysClr val="window" lastClr="FFFFFF"/>',
    "dk2": '<a:srgbClr val="1F497D"/>', "lt2": '<a:srgbClr val="EEECE1"/>',
    "accent1": '<a:srgbClr val="4F81BD"/>', "accent2": '<a:srgbClr val="C0504D"/>',
    "accent3": '<a:srgbClr val="9BBB59"/>', "accent4": '<a:srgbClr val="8064A2"/>',
    "accent5": '<a:srgbClr val="4BACC6"/>', "accent6": '<a:srgbClr val="F79646"/>',
    "hlink": '<a:srgbClr val="0000FF"/>', "folHlink": '<a:srgbClr val="800080"/>',
}
DEFAULT_CLR_MAP = (
    'bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"'
)
FMT_SCHEME = """<a:fmtScheme name="t">
<a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>
<a:solidFill><a:schemeClr val="phClr"><a:tint val="50000"/></a:schemeClr></a:solidFill>
<a:solidFill><a:schemeClr val="phClr"><a:shade val="50000"/></a:schemeClr></a:solidFill></a:fillStyleLst>
<a:lnStyleLst><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>
<a:ln w="25400"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>
<a:ln w="38100"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle>
<a:effectStyle><a:effectLst><a:outerShdw blurRad="40000" dist="20000"><a:srgbClr val="000000"/></a:outerShdw></a:effectLst></a:effectStyle>
<a:effectStyle><a:effectLst><a:glow rad="63500"><a:schemeClr val="phClr"/></a:glow></a:effectLst></a:effectStyle></a:effectStyleLst>
<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>
<a:solidFill><a:schemeClr val="phClr"><a:lumMod val="50000"/></a:schemeClr></a:solidFill>
<a:solidFill><a:srgbClr val="123456"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>"""


def theme_xml(colours: dict[str, str] | None = None, major_latin: str = "Arial",
              major_ea: str = "", minor_latin: str = "Calibri", minor_ea: str = "",
              extra_fonts: str = "") -> str:
    slots = {**DEFAULT_COLOURS, **(colours or {})}
    scheme = "".join(f"<a:{k}>{v}</a:{k}>" for k, v in slots.items())
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme {NSDECL} name="Test Theme"><a:themeElements>
<a:clrScheme name="c">{scheme}</a:clrScheme>
<a:fontScheme name="f"><a:majorFont><a:latin typeface="{major_latin}"/><a:ea typeface="{major_ea}"/>
<a:cs typeface=""/>{extra_fonts}</a:majorFont><a:minorFont><a:latin typeface="{minor_latin}"/>
<a:ea typeface="{minor_ea}"/><a:cs typeface=""/>{extra_fonts}</a:minorFont></a:fontScheme>
{FMT_SCHEME}</a:themeElements></a:theme>"""


TX_STYLES = """<p:txStyles>
<p:titleStyle><a:lvl1pPr algn="ctr"><a:defRPr sz="4400" b="1"><a:solidFill><a:schemeClr val="tx2"/></a:solidFill>
<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/></a:defRPr></a:lvl1pPr></p:titleStyle>
<p:bodyStyle><a:lvl1pPr><a:lnSpc><a:spcPct val="150000"/></a:lnSpc><a:defRPr sz="3200">
<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/></a:defRPr></a:lvl1pPr>
<a:lvl2pPr><a:defRPr sz="2800"><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:defRPr></a:lvl2pPr></p:bodyStyle>
<p:otherStyle><a:lvl1pPr><a:defRPr sz="1000"/></a:lvl1pPr></p:otherStyle></p:txStyles>"""


def sp(shape_id: int, name: str, box: tuple[int, int, int, int] | None = None, ph: str = "",
       sp_pr: str = "", tx_body: str = "", style: str = "", hidden: bool = False,
       c_nv_pr_inner: str = "") -> str:
    xfrm = ""
    if box is not None:
        x, y, w, h = box
        xfrm = f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
    hidden_attr = ' hidden="1"' if hidden else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"{hidden_attr}>{c_nv_pr_inner}</p:cNvPr>'
        f'<p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{xfrm}{sp_pr}</p:spPr>'
        f'{style}{tx_body}</p:sp>'
    )


def pic(shape_id: int, name: str, box: tuple[int, int, int, int], rid: str = "rIdImg",
        descr: str = "", blip_inner: str = "", src_rect: str = "", sp_pr: str = "",
        c_nv_pr_inner: str = "") -> str:
    x, y, w, h = box
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{name}" descr="{descr}">{c_nv_pr_inner}'
        f'</p:cNvPr><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}">'
        f'{blip_inner}</a:blip>{src_rect}<a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{sp_pr}</p:spPr></p:pic>'
    )


def txbody(*paragraphs: str, body_pr: str = "<a:bodyPr/>", lst_style: str = "") -> str:
    return f"<p:txBody>{body_pr}<a:lstStyle>{lst_style}</a:lstStyle>{''.join(paragraphs)}</p:txBody>"


def para(text: str, rpr: str = "", ppr: str = "") -> str:
    return f"<a:p>{ppr}<a:r><a:rPr lang=\"ja-JP\" {rpr}/><a:t>{text}</a:t></a:r></a:p>"


def tree(shapes: str) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr/>{shapes}</p:spTree>'
    )


def master_xml(shapes: str = "", tx_styles: str = TX_STYLES, clr_map: str = DEFAULT_CLR_MAP,
               bg: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldMaster {NSDECL}>'
        f'<p:cSld name="Test Master">{bg}{tree(shapes)}</p:cSld><p:clrMap {clr_map}/>'
        f'<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>'
        f'{tx_styles}</p:sldMaster>'
    )


def layout_xml(shapes: str = "", clr_map_ovr: str = "", bg: str = "", show_master_sp: bool = True,
               name: str = "Test Layout") -> str:
    show = "" if show_master_sp else ' showMasterSp="0"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldLayout {NSDECL}{show}>'
        f'<p:cSld name="{name}">{bg}{tree(shapes)}</p:cSld>'
        f'<p:clrMapOvr>{clr_map_ovr or "<a:masterClrMapping/>"}</p:clrMapOvr></p:sldLayout>'
    )


def slide_xml(shapes: str = "", clr_map_ovr: str = "", bg: str = "", hidden: bool = False) -> str:
    show = ' show="0"' if hidden else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {NSDECL}{show}>'
        f'<p:cSld>{bg}{tree(shapes)}</p:cSld>'
        f'<p:clrMapOvr>{clr_map_ovr or "<a:masterClrMapping/>"}</p:clrMapOvr></p:sld>'
    )


def _rels(*items: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{target}"/>' for i, t, target in items)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>')


def build_pptx(path: Path, slide: str | None = None, layout: str | None = None,
               master: str | None = None, theme: str | None = None,
               media: dict[str, bytes] | None = None, slide_size: tuple[int, int] = A4,
               default_text_style: str = "", slide_rels: list[tuple[str, str, str]] | None = None,
               slide_id_target: str = "slides/slide1.xml", omit: tuple[str, ...] = ()) -> Path:
    """Write a one-slide package. media: {"image1.png": bytes} linked from the slide as
    rIdImg (first) / rIdImg2 ... Parts named in `omit` are left out (for broken files)."""
    media = media or {}
    image_rels = [(f"rIdImg{'' if i == 0 else i + 1}", "image", f"../media/{name}")
                  for i, name in enumerate(media)]
    cx, cy = slide_size
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            f'<Override PartName="/ppt/presentation.xml" ContentType="{CT}presentation.main+xml"/>'
            f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{CT}slide+xml"/>'
            f'<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{CT}slideLayout+xml"/>'
            f'<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{CT}slideMaster+xml"/>'
            '<Override PartName="/ppt/theme/theme1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>'
        ),
        "_rels/.rels": _rels(("rId1", "officeDocument", "ppt/presentation.xml")),
        "ppt/presentation.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation {NSDECL}>'
            '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
            '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
            f'<p:sldSz cx="{cx}" cy="{cy}"/><p:notesSz cx="6858000" cy="9144000"/>'
            f'<p:defaultTextStyle>{default_text_style}</p:defaultTextStyle></p:presentation>'
        ),
        "ppt/_rels/presentation.xml.rels": _rels(
            ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "slide", slide_id_target),
            ("rId3", "theme", "theme/theme1.xml"),
        ),
        "ppt/slides/slide1.xml": slide or slide_xml(),
        "ppt/slides/_rels/slide1.xml.rels": _rels(
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), *image_rels, *(slide_rels or [])),
        "ppt/slideLayouts/slideLayout1.xml": layout or layout_xml(),
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels": _rels(
            ("rId1", "slideMaster", "../slideMasters/slideMaster1.xml"), *image_rels),
        "ppt/slideMasters/slideMaster1.xml": master or master_xml(),
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": _rels(
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml"),
            *image_rels),
        "ppt/theme/theme1.xml": theme or theme_xml(),
    }
    for name, data in media.items():
        parts[f"ppt/media/{name}"] = data  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if name not in omit:
                zf.writestr(name, data)
    return path
