"""Images in a package: header-only size reads, and bounded decoding for rules.

`image_header` reads only the header (Pillow opens lazily), so an image that declares
30000 x 30000 pixels is refused before a single pixel is inflated. Rules decode pictures
through `load_image`, which applies the same limit (guideline.images.max_pixels) and caches
the decoded image per lint run. Files that are known for the whole process (the official logos)
can be pinned: a part with the same bytes then gets the pinned decoded image, so a batch of
flyers that all carry the official logo decodes it once, not once per flyer.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import weakref
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


# formats whose header alone tells whether any pixel can be transparent (an alpha band, or a
# transparent colour: PNG's tRNS comes before the pixel data)
_HEADER_TELLS_ALPHA = ("JPEG", "PNG")


def declares_opaque(data: bytes) -> bool:
    """True when the header shows that every pixel is fully opaque (e.g. a JPEG photo), so the
    picture's alpha would be 255 everywhere once decoded; False when unsure. Decodes nothing."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return (img.format in _HEADER_TELLS_ALPHA and "A" not in img.getbands()
                    and "transparency" not in img.info)
    except Exception:  # noqa: BLE001 - undecodable header: unsure
        return False


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


# decoded images of well-known files (the official logos), by the digest of their bytes
_PINNED: dict[bytes, Image.Image] = {}
# ids of images handed out as shared and read-only (load_image, pinned), alive ones only
_SHARED: set[int] = set()


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _mark_shared(image: Image.Image) -> Image.Image:
    key = id(image)
    if key not in _SHARED:
        _SHARED.add(key)
        weakref.finalize(image, _SHARED.discard, key)
    return image


def is_shared(image: Image.Image) -> bool:
    """True for images from load_image or pin_decoded: nobody may modify them, so values
    derived from their pixels can be cached by identity."""
    return id(image) in _SHARED


def pin_decoded(data: bytes, max_pixels: int) -> Image.Image:
    """Decode a well-known file once for the process (as decode_image does) and hand the same
    image to every load_image of a part with these bytes. Raises like decode_image."""
    digest = content_digest(data)
    if digest not in _PINNED:
        _PINNED[digest] = _mark_shared(decode_image(data, max_pixels))
    return _PINNED[digest]


def load_image(ctx: LintContext, part: str) -> Image.Image | None:
    """The decoded picture of a package part (RGBA), cached for the run; None if undecodable.

    Callers must not modify the returned image (it is shared); copy it first.
    """
    cache: dict[str, Image.Image | None] = ctx.cache.setdefault("images.decoded", {})
    if part not in cache:
        cache[part] = _decode_part(part_data(ctx, part), ctx.guideline.images.max_pixels)
    return cache[part]


def part_data(ctx: LintContext, part: str) -> bytes:
    """ctx.part_bytes(part), read from the package once per lint run."""
    cache: dict[str, bytes] = ctx.cache.setdefault("images.bytes", {})
    if part not in cache:
        cache[part] = ctx.part_bytes(part)
    return cache[part]


def _decode_part(data: bytes, max_pixels: int) -> Image.Image | None:
    pinned = _PINNED.get(content_digest(data)) if _PINNED else None
    if pinned is not None and pinned.width * pinned.height <= max_pixels:
        return pinned  # same bytes, so the very pixels decode_image would produce
    try:
        return _mark_shared(decode_image(data, max_pixels))
    except ValueError:
        return None


def load_thumbnail(ctx: LintContext, part: str, max_side: int) -> Image.Image | None:
    """The picture scaled to fit max_side x max_side (RGBA), cached; None if undecodable.

    Much cheaper than load_image for big photos: JPEG is decoded at a reduced scale
    (Image.draft) and nothing larger than needed is kept. Callers must not modify the result.
    """
    cache: dict[tuple[str, int], Image.Image | None] = ctx.cache.setdefault("images.thumbs", {})
    key = (part, max_side)
    if key not in cache:
        cache[key] = _thumbnail(part_data(ctx, part), ctx.guideline.images.max_pixels, max_side)
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
