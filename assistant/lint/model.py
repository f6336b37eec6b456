"""What the linter sees: a read-only, fully resolved picture of a presentation.

The reader (`assistant.lint.reader`) fills these models from the package XML, resolving what
PowerPoint would show: placeholder inheritance (slide -> layout -> master), list styles and
master text styles, theme colours and fonts, shape style references, group transforms. Rules
only ever look at these models, never at XML, so a rule is a few lines of plain Python.

Units: geometry in EMU (int), absolute slide coordinates; sizes in points; colours as
"#RRGGBB" (upper case) with a separate alpha 0..1.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EMU_PER_MM = 36000
# ECMA-376 a:bodyPr defaults: lIns/rIns 0.1 in, tIns/bIns 0.05 in
DEFAULT_INSET_X = 91440
DEFAULT_INSET_Y = 45720


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Box(Frozen):
    """An axis-aligned box before rotation, in absolute slide EMU."""

    x: int
    y: int
    w: int
    h: int
    rotation: float = 0.0  # degrees clockwise, after adding group rotations
    flip_h: bool = False
    flip_v: bool = False

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def mm(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) in millimetres, rounded to 0.1 mm (the JSON `bbox_mm`)."""
        return tuple(round(v / EMU_PER_MM, 1) for v in (self.x, self.y, self.w, self.h))  # type: ignore[return-value]

    def intersects(self, other: Box) -> bool:
        return (
            self.x < other.right and other.x < self.right
            and self.y < other.bottom and other.y < self.bottom
        )

    def contains(self, other: Box, tolerance: int = 0) -> bool:
        return (
            other.x >= self.x - tolerance and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance and other.bottom <= self.bottom + tolerance
        )

    def expanded(self, by: int) -> Box:
        return Box(x=self.x - by, y=self.y - by, w=self.w + 2 * by, h=self.h + 2 * by)


class Fill(Frozen):
    kind: Literal["none", "solid", "gradient", "picture", "pattern", "group", "unknown"] = "none"
    colour: str | None = None  # solid colour, or the average of gradient stops
    alpha: float = 1.0
    image_part: str | None = None  # package part name of a picture fill


class Line(Frozen):
    colour: str | None = None
    alpha: float = 1.0
    width_emu: int = 0


class Run(Frozen):
    text: str
    size_pt: float  # effective size after inheritance and autofit font scale
    bold: bool = False
    italic: bool = False
    colour: str | None = None  # effective, after theme/colour map/lumMod etc.
    alpha: float = 1.0
    font_latin: str | None = None  # effective typeface names (theme +mj/+mn resolved)
    font_ea: str | None = None
    font_cs: str | None = None
    lang: str | None = None
    highlight: str | None = None


class Paragraph(Frozen):
    runs: list[Run]
    level: int = 0
    align: str | None = None
    # effective line spacing: as a multiple of the font size (spcPct 150000 -> 1.5), or as
    # fixed points (spcPts); at most one is set; both None = single (1.0).
    line_spacing: float | None = None
    line_spacing_pt: float | None = None
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class TextFrame(Frozen):
    paragraphs: list[Paragraph]
    autofit: Literal["none", "normal", "shape"] = "none"
    font_scale: float = 1.0  # normAutofit fontScale, already applied to Run.size_pt
    line_space_reduction: float = 0.0
    wrap: bool = True
    vertical: bool = False
    inset_left: int = DEFAULT_INSET_X
    inset_top: int = DEFAULT_INSET_Y
    inset_right: int = DEFAULT_INSET_X
    inset_bottom: int = DEFAULT_INSET_Y
    anchor: str = "t"

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


Effect = Literal[
    "shadow", "inner_shadow", "glow", "soft_edge", "reflection", "outline", "bevel", "3d",
    "preset_shadow", "blur",
]
Recolour = Literal[
    "grayscale", "duotone", "colour_change", "bi_level", "luminance", "alpha_mod", "tint",
    "hsl", "colour_replace", "other",
]


class Picture(Frozen):
    image_part: str  # package part name, e.g. /ppt/media/image1.png
    content_type: str
    sha256: str
    width_px: int
    height_px: int
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # l, t, r, b fractions
    alt_text: str = ""  # cNvPr/@descr
    title: str = ""  # cNvPr/@title
    decorative: bool = False  # marked decorative in PowerPoint (adec:decorative)
    recolour: list[Recolour] = []


ShapeKind = Literal["shape", "picture", "connector", "table", "chart", "graphic", "group", "ole"]


class Shape(Frozen):
    id: int
    name: str
    kind: ShapeKind
    source: Literal["slide", "layout", "master"] = "slide"
    box: Box
    placeholder_type: str | None = None  # ph/@type, "body" when absent on a placeholder
    placeholder_idx: int | None = None
    # name of the layout placeholder a slide placeholder inherits from ("Contact" in the
    # official template); PowerPoint renames the slide copy ("Text Placeholder 8")
    layout_placeholder_name: str | None = None
    fill: Fill = Fill()
    line: Line = Line()
    effects: list[Effect] = []
    text: TextFrame | None = None
    picture: Picture | None = None
    hidden: bool = False
    group_names: list[str] = []  # names of enclosing groups, outermost first
    z: int = 0  # paint order on the slide (background = 0, then master, layout, slide)


class Slide(Frozen):
    index: int  # 1-based
    layout_name: str | None = None
    master_name: str | None = None
    background: Fill = Fill(kind="solid", colour="#FFFFFF")
    shapes: list[Shape] = Field(default_factory=list)
    hidden: bool = False  # p:sld/@show="0": skipped in slide shows and when printing


class Deck(Frozen):
    path: str
    slide_width: int
    slide_height: int
    slides: list[Slide]
    theme_name: str | None = None
    theme_colours: dict[str, str] = {}  # dk1, lt1, accent1..6, hlink, folHlink
    theme_fonts: dict[str, str] = {}  # major_latin, major_ea, minor_latin, minor_ea, ...
    layout_names: list[str] = []
    master_names: list[str] = []
