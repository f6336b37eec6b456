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


@lru_cache(maxsize=32)
def _official(path: str, mtime: float, max_pixels: int) -> _Official:
    data = Path(path).read_bytes()
    try:
        image = images.pin_decoded(data, max_pixels)
    except ValueError:  # larger than the limit or undecodable: decode it without pinning
        with Image.open(path) as opened:
            opened.load()
            image = opened.convert("RGBA")
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
