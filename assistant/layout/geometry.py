"""Page geometry in EMU: boxes, the safe area, logo zones, placement and clear space."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assistant.guideline.model import EMU_PER_MM, Guideline, LogoPosition


class Box(BaseModel):
    """An axis-aligned rectangle in EMU, page coordinates (origin at the trim's top left)."""

    model_config = ConfigDict(frozen=True)

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @classmethod
    def from_edges(cls, left: int, top: int, right: int, bottom: int) -> Box:
        return cls(x=left, y=top, w=right - left, h=bottom - top)

    def contains(self, other: Box) -> bool:
        return (other.x >= self.x and other.y >= self.y
                and other.right <= self.right and other.bottom <= self.bottom)

    def intersects(self, other: Box) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def inset(self, by: int) -> Box:
        return Box(x=self.x + by, y=self.y + by, w=self.w - 2 * by, h=self.h - 2 * by)

    def expanded(self, by: int) -> Box:
        return self.inset(-by)

    def mm(self) -> tuple[float, float, float, float]:
        return tuple(round(v / EMU_PER_MM, 1) for v in (self.x, self.y, self.w, self.h))  # type: ignore[return-value]


def mm(value: float) -> int:
    return round(value * EMU_PER_MM)


def page_box(guideline: Guideline) -> Box:
    return Box(x=0, y=0, w=guideline.page.width_emu, h=guideline.page.height_emu)


def bleed_box(guideline: Guideline) -> Box:
    """The page plus its bleed: where full-bleed backgrounds are drawn."""
    return page_box(guideline).expanded(mm(guideline.page.bleed_mm))


def safe_box(guideline: Guideline) -> Box:
    return page_box(guideline).inset(mm(guideline.margins.safe_mm))


def zone_box(guideline: Guideline, position: LogoPosition) -> Box:
    page = page_box(guideline)
    x0, y0, x1, y1 = position.zone
    return Box.from_edges(round(x0 * page.w), round(y0 * page.h),
                          round(x1 * page.w), round(y1 * page.h))


def intersection(a: Box, b: Box) -> Box | None:
    left, top = max(a.x, b.x), max(a.y, b.y)
    right, bottom = min(a.right, b.right), min(a.bottom, b.bottom)
    if right <= left or bottom <= top:
        return None
    return Box.from_edges(left, top, right, bottom)


class LogoPlacementError(ValueError):
    """The logo cannot be placed at this position with the guideline's minimum size."""


def place_logo(guideline: Guideline, position_id: str, aspect: float, width_emu: int) -> Box:
    """The logo box (aspect = width / height of the PNG) in the corner of its zone that lies
    towards the page edge, inside the safe area. Raises LogoPlacementError if it cannot fit."""
    position = guideline.logo.position(position_id)
    zone = zone_box(guideline, position)
    area = intersection(zone, safe_box(guideline))
    if width_emu < mm(guideline.logo.min_width_mm):
        raise LogoPlacementError("logo narrower than the guideline's minimum width")
    height = round(width_emu / aspect)
    if area is None or area.w < width_emu or area.h < height:
        raise LogoPlacementError(f"logo does not fit in zone {position_id}")
    page = page_box(guideline)
    zone_centre_x = (zone.x + zone.right) / 2
    zone_centre_y = (zone.y + zone.bottom) / 2
    x = area.right - width_emu if zone_centre_x > page.w / 2 else area.x
    y = area.bottom - height if zone_centre_y > page.h / 2 else area.y
    return Box(x=x, y=y, w=width_emu, h=height)


def clear_space(guideline: Guideline, logo: Box) -> Box:
    """The logo box grown by clear_space_ratio × its height on every side."""
    return logo.expanded(round(guideline.logo.clear_space_ratio * logo.h))


def logo_is_top(guideline: Guideline, position_id: str) -> bool:
    zone = guideline.logo.position(position_id).zone
    return (zone[1] + zone[3]) / 2 < 0.5


def logo_is_right(guideline: Guideline, position_id: str) -> bool:
    zone = guideline.logo.position(position_id).zone
    return (zone[0] + zone[2]) / 2 > 0.5
