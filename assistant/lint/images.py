"""Images in a package: header-only size reads, and bounded decoding for rules.

`image_header` reads only the header (Pillow opens lazily), so an image that declares
30000 x 30000 pixels is refused before a single pixel is inflated. Rules decode pictures
through `load_image`, which applies the same limit (guideline.images.max_pixels) and caches
the decoded image per lint run.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

from assistant.lint.context import LintContext


class ImageTooLarge(ValueError):
    """The image declares more pixels than the guideline allows."""


@dataclass(frozen=True)
class ImageHeader:
    width: int
    height: int
    format: str | None  # Pillow format name, None when Pillow does not know it (SVG, ...)


def image_header(data: bytes, max_pixels: int) -> ImageHeader:
    """Width, height and format from the header. Raises ImageTooLarge; unknown formats -> 0x0."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as img:
                width, height, fmt = img.width, img.height, img.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageTooLarge("image declares too many pixels") from None
        except Exception:  # noqa: BLE001 - any undecodable header just means "size unknown"
            return ImageHeader(0, 0, None)
    if width * height > max_pixels:
        raise ImageTooLarge(f"{width} x {height} pixels")
    return ImageHeader(width, height, fmt)


def decode_image(data: bytes, max_pixels: int) -> Image.Image:
    """Decode to RGBA after checking the declared size. Raises ImageTooLarge or ValueError."""
    image_header(data, max_pixels)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                return img.convert("RGBA")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageTooLarge("image declares too many pixels") from None
        except Exception as exc:  # noqa: BLE001 - Pillow raises many types for bad data
            raise ValueError(f"cannot decode image: {exc}") from None


def load_image(ctx: LintContext, part: str) -> Image.Image | None:
    """The decoded picture of a package part (RGBA), cached for the run; None if undecodable.

    Callers must not modify the returned image (it is shared); copy it first.
    """
    cache: dict[str, Image.Image | None] = ctx.cache.setdefault("images.decoded", {})
    if part not in cache:
        try:
            cache[part] = decode_image(ctx.part_bytes(part), ctx.guideline.images.max_pixels)
        except ValueError:
            cache[part] = None
    return cache[part]


def load_thumbnail(ctx: LintContext, part: str, max_side: int) -> Image.Image | None:
    """The picture scaled to fit max_side x max_side (RGBA), cached; None if undecodable.

    Much cheaper than load_image for big photos: JPEG is decoded at a reduced scale
    (Image.draft) and nothing larger than needed is kept. Callers must not modify the result.
    """
    cache: dict[tuple[str, int], Image.Image | None] = ctx.cache.setdefault("images.thumbs", {})
    key = (part, max_side)
    if key not in cache:
        cache[key] = _thumbnail(ctx.part_bytes(part), ctx.guideline.images.max_pixels, max_side)
    return cache[key]


def _thumbnail(data: bytes, max_pixels: int, max_side: int) -> Image.Image | None:
    try:
        image_header(data, max_pixels)
    except ValueError:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.draft("RGB", (max_side, max_side))
                img.thumbnail((max_side, max_side), reducing_gap=2.0)
                return img.convert("RGBA")
        except Exception:  # noqa: BLE001 - Pillow raises many types for bad data
            return None
