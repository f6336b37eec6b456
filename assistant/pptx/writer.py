"""write_flyer: one slide in the official template, filled from a LayoutPlan.

Placeholders of the chosen layout are filled by name and moved to the plan's boxes; the ones
the flyer does not use are removed (no empty "click to add" boxes). Every run gets explicit
size, colour and the primary font as latin *and* East Asian font with lang="ja-JP"; autofit
is off because the text is already fitted. The logo picture is inserted unchanged (exact
aspect, no crop, no effects). The layout's own decorations are hidden on the slide: the plan
draws its bands and panel where its text actually is.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import segno
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from assistant.guideline.model import EMU_PER_MM, Guideline
from assistant.layout.geometry import Box
from assistant.layout.models import LayoutPlan, PictureBlock, ShapeBlock, TextBlock
from assistant.pptx import xml

LANG = "ja-JP"
QR_DPI = 300                 # print resolution of the QR code image
QR_BORDER_MODULES = 2
MM_PER_INCH = 25.4


class WriteError(RuntimeError):
    """The template cannot be used (missing file or layout)."""


def write_flyer(plan: LayoutPlan, guideline: Guideline, out_path: Path) -> Path:
    template = guideline.asset_path(guideline.template.file)
    if not template.is_file():
        raise WriteError(f"テンプレート「{template}」が見つかりません。")
    prs = Presentation(str(template))
    _remove_slides(prs)
    layout = next((lay for lay in prs.slide_layouts if lay.name == plan.template_layout), None)
    if layout is None:
        raise WriteError(f"テンプレートにレイアウト「{plan.template_layout}」がありません。")
    slide = prs.slides.add_slide(layout)
    xml.hide_layout_graphics(slide)
    _background(slide, plan.background)
    placeholders = {shape.name: shape for shape in slide.placeholders}
    for shape in plan.shapes:
        _add_shape(slide, shape)
    for block in plan.texts:
        _write_text(slide, placeholders.pop(block.name, None), block, guideline)
    for picture in plan.pictures:
        _add_picture(slide, picture)
    _add_picture(slide, plan.logo)
    if plan.qr_url and plan.qr_box:
        _add_qr(slide, plan.qr_url, plan.qr_box)
    for unused in placeholders.values():
        unused._element.getparent().remove(unused._element)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(out_path))
    return out_path


def _remove_slides(prs: Any) -> None:
    """Drop any sample slides the template carries."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _background(slide: Any, colour: str) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(colour)


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(box.x), Emu(box.y), Emu(box.w),
                                                        Emu(box.h))


def _add_shape(slide: Any, block: ShapeBlock) -> None:
    kind = MSO_SHAPE.ROUNDED_RECTANGLE if block.rounded else MSO_SHAPE.RECTANGLE
    shape = slide.shapes.add_shape(kind, block.box.x, block.box.y, block.box.w, block.box.h)
    shape.name = block.name
    style = shape._element.find(qn("p:style"))
    if style is not None:  # no theme line/effect styles (no shadows)
        shape._element.remove(style)
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(block.fill)
    shape.line.fill.background()
    if block.rounded:
        shape.adjustments[0] = min(0.5, (4 * EMU_PER_MM) / min(block.box.w, block.box.h))


def _write_text(slide: Any, placeholder: Any, block: TextBlock, guideline: Guideline) -> None:
    shape = placeholder if placeholder is not None else slide.shapes.add_textbox(
        block.box.x, block.box.y, block.box.w, block.box.h)
    shape.name = block.name
    _place(shape, block.box)
    font = guideline.fonts.primary
    txbody = shape.text_frame._txBody
    xml.body_properties(txbody, anchor=block.anchor)
    xml.clear_paragraphs(txbody)
    for paragraph in block.paragraphs:
        p = xml.add_paragraph(txbody)
        xml.paragraph_properties(
            p, line_spacing=paragraph.line_spacing, align=paragraph.align,
            space_before_pt=paragraph.space_before_pt, indent_emu=paragraph.indent_emu,
            right_indent_emu=paragraph.right_indent_emu,
            tab_emu=paragraph.tab_emu, bullet=paragraph.bullet,
            bullet_colour=paragraph.bullet_colour, font=font)
        for run in paragraph.runs:
            r = xml.add_run(p, run.text)
            xml.run_properties(r, font=font, lang=LANG, size_pt=run.size_pt, colour=run.colour,
                               bold=run.bold)
        xml.end_properties(p, font=font, lang=LANG, size_pt=paragraph.runs[-1].size_pt)


def _add_picture(slide: Any, block: PictureBlock) -> Any:
    picture = slide.shapes.add_picture(str(block.image), block.box.x, block.box.y, block.box.w,
                                       block.box.h)
    picture.name = block.name
    left, top, right, bottom = block.crop
    if any(block.crop):
        picture.crop_left, picture.crop_top = left, top
        picture.crop_right, picture.crop_bottom = right, bottom
    xml.set_alt_text(picture, block.alt_text)
    return picture


def _add_qr(slide: Any, url: str, box: Box) -> None:
    qr = segno.make(url, error="m", micro=False)
    modules = qr.symbol_size(border=QR_BORDER_MODULES)[0]
    pixels = box.w / EMU_PER_MM / MM_PER_INCH * QR_DPI
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, math.ceil(pixels / modules)),
            border=QR_BORDER_MODULES, dark="#000000", light="#FFFFFF")
    buffer.seek(0)
    picture = slide.shapes.add_picture(buffer, box.x, box.y, box.w, box.h)
    picture.name = "QR"
    xml.set_alt_text(picture, f"{url} を開くQRコード")
