"""The stand-in ajisai logo files: what the layout engine and the linter rely on."""

from __future__ import annotations

import colorsys
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image, ImageChops

from assistant.guideline import Guideline
from assistant.paths import ASSETS, PROJECT_ROOT
from tests.conftest import run_cli

LOGOS = ASSETS / "logos"
VARIANTS = ("colour", "mono", "white")
SVG_NS = "{http://www.w3.org/2000/svg}"
MIN_LONG_SIDE_PX = 2000


def png(variant: str) -> Path:
    return LOGOS / f"kitacoming-{variant}.png"


def load(variant: str) -> Image.Image:
    with Image.open(png(variant)) as image:
        image.load()
        return image


def rgba_pixels(image: Image.Image) -> zip[tuple[int, int, int, int]]:
    data = image.tobytes()
    return zip(data[0::4], data[1::4], data[2::4], data[3::4], strict=True)


def visible_colours(image: Image.Image, min_alpha: int = 250) -> list[tuple[int, int, int]]:
    """RGB of the (almost) fully opaque pixels, without anti-aliased edges."""
    return [(r, g, b) for r, g, b, a in rgba_pixels(image) if a >= min_alpha]


def hex_rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_guideline_names_these_files(guideline: Guideline) -> None:
    files = {v.id: guideline.asset_path(v.file).resolve() for v in guideline.logo.variants}
    assert files == {v: png(v).resolve() for v in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS)
def test_png_is_large_rgba_with_transparency(variant: str) -> None:
    image = load(variant)
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert max(image.size) >= MIN_LONG_SIDE_PX
    low, high = image.getchannel("A").getextrema()
    assert (low, high) == (0, 255)
    assert png(variant).stat().st_size < 400_000


def test_variants_share_one_geometry() -> None:
    """Same size and the same alpha everywhere: only the colours differ."""
    images = [load(v) for v in VARIANTS]
    assert len({image.size for image in images}) == 1
    reference = images[0].getchannel("A")
    for image in images[1:]:
        diff = ImageChops.difference(reference, image.getchannel("A"))
        assert diff.getbbox() is None


def test_bounding_box_is_tight() -> None:
    """The layout engine places the whole PNG box, so empty margins would waste clear space."""
    image = load("colour")
    left, top, right, bottom = image.getchannel("A").getbbox()
    slack = max(image.size) * 0.01
    assert left <= slack and top <= slack
    assert image.width - right <= slack and image.height - bottom <= slack


def test_white_variant_is_only_white() -> None:
    image = load("white")
    drawn = [(r, g, b) for r, g, b, a in rgba_pixels(image) if a > 0]
    assert drawn
    assert min(min(rgb) for rgb in drawn) >= 250


def test_mono_variant_is_one_colour(guideline: Guideline) -> None:
    navy = hex_rgb(guideline.palette_colour("river_navy").hex)
    colours = visible_colours(load("mono"))
    assert colours
    worst = max(max(abs(c - n) for c, n in zip(rgb, navy, strict=True)) for rgb in colours)
    assert worst <= 2


def hue_family(rgb: tuple[int, int, int]) -> str:
    h, s, _ = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    degrees = h * 360
    if s < 0.15:
        return "grey"
    if 90 <= degrees < 170:
        return "green"
    if 200 <= degrees < 250:
        return "blue"
    if 250 <= degrees < 300:
        return "purple"
    return "other"


def test_colour_variant_has_blues_purples_and_some_green() -> None:
    colours = visible_colours(load("colour"))
    share: dict[str, float] = {}
    for rgb in colours:
        family = hue_family(rgb)
        share[family] = share.get(family, 0) + 1 / len(colours)
    assert share.get("blue", 0) > 0.15
    assert share.get("purple", 0) > 0.10
    assert 0.03 < share.get("green", 0) < 0.30
    assert share.get("other", 0) < 0.01


def test_palette_colours_are_used_exactly(guideline: Guideline) -> None:
    present = set(visible_colours(load("colour")))
    for colour_id in ("ajisai_blue", "ajisai_purple", "leaf_green", "river_navy"):
        assert hex_rgb(guideline.palette_colour(colour_id).hex) in present, colour_id


@pytest.mark.parametrize("variant", VARIANTS)
def test_svg_is_font_independent_and_matches_png(variant: str) -> None:
    root = ElementTree.parse(LOGOS / f"kitacoming-{variant}.svg").getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert not list(root.iter(f"{SVG_NS}text")), "lettering must be outlines"
    assert not list(root.iter(f"{SVG_NS}image"))
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    image = load(variant)
    assert width / height == pytest.approx(image.width / image.height, rel=0.005)


def test_readme_marks_files_as_stand_ins() -> None:
    text = (LOGOS / "README.md").read_text(encoding="utf-8")
    assert "stand-in" in text.lower()
    assert "公式" in text


def test_guideline_check_passes() -> None:
    result = run_cli("guideline", "check", "brand_guidelines/kitakami.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


BUILD_DEPS = ("cairosvg", "fontTools", "pathops")


@pytest.mark.slow
@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in BUILD_DEPS),
                    reason="build-time dependencies not installed (pip install -e '.[logos]')")
def test_committed_files_match_the_generator(tmp_path: Path) -> None:
    """The committed SVG/PNG files are what scripts/build_logos.py makes now."""
    subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "build_logos.py"),
                    "--out", str(tmp_path)], check=True, capture_output=True, timeout=300)
    for variant in VARIANTS:
        name = f"kitacoming-{variant}"
        fresh_svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        assert fresh_svg == (LOGOS / f"{name}.svg").read_text(encoding="utf-8"), name
        with Image.open(tmp_path / f"{name}.png") as fresh:
            assert ImageChops.difference(fresh, load(variant)).getbbox() is None, name
