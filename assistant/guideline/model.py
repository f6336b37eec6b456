"""Pydantic models of the brand guideline (brand_guidelines/*.yaml).

Every block that a lint rule enforces derives from `Clause`: it has a stable `id` that findings
cite and a `severity`. Values the city has not published are marked `placeholder: true`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

Severity = Literal["error", "warning", "info"]
EMU_PER_MM = 36000
EMU_PER_PT = 12700

HEX_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Clause(Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]+$", description="Stable rule id cited by findings")
    severity: Severity = "error"
    placeholder: bool = Field(False, description="True when the value is a stand-in, not official")
    note: str | None = None


class Meta(Strict):
    id: str
    name: str
    version: str
    owner: str | None = None
    note: str | None = None


class Page(Clause):
    width_mm: float = Field(gt=0)
    height_mm: float = Field(gt=0)
    bleed_mm: float = Field(ge=0)
    tolerance_mm: float = Field(0.5, ge=0)
    max_slides: int = Field(1, ge=1)
    max_slides_severity: Severity = "warning"

    @property
    def width_emu(self) -> int:
        return round(self.width_mm * EMU_PER_MM)

    @property
    def height_emu(self) -> int:
        return round(self.height_mm * EMU_PER_MM)


class Margins(Clause):
    trim_text_min_mm: float = Field(ge=0)
    safe_mm: float = Field(ge=0)

    @model_validator(mode="after")
    def _safe_not_below_trim(self) -> Margins:
        if self.safe_mm < self.trim_text_min_mm:
            raise ValueError("safe_mm must be at least trim_text_min_mm")
        return self


class PaletteColour(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_ja: str
    hex: str
    cmyk: tuple[float, float, float, float] | None = None
    placeholder: bool = False

    @field_validator("hex")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not HEX_RE.match(value):
            raise ValueError(f"not a colour in #RRGGBB form: {value!r}")
        return value.upper()

    @field_validator("cmyk")
    @classmethod
    def _cmyk(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is not None and any(not 0 <= v <= 100 for v in value):
            raise ValueError("CMYK values are percentages from 0 to 100")
        return value

    @property
    def rgb(self) -> tuple[int, int, int]:
        return tuple(int(self.hex[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


class PaletteMatch(Clause):
    delta_e_max: float = Field(gt=0)


class Contrast(Clause):
    text_min: float = Field(ge=1, le=21)
    large_text_min: float = Field(ge=1, le=21)
    large_text_pt: float = Field(gt=0)
    large_bold_pt: float = Field(gt=0)


class ColourVision(Clause):
    min_delta_e: float = Field(ge=0)
    simulate: list[Literal["protan", "deutan", "tritan"]] = ["protan", "deutan"]


class Limit(Clause):
    limit: int = Field(ge=1)


class ColourRules(Strict):
    palette_match: PaletteMatch
    contrast: Contrast
    colour_vision: ColourVision
    max_colours: Limit


class ColourScheme(Strict):
    """Roles of a colour scheme; each value is a palette id."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_ja: str
    background: str
    band: str
    band_text: str
    title: str
    accent: str
    text: str
    panel: str
    panel_text: str

    def roles(self) -> dict[str, str]:
        return self.model_dump(exclude={"id", "name_ja"})


class FontFiles(Strict):
    regular: str
    bold: str


class Fonts(Clause):
    primary: str
    allowed: list[str] = Field(min_length=1)
    files: FontFiles

    @model_validator(mode="after")
    def _primary_allowed(self) -> Fonts:
        if self.primary not in self.allowed:
            raise ValueError(f"primary font {self.primary!r} is not in the allowed list")
        return self


class MinSize(Clause):
    absolute_min_pt: float = Field(gt=0)


class TextRole(Strict):
    name_ja: str
    min_pt: float = Field(gt=0)
    max_pt: float = Field(gt=0)
    line_spacing_min: float = Field(ge=0.5, le=5)

    @model_validator(mode="after")
    def _min_below_max(self) -> TextRole:
        if self.min_pt > self.max_pt:
            raise ValueError(f"min_pt ({self.min_pt}) is above max_pt ({self.max_pt})")
        return self


RoleName = Literal["title", "headline", "catch", "body", "details", "contact", "brand", "caption"]


class Typography(Strict):
    min_size: MinSize
    line_spacing: Clause
    max_sizes: Limit
    roles: dict[RoleName, TextRole]

    @model_validator(mode="after")
    def _required_roles(self) -> Typography:
        missing = {"title", "body"} - set(self.roles)
        if missing:
            raise ValueError(f"typography roles must include: {', '.join(sorted(missing))}")
        return self


class LogoVariant(Strict):
    id: str
    name_ja: str
    file: str
    use_on: Literal["light", "dark", "any"]


class LogoPosition(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_ja: str
    zone: tuple[float, float, float, float]

    @field_validator("zone")
    @classmethod
    def _zone(cls, z: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        if not all(0 <= v <= 1 for v in z) or z[0] >= z[2] or z[1] >= z[3]:
            raise ValueError("zone is (x0, y0, x1, y1) as fractions of the page, x0<x1, y0<y1")
        return z


LogoForbid = Literal[
    "recolour", "stretch", "rotate", "flip", "outline", "shadow", "glow", "soft_edge",
    "reflection", "crop",
]


class Logo(Clause):
    name_ja: str
    variants: list[LogoVariant] = Field(min_length=1)
    dark_background_luminance: float = Field(ge=0, le=1)
    min_width_mm: float = Field(gt=0)
    clear_space_ratio: float = Field(ge=0)
    aspect_tolerance: float = Field(gt=0, lt=1)
    pixel_match_max_diff: float = Field(gt=0, lt=1)
    forbid: list[LogoForbid] = []
    positions: list[LogoPosition] = Field(min_length=1)

    @model_validator(mode="after")
    def _variants(self) -> Logo:
        uses = {v.use_on for v in self.variants}
        if not ({"dark", "any"} & uses):
            raise ValueError("logo needs a variant for dark backgrounds (use_on: dark or any)")
        if not ({"light", "any"} & uses):
            raise ValueError("logo needs a variant for light backgrounds (use_on: light or any)")
        return self

    def position(self, position_id: str) -> LogoPosition:
        return next(p for p in self.positions if p.id == position_id)

    def variant(self, variant_id: str) -> LogoVariant:
        return next(v for v in self.variants if v.id == variant_id)


class Template(Clause):
    file: str
    required_placeholders: list[str]
    optional_placeholders: list[str] = []


class Layout(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_ja: str
    template_layout: str
    logo_positions: list[str] = Field(min_length=1)
    photo: Literal["required", "optional", "none"] = "optional"


class AltText(Clause):
    pass


class Resolution(Clause):
    min_dpi: float = Field(gt=0)


class Images(Strict):
    alt_text: AltText
    resolution: Resolution
    max_pixels: int = Field(gt=0)


class InfoItem(Strict):
    id: Literal["title", "date", "venue", "organizer", "contact"]
    name_ja: str
    labels: list[str] = []


class RequiredInfo(Clause):
    items: list[InfoItem]


class SentenceLength(Clause):
    max_chars: int = Field(ge=10)


class TimeStyle(Clause):
    style: Literal["ampm", "24h"]


class Wording(Strict):
    sentence_length: SentenceLength
    time_style: TimeStyle
    weekday: Clause


class Brand(Clause):
    message: str = Field(min_length=1)
    message_full: str
    name: str
    place_name: str = Field(min_length=1)
    hashtags: list[str]
    site_name: str
    require_message: bool = True
    require_hashtags: bool = True

    @field_validator("hashtags")
    @classmethod
    def _hashtags(cls, tags: list[str]) -> list[str]:
        bad = [t for t in tags if not t.startswith("#") or " " in t]
        if bad:
            raise ValueError(f"hashtags start with # and have no spaces: {bad}")
        return tags


class DraftLimits(Strict):
    headline_max_chars: int = Field(ge=4)
    catch_max_chars: int = Field(ge=4)
    summary_max_chars: int = Field(ge=10)
    highlight_max_chars: int = Field(ge=4)
    highlights_max: int = Field(ge=0, le=10)
    variants_max: int = Field(ge=1, le=10)


class Scoring(Strict):
    error_points: float = Field(ge=0)
    warning_points: float = Field(ge=0)
    info_points: float = Field(ge=0)
    repeat_decay: float = Field(ge=0, le=1)


class Guideline(Strict):
    meta: Meta
    page: Page
    margins: Margins
    palette: list[PaletteColour] = Field(min_length=2)
    colour: ColourRules
    colour_schemes: list[ColourScheme] = Field(min_length=1)
    fonts: Fonts
    typography: Typography
    logo: Logo
    template: Template
    layouts: list[Layout] = Field(min_length=1)
    images: Images
    required_info: RequiredInfo
    wording: Wording
    brand: Brand
    draft: DraftLimits
    scoring: Scoring

    _base_dir: Path | None = PrivateAttr(default=None)

    def with_base_dir(self, base_dir: Path) -> Guideline:
        """A copy whose relative file paths (logos, fonts, template) resolve against base_dir."""
        copy = self.model_copy()
        copy._base_dir = base_dir
        return copy

    def asset_path(self, relative: str) -> Path:
        path = Path(relative)
        if path.is_absolute() or self._base_dir is None:
            return path
        return self._base_dir / path

    # --- convenience look-ups used by every stage ---------------------------------------
    def palette_colour(self, colour_id: str) -> PaletteColour:
        return next(c for c in self.palette if c.id == colour_id)

    def scheme(self, scheme_id: str) -> ColourScheme:
        return next(s for s in self.colour_schemes if s.id == scheme_id)

    def scheme_colours(self, scheme_id: str) -> ColourScheme:
        """The scheme with every role resolved from a palette id to its #RRGGBB value."""
        scheme = self.scheme(scheme_id)
        return scheme.model_copy(update={
            role: self.palette_colour(colour_id).hex for role, colour_id in scheme.roles().items()
        })

    def layout(self, layout_id: str) -> Layout:
        return next(lay for lay in self.layouts if lay.id == layout_id)

    def clauses(self) -> dict[str, Clause]:
        """Every rule-bearing block by its stable id."""
        found: dict[str, Clause] = {}

        def walk(node: object) -> None:
            if isinstance(node, Clause):
                found[node.id] = node
            if isinstance(node, BaseModel):
                for name in type(node).model_fields:
                    walk(getattr(node, name))
            elif isinstance(node, list | tuple):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                for item in node.values():
                    walk(item)

        walk(self)
        return found
