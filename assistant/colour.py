"""Colour maths shared by every stage: contrast, luminance, CIEDE2000 and colour-vision
simulation (coloraide). Colours are #RRGGBB strings."""

from __future__ import annotations

from functools import lru_cache

from coloraide import Color


@lru_cache(maxsize=4096)
def _color(hex_colour: str) -> Color:
    return Color(hex_colour)


def relative_luminance(hex_colour: str) -> float:
    return float(_color(hex_colour).luminance())


@lru_cache(maxsize=65536)  # the linter checks every text colour on every backdrop colour
def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio, 1..21."""
    return float(_color(fg).contrast(_color(bg), method="wcag21"))


@lru_cache(maxsize=65536)  # the linter compares every colour with every palette colour
def delta_e(a: str, b: str) -> float:
    """CIEDE2000 difference."""
    return float(_color(a).delta_e(_color(b), method="2000"))


@lru_cache(maxsize=4096)
def simulate_cvd(hex_colour: str, kind: str) -> str:
    """How a colour looks with protan/deutan/tritan vision (full severity)."""
    simulated = _color(hex_colour).clone().filter(kind, in_place=False).convert("srgb")
    return simulated.fit().to_string(hex=True).upper()


def is_dark(hex_colour: str, threshold: float) -> bool:
    return relative_luminance(hex_colour) < threshold


def blend(fg: str, bg: str, alpha: float) -> str:
    """fg painted over bg with opacity alpha (0..1), in sRGB."""
    f, b = _color(fg).convert("srgb"), _color(bg).convert("srgb")
    mixed = [alpha * fc + (1 - alpha) * bc for fc, bc in zip(f.coords(), b.coords(), strict=True)]
    return Color("srgb", mixed).fit().to_string(hex=True).upper()


def hex_from_rgb(r: int, g: int, b: int) -> str:
    return f"#{r:02X}{g:02X}{b:02X}"


def rgb_from_hex(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
