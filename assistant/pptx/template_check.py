"""Check a PowerPoint template against the guideline (`flyer template check FILE`).

The file is only read. Findings say which layout and placeholder break which rule; codes:

TPL001 slide size              TPL007 logo slot smaller than the minimum width
TPL002 layout missing          TPL008 logo slot outside the allowed position zones
TPL003 placeholder missing     TPL009 another placeholder inside the logo's clear space
TPL004 theme colour off-palette TPL010 placeholder outside the safe margin
TPL005 theme font not allowed  TPL011 logo slot aspect differs from the logo file
TPL006 logo slot missing or not a picture placeholder
TPL012 text style smaller than the guideline minimum
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pydantic import BaseModel

from assistant.colour import delta_e
from assistant.guideline import EMU_PER_MM, Guideline, load_guideline_or_report
from assistant.guideline.model import Layout
from assistant.pptx.template_build import (
    NS,
    TEXT_ROLES,
    THEME_COLOUR_SLOTS,
    Rect,
    logo_aspect,
    safe_rect,
    zone_rect,
)

WHOLE_FILE = "(全体)"
EPSILON_MM = 0.05   # EMU rounding of millimetre geometry
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class TemplateFinding(BaseModel):
    layout: str
    placeholder: str | None = None
    code: str
    message: str

    def line(self, file: Path) -> str:
        subject = f"{self.placeholder}: " if self.placeholder else ""
        return f"{file}: {self.layout}: [{self.code}] {subject}{self.message}"


class TemplateReadError(Exception):
    """The file is not a readable .pptx (message in Japanese)."""


class _Slot(BaseModel):
    """A layout placeholder as the checker sees it: name, picture or not, box in mm."""

    name: str
    is_picture: bool
    rect: Rect | None


# --- reading -----------------------------------------------------------------------------
def _open(path: Path) -> Presentation:
    if not path.exists():
        raise TemplateReadError("ファイルが見つかりません。")
    if not path.is_file():
        raise TemplateReadError("ファイルではありません（フォルダーです）。")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise TemplateReadError(f"ファイルを読めません（{exc.strerror}）。") from None
    if not head:
        raise TemplateReadError("ファイルが空です。")
    if head == OLE_MAGIC:
        raise TemplateReadError(
            "古い形式（.ppt）のファイルです。PowerPoint で「.pptx」形式で保存し直してください。")
    if not zipfile.is_zipfile(path):
        raise TemplateReadError("PowerPoint（.pptx）のファイルではありません。")
    try:
        return Presentation(str(path))
    except Exception as exc:  # python-pptx raises many kinds for a broken package
        raise TemplateReadError(
            f"PowerPoint（.pptx）として開けません（{type(exc).__name__}）。") from None


def _rect(shape: object) -> Rect | None:
    values = [getattr(shape, attr) for attr in ("left", "top", "width", "height")]
    if any(v is None for v in values):
        return None
    x, y, w, h = (v / EMU_PER_MM for v in values)
    return Rect(x=x, y=y, w=w, h=h)


def _slots(layout: object) -> list[_Slot]:
    return [_Slot(name=ph.name,
                  is_picture=ph.placeholder_format.type == PP_PLACEHOLDER.PICTURE,
                  rect=_rect(ph))
            for ph in layout.placeholders]  # type: ignore[attr-defined]


def _theme(prs: Presentation) -> etree._Element | None:
    try:
        blob = prs.slide_master.part.part_related_by(RT.THEME).blob
        return etree.fromstring(blob, SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None


# --- rules -------------------------------------------------------------------------------
def _inside(outer: Rect, inner: Rect) -> bool:
    return (inner.x >= outer.x - EPSILON_MM and inner.y >= outer.y - EPSILON_MM
            and inner.right <= outer.right + EPSILON_MM
            and inner.bottom <= outer.bottom + EPSILON_MM)


def _overlap(a: Rect, b: Rect) -> bool:
    return (min(a.right, b.right) - max(a.x, b.x) > EPSILON_MM
            and min(a.bottom, b.bottom) - max(a.y, b.y) > EPSILON_MM)


def check_slide_size(prs: Presentation, guideline: Guideline) -> list[TemplateFinding]:
    page = guideline.page
    if prs.slide_width is None or prs.slide_height is None:
        return [TemplateFinding(layout=WHOLE_FILE, code="TPL001",
                                message=f"スライドの大きさが書かれていません。"
                                        f"{page.width_mm:g}×{page.height_mm:g}mm にしてください。")]
    width_mm, height_mm = prs.slide_width / EMU_PER_MM, prs.slide_height / EMU_PER_MM
    if (abs(width_mm - page.width_mm) <= page.tolerance_mm
            and abs(height_mm - page.height_mm) <= page.tolerance_mm):
        return []
    return [TemplateFinding(
        layout=WHOLE_FILE, code="TPL001",
        message=f"スライドの大きさが {width_mm:.1f}×{height_mm:.1f}mm です。"
                f"{page.width_mm:g}×{page.height_mm:g}mm にしてください。")]


def _slot_colour(holder: etree._Element) -> str | None:
    for child in holder:
        value = child.get("val") if etree.QName(child).localname == "srgbClr" else child.get(
            "lastClr")
        if value and len(value) == 6:
            return f"#{value.upper()}"
    return None


def check_theme_colours(theme: etree._Element, guideline: Guideline) -> list[TemplateFinding]:
    scheme = theme.find(".//a:clrScheme", NS)
    findings = []
    for slot in THEME_COLOUR_SLOTS:
        holder = scheme.find(f"a:{slot}", NS) if scheme is not None else None
        colour = _slot_colour(holder) if holder is not None else None
        nearest = min(((delta_e(colour, c.hex), c) for c in guideline.palette),
                      key=lambda pair: pair[0]) if colour else None
        if nearest and nearest[0] <= guideline.colour.palette_match.delta_e_max:
            continue
        shown = colour or "未設定"
        findings.append(TemplateFinding(
            layout=WHOLE_FILE, code="TPL004",
            message=f"テーマの色 {slot}（{shown}）がパレットの色ではありません。"
                    + (f"いちばん近いのは「{nearest[1].name_ja}」{nearest[1].hex}"
                       f"（色差 {nearest[0]:.1f}）です。" if nearest else "")))
    return findings


def check_theme_fonts(theme: etree._Element, guideline: Guideline) -> list[TemplateFinding]:
    findings = []
    for group, label in (("majorFont", "見出し"), ("minorFont", "本文")):
        for script, kind in (("latin", "欧文"), ("ea", "和文")):
            node = theme.find(f".//a:fontScheme/a:{group}/a:{script}", NS)
            face = node.get("typeface", "") if node is not None else ""
            if face in guideline.fonts.allowed:
                continue
            findings.append(TemplateFinding(
                layout=WHOLE_FILE, code="TPL005",
                message=f"テーマの{label}の{kind}フォント（{script}）が「{face or '未設定'}」です。"
                        f"「{guideline.fonts.primary}」にしてください。"))
    return findings


def _min_size_findings(layout_name: str, placeholder: str | None, sizes: list[int],
                       min_pt: float) -> list[TemplateFinding]:
    too_small = [s / 100 for s in sizes if s / 100 < min_pt]
    if not too_small:
        return []
    return [TemplateFinding(
        layout=layout_name, placeholder=placeholder, code="TPL012",
        message=f"文字の大きさ {min(too_small):g}pt は小さすぎます。{min_pt:g}pt 以上にしてください。")]


def _sizes(node: etree._Element | None) -> list[int]:
    if node is None:
        return []
    return [int(r.get("sz")) for r in node.iter(f"{{{NS['a']}}}defRPr")
            if (r.get("sz") or "").isdigit()]


def check_text_styles(prs: Presentation, guideline: Guideline) -> list[TemplateFinding]:
    roles = guideline.typography.roles
    master = prs.slide_master._element
    findings = _min_size_findings("マスター", "タイトルの書式", _sizes(
        master.find("p:txStyles/p:titleStyle", NS)), roles["title"].min_pt)
    findings += _min_size_findings("マスター", "本文の書式", _sizes(
        master.find("p:txStyles/p:bodyStyle", NS)), roles["body"].min_pt)
    for layout in (lay for master in prs.slide_masters for lay in master.slide_layouts):
        for ph in layout.placeholders:
            role = roles.get(TEXT_ROLES.get(ph.name, ""))  # type: ignore[call-overload]
            if role is not None:
                findings += _min_size_findings(layout.name, ph.name, _sizes(
                    ph._element.find("p:txBody/a:lstStyle", NS)), role.min_pt)
    return findings


def check_placeholders(layout_name: str, slots: list[_Slot], layout: Layout,
                       guideline: Guideline) -> list[TemplateFinding]:
    names = {s.name for s in slots}
    required = list(guideline.template.required_placeholders)
    if layout.photo == "required":
        required.append("Photo")
    findings = [TemplateFinding(layout=layout_name, placeholder=name, code="TPL003",
                                message=f"「{name}」という名前のプレースホルダーがありません。")
                for name in required if name not in names]
    safe = safe_rect(guideline)
    for slot in slots:
        if slot.rect is not None and not _inside(safe, slot.rect):
            findings.append(TemplateFinding(
                layout=layout_name, placeholder=slot.name, code="TPL010",
                message=f"紙の端から {guideline.margins.safe_mm:g}mm の余白の内側に入れてください"
                        f"（いまの位置 x={slot.rect.x:.1f} y={slot.rect.y:.1f} "
                        f"幅 {slot.rect.w:.1f} 高さ {slot.rect.h:.1f}mm）。"))
    return findings


def check_logo(layout_name: str, slots: list[_Slot], layout: Layout,
               guideline: Guideline) -> list[TemplateFinding]:
    logo = next((s for s in slots if s.name == "Logo"), None)
    if logo is None or not logo.is_picture or logo.rect is None:
        what = "ありません" if logo is None else "図（画像）のプレースホルダーではありません"
        return [TemplateFinding(layout=layout_name, placeholder="Logo", code="TPL006",
                                message=f"ロゴの枠（図のプレースホルダー「Logo」）が{what}。")]
    return (_logo_size(layout_name, logo.rect, guideline)
            + _logo_zone(layout_name, logo.rect, layout, guideline)
            + _logo_clear_space(layout_name, logo.rect, slots, guideline))


def _logo_size(layout_name: str, rect: Rect, guideline: Guideline) -> list[TemplateFinding]:
    findings = []
    if rect.w < guideline.logo.min_width_mm - EPSILON_MM:
        findings.append(TemplateFinding(
            layout=layout_name, placeholder="Logo", code="TPL007",
            message=f"ロゴの枠の幅 {rect.w:.1f}mm は小さすぎます。"
                    f"{guideline.logo.min_width_mm:g}mm 以上にしてください。"))
    aspect = logo_aspect(guideline)
    if aspect and abs(rect.w / rect.h - aspect) / aspect > guideline.logo.aspect_tolerance:
        findings.append(TemplateFinding(
            layout=layout_name, placeholder="Logo", code="TPL011",
            message=f"ロゴの枠の縦横比 {rect.w / rect.h:.2f} がロゴのファイル（{aspect:.2f}）と"
                    "ちがいます。ロゴが切れたり、ゆがんだりします。"))
    return findings


def _logo_zone(layout_name: str, rect: Rect, layout: Layout,
               guideline: Guideline) -> list[TemplateFinding]:
    if any(_inside(zone_rect(guideline, p), rect) for p in layout.logo_positions):
        return []
    allowed = "・".join(guideline.logo.position(p).name_ja for p in layout.logo_positions)
    return [TemplateFinding(layout=layout_name, placeholder="Logo", code="TPL008",
                            message=f"ロゴの枠が決められた場所にありません。このレイアウトでは"
                                    f"「{allowed}」のどれかに置いてください。")]


def _logo_clear_space(layout_name: str, rect: Rect, slots: list[_Slot],
                      guideline: Guideline) -> list[TemplateFinding]:
    margin = guideline.logo.clear_space_ratio * rect.h
    keep_out = rect.expanded(margin)
    return [TemplateFinding(layout=layout_name, placeholder=s.name, code="TPL009",
                            message=f"ロゴのまわりの余白（{margin:.1f}mm）に入っています。"
                                    "ロゴから離してください。")
            for s in slots
            if s.name != "Logo" and s.rect is not None and _overlap(keep_out, s.rect)]


def check_layouts(prs: Presentation, guideline: Guideline) -> list[TemplateFinding]:
    by_name = {layout.name: layout for master in prs.slide_masters
               for layout in master.slide_layouts}
    findings = []
    for wanted in guideline.layouts:
        found = by_name.get(wanted.template_layout)
        if found is None:
            findings.append(TemplateFinding(
                layout=wanted.template_layout, code="TPL002",
                message=f"レイアウト「{wanted.template_layout}」（{wanted.name_ja}）がありません。"))
            continue
        slots = _slots(found)
        findings += check_placeholders(wanted.template_layout, slots, wanted, guideline)
        findings += check_logo(wanted.template_layout, slots, wanted, guideline)
    return findings


def check_template(path: Path | str, guideline: Guideline) -> list[TemplateFinding]:
    """All findings for a template file; raises TemplateReadError when it cannot be read."""
    prs = _open(Path(path))
    findings = check_slide_size(prs, guideline)
    theme = _theme(prs)
    if theme is None:
        findings.append(TemplateFinding(layout=WHOLE_FILE, code="TPL004",
                                        message="テーマ（色とフォント）が読めません。"))
    else:
        findings += check_theme_colours(theme, guideline) + check_theme_fonts(theme, guideline)
    findings += check_text_styles(prs, guideline)
    return findings + check_layouts(prs, guideline)


# --- command line ------------------------------------------------------------------------
def report_findings(path: Path, guideline: Guideline, built: bool = False) -> int:
    """Print findings as `FILE: LAYOUT: message` lines; exit code 0, 1 or 2."""
    try:
        findings = check_template(path, guideline)
    except TemplateReadError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a package python-pptx opens but whose parts are malformed
        print(f"{path}: テンプレートの中身を読めません（{type(exc).__name__}: {exc}）。",
              file=sys.stderr)
        return 2
    for finding in findings:
        print(finding.line(path))
    if findings:
        print(f"{path}: ガイドラインに合わない点が {len(findings)} 件あります。", file=sys.stderr)
        return 1
    done = "書き出しました" if built else "OK"
    print(f"{path}: {done}（レイアウト {len(guideline.layouts)} 種類、ガイドラインに合っています）")
    return 0


def run_template_check(file: Path, guideline_path: Path | None) -> int:
    guideline = load_guideline_or_report(guideline_path)
    if guideline is None:
        return 2
    return report_findings(file, guideline)
