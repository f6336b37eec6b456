"""Layout: spare space on a flyer with little text is spread out, not poured into the band."""

from __future__ import annotations

import pytest

from assistant.draft.offline import OfflineDrafter
from assistant.event import load_event
from assistant.layout import plan_flyer
from assistant.layout.geometry import mm
from assistant.layout.models import LayoutPlan
from assistant.layout.plan import PANEL_PAD_MM
from assistant.paths import PROJECT_ROOT

EVENTS = PROJECT_ROOT / "tests" / "data" / "events"


def planned(guideline, name: str, logo_position: str | None = None) -> LayoutPlan:
    event = load_event(EVENTS / name)
    draft = OfflineDrafter().draft(event, guideline, 1).drafts[0]
    if logo_position:
        draft = draft.model_copy(update={"logo_position": logo_position})
    return plan_flyer(event, draft, guideline)


def shape(plan: LayoutPlan, name: str):
    return next(s for s in plan.shapes if s.name == name)


def text(plan: LayoutPlan, name: str):
    return next(t for t in plan.texts if t.name == name)


@pytest.mark.parametrize("name", ["minimal.json", "short-title.json"])
@pytest.mark.parametrize("logo_position", ["top_right", "bottom_right"])
def test_short_text_keeps_band_to_a_third_and_spreads_the_rest(guideline, name: str,
                                                               logo_position: str) -> None:
    plan = planned(guideline, name, logo_position)
    band, panel = shape(plan, "Band"), shape(plan, "Panel")
    footer = shape(plan, "Band Bottom")
    catch, body = text(plan, "Catch"), text(plan, "Body")
    assert band.box.bottom <= plan.page.h / 3 + 1
    above_catch = catch.box.y - band.box.bottom
    above_panel = panel.box.y - body.box.bottom
    above_footer = footer.box.y - panel.box.bottom
    # the gaps around the groups are even (integer EMU division: a few EMU apart) ...
    assert max(above_catch, above_panel, above_footer) - min(
        above_catch, above_panel, above_footer) <= 10
    # ... and wider than the gap that keeps the catch with the text under it
    assert body.box.y - catch.box.bottom < above_catch


def test_details_panel_grows_in_height_not_in_side_padding(guideline) -> None:
    plan = planned(guideline, "short-title.json")
    panel, details = shape(plan, "Panel"), text(plan, "Details")
    side_pad = details.box.x - panel.box.x
    assert side_pad == mm(PANEL_PAD_MM)  # the rows keep their width, so their size
    assert details.box.y - panel.box.y > side_pad
