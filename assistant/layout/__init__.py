"""Layout: deterministic page geometry in EMU with text fitted by real font metrics."""

from assistant.layout.models import LayoutError, LayoutPlan
from assistant.layout.plan import plan_flyer

__all__ = ["LayoutError", "LayoutPlan", "plan_flyer"]
