"""Pixel comparison of pictures against the official logo files.

Both images are normalised the same way before comparing: converted to RGBA, resized to a
small fixed size (`SAMPLE` px) and composited over the same neutral background, so a re-saved or
re-scaled copy of an official file still matches while a recoloured, cropped or redrawn one
does not. The alpha (shape) mask is compared separately so that a recoloured copy, whose shape
is the official one but whose colours are not, can be told from an unrelated picture.

Speed: the official files are decoded and normalised once per process (and pinned, so a flyer
carrying an unchanged official file reuses them); the normalised form of a shared picture is
computed once; a fully opaque picture (a photo) has a constant alpha mask, so its shape
difference to each official file is known without resizing it.
"""

from __future__ import annotations

import statistics
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TypeVar, cast

from PIL import Image, ImageChops, ImageStat

from assistant.guideline.model import Guideline, LogoVariant
from assistant.lint import images

# normalised comparison size (px): small enough to ignore resampling noise, wide because logos
# usually are
SAMPLE = (128, 64)
_NEUTRAL = (128, 128, 128, 255)


def crop_fractions(image: Image.Image, crop: tuple[float, float, float, float]) -> Image.Image:
    """Apply a PowerPoint srcRect crop (l, t, r, b fractions; negative = padding ignored)."""
    left, top, right, bottom = (max(0.0, c) for c in crop)
    if not any((left, top, right, bottom)):
        return image
    w, h = image.size
    box = (round(left * w), round(top * h), round(w * (1 - right)), round(h * (1 - bottom)))
    if box[2] <= box[0] or box[3] <= box[1]:
        return image
    return image.crop(box)


@dataclass(frozen=True)
class Normalised:
    rgb: Image.Image  # RGB over the neutral background, SAMPLE size
    alpha: Image.Image  # L mask, SAMPLE size


def normalise(image: Image.Image) -> Normalised:
    rgba = image.convert("RGBA").resize(SAMPLE, Image.Resampling.LANCZOS)
    background = Image.new("RGBA", rgba.size, _NEUTRAL)
    return Normalised(rgb=Image.alpha_composite(background, rgba).convert("RGB"),
                      alpha=rgba.getchannel("A"))


T = TypeVar("T")
# values derived from shared (read-only) images, by (id of the image, what); alive images only
_DERIVED: dict[tuple[int, str], object] = {}


def _derived(image: Image.Image, what: str, compute: Callable[[Image.Image], T]) -> T:
    """compute(image), remembered for images that nobody may modify (images.is_shared)."""
    if not images.is_shared(image):
        return compute(image)
    key = (id(image), what)
    if key not in _DERIVED:
        _DERIVED[key] = compute(image)
        weakref.finalize(image, _DERIVED.pop, key, None)
    return cast(T, _DERIVED[key])


def fingerprint(image: Image.Image) -> Normalised:
    """normalise(image), computed once per shared image."""
    return _derived(image, "normalised", normalise)


_OPAQUE_ALPHA = Image.new("L", SAMPLE, 255)  # the normalised mask of every fully opaque picture


def is_opaque(image: Image.Image) -> bool:
    """Every pixel fully opaque (as image.convert("RGBA") would have it)."""
    return _derived(image, "opaque", _all_opaque)


def _all_opaque(image: Image.Image) -> bool:
    if "A" not in image.getbands():
        return "transparency" not in image.info
    return image.getchannel("A").getextrema()[0] == 255


def mean_difference(a: Image.Image, b: Image.Image, where: Image.Image | None = None) -> float:
    """Mean absolute pixel difference, 0 (same) .. 1 (opposite), optionally only where the
    mask is set. Per pixel the largest channel difference counts, so a change of hue that
    keeps the average of the channels (e.g. greyscale) is still seen."""
    diff = ImageChops.difference(a, b)
    if diff.mode != "L":
        channels = diff.split()
        diff = channels[0]
        for channel in channels[1:]:
            diff = ImageChops.lighter(diff, channel)
    if where is not None and where.getbbox() is None:
        return 0.0
    return ImageStat.Stat(diff, where).mean[0] / 255.0


_PAINTED = [0] + [255] * 255  # lookup table: any alpha above 0 counts as painted


def colour_difference(a: Normalised, b: Normalised) -> float:
    """Colour difference over the pixels that either image paints, so that a mostly
    transparent logo does not dilute a recolouring."""
    painted = ImageChops.lighter(a.alpha, b.alpha).point(_PAINTED)
    return mean_difference(a.rgb, b.rgb, painted)


@dataclass(frozen=True)
class LogoComparison:
    variant: LogoVariant
    colour_diff: float  # 0..1 over the painted pixels, on the neutral background
    shape_diff: float  # 0..1 of the alpha masks


@dataclass(frozen=True)
class _Official:
    normalised: Normalised
    opaque_shape_diff: float  # shape difference of any fully opaque picture to this file
    has_transparency: bool


def _decode_official(path: str, max_pixels: int) -> Image.Image:
    """An official file decoded to RGBA, pinned (shared, read-only) when within the limit."""
    data = Path(path).read_bytes()
    try:
        return images.pin_decoded(data, max_pixels)
    except ValueError:  # larger than the limit or undecodable: decode it without pinning
        with Image.open(path) as opened:
            opened.load()
            return opened.convert("RGBA")


@lru_cache(maxsize=32)
def _official(path: str, mtime: float, max_pixels: int) -> _Official:
    image = _decode_official(path, max_pixels)
    normalised = fingerprint(image)
    return _Official(normalised, mean_difference(_OPAQUE_ALPHA, normalised.alpha),
                     normalised.alpha.getextrema()[0] != 255)


def _officials(guideline: Guideline) -> list[tuple[LogoVariant, _Official]]:
    found = []
    for variant in guideline.logo.variants:
        path = Path(guideline.asset_path(variant.file))
        try:
            found.append((variant, _official(str(path), path.stat().st_mtime,
                                             guideline.images.max_pixels)))
        except OSError:  # missing or unreadable official file: the guideline check reports it
            continue
    return found


def official_logos(guideline: Guideline) -> list[tuple[LogoVariant, Normalised]]:
    """The official variants that exist on disk, normalised (missing files are skipped)."""
    return [(variant, official.normalised) for variant, official in _officials(guideline)]


def compare(image: Image.Image, guideline: Guideline) -> list[LogoComparison]:
    """Compare a picture with every official logo variant, best colour match first."""
    candidate = fingerprint(image)
    results = [
        LogoComparison(variant, colour_difference(candidate, official),
                       mean_difference(candidate.alpha, official.alpha))
        for variant, official in official_logos(guideline)
    ]
    return sorted(results, key=lambda c: c.colour_diff)


def official_variant(image: Image.Image, guideline: Guideline) -> LogoVariant | None:
    """The official variant this picture is a copy of, or None."""
    limit = guideline.logo.pixel_match_max_diff
    if is_opaque(image) and opaque_matches_no_logo(guideline):
        return None  # the shape alone rules out every official file
    results = compare(image, guideline)
    for result in results:
        if result.colour_diff <= limit and result.shape_diff <= limit:
            return result.variant
    return None


def opaque_matches_no_logo(guideline: Guideline) -> bool:
    """A fully opaque picture can be no official file, nor have one's silhouette."""
    limit = guideline.logo.pixel_match_max_diff
    return all(official.opaque_shape_diff > limit for _variant, official in _officials(guideline))


def needs_pixels(data: bytes, guideline: Guideline) -> bool:
    """False when the picture's pixels cannot make it (a copy, a recolouring or a piece of) an
    official logo: its header declares it fully opaque and no opaque picture can match. Then
    official_variant, same_shape_as_logo and is_cropped_copy would all say no."""
    return not (images.declares_opaque(data) and opaque_matches_no_logo(guideline))


def same_shape_as_logo(image: Image.Image, guideline: Guideline) -> bool:
    """True when the picture has an official logo's silhouette (e.g. a recoloured copy).

    Only meaningful for variants with transparency: an opaque official file has a full mask
    that every opaque rectangle would match.
    """
    limit = guideline.logo.pixel_match_max_diff
    transparent = [official for _variant, official in _officials(guideline)
                   if official.has_transparency]
    if is_opaque(image):
        return any(official.opaque_shape_diff <= limit for official in transparent)
    candidate = fingerprint(image)
    return any(mean_difference(candidate.alpha, official.normalised.alpha) <= limit
               for official in transparent)


CROP_SAMPLE = 48  # px along the kept side when searching for a cropped copy
MIN_CROP_SHARE = 0.25  # a piece narrower than this share of the logo is not recognisable


@dataclass(frozen=True)
class _Mask:
    alpha: Image.Image  # the official alpha mask, CROP_SAMPLE px high
    column_prefix: list[int]  # column_prefix[x] = sum of the mask's pixels left of column x


@lru_cache(maxsize=32)
def _official_mask(path: str, mtime: float) -> _Mask:
    with Image.open(path) as image:
        alpha = image.convert("RGBA").getchannel("A")
    width = max(1, round(alpha.width * CROP_SAMPLE / alpha.height))
    mask = alpha.resize((width, CROP_SAMPLE), Image.Resampling.LANCZOS)
    pixels = mask.tobytes()
    columns = [sum(pixels[x::width]) for x in range(width)]
    return _Mask(mask, [0, *accumulate(columns)])


def _alpha(image: Image.Image) -> Image.Image:
    return image.getchannel("A") if image.mode == "RGBA" else image.convert("RGBA").getchannel("A")


def is_cropped_copy(image: Image.Image, guideline: Guideline) -> bool:
    """True when the picture's silhouette is a piece of an official logo cut off on the left
    or right (e.g. only the flower, or only the lettering), at any scale."""
    limit = guideline.logo.pixel_match_max_diff
    if image.height == 0 or is_opaque(image):
        return False  # opaque pictures have no silhouette to compare
    alpha = _alpha(image)
    width = round(alpha.width * CROP_SAMPLE / alpha.height)
    piece: Image.Image | None = None
    for variant in guideline.logo.variants:
        path = Path(guideline.asset_path(variant.file))
        try:
            official = _official_mask(str(path), path.stat().st_mtime)
        except OSError:
            continue
        if not official.alpha.width * MIN_CROP_SHARE <= width < official.alpha.width:
            continue
        if piece is None:
            piece = alpha.resize((width, CROP_SAMPLE), Image.Resampling.LANCZOS)
        if _slides_into(piece, official, limit):
            return True
    return False


def _slides_into(piece: Image.Image, official: _Mask, limit: float) -> bool:
    """Some window of the official mask, as wide as the piece, differs from it by <= limit.

    A window whose mean differs from the piece's mean by more than the limit is skipped
    without comparing pixels: the mean of |a - b| is never below |mean(a) - mean(b)|."""
    width, count = piece.width, piece.width * CROP_SAMPLE
    piece_sum = sum(piece.tobytes())
    prefix = official.column_prefix
    for x in range(0, official.alpha.width - width + 1):
        if abs(piece_sum - (prefix[x + width] - prefix[x])) / count / 255.0 > limit:
            continue
        window = official.alpha.crop((x, 0, x + width, CROP_SAMPLE))
        if mean_difference(piece, window) <= limit:
            return True
    return False


# --- opaque copies: the logo pasted with a background (a JPEG, a copy from a web page) ---------
# An opaque picture has no silhouette, so it is compared by its drawing instead: the official
# file is composited over the picture's background colour (the median of its border pixels),
# both are cut to the box of what is drawn on that background (so margins and scale do not
# matter) and compared as small thumbnails over the pixels either of them draws.
OPAQUE_THUMB = 320  # px, longest side of the decoded picture and of the official references
# px, longest side of a first, cheaper look (a JPEG decodes at 1/8 scale) that rules out
# pictures whose border is not one colour or whose drawing is not shaped like the logo
OPAQUE_PREVIEW = 64
PREVIEW_ASPECT_TOLERANCE = 0.35  # loose: at 64 px one pixel of the drawn box is 5-10 %
OPAQUE_SAMPLE_WIDTH = 96  # px, width of the compared thumbnails (height from the logo's aspect)
INK_THRESHOLD = 0.15  # a pixel differing this much (0..1) from the background is drawn
# JPEG ringing, resampling and blur around the thin strokes add noise that an exact re-save
# does not have: the colour limit for opaque copies is this multiple of pixel_match_max_diff
OPAQUE_DIFF_FACTOR = 2.0
MIN_BORDER_SHARE = 0.5  # at least this share of the border shows the background colour
DRAWN_ASPECT_TOLERANCE = 0.15  # drawn boxes of copy and official file differ at most this much
# A picture is worth decoding when its aspect is within this factor of an official file's.
# For the shipped logo (about 3.6 : 1) that lets through a copy with a margin of up to a third
# of the logo's height on every side (more than the clear space) or a stretched copy; wider
# copies are still compared when their name or alt text says logo. Not wider: the flyer
# layouts' photo slots (about 2.4 : 1) would then all be decoded, costing speed for nothing.
OPAQUE_ASPECT_FACTOR = 1.4


@dataclass(frozen=True)
class _Reference:
    variant: LogoVariant
    small: Image.Image  # the official file, RGBA, at most OPAQUE_THUMB px on its longest side


@lru_cache(maxsize=32)
def _reference_image(path: str, mtime: float, max_pixels: int) -> Image.Image:
    small = _decode_official(path, max_pixels).copy()  # the pinned image is shared: copy
    small.thumbnail((OPAQUE_THUMB, OPAQUE_THUMB), Image.Resampling.LANCZOS)
    return small


def _references(guideline: Guideline) -> list[_Reference]:
    """The official files at comparison size (decoded once per process, only when needed)."""
    found = []
    for variant in guideline.logo.variants:
        path = Path(guideline.asset_path(variant.file))
        try:
            small = _reference_image(str(path), path.stat().st_mtime,
                                     guideline.images.max_pixels)
        except (OSError, ValueError):  # missing or unreadable: the guideline check reports it
            continue
        found.append(_Reference(variant, small))
    return found


@lru_cache(maxsize=32)
def _file_aspect(path: str, mtime: float) -> float:
    with Image.open(path) as image:  # reads the header only
        return image.width / max(1, image.height)


def _official_aspects(guideline: Guideline) -> list[float]:
    """Width / height of the official files, from their headers (the files are cut close to
    the drawing, as the shipped ones are)."""
    found = []
    for variant in guideline.logo.variants:
        path = Path(guideline.asset_path(variant.file))
        try:
            found.append(_file_aspect(str(path), path.stat().st_mtime))
        except OSError:
            continue
    return found


def worth_opaque_comparison(aspect: float, guideline: Guideline) -> bool:
    """Cheap gate before decoding: the picture's width/height is near an official file's."""
    return any(1 / OPAQUE_ASPECT_FACTOR <= aspect / official <= OPAQUE_ASPECT_FACTOR
               for official in _official_aspects(guideline))


def _max_channel(diff: Image.Image) -> Image.Image:
    channels = diff.split()
    result = channels[0]
    for channel in channels[1:]:
        result = ImageChops.lighter(result, channel)
    return result


def _ink(image: Image.Image, background: tuple[int, ...]) -> Image.Image:
    """L mask of the pixels that differ from the background colour (255 = drawn)."""
    flat = Image.new("RGB", image.size, background)
    cut = round(INK_THRESHOLD * 255)
    return _max_channel(ImageChops.difference(image, flat)).point(
        lambda v: 255 if v > cut else 0)


def _border_background(image: Image.Image) -> tuple[int, int, int] | None:
    """The picture's background colour: the median of its border pixels, when at least
    MIN_BORDER_SHARE of them are close to it (a photo's border is not one colour)."""
    w, h = image.size
    if w < 3 or h < 3:
        return None
    strips = ((0, 0, w, 1), (0, h - 1, w, h), (0, 1, 1, h - 1), (w - 1, 1, w, h - 1))
    raw = b"".join(image.crop(strip).tobytes() for strip in strips)
    border = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    background = cast(tuple[int, int, int],
                      tuple(statistics.median_low(p[c] for p in border) for c in range(3)))
    cut = round(INK_THRESHOLD * 255)
    close = sum(max(abs(a - b) for a, b in zip(p, background, strict=True)) <= cut for p in border)
    return background if close >= MIN_BORDER_SHARE * len(border) else None


def _drawn(image: Image.Image, background: tuple[int, int, int]
           ) -> tuple[Image.Image, Image.Image] | None:
    """The picture cut to the box of its drawn pixels, and the ink mask of that box."""
    ink = _ink(image, background)
    bbox = ink.getbbox()
    if bbox is None:
        return None
    return image.crop(bbox), ink.crop(bbox)


def _opaque_difference(drawn: tuple[Image.Image, Image.Image], ref: _Reference,
                       background: tuple[int, int, int]) -> float | None:
    """Colour difference of a drawn box to the official file on the same background, over
    the pixels either draws; None when the drawn boxes' shapes differ."""
    flat = Image.new("RGBA", ref.small.size, (*background, 255))
    official = _drawn(Image.alpha_composite(flat, ref.small).convert("RGB"), background)
    if official is None:
        return None
    (picture, picture_ink), (logo, logo_ink) = drawn, official
    if abs((picture.width / picture.height) / (logo.width / logo.height) - 1) > \
            DRAWN_ASPECT_TOLERANCE:
        return None
    size = (OPAQUE_SAMPLE_WIDTH, max(8, round(OPAQUE_SAMPLE_WIDTH * logo.height / logo.width)))
    resample = Image.Resampling.BOX
    where = ImageChops.lighter(picture_ink.resize(size, resample), logo_ink.resize(size, resample))
    return mean_difference(picture.resize(size, resample), logo.resize(size, resample),
                           where.point(_PAINTED))


def could_be_opaque_copy(preview: Image.Image, guideline: Guideline) -> bool:
    """First look at a small preview (at most about OPAQUE_PREVIEW px): a plain border, and
    a drawing about as wide for its height as an official logo."""
    image = preview.convert("RGB")
    background = _border_background(image)
    drawn = _drawn(image, background) if background is not None else None
    if drawn is None:
        return False
    aspect = drawn[0].width / drawn[0].height
    return any(abs(aspect / official - 1) <= PREVIEW_ASPECT_TOLERANCE
               for official in _official_aspects(guideline))


def opaque_copy_variant(thumbnail: Image.Image, guideline: Guideline) -> LogoVariant | None:
    """The official variant an opaque picture shows on a plain background (a JPEG or a copy
    from a web page, maybe rescaled), or None. `thumbnail`: the picture, at most about
    OPAQUE_THUMB px on its longest side."""
    image = thumbnail.convert("RGB")
    background = _border_background(image)
    drawn = _drawn(image, background) if background is not None else None
    if background is None or drawn is None:
        return None
    limit = guideline.logo.pixel_match_max_diff * OPAQUE_DIFF_FACTOR
    best: tuple[float, LogoVariant] | None = None
    for ref in _references(guideline):
        diff = _opaque_difference(drawn, ref, background)
        if diff is not None and diff <= limit and (best is None or diff < best[0]):
            best = (diff, ref.variant)
    return best[1] if best else None
