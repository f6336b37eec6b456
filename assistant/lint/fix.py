"""`flyer lint --fix`: repair what can be repaired safely, in a copy of the file.

The input is never written: it is copied to `out_path` and only the copy is opened (with
python-pptx and lxml). What to change is decided on the linter's resolved view of the
ORIGINAL file (`read_deck`), so the fix sees what PowerPoint shows (inherited sizes, theme
fonts and colours). Two passes: first properties (logo geometry and effects, colours, fonts,
sizes), then, on a fresh read of the result, positions (a logo outside the allowed zones, the
logo variant for the background at its final place, the safe area, the clear space around the
logo), so that moves use the final logo size and colours.

Only shapes placed on the slide itself are changed; shapes that come from the layout or
master are left alone (changing them would change other slides), and shapes inside groups
keep their place (moving them would need the group's transform).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.slide import Slide as PptxSlide
from pydantic import BaseModel

from assistant.guideline.model import EMU_PER_MM, Guideline, LogoVariant
from assistant.lint.context import LintContext
from assistant.lint.model import Box, Deck, Shape, Slide
from assistant.lint.reader import lint_context, open_deck
from assistant.lint.rules._common import (
    LogoPicture,
    dominant_backdrop,
    has_text,
    inset,
    is_full_bleed,
    is_visible_content,
    logo_pictures,
    logo_zone_boxes,
    page_box,
    text_area,
    visible_shapes,
)
from assistant.lint.rules.colour import nearest_palette
from assistant.lint.rules.logo import (
    clear_space_box,
    in_allowed_position,
    intruders,
    wanted_use,
)
from assistant.lint.rules.margins import near_trim
from assistant.lint.rules.typography import minimum_size, run_fonts

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SVG_BLIP_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"

# schema order of a:rPr children (CT_TextCharacterProperties)
RPR_ORDER = [
    "ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "effectLst",
    "effectDag", "highlight", "uLnTx", "uLn", "uFillTx", "uFill", "latin", "ea", "cs", "sym",
    "hlinkClick", "hlinkMouseOver", "rtl", "extLst",
]
# schema order of p:spPr children (CT_ShapeProperties)
SPPR_ORDER = [
    "xfrm", "custGeom", "prstGeom", "noFill", "solidFill", "gradFill", "blipFill", "pattFill",
    "grpFill", "ln", "effectLst", "effectDag", "scene3d", "sp3d", "extLst",
]
FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
LOGO_EFFECT_TAGS = ("effectLst", "effectDag", "scene3d", "sp3d", "ln")
# a:blip children that change the picture's colours (everything but extLst)
RECOLOUR_TAGS = (
    "alphaBiLevel", "alphaCeiling", "alphaFloor", "alphaInv", "alphaMod", "alphaModFix",
    "alphaRepl", "biLevel", "blur", "clrChange", "clrRepl", "duotone", "fillOverlay",
    "grayscl", "hsl", "lum", "tint",
)


class FixError(ValueError):
    """The fix cannot be written (e.g. the output would overwrite the input)."""


Change = tuple[str, str]  # (rule code, what was done or why it was not, in Japanese)


class FixResult(BaseModel):
    out_path: str
    fixed: list[Change]
    # problems --fix looked at but left for a person (the re-lint still reports them)
    not_fixed: list[Change] = []


def default_out_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.fixed{path.suffix}")


def fix_file(path: str | Path, guideline: Guideline, out_path: str | Path | None = None
             ) -> FixResult:
    """Write a repaired copy of `path` to `out_path` (default: NAME.fixed.pptx)."""
    source = Path(path)
    target = Path(out_path) if out_path else default_out_path(source)
    if target.resolve() == source.resolve():
        raise FixError("修正したファイルを元のファイルに上書きすることはできません。"
                       "別の名前を指定してください。")
    fixed: list[Change] = []
    not_fixed: list[Change] = []
    deck, pkg = open_deck(source, guideline.images.max_pixels)
    try:
        ctx = lint_context(pkg, guideline)  # type: ignore[arg-type]
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            raise FixError(f"修正したファイルを書き込めません（{target}）: {exc.strerror}") from None
        prs = Presentation(str(target))
        fixed += _fix_properties(deck, ctx, prs)
        prs.save(str(target))
    finally:
        if pkg is not None:
            pkg.close()
    moved_deck, moved_pkg = open_deck(target, guideline.images.max_pixels)
    try:
        prs = Presentation(str(target))
        ctx = lint_context(moved_pkg, guideline)  # type: ignore[arg-type]
        _fix_positions(moved_deck, ctx, prs, fixed, not_fixed)
        prs.save(str(target))
    finally:
        if moved_pkg is not None:
            moved_pkg.close()
    return FixResult(out_path=str(target), fixed=fixed, not_fixed=not_fixed)


# --- finding XML for a resolved shape ---------------------------------------------------------
def _element(pptx_slide: PptxSlide, shape: Shape, in_groups: bool = False
             ) -> etree._Element | None:
    """The slide's own XML element of a shape: None for layout/master shapes, and for shapes
    inside groups unless `in_groups` (properties may change there, positions may not: they
    would need the group's transform)."""
    if shape.source != "slide" or (shape.group_names and not in_groups):
        return None
    tree = pptx_slide.shapes._spTree
    for c_nv_pr in tree.iter(P + "cNvPr"):
        if c_nv_pr.get("id") == str(shape.id):
            element = c_nv_pr.getparent().getparent()
            if in_groups or element.getparent() is tree:
                return element
    return None


def _pairs(deck: Deck, prs: Presentation) -> Iterator[tuple[Slide, PptxSlide]]:
    return zip(deck.slides, prs.slides, strict=False)


def _child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The child `tag` of parent, created at its schema position when missing."""
    found = parent.find(A + tag)
    if found is not None:
        return found
    new = etree.Element(A + tag)
    rank = order.index(tag)
    for index, sibling in enumerate(parent):
        name = etree.QName(sibling).localname
        if name in order and order.index(name) > rank:
            parent.insert(index, new)
            return new
    parent.append(new)
    return new


def _sp_pr(element: etree._Element) -> etree._Element | None:
    return element.find(P + "spPr")


def _set_solid(parent: etree._Element, colour: str, order: list[str]) -> None:
    for tag in FILLS:
        for old in parent.findall(A + tag):
            parent.remove(old)
    fill = _child(parent, "solidFill", order)
    etree.SubElement(fill, A + "srgbClr", val=colour.lstrip("#").upper())


# --- pass 1: properties -----------------------------------------------------------------------
def _fix_properties(deck: Deck, ctx: LintContext, prs: Presentation) -> list[tuple[str, str]]:
    fixed: list[tuple[str, str]] = []
    for slide, pptx_slide in _pairs(deck, prs):
        logos = logo_pictures(ctx, slide)
        for logo in logos:
            element = _element(pptx_slide, logo.shape)
            if element is not None:
                fixed += _fix_logo(logo, element, ctx.guideline)
        logo_ids = {id(logo.shape) for logo in logos}
        for shape in visible_shapes(slide):
            element = _element(pptx_slide, shape, in_groups=True)
            if element is None or id(shape) in logo_ids:  # a logo's outline is removed, not recoloured
                continue
            fixed += _fix_shape_colours(shape, element, ctx.guideline)
            fixed += _fix_fonts(shape, element, ctx.guideline)
            fixed += _fix_sizes(shape, element, ctx)
        fixed += _fix_background(slide, pptx_slide, ctx.guideline)
        fixed += _fix_plain_colours(pptx_slide, ctx.guideline)
    return fixed


def _fix_logo(logo: LogoPicture, element: etree._Element, guideline: Guideline
              ) -> list[Change]:
    """Geometry and effects; the variant is chosen in pass 2, where the logo's final place
    (and so its background) is known."""
    if logo.variant is None:
        return []  # not an official file: swapping it would guess the user's intent
    fixed: list[Change] = []
    blip = element.find(f".//{A}blip")
    sp_pr = _sp_pr(element)
    if blip is None or sp_pr is None:
        return []
    image_size = (logo.shape.picture.width_px, logo.shape.picture.height_px)  # type: ignore[union-attr]
    fixed += _restore_geometry(element, sp_pr, logo.shape, image_size, guideline)
    if _remove_logo_effects(element, sp_pr, blip):
        fixed.append(("L006", f"「{logo.shape.name}」の効果と色の変更を外しました。"))
    return fixed


def _fix_variant(deck: Deck, slide: Slide, logo: LogoPicture, placed: Shape,
                 pptx_slide: PptxSlide, ctx: LintContext) -> list[Change]:
    """Swap an official logo for the variant that suits the background at `placed` (the
    logo where it is now, after any move)."""
    element = _element(pptx_slide, logo.shape)
    blip = element.find(f".//{A}blip") if element is not None else None
    sp_pr = _sp_pr(element) if element is not None else None
    if logo.variant is None or element is None or blip is None or sp_pr is None:
        return []
    wanted = _wanted_variant(deck, slide, placed, logo.variant, ctx)
    if wanted is None:
        return []
    image_size = _swap_image(blip, pptx_slide, ctx.guideline, wanted)
    fixed = [("L010", f"「{placed.name}」を背景に合う「{wanted.name_ja}」のロゴに差し替えました。")]
    # another variant file may have another aspect ratio: keep the width, follow the image
    return fixed + _restore_geometry(element, sp_pr, placed, image_size, ctx.guideline)


def _wanted_variant(deck: Deck, slide: Slide, placed: Shape, current: LogoVariant,
                    ctx: LintContext) -> LogoVariant | None:
    """The variant to swap to, or None when the current one suits the background."""
    backdrop = dominant_backdrop(ctx, deck, slide, placed)
    use = wanted_use(backdrop, ctx.guideline.logo.dark_background_luminance)
    if current.use_on in (use, "any"):
        return None
    candidates = [v for v in ctx.guideline.logo.variants if v.use_on == use] or \
        [v for v in ctx.guideline.logo.variants if v.use_on == "any"]
    existing = [v for v in candidates if Path(ctx.guideline.asset_path(v.file)).is_file()]
    return existing[0] if existing else None


def _swap_image(blip: etree._Element, pptx_slide: PptxSlide, guideline: Guideline,
                variant: LogoVariant) -> tuple[int, int]:
    image_part, rid = pptx_slide.part.get_or_add_image_part(str(guideline.asset_path(variant.file)))
    blip.set(R + "embed", rid)
    ext_lst = blip.find(A + "extLst")
    if ext_lst is not None:  # an SVG copy of the old variant would still be shown
        for ext in ext_lst.findall(A + "ext"):
            if ext.get("uri") == SVG_BLIP_EXT:
                ext_lst.remove(ext)
    return image_part.image.size


def _restore_geometry(element: etree._Element, sp_pr: etree._Element, shape: Shape,
                      image_size: tuple[int, int], guideline: Guideline) -> list[tuple[str, str]]:
    fixed = []
    blip_fill = element.find(P + "blipFill")
    src_rect = blip_fill.find(A + "srcRect") if blip_fill is not None else None
    if src_rect is not None and src_rect.attrib:
        blip_fill.remove(src_rect)  # type: ignore[union-attr]
        fixed.append(("L004", f"「{shape.name}」のトリミングを元に戻しました。"))
    xfrm = sp_pr.find(A + "xfrm")
    if xfrm is None:
        return fixed
    if any(xfrm.get(a) not in (None, "0") for a in ("rot", "flipH", "flipV")):
        for attribute in ("rot", "flipH", "flipV"):
            xfrm.attrib.pop(attribute, None)
        fixed.append(("L005", f"「{shape.name}」の回転・反転を元に戻しました。"))
    ext = xfrm.find(A + "ext")
    width_px, height_px = image_size
    if ext is not None and width_px and height_px:
        height = round(int(ext.get("cx", "0")) * height_px / width_px)
        current = int(ext.get("cy", "0"))
        if current and abs(height / current - 1) > guideline.logo.aspect_tolerance / 2:
            ext.set("cy", str(height))
            fixed.append(("L003", f"「{shape.name}」の縦横比を元に戻しました（幅はそのまま）。"))
    return fixed


def _remove_logo_effects(element: etree._Element, sp_pr: etree._Element,
                         blip: etree._Element) -> bool:
    removed = False
    for tag in LOGO_EFFECT_TAGS:
        for child in sp_pr.findall(A + tag):
            sp_pr.remove(child)
            removed = True
    style = element.find(P + "style")
    if style is not None:  # theme line/effect references
        element.remove(style)
        removed = True
    for tag in RECOLOUR_TAGS:
        for child in blip.findall(A + tag):
            blip.remove(child)
            removed = True
    return removed


def _off_palette(colour: str | None, guideline: Guideline) -> str | None:
    """The nearest palette colour when `colour` is off the palette, else None."""
    if not colour:
        return None
    nearest, distance = nearest_palette(colour, guideline)
    return nearest.hex if distance > guideline.colour.palette_match.delta_e_max else None


def _fix_shape_colours(shape: Shape, element: etree._Element, guideline: Guideline
                       ) -> list[tuple[str, str]]:
    """Effective (possibly inherited or theme) colours of fills, lines and text."""
    changed = False
    sp_pr = _sp_pr(element)
    if sp_pr is not None and shape.kind != "picture":
        # a gradient or pattern whose colour is off the palette becomes its nearest flat colour
        painted = shape.fill.kind in ("solid", "gradient", "pattern")
        fill = _off_palette(shape.fill.colour, guideline) if painted else None
        if fill:
            _set_solid(sp_pr, fill, SPPR_ORDER)
            changed = True
        line = _off_palette(shape.line.colour, guideline) if shape.line.width_emu else None
        if line:
            _set_solid(_child(sp_pr, "ln", SPPR_ORDER), line, ["noFill", "solidFill", "gradFill",
                                                               "pattFill", "prstDash"])
            changed = True
    for run, r_pr in _runs_with_props(shape, element):
        colour = _off_palette(run.colour, guideline) if run.text.strip() else None
        if colour:
            _set_solid(r_pr, colour, RPR_ORDER)
            changed = True
    return [("C001", f"「{shape.name}」の色をいちばん近いパレットの色にしました。")] if changed else []


def _fix_plain_colours(pptx_slide: PptxSlide, guideline: Guideline) -> list[tuple[str, str]]:
    """Any remaining explicit sRGB colour on the slide (background, gradient stops, ...)."""
    count = 0
    for srgb in pptx_slide._element.iter(A + "srgbClr"):
        nearest = _off_palette("#" + srgb.get("val", "000000").upper(), guideline)
        if nearest and all(etree.QName(c).localname == "alpha" for c in srgb):
            srgb.set("val", nearest.lstrip("#"))
            count += 1
    return [("C001", f"ほかに {count} か所の色をパレットの色にしました。")] if count else []


def _runs_with_props(shape: Shape, element: etree._Element
                     ) -> Iterator[tuple[object, etree._Element]]:
    """(resolved Run, its XML a:rPr, created when missing), paired in document order; a
    table's cells are read in order. A paragraph whose text differs from the resolved one is
    skipped rather than guessed."""
    if shape.text is None:
        return
    xml_paragraphs = [p for body in element.iter(P + "txBody", A + "txBody")
                      for p in body.findall(A + "p")]
    for paragraph, p in zip(shape.text.paragraphs, xml_paragraphs, strict=False):
        xml_runs = [el for el in p if etree.QName(el).localname in ("r", "fld", "br")]
        if len(xml_runs) != len(paragraph.runs) or _xml_text(xml_runs) != _run_text(paragraph):
            continue
        for run, r in zip(paragraph.runs, xml_runs, strict=True):
            r_pr = r.find(A + "rPr")
            if r_pr is None:
                r_pr = etree.Element(A + "rPr")
                r.insert(0, r_pr)
            yield run, r_pr


def _xml_text(runs: list[etree._Element]) -> str:
    return "".join("\n" if etree.QName(r).localname == "br" else (r.findtext(A + "t") or "")
                   for r in runs)


def _run_text(paragraph: object) -> str:
    return "".join(run.text for run in paragraph.runs)  # type: ignore[attr-defined]


def _fix_background(slide: Slide, pptx_slide: PptxSlide, guideline: Guideline
                    ) -> list[tuple[str, str]]:
    """A slide background (own or inherited) off the palette gets its nearest colour, set on
    this slide only."""
    background = slide.background
    if background.kind not in ("solid", "gradient", "pattern"):
        return []
    nearest = _off_palette(background.colour, guideline)
    if nearest is None:
        return []
    fill = pptx_slide.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(nearest.lstrip("#"))
    return [("C001", f"スライドの背景の色を {nearest} にしました。")]


def _fix_fonts(shape: Shape, element: etree._Element, guideline: Guideline
               ) -> list[tuple[str, str]]:
    allowed, primary = set(guideline.fonts.allowed), guideline.fonts.primary
    changed = False
    for run, r_pr in _runs_with_props(shape, element):
        if any(font not in allowed for font in run_fonts(run)):  # type: ignore[arg-type]
            for tag in ("latin", "ea", "cs"):
                _child(r_pr, tag, RPR_ORDER).set("typeface", primary)
            changed = True
    return [("T001", f"「{shape.name}」のフォントを{primary}にしました。")] if changed else []


def _fix_sizes(shape: Shape, element: etree._Element, ctx: LintContext) -> list[tuple[str, str]]:
    if not has_text(shape) or shape.text is None:
        return []
    _role, minimum = minimum_size(shape, ctx)
    small = [(run, r_pr) for run, r_pr in _runs_with_props(shape, element)
             if run.text.strip() and run.size_pt < minimum]  # type: ignore[attr-defined]
    if not small:
        return []
    scale = shape.text.font_scale or 1.0
    for _run, r_pr in small:
        # the size PowerPoint shows is sz x fontScale: aim at the minimum after the scale
        r_pr.set("sz", str(math.ceil(minimum / scale * 100)))
    return [("T002", f"「{shape.name}」の小さい文字を {minimum:g} pt にしました。")]


# --- pass 2: positions ------------------------------------------------------------------------
class _Positions:
    """A slide's shapes as they are moved: moves go to the XML and to the shape list."""

    def __init__(self, slide: Slide, pptx_slide: PptxSlide) -> None:
        self.originals = list(slide.shapes)
        self.now = list(slide.shapes)
        self.pptx_slide = pptx_slide

    def current(self, original: Shape) -> Shape:
        return self.now[self._index(original)]

    def move(self, shape: Shape, box: Box) -> bool:
        """Move `shape` (original or current version) to `box`."""
        index = self._index(shape)
        if not _move(self.pptx_slide, self.originals[index], box):
            return False
        self.now[index] = self.now[index].model_copy(update={"box": box})
        return True

    def _index(self, shape: Shape) -> int:
        for index, (original, now) in enumerate(zip(self.originals, self.now, strict=True)):
            if shape is original or shape is now:
                return index
        raise KeyError(shape.name)


def _fix_positions(deck: Deck, ctx: LintContext, prs: Presentation, fixed: list[Change],
                   not_fixed: list[Change]) -> None:
    for slide, pptx_slide in _pairs(deck, prs):
        positions = _Positions(slide, pptx_slide)
        logos = logo_pictures(ctx, slide)
        for logo in logos:
            if logo.variant is not None:
                _place_logo(deck, slide, logo, positions, ctx.guideline, fixed, not_fixed)
                fixed += _fix_variant(deck, slide, logo, positions.current(logo.shape),
                                      pptx_slide, ctx)
        for shape in visible_shapes(slide):
            moved = _into_safe_area(positions.current(shape), deck, ctx.guideline)
            if moved and positions.move(shape, moved):
                code = "M002" if near_trim(shape, deck, ctx) else "M001"
                fixed.append((code, f"「{shape.name}」を安全マージンの内側に動かしました。"))
        for logo in logos:
            fixed += _clear_logo_space(positions.current(logo.shape), positions, deck,
                                       ctx.guideline)


def _place_logo(deck: Deck, slide: Slide, logo: LogoPicture, positions: _Positions,
                guideline: Guideline, fixed: list[Change], not_fixed: list[Change]) -> None:
    """Move an official logo that is in no allowed position (the L009 rule's notion) to the
    nearest free spot in one, keeping its size; say why when there is none."""
    shape = logo.shape
    zones = logo_zone_boxes(guideline, deck, slide)
    if not zones or in_allowed_position(shape.box, zones):
        return
    names = "・".join(name for name, _zone in zones)
    if _element(positions.pptx_slide, shape) is None or shape.box.rotation:
        not_fixed.append(("L009", f"「{shape.name}」はレイアウトやグループの中にあるため、"
                          f"自動では動かせません。決められた位置（{names}）に手で動かしてください。"))
        return
    spot = _logo_spot(shape, positions.now, zones, deck, guideline)
    if spot is None:
        not_fixed.append(("L009", f"「{shape.name}」を決められた位置（{names}）に動かせません"
                          "でした。ロゴとまわりの余白が入る、空いている場所がありません。"
                          "ほかの文字や写真を小さくするか動かして、場所をあけてください。"))
        return
    zone_name, box = spot
    positions.move(shape, box)
    fixed.append(("L009", f"「{shape.name}」を決められた位置（{zone_name}）の空いている場所に"
                  "動かしました（大きさはそのままです）。"))


def _logo_spot(logo: Shape, shapes: list[Shape], zones: list[tuple[str, Box]], deck: Deck,
               guideline: Guideline) -> tuple[str, Box] | None:
    """The nearest (zone name, box) for the logo, same size: the box inside the zone and
    the safe area, its clear space inside the zone and free of other content (the L008
    rule's notion, so backdrops under the logo are fine). None when there is no such spot.

    Candidates are the logo's own place pushed into the room and every place where the
    box or its clear space touches the room's edge or another shape's edge: if any free
    spot exists, sliding it left and then up stops at one of these, so none is missed."""
    ratio = guideline.logo.clear_space_ratio
    gap = round(logo.box.h * ratio)
    others = [s for s in shapes if (s.id, s.source) != (logo.id, logo.source)
              and s.box.w > 0 and s.box.h > 0]
    safe = _safe_box(deck, guideline)
    spots = []
    for name, zone in zones:
        room = _intersection(inset(zone, gap), safe)  # the clear space may reach the trim
        if room is None or room.w < logo.box.w or room.h < logo.box.h:
            continue
        xs = _candidates(logo.box.x, logo.box.w, room.x, room.right, gap,
                         [(s.box.x, s.box.right) for s in others])
        ys = _candidates(logo.box.y, logo.box.h, room.y, room.bottom, gap,
                         [(s.box.y, s.box.bottom) for s in others])
        for x in xs:
            for y in ys:
                box = logo.box.model_copy(update={"x": x, "y": y})
                if not intruders(logo.model_copy(update={"box": box}), others, ratio):
                    spots.append((name, box))
    return min(spots, key=lambda spot: abs(spot[1].x - logo.box.x) + abs(spot[1].y - logo.box.y),
               default=None)


def _candidates(start: int, size: int, low: int, high: int, gap: int,
                spans: list[tuple[int, int]]) -> list[int]:
    """Start positions along one axis for a segment of `size` inside [low, high]: the
    current one pulled inside, the ends, and just clear (by `gap`) of each span."""
    values = {min(max(start, low), high - size), low, high - size}
    for begin, end in spans:
        values.update((end + gap, begin - gap - size))
    return sorted(v for v in values if low <= v <= high - size)


def _intersection(a: Box, b: Box) -> Box | None:
    x, y = max(a.x, b.x), max(a.y, b.y)
    right, bottom = min(a.right, b.right), min(a.bottom, b.bottom)
    return Box(x=x, y=y, w=right - x, h=bottom - y) if right > x and bottom > y else None


def _safe_box(deck: Deck, guideline: Guideline) -> Box:
    return inset(page_box(deck), round(guideline.margins.safe_mm * EMU_PER_MM))


def _into_safe_area(shape: Shape, deck: Deck, guideline: Guideline) -> Box | None:
    if not is_visible_content(shape) or is_full_bleed(shape, deck, guideline) or shape.box.rotation:
        return None
    safe = _safe_box(deck, guideline)
    box = shape.box
    if safe.contains(box) or box.w > safe.w or box.h > safe.h:
        return None  # already inside, or no room: a person must resize it
    x = min(max(box.x, safe.x), safe.right - box.w)
    y = min(max(box.y, safe.y), safe.bottom - box.h)
    return box.model_copy(update={"x": x, "y": y})


def _clear_logo_space(logo: Shape, positions: _Positions, deck: Deck, guideline: Guideline
                      ) -> list[tuple[str, str]]:
    fixed = []
    zone = clear_space_box(logo, guideline.logo.clear_space_ratio)
    for other in intruders(logo, positions.now, guideline.logo.clear_space_ratio):
        target = _free_spot(other, zone, positions.now, deck, guideline)
        if target is not None and positions.move(other, target):
            fixed.append(("L008", f"「{other.name}」をロゴのまわりの余白の外に動かしました。"))
    return fixed


def _free_spot(shape: Shape, zone: Box, shapes: list[Shape], deck: Deck, guideline: Guideline
               ) -> Box | None:
    """The nearest position out of the clear space that stays in the safe area and does not
    land on other text."""
    box, safe = shape.box, _safe_box(deck, guideline)
    candidates = [
        box.model_copy(update={"y": zone.bottom}), box.model_copy(update={"y": zone.y - box.h}),
        box.model_copy(update={"x": zone.x - box.w}), box.model_copy(update={"x": zone.right}),
    ]
    others = [text_area(s) for s in shapes if s is not shape and has_text(s)]
    good = [c for c in candidates if safe.contains(c) and not c.intersects(zone)
            and not any(c.intersects(o) for o in others)]
    return min(good, key=lambda c: abs(c.x - box.x) + abs(c.y - box.y)) if good else None


def _move(pptx_slide: PptxSlide, shape: Shape, box: Box) -> bool:
    element = _element(pptx_slide, shape)
    if element is None:
        return False
    sp_pr = _sp_pr(element)
    xfrm = element.find(P + "xfrm") if sp_pr is None else sp_pr.find(A + "xfrm")
    if xfrm is None and sp_pr is not None:  # position inherited from the layout: make it own
        xfrm = _child(sp_pr, "xfrm", SPPR_ORDER)
    if xfrm is None:
        return False
    off = xfrm.find(A + "off")
    ext = xfrm.find(A + "ext")
    if off is None:
        off = etree.SubElement(xfrm, A + "off")
        xfrm.insert(0, off)
    if ext is None:
        ext = etree.SubElement(xfrm, A + "ext", cx=str(box.w), cy=str(box.h))
    off.set("x", str(box.x))
    off.set("y", str(box.y))
    return True
