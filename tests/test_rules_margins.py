"""M rules and the text measurement behind overflow."""

from __future__ import annotations

from assistant.lint.model import Paragraph, TextFrame
from assistant.lint.text_metrics import Measurer
from tests.lint_fixtures import box, codes, compliant_flyer, rect, run, run_rule, text_shape


def test_compliant_flyer_has_no_margin_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("M001", "M002", "M003", "M004"):
        assert run_rule(code, flyer, guideline) == [], code


def test_shape_inside_margin_is_reported(guideline):
    flyer = compliant_flyer(guideline)
    safe = guideline.margins.safe_mm
    flyer.shapes.append(rect("Dot", (safe / 2, 150, 5, 5), "#3A56A5"))
    assert codes(run_rule("M001", flyer, guideline)) == ["M001"]


def test_full_bleed_background_is_excepted(guideline):
    flyer = compliant_flyer(guideline)
    flyer.shapes.append(rect("Footer band", (0, 280, 210, 17), "#3A56A5"))
    assert run_rule("M001", flyer, guideline) == []


def test_text_close_to_trim_is_its_own_error(guideline):
    flyer = compliant_flyer(guideline)
    trim = guideline.margins.trim_text_min_mm
    inset_mm = 91440 / 36000  # the default left inset
    flyer.replace("Contact", box=box(trim / 3 - inset_mm, 240, 150, 20))
    assert codes(run_rule("M002", flyer, guideline)) == ["M002"]
    assert run_rule("M001", flyer, guideline) == []  # reported once, as the stronger problem


def test_text_between_trim_and_safe_margin_is_m001(guideline):
    flyer = compliant_flyer(guideline)
    between = (guideline.margins.trim_text_min_mm + guideline.margins.safe_mm) / 2
    flyer.replace("Contact", box=box(between, 240, 150, 20))
    assert codes(run_rule("M001", flyer, guideline)) == ["M001"]
    assert run_rule("M002", flyer, guideline) == []


def test_long_japanese_text_overflows_a_small_frame(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Body", box=box(10, 70, 60, 12))  # 2 lines needed, room for 1
    assert codes(run_rule("M003", flyer, guideline)) == ["M003"]


def test_shape_autofit_never_overflows(guideline):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    flyer.replace("Body", box=box(10, 70, 60, 12),
                  text=body.text.model_copy(update={"autofit": "shape"}))
    assert run_rule("M003", flyer, guideline) == []


def test_no_wrap_line_overflows_sideways(guideline):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    flyer.replace("Body", box=box(10, 70, 60, 40),
                  text=body.text.model_copy(update={"wrap": False}))
    assert "横" in run_rule("M003", flyer, guideline)[0].message


def test_measurer_wraps_by_character_with_kinsoku(guideline):
    measurer = Measurer(guideline)
    size = 10.0
    width = measurer.width_pt([*measurer.glyphs(Paragraph(runs=[run("あいうえ", size)]))])
    # room for exactly four characters: 「あいうえ。」 must not start a line with 。
    lines = measurer.wrap(Paragraph(runs=[run("あいうえ。かき", size)]), width + 0.01)
    texts = ["".join(g.char for g in line) for line in lines]
    assert texts[0] == "あいう"
    assert texts[1].startswith("え。")


def test_measurer_keeps_latin_words_whole(guideline):
    measurer = Measurer(guideline)
    paragraph = Paragraph(runs=[run("KitaComing Kitakami City", 12)])
    two_words = Paragraph(runs=[run("KitaComing Kitakami", 12)])
    lines = measurer.wrap(paragraph, measurer.width_pt(measurer.glyphs(two_words)) - 1)
    assert ["".join(g.char for g in line).strip() for line in lines] == \
        ["KitaComing", "Kitakami City"]


def test_frame_height_uses_line_spacing(guideline):
    measurer = Measurer(guideline)
    single = TextFrame(paragraphs=[Paragraph(runs=[run("あ", 20)], line_spacing=1.0)] * 2)
    double = TextFrame(paragraphs=[Paragraph(runs=[run("あ", 20)], line_spacing=2.0)] * 2)
    assert measurer.frame_height_pt(double, 500) == 2 * measurer.frame_height_pt(single, 500)


def test_overlapping_text(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Details", box=box(10, 75, 190, 40))  # lands on the body text
    assert codes(run_rule("M004", flyer, guideline)) == ["M004"]


def test_empty_parts_of_frames_may_overlap(guideline):
    flyer = compliant_flyer(guideline)
    # the body frame is 40 mm high but holds one line; details start below that line
    flyer.replace("Details", box=box(10, 85, 190, 40))
    assert run_rule("M004", flyer, guideline) == []


def test_text_on_a_band_is_not_an_overlap(guideline):
    flyer = compliant_flyer(guideline)
    flyer.shapes.append(text_shape("Note", "雨天決行", (10, 200, 80, 12)))
    assert run_rule("M004", flyer, guideline) == []
