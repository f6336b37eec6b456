"""T rules: fonts, minimum sizes by role, line spacing, number of sizes."""

from __future__ import annotations

from assistant.lint.model import Paragraph
from tests.lint_fixtures import box, codes, compliant_flyer, run, run_rule, text_shape


def test_compliant_flyer_has_no_typography_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("T001", "T002", "T003", "T004"):
        assert run_rule(code, flyer, guideline) == [], code


def _set_runs(flyer, name, runs):
    shape = flyer.shape(name)
    paragraph = shape.text.paragraphs[0].model_copy(update={"runs": runs})
    flyer.replace(name, text=shape.text.model_copy(update={"paragraphs": [paragraph]}))


def test_disallowed_east_asian_font(guideline):
    flyer = compliant_flyer(guideline)
    _set_runs(flyer, "Body", [run("花火を見ましょう。", font_ea="ＭＳ 明朝")])
    findings = run_rule("T001", flyer, guideline)
    assert codes(findings) == ["T001"] and "ＭＳ 明朝" in findings[0].message


def test_latin_font_only_matters_for_latin_characters(guideline):
    flyer = compliant_flyer(guideline)
    japanese_only = run("花火を見ましょう。").model_copy(update={"font_latin": "Arial"})
    _set_runs(flyer, "Body", [japanese_only])
    assert run_rule("T001", flyer, guideline) == []
    _set_runs(flyer, "Body", [japanese_only.model_copy(update={"text": "花火 Fireworks"})])
    assert codes(run_rule("T001", flyer, guideline)) == ["T001"]


def test_runs_of_spaces_are_ignored(guideline):
    flyer = compliant_flyer(guideline)
    _set_runs(flyer, "Body", [run("花火"), run("  ", font="Calibri", size=6), run("大会")])
    assert run_rule("T001", flyer, guideline) == []
    assert run_rule("T002", flyer, guideline) == []


def test_body_text_below_its_role_minimum(guideline):
    body_min = guideline.typography.roles["body"].min_pt
    flyer = compliant_flyer(guideline)
    _set_runs(flyer, "Body", [run("花火を見ましょう。", size=body_min - 1)])
    assert codes(run_rule("T002", flyer, guideline)) == ["T002"]


def test_title_role_by_name_has_its_own_minimum(guideline):
    title_min = guideline.typography.roles["title"].min_pt
    flyer = compliant_flyer(guideline)
    _set_runs(flyer, "Title", [run("北上夏まつり", size=title_min - 2, colour="#FFFFFF")])
    assert codes(run_rule("T002", flyer, guideline)) == ["T002"]


def test_caption_may_be_small_but_not_below_the_absolute_minimum(guideline):
    caption = guideline.typography.roles["caption"]
    absolute = guideline.typography.min_size.absolute_min_pt
    flyer = compliant_flyer(guideline)
    flyer.shapes.append(text_shape("QR Label", "くわしくはこちら", (150, 220, 50, 10),
                                   size=caption.min_pt, spacing=1.0))
    assert run_rule("T002", flyer, guideline) == []
    flyer.replace("QR Label", name="Text 9")  # unnamed: body rules apply
    assert codes(run_rule("T002", flyer, guideline)) == ["T002"]
    flyer.replace("Text 9", name="QR Label")
    _set_runs(flyer, "QR Label", [run("くわしくはこちら", size=absolute - 1)])
    assert codes(run_rule("T002", flyer, guideline)) == ["T002"]


def test_tight_line_spacing_on_wrapped_body_text(guideline):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    tight = body.text.paragraphs[0].model_copy(update={"line_spacing": 1.0})
    flyer.replace("Body", text=body.text.model_copy(update={"paragraphs": [tight]}),
                  box=box(10, 70, 80, 40))  # narrow: the sentence wraps
    assert codes(run_rule("T003", flyer, guideline)) == ["T003"]


def test_single_line_paragraph_spacing_does_not_matter(guideline):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    tight = body.text.paragraphs[0].model_copy(update={"line_spacing": 1.0})
    flyer.replace("Body", text=body.text.model_copy(update={"paragraphs": [tight]}))
    assert run_rule("T003", flyer, guideline) == []


def test_fixed_point_spacing_is_compared_as_a_multiple(guideline):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    size = body.text.paragraphs[0].runs[0].size_pt
    fixed = Paragraph(runs=body.text.paragraphs[0].runs, line_spacing_pt=size * 1.2)
    flyer.replace("Body", text=body.text.model_copy(update={"paragraphs": [fixed]}),
                  box=box(10, 70, 80, 40))
    assert codes(run_rule("T003", flyer, guideline)) == ["T003"]


def test_too_many_sizes(guideline):
    limit = guideline.typography.max_sizes.limit
    flyer = compliant_flyer(guideline)
    _set_runs(flyer, "Body", [run(f"{i}", size=20 + i) for i in range(limit + 1)])
    assert codes(run_rule("T004", flyer, guideline)) == ["T004"]
