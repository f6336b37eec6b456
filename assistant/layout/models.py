"""The layout plan: everything the writer needs, fully decided (geometry in EMU)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.guideline.model import RoleName
from assistant.layout.geometry import Box


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Run(Frozen):
    text: str
    size_pt: float
    colour: str            # "#RRGGBB"
    bold: bool = False


class Paragraph(Frozen):
    runs: list[Run]
    line_spacing: float    # multiple of the font's line height (1.5 = 150 %)
    align: Literal["l", "ctr", "r"] = "l"
    space_before_pt: float = 0.0
    indent_emu: int = 0    # left margin of wrapped lines (marL); the first line hangs out
    right_indent_emu: int = 0  # right margin (marR): pulls a lone last character's line up
    tab_emu: int | None = None
    bullet: str | None = None
    bullet_colour: str | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class TextBlock(Frozen):
    """One text box. `lines` is the predicted wrapping (for tests and the look of the page)."""

    name: str              # shape name, as in docs/architecture.md
    role: RoleName
    box: Box
    paragraphs: list[Paragraph]
    lines: int
    anchor: Literal["t", "ctr", "b"] = "t"
    placeholder: str | None = None  # template placeholder to fill, when the layout has one


class ShapeBlock(Frozen):
    """A filled rectangle behind content (Band: full-bleed; Panel: inside the safe area)."""

    name: str
    box: Box
    fill: str
    rounded: bool = False
    full_bleed: bool = False


class PictureBlock(Frozen):
    name: str
    box: Box
    image: Path
    alt_text: str
    # fractions cut from each side of the image so it fills the box (photo only)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    placeholder: str | None = None


class LayoutPlan(Frozen):
    layout_id: str
    template_layout: str
    scheme_id: str
    logo_position: str
    logo_variant: str
    page: Box
    safe: Box
    background: str        # page colour "#RRGGBB"
    logo: PictureBlock
    logo_clear: Box
    logo_background: str   # colour behind the logo
    shapes: list[ShapeBlock] = Field(default_factory=list)
    texts: list[TextBlock] = Field(default_factory=list)
    pictures: list[PictureBlock] = Field(default_factory=list)
    qr_url: str | None = None
    qr_box: Box | None = None
    notes_ja: list[str] = Field(default_factory=list)  # e.g. why the layout was changed

    def text(self, name: str) -> TextBlock | None:
        return next((t for t in self.texts if t.name == name), None)

    def content_boxes(self) -> list[tuple[str, Box]]:
        """Every box that must stay out of the logo's clear space and inside the safe area."""
        boxes = [(t.name, t.box) for t in self.texts]
        boxes += [(p.name, p.box) for p in self.pictures]
        boxes += [(s.name, s.box) for s in self.shapes if not s.full_bleed]
        if self.qr_box is not None:
            boxes.append(("QR", self.qr_box))
        return boxes


class LayoutError(Exception):
    """Text that cannot fit even at the minimum size in any allowed layout."""

    def __init__(self, field: str, message_ja: str) -> None:
        super().__init__(message_ja)
        self.field = field
        self.message_ja = message_ja
