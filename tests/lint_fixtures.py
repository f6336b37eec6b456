"""Builders for lint tests: a compliant A4 flyer as a Deck (plus its image parts), small
shape builders in millimetres, and helpers that run one rule.

`compliant_flyer(guideline)` passes every rule; a test changes one thing and checks that the
rule under test (and only the expected finding) appears. Keep it compliant: test_rules_registry
checks that it lints clean.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from assistant.guideline.model import Guideline
from assistant.lint.context import LintContext
from assistant.lint.model import (
    EMU_PER_MM,
    Box,
    Deck,
    Fill,
    Paragraph,
    Picture,
    Run,
    Shape,
    Slide,
    TextFrame,
)
from assistant.lint.reader import lint_context, open_deck
from assistant.lint.rule import Finding
from assistant.lint.rules import REGISTRY
from assistant.lint.rules.file import template_names

FONT = "BIZ UDPゴシック"
A4 = (210.0, 297.0)
LOGO_PART = "/ppt/media/logo.png"


def emu(value_mm: float) -> int:
    return round(value_mm * EMU_PER_MM)


def box(x: float, y: float, w: float, h: float, **extra: object) -> Box:
    return Box(x=emu(x), y=emu(y), w=emu(w), h=emu(h), **extra)  # type: ignore[arg-type]


def run(text: str, size: float = 14, colour: str = "#222222", font: str = FONT,
        bold: bool = False, font_ea: str | None = None) -> Run:
    return Run(text=text, size_pt=size, colour=colour, font_latin=font,
               font_ea=font_ea or font, bold=bold, lang="ja-JP")


def text_shape(name: str, text: str, at: tuple[float, float, float, float], size: float = 14,
               colour: str = "#222222", spacing: float | None = 1.5, fill: str | None = None,
               font: str = FONT, bold: bool = False, **extra: object) -> Shape:
    """A text box; each line of `text` is a paragraph."""
    paragraphs = [
        Paragraph(runs=[run(line, size, colour, font, bold)], line_spacing=spacing)
        for line in text.split("\n")
    ]
    return Shape(
        id=0, name=name, kind="shape", box=box(*at),
        fill=Fill(kind="solid", colour=fill) if fill else Fill(),
        text=TextFrame(paragraphs=paragraphs), **extra,  # type: ignore[arg-type]
    )


def rect(name: str, at: tuple[float, float, float, float], colour: str, **extra: object) -> Shape:
    return Shape(id=0, name=name, kind="shape", box=box(*at),
                 fill=Fill(kind="solid", colour=colour), **extra)  # type: ignore[arg-type]


def image_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def picture(name: str, part: str, image: Image.Image, at: tuple[float, float, float, float],
            alt: str = "写真", crop: tuple[float, float, float, float] = (0, 0, 0, 0),
            **extra: object) -> Shape:
    pic = Picture(image_part=part, content_type="image/png", sha256="", width_px=image.width,
                  height_px=image.height, crop=crop, alt_text=alt)
    return Shape(id=0, name=name, kind="picture", box=box(*at), picture=pic,
                 **extra)  # type: ignore[arg-type]


def logo_image(guideline: Guideline, variant: str = "white") -> Image.Image:
    with Image.open(guideline.asset_path(guideline.logo.variant(variant).file)) as image:
        image.load()
        return image


def logo_height(guideline: Guideline, width_mm: float) -> float:
    image = logo_image(guideline)
    return width_mm * image.height / image.width


@dataclass
class Flyer:
    """A deck under construction plus the image parts its pictures point to."""

    shapes: list[Shape]
    parts: dict[str, bytes] = field(default_factory=dict)
    background: Fill = field(default_factory=lambda: Fill(kind="solid", colour="#FFFFFF"))
    size_mm: tuple[float, float] = A4
    layout_name: str | None = "KC 標準"
    slides: int = 1
    theme_name: str | None = None  # compliant_flyer copies the shipped template's names
    master_name: str | None = None

    def deck(self) -> Deck:
        shapes = [s.model_copy(update={"id": i + 2, "z": i + 1})
                  for i, s in enumerate(self.shapes)]
        slides = [Slide(index=i + 1, layout_name=self.layout_name, background=self.background,
                        shapes=shapes) for i in range(self.slides)]
        return Deck(path="test.pptx", slide_width=emu(self.size_mm[0]),
                    slide_height=emu(self.size_mm[1]), slides=slides,
                    layout_names=[self.layout_name] if self.layout_name else [],
                    theme_name=self.theme_name,
                    master_names=[self.master_name] if self.master_name else [])

    def replace(self, shape_name: str, /, **update: object) -> Flyer:
        """Change one shape (by name) in place; returns self for chaining."""
        self.shapes = [s.model_copy(update=update) if s.name == shape_name else s
                       for s in self.shapes]
        return self

    def remove(self, name: str) -> Flyer:
        self.shapes = [s for s in self.shapes if s.name != name]
        return self

    def shape(self, name: str) -> Shape:
        return next(s for s in self.shapes if s.name == name)


LOGO_AT_MM = (155.0, 12.0, 45.0)  # x, y, width: top right, on the band


def compliant_flyer(guideline: Guideline) -> Flyer:
    """An A4 flyer that follows every rule of the shipped guideline."""
    blue = guideline.palette_colour("ajisai_blue").hex
    white = guideline.palette_colour("white").hex
    x, y, width = LOGO_AT_MM
    logo = logo_image(guideline, "white")
    height = logo_height(guideline, width)
    title_y = y + height * (1 + guideline.logo.clear_space_ratio) + 1  # below its clear space
    shapes = [
        rect("Band", (0, 0, 210, 60), blue),
        picture("Logo", LOGO_PART, logo, (x, y, width, height),
                alt="KitaComing! 北上市 ロゴ"),
        text_shape("Title", "北上夏まつり", (10, title_y, 190, 22), size=40, colour=white,
                   spacing=1.0),
        text_shape("Body", "夏の夜に、北上川の近くで花火を見ましょう。家族みんなで楽しめます。",
                   (10, 70, 190, 40)),
        text_shape("Details", "日時：2026年8月1日（土）午後6時から\n会場：北上市役所 前広場\n"
                   "主催：北上市", (10, 120, 190, 40), spacing=1.3),
        text_shape("Contact", "お問い合わせ：北上市 都市プロモーション課 電話 0197-64-2111",
                   (10, 240, 190, 20), size=12, spacing=1.2),
        text_shape("Brand", "KitaComing! 北上市 ～やっぱり北上だよ～ #やっぱり北上だよね "
                   "#KitaComing", (10, 265, 190, 15), size=10, spacing=1.0),
    ]
    theme, masters = template_names(guideline.asset_path(guideline.template.file)) or (None, ())
    return Flyer(shapes=shapes, parts={LOGO_PART: image_bytes(logo)}, theme_name=theme,
                 master_name=masters[0] if masters else None)


def context(guideline: Guideline, parts: dict[str, bytes]) -> LintContext:
    def part_bytes(name: str) -> bytes:
        return parts[name]

    return LintContext(guideline=guideline, part_bytes=part_bytes)


def run_rule(code: str, flyer: Flyer, guideline: Guideline) -> list[Finding]:
    rule = REGISTRY.rules[code]()
    return list(rule.check(flyer.deck(), context(guideline, flyer.parts)))


def run_all(flyer: Flyer, guideline: Guideline) -> list[Finding]:
    ctx = context(guideline, flyer.parts)
    deck = flyer.deck()
    return [f for rule in REGISTRY.select() for f in rule().check(deck, ctx)]


def lint_file_codes(path: Path, guideline: Guideline) -> list[str]:
    """Sorted codes of all rules on a real .pptx file, read by the linter's own reader."""
    deck, pkg = open_deck(path, guideline.images.max_pixels)
    try:
        ctx = lint_context(pkg, guideline)
        return sorted(f.rule for rule in REGISTRY.select() for f in rule().check(deck, ctx))
    finally:
        pkg.close()


def codes(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def write_png(path: Path, image: Image.Image) -> Path:
    image.save(path)
    return path


# --- real .pptx files -------------------------------------------------------------------------
def write_pptx(flyer: Flyer, path: Path) -> Path:
    """Write the flyer as a real .pptx with python-pptx (one slide per `flyer.slides`)."""
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width, prs.slide_height = emu(flyer.size_mm[0]), emu(flyer.size_mm[1])
    layout = prs.slide_layouts[6]  # blank
    if flyer.layout_name:
        layout._element.cSld.set("name", flyer.layout_name)
    _name_theme_and_master(prs, flyer)
    for _ in range(flyer.slides):
        slide = prs.slides.add_slide(layout)
        if flyer.background.colour:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(flyer.background.colour)
        for shape in flyer.shapes:
            _add_shape(slide, shape, flyer.parts)
    prs.save(path)
    return path


def _name_theme_and_master(prs, flyer: Flyer) -> None:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master = prs.slide_master
    if flyer.master_name:
        master._element.cSld.set("name", flyer.master_name)
    if flyer.theme_name:
        theme_part = master.part.part_related_by(RT.THEME)
        theme = etree.fromstring(theme_part.blob)
        theme.set("name", flyer.theme_name)
        theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _add_shape(slide, shape: Shape, parts: dict[str, bytes]) -> None:
    b = shape.box
    if shape.kind == "picture" and shape.picture is not None:
        added = slide.shapes.add_picture(io.BytesIO(parts[shape.picture.image_part]),
                                         b.x, b.y, b.w, b.h)
        added._element.nvPicPr.cNvPr.set("descr", shape.picture.alt_text)
        left, top, right, bottom = shape.picture.crop
        added.crop_left, added.crop_top, added.crop_right, added.crop_bottom = left, top, right, bottom
    elif shape.text is not None:
        added = slide.shapes.add_textbox(b.x, b.y, b.w, b.h)
        _write_text(added.text_frame, shape)
    else:
        from pptx.enum.shapes import MSO_SHAPE

        added = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, b.x, b.y, b.w, b.h)
    added.name = shape.name
    _write_fill_and_line(added, shape)
    _write_transform_and_effects(added, shape)


def _write_fill_and_line(added, shape: Shape) -> None:
    if shape.kind != "picture" and shape.fill.kind == "solid" and shape.fill.colour:
        added.fill.solid()
        added.fill.fore_color.rgb = _rgb(shape.fill.colour)
    elif shape.kind != "picture":
        added.fill.background()
    if shape.line.width_emu and shape.line.colour:
        added.line.color.rgb = _rgb(shape.line.colour)
        added.line.width = shape.line.width_emu
    elif shape.kind != "picture":
        added.line.fill.background()


def _write_transform_and_effects(added, shape: Shape) -> None:
    from lxml import etree

    if shape.box.rotation:
        added.rotation = shape.box.rotation
    xfrm = added._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
    if shape.box.flip_h:
        xfrm.set("flipH", "1")
    if shape.box.flip_v:
        xfrm.set("flipV", "1")
    if "shadow" in shape.effects:
        effect = etree.SubElement(added._element.spPr, A_NS + "effectLst")
        shadow = etree.SubElement(effect, A_NS + "outerShdw", blurRad="40000", dist="20000",
                                  dir="5400000")
        etree.SubElement(etree.SubElement(shadow, A_NS + "srgbClr", val="000000"),
                         A_NS + "alpha", val="40000")
    if shape.kind == "picture" and shape.picture is not None and shape.picture.recolour:
        blip = added._element.find(".//" + A_NS + "blip")
        etree.SubElement(blip, A_NS + "grayscl")


A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _write_text(frame, shape: Shape) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    assert shape.text is not None
    frame.word_wrap = shape.text.wrap
    frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT if shape.text.autofit == "shape" \
        else MSO_AUTO_SIZE.NONE
    for i, paragraph in enumerate(shape.text.paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if paragraph.line_spacing is not None:
            p.line_spacing = paragraph.line_spacing
        elif paragraph.line_spacing_pt is not None:
            p.line_spacing = Pt(paragraph.line_spacing_pt)
        for source in paragraph.runs:
            r = p.add_run()
            r.text = source.text
            r.font.size = Pt(source.size_pt)
            r.font.bold = source.bold
            if source.colour:
                r.font.color.rgb = _rgb(source.colour)
            _set_fonts(r._r.get_or_add_rPr(), source)


def _set_fonts(rpr, source: Run) -> None:
    from lxml import etree

    rpr.set("lang", "ja-JP")
    for tag, name in (("latin", source.font_latin), ("ea", source.font_ea)):
        if name:
            etree.SubElement(rpr, A_NS + tag, typeface=name)
