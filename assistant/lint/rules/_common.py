"""Helpers shared by several rule families: logo pictures, what lies behind a box, geometry."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

from assistant.colour import blend, hex_from_rgb, relative_luminance
from assistant.guideline.model import EMU_PER_MM, Guideline, LogoVariant
from assistant.lint import images
from assistant.lint.context import LintContext
from assistant.lint.logo_match import (
    OPAQUE_PREVIEW,
    OPAQUE_THUMB,
    could_be_opaque_copy,
    crop_fractions,
    is_cropped_copy,
    is_opaque,
    needs_pixels,
    official_variant,
    opaque_copy_variant,
    same_shape_as_logo,
    worth_opaque_comparison,
)
from assistant.lint.model import Box, Deck, Fill, Shape, Slide
from assistant.lint.text_metrics import Measurer, emu_to_pt, pt_to_emu

# Names and alt texts that mean OUR logo. A generic "logo" inside a longer name (a partner's
# "sponsor-logo.png") does not: only the bare word (the template's picture placeholder is
# named "Logo"), the city with the word, or the brand name.
BARE_LOGO = re.compile(r"^(logo|ロゴ|ロゴマーク)[\s_\-]*\d*$", re.IGNORECASE)
CITY_LOGO = re.compile(r"(北上|kitakami|city).{0,8}(logo|ロゴ)", re.IGNORECASE)
# Names and alt texts that make an opaque picture of any shape worth comparing with the logo
# (any logo: the comparison, not the name, decides)
ANY_LOGO = re.compile(r"logo|ロゴ", re.IGNORECASE)


# --- images -------------------------------------------------------------------------------
def load_image(ctx: LintContext, part: str) -> Image.Image | None:
    """Decoded image of a package part (shared, do not modify); None when unavailable."""
    try:
        return images.load_image(ctx, part)
    except (KeyError, OSError):
        return None


# --- logos --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogoPicture:
    shape: Shape
    variant: LogoVariant | None  # None: looks like a logo but is not an official file
    image: Image.Image | None
    # the official variant an opaque picture shows on a plain background (a JPEG, a copy from
    # a web page): a copy of the logo, but not the official file
    copy_of: LogoVariant | None = None


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def _looks_like_logo(shape: Shape, image: Image.Image | None, guideline: Guideline) -> bool:
    pic = shape.picture
    assert pic is not None
    hints = [shape.name, pic.alt_text, pic.title, *shape.group_names]
    brand = _compact(guideline.brand.name)
    for hint in hints:
        if BARE_LOGO.match(hint.strip()) or CITY_LOGO.search(hint) or \
                (brand and brand in _compact(hint)):
            return True
    return image is not None and (same_shape_as_logo(image, guideline)
                                  or is_cropped_copy(image, guideline))


def logo_pictures(ctx: LintContext, slide: Slide) -> list[LogoPicture]:
    """Pictures on the slide that are official logos or look like one (cached per slide)."""
    key = f"logos:{slide.index}"
    if key in ctx.cache:
        return ctx.cache[key]
    found = []
    for shape in visible_shapes(slide):
        if shape.kind != "picture" or shape.picture is None:
            continue
        part = shape.picture.image_part
        pixels = _needs_pixels(ctx, part)
        image = load_image(ctx, part) if pixels else None  # e.g. not for a JPEG photo
        variant = official_variant(image, ctx.guideline) if image is not None else None
        copy_of = None
        if variant is None and (not pixels or image is not None and is_opaque(image)):
            copy_of = _opaque_copy_of(ctx, shape)
        if variant is not None or copy_of is not None or \
                _looks_like_logo(shape, image, ctx.guideline):
            found.append(LogoPicture(shape, variant, image, copy_of))
    ctx.cache[key] = found
    return found


def _opaque_copy_of(ctx: LintContext, shape: Shape) -> LogoVariant | None:
    """The official variant an opaque picture is a copy of (with its background), or None.
    Only pictures shaped like an official file, or named as a logo, are decoded: first as a
    tiny preview (a plain border and a logo-shaped drawing?), then as a small thumbnail. Most
    photos cost one header read, the others one reduced decode."""
    pic = shape.picture
    assert pic is not None
    if not (_named_as_any_logo(shape, ctx.guideline) or
            worth_opaque_comparison(_shown_aspect(shape), ctx.guideline)):
        return None
    preview = images.load_thumbnail(ctx, pic.image_part, OPAQUE_PREVIEW)
    if preview is None or not could_be_opaque_copy(crop_fractions(preview, pic.crop),
                                                   ctx.guideline):
        return None
    thumbnail = images.load_thumbnail(ctx, pic.image_part, OPAQUE_THUMB)
    if thumbnail is None:
        return None
    return opaque_copy_variant(crop_fractions(thumbnail, pic.crop), ctx.guideline)


def _named_as_any_logo(shape: Shape, guideline: Guideline) -> bool:
    pic = shape.picture
    assert pic is not None
    brand = _compact(guideline.brand.name)
    return any(ANY_LOGO.search(hint) or (brand and brand in _compact(hint))
               for hint in (shape.name, pic.alt_text, pic.title, *shape.group_names))


def _shown_aspect(shape: Shape) -> float:
    """Width / height of the picture's kept part (after its crop), else of its box."""
    pic = shape.picture
    assert pic is not None
    left, top, right, bottom = (max(0.0, c) for c in pic.crop)
    width, height = pic.width_px * (1 - left - right), pic.height_px * (1 - top - bottom)
    if width > 0 and height > 0:
        return width / height
    return shape.box.w / shape.box.h


def _needs_pixels(ctx: LintContext, part: str) -> bool:
    try:
        return needs_pixels(images.part_data(ctx, part), ctx.guideline)
    except (KeyError, OSError):
        return True  # load_image reports the part as unavailable


def official_logos_on(ctx: LintContext, slide: Slide) -> list[LogoPicture]:
    return [logo for logo in logo_pictures(ctx, slide) if logo.variant is not None]


# --- shapes -------------------------------------------------------------------------------
def visible_shapes(slide: Slide) -> Iterator[Shape]:
    """Shapes that print: not hidden, not on a hidden slide, not empty boxes."""
    if getattr(slide, "hidden", False):
        return iter(())
    return (s for s in slide.shapes if not s.hidden and s.box.w > 0 and s.box.h > 0)


def has_text(shape: Shape) -> bool:
    return shape.text is not None and bool(shape.text.text.strip())


def is_visible_content(shape: Shape) -> bool:
    """Something a reader would see: text, a picture, a fill or a line."""
    return (
        has_text(shape) or shape.kind in ("picture", "table", "chart", "graphic", "ole")
        or shape.fill.kind not in ("none", "group") or shape.line.width_emu > 0
        and shape.line.colour is not None
    )


def touches_page_edge(box: Box, deck: Deck, tolerance: int) -> bool:
    return (
        box.x <= tolerance or box.y <= tolerance
        or box.right >= deck.slide_width - tolerance or box.bottom >= deck.slide_height - tolerance
    )


def is_full_bleed(shape: Shape, deck: Deck, guideline: Guideline) -> bool:
    """A background or bleed element: no text, and touching or crossing a page edge."""
    tolerance = round(guideline.page.tolerance_mm * EMU_PER_MM)
    return not has_text(shape) and touches_page_edge(shape.box, deck, tolerance)


def page_box(deck: Deck) -> Box:
    return Box(x=0, y=0, w=deck.slide_width, h=deck.slide_height)


def inset(box: Box, by: int) -> Box:
    return Box(x=box.x + by, y=box.y + by, w=max(0, box.w - 2 * by), h=max(0, box.h - 2 * by))


def mm(emu: int | float) -> float:
    return round(emu / EMU_PER_MM, 1)


def text_area(shape: Shape) -> Box:
    """The box text can occupy: the shape box minus the text frame insets."""
    frame = shape.text
    if frame is None:
        return shape.box
    return Box(
        x=shape.box.x + frame.inset_left, y=shape.box.y + frame.inset_top,
        w=max(0, shape.box.w - frame.inset_left - frame.inset_right),
        h=max(0, shape.box.h - frame.inset_top - frame.inset_bottom),
    )


# --- where the text really is ----------------------------------------------------------------
def measurer(ctx: LintContext) -> Measurer:
    if "measurer" not in ctx.cache:
        ctx.cache["measurer"] = Measurer(ctx.guideline)
    return ctx.cache["measurer"]


def text_block(shape: Shape, ctx: LintContext) -> Box:
    """The box the text's lines cover: measured height placed by the vertical anchor, widest
    line placed by the alignment (when all paragraphs share one)."""
    area = text_area(shape)
    frame = shape.text
    assert frame is not None
    width_pt = emu_to_pt(area.w)
    height = pt_to_emu(measurer(ctx).frame_height_pt(frame, width_pt))
    if frame.autofit != "shape":
        height = min(height, area.h)
    top = {"ctr": area.y + (area.h - height) // 2, "b": area.bottom - height}.get(
        frame.anchor, area.y)
    width = min(area.w, pt_to_emu(measurer(ctx).widest_line_pt(frame, width_pt)))
    aligns = {p.align or "l" for p in frame.paragraphs if p.text.strip()}
    if len(aligns) != 1:  # mixed alignment: the whole width may hold text
        return Box(x=area.x, y=top, w=area.w, h=height)
    left = {"ctr": area.x + (area.w - width) // 2, "r": area.right - width}.get(
        aligns.pop(), area.x)
    return Box(x=left, y=top, w=width, h=height)


# --- what lies behind a box -----------------------------------------------------------------
@dataclass(frozen=True)
class Sampled:
    colours: list[str]  # darkest, median and lightest painted colour under the region
    opaque: bool  # every sampled pixel is opaque: nothing below shows through


NO_PICTURE = Sampled([], False)


def _picture_colours(ctx: LintContext, part: str, crop: tuple[float, float, float, float],
                     picture_box: Box, region: Box) -> Sampled:
    """The colours of the part of a picture under `region` (transparent pixels skipped)."""
    image = load_image(ctx, part)
    if image is None:
        return NO_PICTURE
    image = crop_fractions(image, crop).convert("RGBA")
    sx, sy = image.width / picture_box.w, image.height / picture_box.h
    left = max(0, round((region.x - picture_box.x) * sx))
    top = max(0, round((region.y - picture_box.y) * sy))
    right = min(image.width, round((region.right - picture_box.x) * sx))
    bottom = min(image.height, round((region.bottom - picture_box.y) * sy))
    if right <= left or bottom <= top:
        return NO_PICTURE
    raw = image.crop((left, top, right, bottom)).resize((24, 24)).tobytes()
    rgba = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    painted = sorted((p[:3] for p in rgba if p[3] >= 128), key=_luma)
    if not painted:
        return NO_PICTURE
    # 5th and 95th percentiles: one dark speck does not make the whole region dark
    picks = {painted[len(painted) // 20], painted[len(painted) // 2],
             painted[-1 - len(painted) // 20]}
    return Sampled([hex_from_rgb(*p) for p in picks], len(painted) == len(rgba))


def _luma(pixel: tuple[int, ...]) -> float:
    return 0.2126 * pixel[0] + 0.7152 * pixel[1] + 0.0722 * pixel[2]


def _fill_colours(ctx: LintContext, fill: Fill, owner: Box, region: Box, base: str) -> list[str]:
    if fill.kind in ("solid", "gradient", "pattern") and fill.colour:
        return [blend(fill.colour, base, fill.alpha) if fill.alpha < 1 else fill.colour]
    if fill.kind == "picture" and fill.image_part:
        return _picture_colours(ctx, fill.image_part, (0, 0, 0, 0), owner, region).colours
    return []


def _slide_base(slide: Slide) -> str:
    bg = slide.background
    return bg.colour if bg.kind in ("solid", "gradient", "pattern") and bg.colour else "#FFFFFF"


def backdrop_colours(ctx: LintContext, deck: Deck, slide: Slide, region: Box,
                     below_z: int, skip: Shape | None = None) -> list[str]:
    """Every colour that can be behind `region`: the shapes painted before `below_z` that
    overlap it, down to the first one that covers it opaquely, else the slide background."""
    base = _slide_base(slide)
    colours: list[str] = []
    beneath = sorted((s for s in visible_shapes(slide) if s.z < below_z and s is not skip
                      and s.box.intersects(region)), key=lambda s: s.z, reverse=True)
    for shape in beneath:
        if shape.box.rotation:
            continue
        if shape.kind == "picture" and shape.picture is not None:
            sampled = _picture_colours(ctx, shape.picture.image_part, shape.picture.crop,
                                       shape.box, region)
            found, opaque = sampled.colours, sampled.opaque
        else:
            found = _fill_colours(ctx, shape.fill, shape.box, region, base)
            opaque = bool(found) and shape.fill.alpha >= 1
        colours.extend(found)
        if opaque and found and shape.box.contains(region):
            return colours
    colours.extend(_fill_colours(ctx, slide.background, page_box(deck), region, base) or [base])
    return colours


def dominant_backdrop(ctx: LintContext, deck: Deck, slide: Slide, shape: Shape) -> str:
    """The colour mostly behind a shape (median luminance of what lies behind its box)."""
    return _median(backdrop_colours(ctx, deck, slide, shape.box, shape.z, skip=shape))


def _median(colours: list[str]) -> str:
    ordered = sorted(colours, key=relative_luminance)
    return ordered[len(ordered) // 2]


def logo_zone_boxes(guideline: Guideline, deck: Deck, slide: Slide) -> list[tuple[str, Box]]:
    """The allowed logo zones for this slide, in EMU: those of its layout when the slide uses
    an official one, else every position some official layout allows."""
    matching = [lay for lay in guideline.layouts if slide.layout_name == lay.template_layout]
    ids = {p for lay in (matching or guideline.layouts) for p in lay.logo_positions}
    zones = []
    for position in guideline.logo.positions:
        if position.id not in ids:
            continue
        x0, y0, x1, y1 = position.zone
        zones.append((position.name_ja, Box(
            x=round(x0 * deck.slide_width), y=round(y0 * deck.slide_height),
            w=round((x1 - x0) * deck.slide_width), h=round((y1 - y0) * deck.slide_height))))
    return zones
