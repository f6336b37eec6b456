"""Layout: Japanese line breaking, fitting with real font metrics, logo placement."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.draft.offline import OfflineDrafter
from assistant.event import event_from_dict, load_event
from assistant.guideline.model import EMU_PER_MM
from assistant.layout import LayoutError, plan_flyer
from assistant.layout.geometry import Box, clear_space, mm, place_logo, safe_box, zone_box
from assistant.layout.linebreak import NO_LINE_END, NO_LINE_START, break_units, phrases, wrap
from assistant.layout.text_fit import fit_flow, fit_phrased, font_metrics, sizes
from assistant.paths import PROJECT_ROOT

EVENTS = sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))


def char_width(s: str) -> float:
    return float(len(s))


# --- line breaking ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "北上市の桜は、とてもきれいです。みんなで見に行きましょう！「展勝地」（北上市）へ。",
    "ちょっとまって……ほんとうに？ゴール！ワークショップ、スタート。",
    "参加費は「無料」です。（申し込みは不要）ー以上ー",
])
@pytest.mark.parametrize("width", [3, 4, 5, 7, 11])
def test_kinsoku_no_forbidden_line_start_or_end(text: str, width: int) -> None:
    lines = wrap(text, width, char_width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, lines


def test_latin_words_numbers_and_units_stay_together() -> None:
    units = break_units("KitaComing! の 2026年 https://example.jp/a を見てね")
    assert "KitaComing! " in units
    assert any(u.startswith("2026年") for u in units)
    assert any(u.startswith("https://example.jp/a") for u in units)


def test_phrases_follow_budoux_and_join_to_the_text() -> None:
    text = "親子で楽しむ！春の自然観察会"
    parts = phrases(text)
    assert "".join(parts) == text
    assert parts[0] == "親子で"


# --- fitting ------------------------------------------------------------------------------

def test_real_metrics_proportional_font(guideline) -> None:
    metrics = font_metrics(guideline)
    assert metrics.width_em("あ") == pytest.approx(0.98, abs=0.01)
    assert metrics.width_em("i") < metrics.width_em("W") < metrics.width_em("北")
    # autospace between Japanese and Latin is counted
    assert metrics.width_em("10時") > metrics.width_em("10") + metrics.width_em("時")


def test_sizes_never_below_role_minimum(guideline) -> None:
    for role in guideline.typography.roles.values():
        found = sizes(role)
        assert found[0] == role.max_pt and found[-1] == role.min_pt
        assert min(found) >= role.min_pt


def test_phrased_title_breaks_between_phrases(guideline) -> None:
    metrics = font_metrics(guideline, bold=True)
    text = "親子で楽しむ！春の自然観察会"
    fit = fit_phrased(text, metrics, 54, 1.1, mm(190), 3, phrase_only=True)
    assert fit is not None and len(fit.lines) == 2
    assert fit.lines == ["親子で楽しむ！", "春の自然観察会"]
    assert fit.width_emu <= mm(190)


def test_flow_predicts_at_least_as_many_lines_as_fit(guideline) -> None:
    metrics = font_metrics(guideline)
    text = "北上の森や川で、春の草花や生き物を観察します。" * 6
    fit = fit_flow(text, metrics, 12, 1.5, mm(100))
    for line in fit.lines:
        assert metrics.width_emu(line, 12) <= mm(100)
    assert fit.height_emu == len(fit.lines) * fit.line_pitch_emu


def test_long_text_that_cannot_fit_names_the_field(guideline) -> None:
    event = load_event(PROJECT_ROOT / "examples" / "event.json")
    draft = OfflineDrafter().draft(event, guideline, 1).drafts[0]
    # more than EventInfo would accept: the layout must still refuse, not overflow
    crowded = event.model_copy(update={"bring": "雨具、" * 150, "application": "電話、" * 150})
    with pytest.raises(LayoutError) as caught:
        plan_flyer(crowded, draft, guideline)
    assert caught.value.field == "details"
    assert "短くしてください" in caught.value.message_ja


def test_unbreakable_url_too_long_is_reported(guideline) -> None:
    data = {"title": "テスト", "date": "2026-05-01", "start_time": "10:00", "venue": "北上市",
            "organizer": "北上市", "contact": {"department": "北上市", "phone": "0197-64-2111"},
            "url": "https://example.jp/" + "a" * 200}
    event = event_from_dict(data)
    draft = OfflineDrafter().draft(event, guideline, 1).drafts[0]
    with pytest.raises(LayoutError) as caught:
        plan_flyer(event, draft, guideline)
    assert caught.value.field == "url"


# --- logo ----------------------------------------------------------------------------------

def test_logo_placement_in_zone_and_safe_area(guideline) -> None:
    for position in guideline.logo.positions:
        box = place_logo(guideline, position.id, 2.5, mm(guideline.logo.min_width_mm))
        assert zone_box(guideline, position).contains(box)
        assert safe_box(guideline).contains(box)
        assert box.w / box.h == pytest.approx(2.5, rel=1e-3)
        margin = guideline.logo.clear_space_ratio * box.h
        assert clear_space(guideline, box) == box.expanded(round(margin))


def _variants(guideline, path: Path):
    event = load_event(path)
    return event, OfflineDrafter().draft(event, guideline, guideline.draft.variants_max).drafts


@pytest.mark.parametrize("path", EVENTS, ids=lambda p: p.stem)
def test_plans_keep_logo_rules_and_safe_area(guideline, path: Path) -> None:
    event, drafts = _variants(guideline, path)
    for draft in drafts:
        plan = plan_flyer(event, draft, guideline)
        zone = zone_box(guideline, guideline.logo.position(plan.logo_position))
        assert zone.contains(plan.logo.box) and plan.safe.contains(plan.logo.box)
        assert plan.logo.box.w >= guideline.logo.min_width_mm * EMU_PER_MM
        for name, box in plan.content_boxes():
            assert plan.safe.contains(box), name
            assert not box.intersects(plan.logo_clear), name
        for block in plan.texts:
            role = guideline.typography.roles[block.role]
            for paragraph in block.paragraphs:
                assert paragraph.line_spacing >= role.line_spacing_min
                for run in paragraph.runs:
                    assert role.min_pt <= run.size_pt <= role.max_pt, block.name
        dark = plan.logo_variant == "white"
        from assistant.colour import relative_luminance
        assert dark == (relative_luminance(plan.logo_background)
                        < guideline.logo.dark_background_luminance)


def test_boxes_do_not_overlap(guideline) -> None:
    event, drafts = _variants(guideline, PROJECT_ROOT / "examples" / "event.json")
    for draft in drafts:
        plan = plan_flyer(event, draft, guideline)
        boxes: list[tuple[str, Box]] = [(t.name, t.box) for t in plan.texts]
        boxes += [(p.name, p.box) for p in plan.pictures]
        for i, (name, box) in enumerate(boxes):
            for other, other_box in boxes[i + 1:]:
                assert not box.intersects(other_box), (name, other)


def test_long_description_moves_the_logo_before_changing_layout(guideline) -> None:
    event = load_event(PROJECT_ROOT / "tests" / "data" / "events" / "long-description-800.json")
    draft = OfflineDrafter().draft(event, guideline, 1).drafts[0].model_copy(
        update={"layout": "notice", "logo_position": "top_right"})
    plan = plan_flyer(event, draft, guideline)
    assert plan.layout_id == "notice" and plan.logo_position != "top_right"
    assert plan.notes_ja and "ロゴ" in plan.notes_ja[0]
    body = plan.text("Body")
    assert body is not None and body.paragraphs[0].text in event.description
    assert sum(len(p.text) for p in body.paragraphs) >= len(event.description.replace("\n", ""))
