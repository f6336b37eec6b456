"""F rules: page size, number of slides, official template."""

from __future__ import annotations

from tests.lint_fixtures import codes, compliant_flyer, run_rule


def test_compliant_flyer_has_no_file_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("F001", "F002", "F003"):
        assert run_rule(code, flyer, guideline) == [], code


def test_wrong_page_size(guideline):
    flyer = compliant_flyer(guideline)
    flyer.size_mm = (254.0, 190.5)  # 4:3 slide
    assert codes(run_rule("F001", flyer, guideline)) == ["F001"]


def test_size_within_tolerance(guideline):
    flyer = compliant_flyer(guideline)
    flyer.size_mm = (guideline.page.width_mm + guideline.page.tolerance_mm / 2,
                     guideline.page.height_mm)
    assert run_rule("F001", flyer, guideline) == []


def test_too_many_slides_uses_its_own_severity(guideline):
    flyer = compliant_flyer(guideline)
    flyer.slides = guideline.page.max_slides + 1
    findings = run_rule("F002", flyer, guideline)
    assert codes(findings) == ["F002"]
    assert findings[0].severity == guideline.page.max_slides_severity


def test_not_built_on_the_template(guideline):
    flyer = compliant_flyer(guideline)
    flyer.layout_name = "タイトル スライド"
    findings = run_rule("F003", flyer, guideline)
    assert codes(findings) == ["F003"]
    assert findings[0].severity == guideline.template.severity


def test_theme_of_another_template(guideline):
    flyer = compliant_flyer(guideline)
    flyer.theme_name = "Office Theme"
    findings = run_rule("F003", flyer, guideline)
    assert codes(findings) == ["F003"] and "Office Theme" in findings[0].message


def test_master_of_another_template(guideline):
    flyer = compliant_flyer(guideline)
    flyer.master_name = "Office Theme"
    assert codes(run_rule("F003", flyer, guideline)) == ["F003"]
