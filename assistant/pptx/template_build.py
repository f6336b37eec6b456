"""Build the official A4 PowerPoint template (templates/pptx/kitakami-a4.pptx) from the guideline.

The build starts from python-pptx's default template and rewrites it with lxml: A4 slide size,
a theme whose colours are the guideline palette and whose fonts are the guideline's primary font
(latin and East Asian), master text styles no smaller than the guideline's type roles, and one
slide layout per guideline `layouts[]` entry with placeholders named by role. The output is
byte-for-byte reproducible: fixed core properties and fixed zip timestamps.

Geometry lives in `layout_specs()` (millimetres, page coordinates) so that tests, the checker
and the README can talk about the same boxes the XML is written from.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import SlideLayoutPart
from pydantic import BaseModel, ConfigDict

from assistant.guideline import EMU_PER_MM, Guideline, load_guideline_or_report
from assistant.guideline.model import Layout

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
NSDECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())

# --- the one place that maps theme colour slots to guideline palette ids -------------------
THEME_COLOUR_SLOTS: dict[str, str] = {
    "dk1": "ink",
    "lt1": "white",
    "dk2": "river_navy",
    "lt2": "cream",
    "accent1": "ajisai_blue",
    "accent2": "ajisai_purple",
    "accent3": "leaf_green",
    "accent4": "sunset_orange",
    "accent5": "ajisai_light",
    "accent6": "river_navy",
    "hlink": "ajisai_blue",
    "folHlink": "ajisai_purple",
}
THEME_NAME = "KitaComing!"

# Placeholder names (the contract in docs/architecture.md) and the type role of their text.
TEXT_ROLES: dict[str, str] = {
    "Title": "title",
    "Headline": "headline",
    "Catch": "catch",
    "Body": "body",
    "Details": "details",
    "Contact": "contact",
    "Brand": "brand",
}
PICTURE_NAMES = ("Photo", "QR", "Logo")
# Stable placeholder idx per name, the same in every layout (PowerPoint keeps custom ones >= 10).
PLACEHOLDER_IDX: dict[str, int] = {
    name: 10 + i for i, name in enumerate(["Headline", "Catch", "Body", "Details", "Contact",
                                           "Brand", "Photo", "QR", "Logo"])
}

# Design choices (not brand rules): preferred default sizes and line spacing, clamped to the
# guideline's role limits at build time.
PREFERRED_PT = {"title": 36, "headline": 16, "catch": 20, "body": 14, "details": 14,
                "contact": 11, "brand": 11, "caption": 10}
PREFERRED_SPACING = {"body": 1.5, "details": 1.4, "catch": 1.2, "contact": 1.25}
FALLBACK_LOGO_ASPECT = 2.6       # used only while the logo file does not exist yet
LOGO_HEIGHT_MM = 16.0            # preferred logo height: wide and narrow logos weigh the same
LOGO_MAX_WIDTH_FRACTION = 0.3    # ... but never wider than this share of the page width
GAP_MM = 4.0                     # gap between neighbouring boxes
SECTION_GAP_MM = 6.0             # gap between sections
BAND_PAD_MM = 6.0                # title inset inside a coloured band
PANEL_PAD_MM = 5.0               # details inset inside its panel
QR_MM = 24.0
CONTACT_H_MM = 19.0
BRAND_H_MM = 10.0
HEADLINE_H_MM = 12.0
PHOTO_BOTTOM_FRACTION = 0.43     # the photo layout's picture ends here (share of page height)
PHOTO_BAND_MM = 40.0             # title band of the photo layout: two title lines
NOTICE_TITLE_MM = 32.0           # notice title box: two title lines
FOOTER_RULE_MM = 0.35            # hairline between the content and the contact footer
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)   # fixed so that builds are reproducible
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class TemplateBuildError(Exception):
    """The guideline cannot be turned into a template (message in Japanese)."""


class Rect(BaseModel):
    """A box in millimetres, page coordinates (origin top-left)."""

    model_config = ConfigDict(frozen=True)
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def expanded(self, by: float) -> Rect:
        return Rect(x=self.x - by, y=self.y - by, w=self.w + 2 * by, h=self.h + 2 * by)

    def inset(self, by_x: float, by_y: float) -> Rect:
        return Rect(x=self.x + by_x, y=self.y + by_y, w=self.w - 2 * by_x, h=self.h - 2 * by_y)

    def emu(self) -> tuple[int, int, int, int]:
        return tuple(round(v * EMU_PER_MM) for v in (self.x, self.y, self.w, self.h))  # type: ignore[return-value]


class PlaceholderSpec(BaseModel):
    name: str
    kind: Literal["title", "body", "pic"]
    rect: Rect
    prompt: list[str]
    role: str = "caption"
    colour: str = "tx1"           # theme colour slot of the text
    align: Literal["l", "ctr", "r"] = "l"
    anchor: Literal["t", "ctr", "b"] = "t"
    bold: bool = False


class DecorationSpec(BaseModel):
    name: str
    rect: Rect
    fill: str                     # theme colour slot


class LayoutSpec(BaseModel):
    layout_id: str
    name: str
    logo_position: str
    placeholders: list[PlaceholderSpec]
    decorations: list[DecorationSpec]

    def placeholder(self, name: str) -> PlaceholderSpec:
        return next(p for p in self.placeholders if p.name == name)


# --- geometry ----------------------------------------------------------------------------
def logo_aspect(guideline: Guideline) -> float | None:
    """Width/height of the colour logo file, or None while it does not exist."""
    path = guideline.asset_path(guideline.logo.variants[0].file)
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, ValueError):
        return None
    return width / height


def safe_rect(guideline: Guideline) -> Rect:
    m = guideline.margins.safe_mm
    return Rect(x=m, y=m, w=guideline.page.width_mm - 2 * m, h=guideline.page.height_mm - 2 * m)


def zone_rect(guideline: Guideline, position_id: str) -> Rect:
    x0, y0, x1, y1 = guideline.logo.position(position_id).zone
    pw, ph = guideline.page.width_mm, guideline.page.height_mm
    return Rect(x=x0 * pw, y=y0 * ph, w=(x1 - x0) * pw, h=(y1 - y0) * ph)


def logo_rect(guideline: Guideline, position_id: str, aspect: float) -> Rect:
    """The logo box: in the zone's corner that touches the safe area, kept inside both."""
    zone, safe = zone_rect(guideline, position_id), safe_rect(guideline)
    area = Rect(x=max(zone.x, safe.x), y=max(zone.y, safe.y),
                w=min(zone.right, safe.right) - max(zone.x, safe.x),
                h=min(zone.bottom, safe.bottom) - max(zone.y, safe.y))
    width = min(LOGO_HEIGHT_MM * aspect, LOGO_MAX_WIDTH_FRACTION * guideline.page.width_mm)
    width = min(max(width, guideline.logo.min_width_mm), area.w, area.h * aspect)
    if width < guideline.logo.min_width_mm or area.w <= 0 or area.h <= 0:
        raise TemplateBuildError(
            f"ロゴの位置「{position_id}」の範囲が小さすぎて、最小幅 "
            f"{guideline.logo.min_width_mm}mm のロゴを置けません。")
    height = width / aspect
    on_right = zone.x + zone.w / 2 > guideline.page.width_mm / 2
    on_top = zone.y + zone.h / 2 < guideline.page.height_mm / 2
    x = area.right - width if on_right else area.x
    y = area.y if on_top else area.bottom - height
    return Rect(x=x, y=y, w=width, h=height)


class _Frame(BaseModel):
    """Where a layout's sections may go once the logo, header and footer are placed."""

    middle: Rect
    header: list[PlaceholderSpec]
    footer: list[PlaceholderSpec]
    rules: list[DecorationSpec]


def _frame(guideline: Guideline, logo: Rect, prompts: dict[str, list[str]]) -> _Frame:
    safe = safe_rect(guideline)
    keep_out = logo.expanded(guideline.logo.clear_space_ratio * logo.h)
    logo_on_top = logo.y + logo.h / 2 < guideline.page.height_mm / 2
    logo_on_right = logo.x + logo.w / 2 > guideline.page.width_mm / 2
    if logo_on_top:
        x0 = safe.x if logo_on_right else keep_out.right + GAP_MM
        x1 = keep_out.x - GAP_MM if logo_on_right else safe.right
        headline = Rect(x=x0, y=safe.y, w=x1 - x0, h=logo.h)
        top = max(headline.bottom, keep_out.bottom) + GAP_MM
    else:
        headline = Rect(x=safe.x, y=safe.y, w=safe.w, h=HEADLINE_H_MM)
        top = headline.bottom + GAP_MM
    footer_h = max(QR_MM, CONTACT_H_MM + GAP_MM + BRAND_H_MM)
    footer_top = safe.bottom - footer_h
    footer_gap = 2 * SECTION_GAP_MM
    col_x0, col_x1 = safe.x, safe.right
    if not logo_on_top:
        col_x0 = keep_out.right + GAP_MM if not logo_on_right else col_x0
        col_x1 = keep_out.x - GAP_MM if logo_on_right else col_x1
    qr = Rect(x=col_x1 - QR_MM, y=footer_top, w=QR_MM, h=QR_MM)
    text_w = qr.x - GAP_MM - col_x0
    contact = Rect(x=col_x0, y=footer_top, w=text_w, h=CONTACT_H_MM)
    brand = Rect(x=col_x0, y=safe.bottom - BRAND_H_MM, w=text_w, h=BRAND_H_MM)
    middle = Rect(x=safe.x, y=top, w=safe.w, h=footer_top - footer_gap - top)
    return _Frame(
        middle=middle,
        header=[
            _text("Headline", headline, prompts, colour="tx2", anchor="ctr", bold=True),
            PlaceholderSpec(name="Logo", kind="pic", rect=logo, prompt=prompts["Logo"],
                            align="ctr", anchor="ctr"),
        ],
        rules=[DecorationSpec(name="Deco Footer Rule", fill="tx2", rect=Rect(
            x=safe.x, y=footer_top - (footer_gap + FOOTER_RULE_MM) / 2, w=safe.w,
            h=FOOTER_RULE_MM))],
        footer=[
            _text("Contact", contact, prompts, anchor="t"),
            _text("Brand", brand, prompts, colour="tx2", anchor="b", bold=True),
            PlaceholderSpec(name="QR", kind="pic", rect=qr, prompt=prompts["QR"],
                            align="ctr", anchor="ctr"),
        ],
    )


def _text(name: str, rect: Rect, prompts: dict[str, list[str]], **style: object) -> PlaceholderSpec:
    kind = "title" if name == "Title" else "body"
    return PlaceholderSpec(name=name, kind=kind, rect=rect, prompt=prompts[name],
                           role=TEXT_ROLES[name], **style)  # type: ignore[arg-type]


def _band(guideline: Guideline, y: float, h: float, fill: str) -> DecorationSpec:
    """A full-bleed coloured band (the only thing allowed outside the safe area)."""
    return DecorationSpec(name="Deco Band", fill=fill,
                          rect=Rect(x=0, y=y, w=guideline.page.width_mm, h=h))


def _details_panel(area: Rect, prompts: dict[str, list[str]]
                   ) -> tuple[DecorationSpec, PlaceholderSpec]:
    panel = DecorationSpec(name="Deco Panel", fill="accent5", rect=area)
    details = _text("Details", area.inset(PANEL_PAD_MM, PANEL_PAD_MM), prompts, anchor="ctr")
    return panel, details


def _grid_standard(g: Guideline, m: Rect, p: dict[str, list[str]]
                   ) -> tuple[list[PlaceholderSpec], list[DecorationSpec]]:
    """Event flyer: title band, catch, body beside a photo, details panel."""
    band_h, catch_h, details_h = 0.26 * m.h, 18.0, 0.23 * m.h
    band = _band(g, m.y, band_h, "accent1")
    title = _text("Title", Rect(x=m.x, y=m.y + BAND_PAD_MM, w=m.w, h=band_h - 2 * BAND_PAD_MM),
                  p, colour="bg1", anchor="ctr", bold=True)
    catch = _text("Catch", Rect(x=m.x, y=band.rect.bottom + SECTION_GAP_MM, w=m.w, h=catch_h),
                  p, colour="tx2", anchor="ctr", bold=True)
    row_y = catch.rect.bottom + GAP_MM
    details_area = Rect(x=m.x, y=m.bottom - details_h, w=m.w, h=details_h)
    row_h = details_area.y - SECTION_GAP_MM - row_y
    body_w = 0.54 * m.w
    body = _text("Body", Rect(x=m.x, y=row_y, w=body_w, h=row_h), p)
    photo = PlaceholderSpec(name="Photo", kind="pic", prompt=p["Photo"], align="ctr",
                            anchor="ctr", rect=Rect(x=m.x + body_w + GAP_MM, y=row_y,
                                                    w=m.w - body_w - GAP_MM, h=row_h))
    panel, details = _details_panel(details_area, p)
    return [title, catch, body, photo, details], [band, panel]


def _grid_photo(g: Guideline, m: Rect, p: dict[str, list[str]]
                ) -> tuple[list[PlaceholderSpec], list[DecorationSpec]]:
    """Large photo over the upper part of the page, title band, body beside details."""
    photo_bottom = PHOTO_BOTTOM_FRACTION * g.page.height_mm
    photo = PlaceholderSpec(name="Photo", kind="pic", prompt=p["Photo"], align="ctr",
                            anchor="ctr", rect=Rect(x=m.x, y=m.y, w=m.w, h=photo_bottom - m.y))
    band_h = PHOTO_BAND_MM
    band = _band(g, photo.rect.bottom + GAP_MM, band_h, "tx2")
    title = _text("Title", Rect(x=m.x, y=band.rect.y + BAND_PAD_MM, w=m.w,
                                h=band_h - 2 * BAND_PAD_MM),
                  p, colour="bg1", anchor="ctr", bold=True)
    catch = _text("Catch", Rect(x=m.x, y=band.rect.bottom + GAP_MM, w=m.w, h=14.0),
                  p, colour="tx2", anchor="ctr", bold=True)
    row_y = catch.rect.bottom + GAP_MM
    row_h = m.bottom - row_y
    body_w = 0.5 * m.w
    body = _text("Body", Rect(x=m.x, y=row_y, w=body_w, h=row_h), p)
    panel, details = _details_panel(
        Rect(x=m.x + body_w + GAP_MM, y=row_y, w=m.w - body_w - GAP_MM, h=row_h), p)
    return [photo, title, catch, body, details], [band, panel]


def _grid_notice(g: Guideline, m: Rect, p: dict[str, list[str]]
                 ) -> tuple[list[PlaceholderSpec], list[DecorationSpec]]:
    """Text-heavy notice: title with an accent rule, catch, long body, details panel."""
    title = _text("Title", Rect(x=m.x, y=m.y, w=m.w, h=NOTICE_TITLE_MM), p, colour="tx2",
                  anchor="b", bold=True)
    rule = DecorationSpec(name="Deco Title Rule", fill="accent1",
                          rect=Rect(x=m.x, y=title.rect.bottom + 3.0, w=m.w, h=1.2))
    catch = _text("Catch", Rect(x=m.x, y=rule.rect.bottom + GAP_MM, w=m.w, h=16.0),
                  p, colour="tx2", anchor="ctr", bold=True)
    details_h = 0.22 * m.h
    details_area = Rect(x=m.x, y=m.bottom - details_h, w=m.w, h=details_h)
    body_y = catch.rect.bottom + GAP_MM
    body = _text("Body", Rect(x=m.x, y=body_y, w=m.w,
                              h=details_area.y - SECTION_GAP_MM - body_y), p)
    panel, details = _details_panel(details_area, p)
    return [title, catch, body, details], [rule, panel]


GRIDS = {"optional": _grid_standard, "required": _grid_photo, "none": _grid_notice}


def prompt_texts(guideline: Guideline) -> dict[str, list[str]]:
    """Japanese prompt text shown in empty placeholders (PowerPoint's 'click to add')."""
    limits = guideline.draft
    return {
        "Title": ["タイトルを入力"],
        "Headline": ["見出し（主催・シリーズ名など）"],
        "Catch": [f"キャッチコピーを入力（{limits.catch_max_chars}字まで）"],
        "Body": [f"本文を入力（{limits.summary_max_chars}字まで）",
                 f"1つの文は{guideline.wording.sentence_length.max_chars}字くらいまでにします。"],
        "Details": ["日時　○月○日（○）午前10時から", "会場　○○",
                    "参加費　無料", "主催　北上市"],
        "Contact": ["問い合わせ　北上市 ○○課", "電話　0197-00-0000"],
        "Brand": [f"{guideline.brand.message_full}　{' '.join(guideline.brand.hashtags)}"],
        "Photo": ["写真を挿入"],
        "QR": ["QRコード"],
        "Logo": ["ロゴ（公式ファイル）"],
    }


def layout_spec(guideline: Guideline, layout: Layout, aspect: float) -> LayoutSpec:
    prompts = prompt_texts(guideline)
    position = layout.logo_positions[0]
    frame = _frame(guideline, logo_rect(guideline, position, aspect), prompts)
    placeholders, decorations = GRIDS[layout.photo](guideline, frame.middle, prompts)
    return LayoutSpec(layout_id=layout.id, name=layout.template_layout, logo_position=position,
                      placeholders=[*frame.header, *placeholders, *frame.footer],
                      decorations=[*decorations, *frame.rules])


def layout_specs(guideline: Guideline, aspect: float | None = None) -> list[LayoutSpec]:
    aspect = aspect or logo_aspect(guideline) or FALLBACK_LOGO_ASPECT
    return [layout_spec(guideline, layout, aspect) for layout in guideline.layouts]


# --- XML ---------------------------------------------------------------------------------
def _xfrm(rect: Rect) -> str:
    x, y, w, h = rect.emu()
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _role_pt(guideline: Guideline, role: str) -> float:
    limits = guideline.typography.roles.get(role)  # type: ignore[call-overload]
    preferred = PREFERRED_PT.get(role, PREFERRED_PT["caption"])
    if limits is None:
        return max(preferred, guideline.typography.min_size.absolute_min_pt)
    return min(max(preferred, limits.min_pt), limits.max_pt)


def _role_spacing(guideline: Guideline, role: str) -> float:
    limits = guideline.typography.roles.get(role)  # type: ignore[call-overload]
    minimum = limits.line_spacing_min if limits else 1.0
    return max(PREFERRED_SPACING.get(role, 1.0), minimum)


def _paragraphs(lines: list[str]) -> str:
    return "".join(
        f'<a:p><a:r><a:rPr lang="ja-JP" altLang="en-US" dirty="0"/><a:t>{escape(line)}</a:t></a:r></a:p>'
        for line in lines)


def _placeholder_xml(spec: PlaceholderSpec, shape_id: int, guideline: Guideline) -> str:
    ph_attrs = 'type="title"' if spec.kind == "title" else (
        f'type="{spec.kind}" sz="quarter" idx="{PLACEHOLDER_IDX[spec.name]}"')
    size = round(_role_pt(guideline, spec.role) * 100)
    spacing = round(_role_spacing(guideline, spec.role) * 100000)
    bold = ' b="1"' if spec.bold else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(spec.name)}/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph {ph_attrs} hasCustomPrompt="1"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr>{_xfrm(spec.rect)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'rtlCol="0" anchor="{spec.anchor}"><a:noAutofit/></a:bodyPr>'
        f'<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="{spec.align}">'
        f'<a:lnSpc><a:spcPct val="{spacing}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
        f'<a:buNone/><a:defRPr sz="{size}"{bold}>'
        f'<a:solidFill><a:schemeClr val="{spec.colour}"/></a:solidFill></a:defRPr>'
        f'</a:lvl1pPr></a:lstStyle>{_paragraphs(spec.prompt)}</p:txBody></p:sp>'
    )


def _decoration_xml(spec: DecorationSpec, shape_id: int) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(spec.name)}/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(spec.rect)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:schemeClr val="{spec.fill}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</p:spPr></p:sp>'
    )


def layout_xml(spec: LayoutSpec, guideline: Guideline) -> bytes:
    shapes = [_decoration_xml(d, i + 2) for i, d in enumerate(spec.decorations)]
    first_ph_id = len(shapes) + 2
    shapes += [_placeholder_xml(p, first_ph_id + i, guideline)
               for i, p in enumerate(spec.placeholders)]
    xml = (
        f'<p:sldLayout {NSDECL} preserve="1" userDrawn="1">'
        f'<p:cSld name={quoteattr(spec.name)}><p:spTree>'
        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
        f'{"".join(shapes)}</p:spTree></p:cSld>'
        '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>'
    )
    return xml.encode("utf-8")


def _level_xml(tag: str, level: int, size_pt: float, spacing: float, bold: bool,
               colour: str, major: bool) -> str:
    family = "mj" if major else "mn"
    indent = ' marL="0" indent="0"' if level == 1 else (
        f' marL="{(level - 1) * 6 * EMU_PER_MM}" indent="{-3 * EMU_PER_MM}"')
    bullet = "<a:buNone/>" if level == 1 or tag == "other" else (
        '<a:buFontTx/><a:buChar char="・"/>')
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl{level}pPr{indent} algn="l" defTabSz="{10 * EMU_PER_MM}" rtl="0" eaLnBrk="1" '
        f'latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="{round(spacing * 100000)}"/>'
        f'</a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>{bullet}'
        f'<a:defRPr lang="ja-JP" altLang="en-US" sz="{round(size_pt * 100)}"{b} kern="1200">'
        f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
        f'<a:latin typeface="+{family}-lt"/><a:ea typeface="+{family}-ea"/>'
        f'<a:cs typeface="+{family}-cs"/></a:defRPr></a:lvl{level}pPr>'
    )


def text_styles_xml(guideline: Guideline) -> str:
    """Master text styles: sizes from the guideline roles, lang ja-JP, body line spacing."""
    title_pt, body_pt = _role_pt(guideline, "title"), _role_pt(guideline, "body")
    body_spacing = _role_spacing(guideline, "body")
    title = _level_xml("title", 1, title_pt, _role_spacing(guideline, "title"), True, "tx2", True)
    body = "".join(_level_xml("body", lvl, body_pt, body_spacing, False, "tx1", False)
                   for lvl in range(1, 10))
    other = "".join(_level_xml("other", lvl, body_pt, body_spacing, False, "tx1", False)
                    for lvl in range(1, 10))
    return (
        f'<p:txStyles {NSDECL}><p:titleStyle>{title}</p:titleStyle><p:bodyStyle>{body}'
        f'</p:bodyStyle><p:otherStyle><a:defPPr><a:defRPr lang="ja-JP" altLang="en-US"/>'
        f'</a:defPPr>{other}</p:otherStyle></p:txStyles>'
    )


# --- package edits -----------------------------------------------------------------------
def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _apply_theme(theme: etree._Element, guideline: Guideline) -> None:
    theme.set("name", THEME_NAME)
    scheme = theme.find(".//a:clrScheme", NS)
    scheme.set("name", THEME_NAME)
    for slot, colour_id in THEME_COLOUR_SLOTS.items():
        try:
            colour = guideline.palette_colour(colour_id)
        except StopIteration:
            raise TemplateBuildError(
                f"テーマ色 {slot} に使う色 {colour_id} がパレットにありません。") from None
        holder = scheme.find(f"a:{slot}", NS)
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, _q("a:srgbClr"), val=colour.hex.lstrip("#"))
    fonts = theme.find(".//a:fontScheme", NS)
    fonts.set("name", THEME_NAME)
    for group in ("a:majorFont", "a:minorFont"):
        node = fonts.find(group, NS)
        node.find("a:latin", NS).set("typeface", guideline.fonts.primary)
        node.find("a:ea", NS).set("typeface", guideline.fonts.primary)
        for script_font in node.findall("a:font[@script='Jpan']", NS):
            script_font.set("typeface", guideline.fonts.primary)


def _theme_part(prs: Presentation) -> object:
    return prs.slide_master.part.part_related_by(RT.THEME)


def _edit_theme(prs: Presentation, guideline: Guideline) -> None:
    part = _theme_part(prs)
    theme = etree.fromstring(part.blob)
    _apply_theme(theme, guideline)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _edit_master(prs: Presentation, guideline: Guideline) -> None:
    master = prs.slide_master._element
    safe = safe_rect(guideline)
    title_h = 30.0
    boxes = {"title": Rect(x=safe.x, y=safe.y, w=safe.w, h=title_h),
             "body": Rect(x=safe.x, y=safe.y + title_h + GAP_MM, w=safe.w,
                          h=safe.h - title_h - GAP_MM)}
    prompts = {"title": "マスター タイトルの書式設定", "body": "マスター テキストの書式設定"}
    for sp in master.findall(".//p:sp", NS):
        ph = sp.find(".//p:ph", NS)
        kind = ph.get("type", "body") if ph is not None else None
        if kind not in boxes:
            sp.getparent().remove(sp)
            continue
        x, y, w, h = boxes[kind].emu()
        sp.find("p:spPr/a:xfrm/a:off", NS).attrib.update({"x": str(x), "y": str(y)})
        sp.find("p:spPr/a:xfrm/a:ext", NS).attrib.update({"cx": str(w), "cy": str(h)})
        body = sp.find("p:txBody", NS)
        for p in body.findall("a:p", NS):
            body.remove(p)
        body.append(parse_xml(f'<a:p xmlns:a="{NS["a"]}"><a:r><a:rPr lang="ja-JP" '
                              f'altLang="en-US"/><a:t>{prompts[kind]}</a:t></a:r></a:p>'))
    old = master.find("p:txStyles", NS)
    master.replace(old, parse_xml(text_styles_xml(guideline)))


def _replace_layouts(prs: Presentation, guideline: Guideline, specs: list[LayoutSpec]) -> None:
    for layout in list(prs.slide_layouts):
        prs.slide_layouts.remove(layout)
    master_part = prs.slide_master.part
    id_list = prs.slide_master._element.find("p:sldLayoutIdLst", NS)
    for number, spec in enumerate(specs, start=1):
        part = SlideLayoutPart(PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml"),
                               CT.PML_SLIDE_LAYOUT, master_part.package,
                               parse_xml(layout_xml(spec, guideline)))
        part.relate_to(master_part, RT.SLIDE_MASTER)
        r_id = master_part.relate_to(part, RT.SLIDE_LAYOUT)
        etree.SubElement(id_list, _q("p:sldLayoutId"),
                         {"id": str(2147483648 + number), _q("r:id"): r_id})


def _edit_presentation(prs: Presentation, guideline: Guideline) -> None:
    prs.slide_width, prs.slide_height = guideline.page.width_emu, guideline.page.height_emu
    size = prs.part._element.find("p:sldSz", NS)
    size.attrib.pop("type", None)  # custom size, not one of PowerPoint's named ones
    for rpr in prs.part._element.findall("p:defaultTextStyle//a:defRPr", NS):
        rpr.set("lang", "ja-JP")


def _drop_extras(prs: Presentation) -> None:
    """Drop the default template's thumbnail and printer settings (stale 4:3 leftovers)."""
    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(r_id)
    for r_id, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(r_id)


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<TotalTime>0</TotalTime><Words>0</Words><Application>KitaComing! flyer assistant'
    '</Application><PresentationFormat>A4 (210x297 mm)</PresentationFormat><Paragraphs>0'
    '</Paragraphs><Slides>0</Slides><Notes>0</Notes><HiddenSlides>0</HiddenSlides><MMClips>0'
    '</MMClips><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false'
    '</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>'
    '</Properties>'
)


def _set_properties(prs: Presentation, guideline: Guideline) -> None:
    core = prs.core_properties
    core.title = f"{guideline.brand.name} A4 チラシ テンプレート"
    core.subject = guideline.meta.name
    core.author = guideline.meta.owner or ""
    core.last_modified_by = "flyer template build"
    core.comments = f"guideline {guideline.meta.id} {guideline.meta.version}"
    core.keywords = " ".join(guideline.brand.hashtags)
    core.revision = 1
    core.created = core.modified = BUILD_TIME.replace(tzinfo=None)
    for rel in prs.part.package._rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")


def _normalised_zip(raw: bytes) -> bytes:
    """Same entries, fixed timestamps: identical input gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def build_template(guideline: Guideline, aspect: float | None = None) -> bytes:
    """The template as .pptx bytes, built from python-pptx's default template."""
    specs = layout_specs(guideline, aspect)
    prs = Presentation()
    _edit_presentation(prs, guideline)
    _edit_theme(prs, guideline)
    _edit_master(prs, guideline)
    _replace_layouts(prs, guideline, specs)
    _drop_extras(prs)
    _set_properties(prs, guideline)
    raw = io.BytesIO()
    prs.save(raw)
    return _normalised_zip(raw.getvalue())


def run_template_build(out: Path | None, guideline_path: Path | None) -> int:
    """`flyer template build`: write the template, then check it. Exit code 0 or 2."""
    guideline = load_guideline_or_report(guideline_path)
    if guideline is None:
        return 2
    target = out or guideline.asset_path(guideline.template.file)
    aspect = logo_aspect(guideline)
    if aspect is None:
        print(f"注意: ロゴのファイルがまだありません。縦横比 {FALLBACK_LOGO_ASPECT} で作ります。",
              file=sys.stderr)
    try:
        data = build_template(guideline, aspect)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except TemplateBuildError as exc:
        print(f"テンプレートを作れません: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{target}: 書き込めません: {exc.strerror or exc}", file=sys.stderr)
        return 2
    from assistant.pptx.template_check import report_findings

    return report_findings(target, guideline, built=True)


# --- preview (for looking at the template and for the render test) ---------------------
def _sample_photo(guideline: Guideline, path: Path) -> Path:
    """A plain stand-in picture in a palette colour, so the photo slot shows in previews."""
    light = guideline.palette_colour(THEME_COLOUR_SLOTS["accent5"]).rgb
    Image.new("RGB", (1200, 800), light).save(path)
    return path


def _sample_qr(guideline: Guideline, path: Path) -> Path:
    import segno

    segno.make(guideline.brand.site_name, error="m").save(str(path), scale=10, border=0)
    return path


def build_preview(template: Path, guideline: Guideline, out: Path, work_dir: Path) -> Path:
    """One slide per layout, every placeholder showing its prompt text (pictures: samples)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    pictures = {"Photo": _sample_photo(guideline, work_dir / "photo.png"),
                "QR": _sample_qr(guideline, work_dir / "qr.png"),
                "Logo": guideline.asset_path(guideline.logo.variants[0].file)}
    prs = Presentation(str(template))
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        prompts = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        for ph in slide.placeholders:
            source = prompts[ph.placeholder_format.idx]
            ph.name = source.name  # python-pptx names clones "Text Placeholder N"
            if ph.placeholder_format.type == PP_PLACEHOLDER.PICTURE:
                if pictures[source.name].exists():
                    ph.insert_picture(str(pictures[source.name]))
                continue
            ph.text_frame.text = "\n".join(p.text for p in source.text_frame.paragraphs)
    prs.save(str(out))
    return out
