"""`flyer template check`: the shipped template passes; each doctored copy fails with the right
finding; unreadable input exits 2 with a clear message and no traceback."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Mm

from assistant.guideline import EMU_PER_MM, Guideline
from assistant.pptx.template_build import NS
from assistant.pptx.template_check import (
    TemplateFinding,
    TemplateReadError,
    check_template,
    run_template_check,
)
from tests.conftest import run_cli

STANDARD = "KC 標準"


@pytest.fixture(scope="module")
def shipped(guideline: Guideline) -> Path:
    return guideline.asset_path(guideline.template.file)


def doctor_pptx(src: Path, dst: Path, change: Callable[[Presentation], None]) -> Path:
    prs = Presentation(str(src))
    change(prs)
    prs.save(str(dst))
    return dst


def doctor_member(src: Path, dst: Path, member: str,
                  change: Callable[[etree._Element], None]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            zout.writestr(info, data)
    return dst


def layout_named(prs: Presentation, name: str):  # noqa: ANN201 - python-pptx type
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def shape_named(prs: Presentation, layout: str, name: str):  # noqa: ANN201
    return next(s for s in layout_named(prs, layout).placeholders if s.name == name)


def codes(findings: list[TemplateFinding]) -> set[str]:
    return {f.code for f in findings}


# --- the shipped template --------------------------------------------------------------
def test_shipped_template_passes(shipped: Path, guideline: Guideline) -> None:
    assert check_template(shipped, guideline) == []


def test_cli_passes_on_shipped_template(shipped: Path) -> None:
    result = run_cli("template", "check", shipped)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_check_does_not_change_the_file(shipped: Path, guideline: Guideline, tmp_path: Path
                                        ) -> None:
    copy = tmp_path / "copy.pptx"
    shutil.copy2(shipped, copy)
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    check_template(copy, guideline)
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


# --- one doctoring per test --------------------------------------------------------------
def test_wrong_slide_size(shipped: Path, guideline: Guideline, tmp_path: Path) -> None:
    def letter(prs: Presentation) -> None:
        prs.slide_width, prs.slide_height = Mm(215.9), Mm(279.4)

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", letter), guideline)
    assert codes(findings) == {"TPL001"}
    assert "215.9×279.4mm" in findings[0].message and "210×297mm" in findings[0].message


def test_missing_layout(shipped: Path, guideline: Guideline, tmp_path: Path) -> None:
    missing = guideline.layouts[1].template_layout

    def drop(prs: Presentation) -> None:
        prs.slide_layouts.remove(layout_named(prs, missing))

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", drop), guideline)
    assert [(f.code, f.layout) for f in findings] == [("TPL002", missing)]


def test_missing_required_placeholder(shipped: Path, guideline: Guideline, tmp_path: Path
                                      ) -> None:
    def drop_body(prs: Presentation) -> None:
        element = shape_named(prs, STANDARD, "Body")._element
        element.getparent().remove(element)

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", drop_body), guideline)
    assert [(f.code, f.layout, f.placeholder) for f in findings] == [
        ("TPL003", STANDARD, "Body")]


def test_theme_colour_off_palette(shipped: Path, guideline: Guideline, tmp_path: Path) -> None:
    def green(theme: etree._Element) -> None:
        theme.find(".//a:clrScheme/a:accent2/a:srgbClr", NS).set("val", "00FF00")

    doctored = doctor_member(shipped, tmp_path / "d.pptx", "ppt/theme/theme1.xml", green)
    findings = check_template(doctored, guideline)
    assert codes(findings) == {"TPL004"}
    assert "accent2" in findings[0].message and "#00FF00" in findings[0].message


def test_theme_colour_within_delta_e_passes(shipped: Path, guideline: Guideline,
                                            tmp_path: Path) -> None:
    def nudge(theme: etree._Element) -> None:  # one step off ajisai_blue: still on palette
        theme.find(".//a:clrScheme/a:accent1/a:srgbClr", NS).set("val", "3B56A5")

    doctored = doctor_member(shipped, tmp_path / "d.pptx", "ppt/theme/theme1.xml", nudge)
    assert check_template(doctored, guideline) == []


def test_theme_ea_font_changed(shipped: Path, guideline: Guideline, tmp_path: Path) -> None:
    def mincho(theme: etree._Element) -> None:
        theme.find(".//a:fontScheme/a:minorFont/a:ea", NS).set("typeface", "ＭＳ Ｐ明朝")

    doctored = doctor_member(shipped, tmp_path / "d.pptx", "ppt/theme/theme1.xml", mincho)
    findings = check_template(doctored, guideline)
    assert codes(findings) == {"TPL005"}
    assert "ＭＳ Ｐ明朝" in findings[0].message and "ea" in findings[0].message
    assert "本文" in findings[0].message


def test_logo_slot_too_small(shipped: Path, guideline: Guideline, tmp_path: Path) -> None:
    def shrink(prs: Presentation) -> None:
        logo = shape_named(prs, STANDARD, "Logo")
        scale = (guideline.logo.min_width_mm - 5) / (logo.width / EMU_PER_MM)
        right = logo.left + logo.width
        logo.width, logo.height = round(logo.width * scale), round(logo.height * scale)
        logo.left = right - logo.width

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", shrink), guideline)
    assert [(f.code, f.layout, f.placeholder) for f in findings] == [
        ("TPL007", STANDARD, "Logo")]
    assert f"{guideline.logo.min_width_mm:g}mm 以上" in findings[0].message


def test_logo_slot_outside_allowed_zone(shipped: Path, guideline: Guideline, tmp_path: Path
                                        ) -> None:
    def to_middle(prs: Presentation) -> None:  # right edge, halfway down the page
        logo = shape_named(prs, STANDARD, "Logo")
        logo.top = round(prs.slide_height / 2)

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", to_middle), guideline)
    zone = [f for f in findings if f.code == "TPL008"]
    assert [(f.layout, f.placeholder) for f in zone] == [(STANDARD, "Logo")]
    allowed = guideline.layout("standard").logo_positions
    assert all(guideline.logo.position(p).name_ja in zone[0].message for p in allowed)
    # moving it there can only add clear-space findings for what it now sits on
    assert codes(findings) <= {"TPL008", "TPL009"}


def test_layout_with_logo_in_a_zone_it_does_not_allow(shipped: Path, guideline: Guideline
                                                      ) -> None:
    """Same rule seen from the guideline: the shipped top-right slot, only bottom-left allowed."""
    layouts = [lay.model_copy(update={"logo_positions": ["bottom_left"]})
               if lay.id == "standard" else lay for lay in guideline.layouts]
    strict = guideline.model_copy(update={"layouts": layouts})
    findings = check_template(shipped, strict)
    assert [(f.code, f.layout) for f in findings] == [("TPL008", STANDARD)]


def test_placeholder_in_logo_clear_space(shipped: Path, guideline: Guideline, tmp_path: Path
                                         ) -> None:
    def widen(prs: Presentation) -> None:
        headline = shape_named(prs, STANDARD, "Headline")
        headline.width += Mm(8)

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", widen), guideline)
    assert [(f.code, f.layout, f.placeholder) for f in findings] == [
        ("TPL009", STANDARD, "Headline")]


def test_placeholder_outside_safe_margin(shipped: Path, guideline: Guideline, tmp_path: Path
                                         ) -> None:
    def nudge_left(prs: Presentation) -> None:
        body = shape_named(prs, STANDARD, "Body")
        body.left = Mm(guideline.margins.safe_mm / 2)

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", nudge_left), guideline)
    assert [(f.code, f.layout, f.placeholder) for f in findings] == [
        ("TPL010", STANDARD, "Body")]
    assert f"{guideline.margins.safe_mm:g}mm" in findings[0].message


def test_logo_slot_that_is_not_a_picture(shipped: Path, guideline: Guideline, tmp_path: Path
                                         ) -> None:
    def to_text(prs: Presentation) -> None:
        shape_named(prs, STANDARD, "Logo")._element.find(".//p:ph", NS).set("type", "body")

    findings = check_template(doctor_pptx(shipped, tmp_path / "d.pptx", to_text), guideline)
    assert [(f.code, f.placeholder) for f in findings] == [("TPL006", "Logo")]


def test_cli_prints_file_layout_message_and_exits_1(shipped: Path, guideline: Guideline,
                                                    tmp_path: Path) -> None:
    def nudge_left(prs: Presentation) -> None:
        shape_named(prs, STANDARD, "Body").left = 0

    doctored = doctor_pptx(shipped, tmp_path / "doctored.pptx", nudge_left)
    result = run_cli("template", "check", doctored)
    assert result.returncode == 1
    assert f"{doctored}: {STANDARD}: [TPL010] Body: " in result.stdout
    assert "Traceback" not in result.stderr


def test_missing_slide_size_is_a_finding_not_a_crash(shipped: Path, guideline: Guideline,
                                                    tmp_path: Path) -> None:
    def drop_size(root: etree._Element) -> None:
        root.remove(root.find("p:sldSz", NS))

    doctored = doctor_member(shipped, tmp_path / "d.pptx", "ppt/presentation.xml", drop_size)
    findings = check_template(doctored, guideline)
    assert codes(findings) == {"TPL001"} and "書かれていません" in findings[0].message


def test_unparsable_theme_is_a_finding_not_a_crash(shipped: Path, guideline: Guideline,
                                                   tmp_path: Path) -> None:
    broken = tmp_path / "d.pptx"
    with zipfile.ZipFile(shipped) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, b"<a:theme" if info.filename == "ppt/theme/theme1.xml" else data)
    findings = check_template(broken, guideline)
    assert [(f.code, f.layout) for f in findings] == [("TPL004", "(全体)")]


# --- unreadable input --------------------------------------------------------------------
def _legacy_ppt(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def _zip_without_pptx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a presentation")
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda p: p, "見つかりません"),
    "empty": (lambda p: (p.write_bytes(b""), p)[1], "空です"),
    "text": (lambda p: (p.write_text("hello", encoding="utf-8"), p)[1], ".pptx）のファイルではありません"),
    "legacy_ppt": (_legacy_ppt, "古い形式"),
    "zip_not_pptx": (_zip_without_pptx, "開けません"),
    "directory": (lambda p: (p.mkdir(), p)[1], "フォルダー"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_exits_2(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = BAD_INPUTS[kind]
    path = make(tmp_path / f"{kind}.pptx")
    assert run_template_check(path, None) == 2
    err = capsys.readouterr().err
    assert expected in err and str(path) in err


def test_bad_input_raises_read_error_for_reuse(tmp_path: Path, guideline: Guideline) -> None:
    with pytest.raises(TemplateReadError):
        check_template(_legacy_ppt(tmp_path / "old.ppt"), guideline)


def test_cli_legacy_ppt_has_no_traceback(tmp_path: Path) -> None:
    result = run_cli("template", "check", _legacy_ppt(tmp_path / "old.ppt"))
    assert result.returncode == 2
    assert "古い形式" in result.stderr and "Traceback" not in result.stderr


def test_every_finding_code_is_documented(repo_root: Path) -> None:
    import re

    import assistant.pptx.template_check as module

    used = set(re.findall(r'code="(TPL\d{3})"', Path(module.__file__).read_text(encoding="utf-8")))
    readme = (repo_root / "templates" / "pptx" / "README.md").read_text(encoding="utf-8")
    assert used and all(f"| {code} |" in readme for code in used), sorted(used)
