"""Build the stand-in KitaComing! ajisai logo: SVG sources and PNG exports.

The city's official logo files are not public, so this script draws an ORIGINAL hydrangea
mark (a dome of four-petal florets with two leaves) and sets the word mark "KitaComing!" with
"北上市" under it. Every shape, including the lettering, is written as an SVG path, so the SVG
files do not depend on installed fonts; the PNGs are rasterized from those same SVGs.

Colours come from the guideline palette. The three variants share one geometry and differ only
in colour, so their PNGs have identical pixel sizes.

Build-time only dependencies (the committed PNGs need nothing at run time):
    .venv/bin/pip install -e ".[logos]"      # fonttools, skia-pathops, cairosvg
    .venv/bin/python scripts/build_logos.py
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import cairosvg
import pathops
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.svgLib.path import parse_path
from fontTools.ttLib import TTFont
from PIL import Image

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from ruamel.yaml import YAML  # noqa: E402

from assistant.guideline import DEFAULT_GUIDELINE, Guideline  # noqa: E402

OUT_DIR = PROJECT_ROOT / "assets" / "logos"
STEM = "kitacoming"
PNG_WIDTH = 2400  # long side of the exports, in pixels
WORD_MARK = "KitaComing!"
SUB_MARK = "北上市"

Point = tuple[float, float]
Transform = Callable[[Point], Point]


# --- geometry ----------------------------------------------------------------------------
def placed(angle_deg: float, dx: float, dy: float, scale: float = 1.0) -> Transform:
    """Scale, rotate (clockwise on screen, y down) and move a point of a local shape."""
    a = math.radians(angle_deg)
    cos_a, sin_a = math.cos(a), math.sin(a)

    def apply(p: Point) -> Point:
        x, y = p[0] * scale, p[1] * scale
        return (x * cos_a - y * sin_a + dx, x * sin_a + y * cos_a + dy)

    return apply


def fmt(p: Point) -> str:
    return f"{p[0]:.2f} {p[1]:.2f}"


def cubic_path(start: Point, segments: Iterable[tuple[Point, Point, Point]], t: Transform) -> str:
    """A closed path of cubic Béziers, given in local coordinates and placed by t."""
    parts = [f"M{fmt(t(start))}"]
    parts += [f"C{fmt(t(c1))} {fmt(t(c2))} {fmt(t(end))}" for c1, c2, end in segments]
    return " ".join(parts) + "Z"


def circle_path(cx: float, cy: float, r: float) -> str:
    return (f"M{cx - r:.2f} {cy:.2f}a{r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0"
            f"a{r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0Z")


# A petal pointing up (towards -y), base at the origin, length 1: a teardrop, narrow at the
# centre and round at the end, like a hydrangea sepal.
PETAL: tuple[Point, list[tuple[Point, Point, Point]]] = (
    (0.0, 0.0),
    [
        ((0.10, -0.06), (0.46, -0.30), (0.44, -0.62)),
        ((0.42, -0.86), (0.20, -0.98), (0.0, -1.0)),
        ((-0.20, -0.98), (-0.42, -0.86), (-0.44, -0.62)),
        ((-0.46, -0.30), (-0.10, -0.06), (0.0, 0.0)),
    ],
)


def floret(cx: float, cy: float, radius: float, turn: float) -> tuple[list[str], str]:
    """Four petals around a small centre dot; returns (petal paths, centre path)."""
    gap = radius * 0.09  # petals start a little away from the centre, so they never touch
    petals = []
    for k in range(4):
        angle = turn + 90 * k
        lift = placed(angle, 0, 0)((0.0, -gap))
        t = placed(angle, cx + lift[0], cy + lift[1], scale=radius - gap)
        petals.append(cubic_path(PETAL[0], PETAL[1], t))
    return petals, circle_path(cx, cy, radius * 0.10)


# A leaf half: from the stalk (origin) to the tip (0, -1) along the midrib, bulging to +x:
# an ovate leaf, widest below the middle, drawn out to a fine point.
LEAF_HALF: tuple[Point, list[tuple[Point, Point, Point]]] = (
    (0.0, 0.0),
    [
        ((0.20, -0.02), (0.37, -0.22), (0.36, -0.46)),
        ((0.35, -0.70), (0.16, -0.86), (0.0, -1.0)),
        ((0.0, -0.66), (0.0, -0.33), (0.0, 0.0)),
    ],
)
VEIN_OPENING_DEG = 1.6  # each half turns this far away from the midrib about the tip


def leaf(base: Point, length: float, angle: float) -> list[str]:
    """Two halves that meet at the tip and open towards the stalk, leaving a tapering midrib
    gap, so the vein reads in one colour too."""
    halves = []
    for side in (1, -1):
        tip_turn = placed(side * VEIN_OPENING_DEG, 0, 0)
        t0 = placed(angle, base[0], base[1], scale=length)

        def t(p: Point, side: int = side, t0: Transform = t0, turn: Transform = tip_turn
              ) -> Point:
            x, y = turn((p[0] * side, p[1] + 1.0))  # rotate about the tip at (0, -1)
            return t0((x, y - 1.0))

        halves.append(cubic_path(LEAF_HALF[0], LEAF_HALF[1], t))
    return halves


def tucked_behind(shape: list[str], front: str) -> str:
    """shape minus front: a leaf cut back so it sits behind the dome with a clear gap (no
    overlap, so the single-colour variants stay readable)."""
    cut, other = pathops.Path(), pathops.Path()
    for d in shape:
        parse_path(d, cut.getPen())
    parse_path(front, other.getPen())
    result = pathops.op(cut, other, pathops.PathOp.DIFFERENCE)
    pen = SVGPathPen(None, ntos=lambda v: f"{v:.2f}")
    result.draw(pen)
    return pen.getCommands()


# --- the hydrangea dome ------------------------------------------------------------------
@dataclass(frozen=True)
class Floret:
    x: float
    y: float
    radius: float
    turn: float
    tone: str


# Tone names map to colours per variant; "blue"/"purple" are the palette colours, "*_tint"
# lighter mixes with white.
TONES = ("blue", "blue_tint", "purple", "purple_tint", "blue_pale", "purple_pale")


def ring_points(radius: float) -> list[Point]:
    """A centre floret and two rings (6 and 12) around it: a tidy, round head."""
    points: list[Point] = [(0.0, 0.0)]
    for ring_radius, count, offset in ((0.37, 6, -90.0), (0.74, 12, -75.0)):
        for k in range(count):
            a = math.radians(offset + 360 * k / count)
            points.append((math.cos(a) * ring_radius * radius, math.sin(a) * ring_radius * radius))
    return points


def dome_florets(radius: float) -> list[Floret]:
    """Florets filling a round head, each sized from the room around it.

    A floret's size comes from the distance to its nearest neighbour and to the rim, so
    nothing touches and the single-colour variants still read as separate florets.
    """
    centres = ring_points(radius)
    florets = []
    for i, (x, y) in enumerate(centres):
        neighbour = min(math.dist((x, y), c) for j, c in enumerate(centres) if j != i)
        to_rim = radius - math.hypot(x, y)
        size = min(neighbour * 0.50, to_rim)
        # near-upright (+) florets read as flowers; diagonal ones (x) read as tiles
        turn = (i * 11) % 31 - 15
        florets.append(Floret(x, y, size, turn, _tone(i, x / radius, y / radius)))
    return florets


def _tone(i: int, x: float, y: float) -> str:
    """Blue on the left, purple on the right, mixed in the middle; paler towards the top,
    as if lit from above, so the flat cluster reads as a dome."""
    in_middle = abs(x) < 0.22
    is_purple = i % 2 == 1 if in_middle else x > 0
    hue = "purple" if is_purple else "blue"
    height = math.dist((x, y), (0.0, -1.0))
    if height < 0.75:
        return f"{hue}_pale"
    if height < 1.25:
        return f"{hue}_tint"
    return hue


# --- lettering ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Lettering:
    path: str
    end: float  # where the next letter would start


def text_path(font: TTFont, text: str, x: float, baseline: float, cap_height: float,
              tracking: float = 0.0) -> Lettering:
    """Glyph outlines of text as one SVG path, scaled so capitals are cap_height tall."""
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = cap_height / font["OS/2"].sCapHeight
    pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.2f}")
    cursor = x
    for char in text:
        name = cmap[ord(char)]
        glyph = glyph_set[name]
        glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, baseline)))
        cursor += glyph.width * scale + tracking * font["head"].unitsPerEm * scale
    return Lettering(pen.getCommands(), cursor)


def bounds(paths: Iterable[str]) -> tuple[float, float, float, float]:
    pen = BoundsPen(None)
    for d in paths:
        parse_path(d, pen)
    assert pen.bounds is not None
    return pen.bounds


# --- the lock-up -------------------------------------------------------------------------
@dataclass
class Artwork:
    """Paths grouped by colour role; roles are coloured per variant."""

    layers: dict[str, list[str]]

    def all_paths(self) -> list[str]:
        return [d for paths in self.layers.values() for d in paths]


def draw_artwork(font: TTFont) -> Artwork:
    layers: dict[str, list[str]] = {"leaf": [], **{t: [] for t in TONES},
                                    "centre": [], "word": [], "bang": [], "sub": []}
    radius = 100.0
    for f in dome_florets(radius):
        petals, centre = floret(f.x, f.y, f.radius, f.turn)
        layers[f.tone] += petals
        layers["centre"].append(centre)
    # Two leaves behind the lower half of the head, cut back to leave an even gap.
    halo = circle_path(0, 0, radius * 1.07)
    for base, length, angle in [((-radius * 0.60, radius * 0.68), radius * 0.88, -124.0),
                                ((radius * 0.62, radius * 0.72), radius * 0.74, 120.0)]:
        layers["leaf"].append(tucked_behind(leaf(base, length, angle), halo))

    _, mark_top, mark_right, mark_bottom = bounds(d for paths in layers.values() for d in paths)
    mark_height = mark_bottom - mark_top
    cap = mark_height * 0.26
    text_left = mark_right + mark_height * 0.16
    # a little above the box centre: the head carries the visual weight, the leaves less
    centre_y = (mark_top + mark_bottom) / 2 - mark_height * 0.04
    sub_cap = cap * 0.55
    gap = cap * 0.42
    block = cap + gap + sub_cap
    baseline = centre_y - block / 2 + cap
    # the closing "!" is its own layer so the colour variant can set it in the accent colour
    word = text_path(font, WORD_MARK[:-1], text_left, baseline, cap, tracking=-0.01)
    bang = text_path(font, WORD_MARK[-1], word.end, baseline, cap)
    sub_baseline = baseline + gap + sub_cap * 1.06
    sub = text_path(font, SUB_MARK, text_left, sub_baseline, sub_cap, tracking=0.35)
    # line the ink of 北 up with the stem of K (their side bearings differ)
    ink_shift = bounds([word.path])[0] - bounds([sub.path])[0]
    sub = text_path(font, SUB_MARK, text_left + ink_shift, sub_baseline, sub_cap, tracking=0.35)
    layers["word"].append(word.path)
    layers["bang"].append(bang.path)
    layers["sub"].append(sub.path)
    return Artwork(layers)


# --- colour variants ---------------------------------------------------------------------
def mix(hex_colour: str, toward: str, amount: float) -> str:
    """hex_colour moved `amount` (0..1) of the way to `toward`, in sRGB."""
    a = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(toward[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def variant_colours(g: Guideline) -> dict[str, dict[str, str]]:
    def hex_of(colour_id: str) -> str:
        return g.palette_colour(colour_id).hex.upper()

    blue, purple, white = hex_of("ajisai_blue"), hex_of("ajisai_purple"), hex_of("white")
    navy, green = hex_of("river_navy"), hex_of("leaf_green")
    colour = {
        "blue": blue, "purple": purple,
        "blue_tint": mix(blue, white, 0.28), "purple_tint": mix(purple, white, 0.28),
        "blue_pale": mix(blue, white, 0.45), "purple_pale": mix(purple, white, 0.45),
        "centre": white, "leaf": green, "word": navy, "bang": purple, "sub": navy,
    }
    roles = colour.keys()
    return {
        "colour": colour,
        "mono": dict.fromkeys(roles, navy),
        "white": dict.fromkeys(roles, white),
    }


def to_svg(art: Artwork, colours: dict[str, str], box: tuple[float, float, float, float],
           title: str) -> str:
    x0, y0, x1, y1 = box
    groups = []
    for role, paths in art.layers.items():
        if paths:
            d = " ".join(paths)
            groups.append(f'  <path data-role="{role}" fill="{colours[role]}" d="{d}"/>')
    body = "\n".join(groups)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}" '
        f'width="{x1 - x0:.2f}" height="{y1 - y0:.2f}">\n'
        f"  <title>{title}</title>\n{body}\n</svg>\n"
    )


def padded_box(art: Artwork) -> tuple[float, float, float, float]:
    """The tight outline box, plus a hair so anti-aliased edges are not clipped."""
    x0, y0, x1, y1 = bounds(art.all_paths())
    pad = (y1 - y0) * 0.004
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def rasterize(svg: str, width: int) -> Image.Image:
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=width)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def guideline_without_file_checks() -> Guideline:
    """The shipped guideline, schema-validated only: the full load refuses to run while the
    logo files it names are missing, and this script is what makes them."""
    data = YAML(typ="safe").load(DEFAULT_GUIDELINE.read_text(encoding="utf-8"))
    return Guideline.model_validate(data).with_base_dir(PROJECT_ROOT)


def build(out_dir: Path) -> tuple[int, int]:
    """Write the SVG and PNG of every variant into out_dir; return the PNG size."""
    g = guideline_without_file_checks()
    art = draw_artwork(TTFont(g.asset_path(g.fonts.files.bold)))
    box = padded_box(art)
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = set()
    for variant, colours in variant_colours(g).items():
        title = f"KitaComing! ajisai logo stand-in ({variant}); not the official logo"
        svg = to_svg(art, colours, box, title)
        (out_dir / f"{STEM}-{variant}.svg").write_text(svg, encoding="utf-8")
        image = rasterize(svg, PNG_WIDTH)
        image.save(out_dir / f"{STEM}-{variant}.png", optimize=True)
        sizes.add(image.size)
    if len(sizes) != 1:
        raise RuntimeError(f"variants differ in size: {sizes}")
    return sizes.pop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args()
    width, height = build(args.out)
    print(f"wrote {STEM}-{{colour,mono,white}}.{{svg,png}} ({width}x{height} px) to {args.out}")


if __name__ == "__main__":
    main()
