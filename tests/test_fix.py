"""--fix: each fixable problem is repaired in a copy; the input file never changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openxml_audit.validator import OpenXmlValidator

from assistant.event import load_event
from assistant.guideline import EMU_PER_MM, Guideline, load_guideline
from assistant.lint.api import lint_file
from assistant.lint.fix import FixError, fix_file
from assistant.lint.model import Fill, Line
from assistant.lint.reader import open_deck
from assistant.lint.rules._common import inset, logo_zone_boxes, page_box
from assistant.make import make_flyer
from assistant.paths import PROJECT_ROOT
from tests.lint_fixtures import (
    LOGO_PART,
    box,
    compliant_flyer,
    emu,
    image_bytes,
    lint_file_codes,
    logo_image,
    rect,
    run,
    text_shape,
    write_pptx,
)
from tests.test_mutations import move_logo_to_middle, mutate
from tests.test_ooxml_valid import TARGET, violations


def fix_and_check(flyer, guideline, tmp_path, expected: set[str]):
    source = write_pptx(flyer, tmp_path / "in.pptx")
    before = lint_file_codes(source, guideline)
    assert expected <= set(before), before
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = fix_file(source, guideline, tmp_path / "out.pptx")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # input untouched
    after = lint_file_codes(result.out_path, guideline)
    assert not expected & set(after), after
    assert expected <= {code for code, _text in result.fixed}
    return result, after


def test_compliant_file_needs_no_fix(guideline, tmp_path):
    source = write_pptx(compliant_flyer(guideline), tmp_path / "in.pptx")
    result = fix_file(source, guideline, tmp_path / "out.pptx")
    assert result.fixed == []
    assert lint_file_codes(result.out_path, guideline) == []


def test_refuses_to_overwrite_the_input(guideline, tmp_path):
    source = write_pptx(compliant_flyer(guideline), tmp_path / "in.pptx")
    with pytest.raises(FixError):
        fix_file(source, guideline, source)


def test_unwritable_output_is_a_clear_error(guideline, tmp_path):
    source = write_pptx(compliant_flyer(guideline), tmp_path / "in.pptx")
    with pytest.raises(FixError, match="書き込めません"):
        fix_file(source, guideline, tmp_path / "no-such-folder" / "out.pptx")


def test_default_output_name(guideline, tmp_path):
    source = write_pptx(compliant_flyer(guideline), tmp_path / "flyer.pptx")
    assert fix_file(source, guideline).out_path == str(tmp_path / "flyer.fixed.pptx")


def test_logo_geometry_and_effects_are_restored(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    flyer.replace("Logo", box=logo.box.model_copy(update={"h": round(logo.box.h * 1.3),
                                                         "rotation": 10.0}),
                  effects=["shadow"],
                  picture=logo.picture.model_copy(update={"crop": (0, 0, 0.1, 0),
                                                          "recolour": ["grayscale"]}))
    result, after = fix_and_check(flyer, guideline, tmp_path,
                                  {"L003", "L004", "L005", "L006"})
    assert after == []


def test_logo_outline_is_removed_not_recoloured(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.replace("Logo", line=Line(colour="#FF00FF", width_emu=25400))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"L006"})
    assert after == []  # C001 (the outline's colour) is gone with the outline


def test_logo_variant_is_swapped_for_the_background(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "colour"))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"L010"})
    assert after == []


def test_off_palette_colours_become_palette_colours(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.replace("Band", fill=Fill(kind="solid", colour="#3060C0"))
    body = flyer.shape("Body")
    runs = [r.model_copy(update={"colour": "#404040"}) for r in body.text.paragraphs[0].runs]
    flyer.replace("Body", line=Line(colour="#00A0A0", width_emu=12700), text=body.text.model_copy(
        update={"paragraphs": [body.text.paragraphs[0].model_copy(update={"runs": runs})]}))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"C001"})
    assert after == []


def test_fonts_and_sizes(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    small = guideline.typography.roles["body"].min_pt - 2
    runs = [run("夏の夜に、花火を見ましょう。", size=small, font="Arial", font_ea="ＭＳ 明朝")]
    flyer.replace("Body", text=body.text.model_copy(
        update={"paragraphs": [body.text.paragraphs[0].model_copy(update={"runs": runs})]}))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"T001", "T002"})
    assert after == []


def test_shape_in_the_margin_moves_inside(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.shapes.append(rect("Dot", (guideline.margins.safe_mm / 2, 170, 8, 8), "#3A56A5"))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"M001"})
    assert after == []


def test_text_close_to_the_trim_moves_inside(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.replace("Contact", box=box(-1, 240, 150, 20))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"M002"})
    assert after == []


def test_text_leaves_the_logo_clear_space(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    # left of the logo, reaching half-way into its clear space
    x = (logo.box.x - logo.box.h * guideline.logo.clear_space_ratio / 2) / 36000 - 35
    flyer.shapes.insert(2, text_shape("Note", "入場無料", (x, logo.box.y / 36000, 35, 9),
                                      size=14, colour="#FFFFFF", spacing=1.0))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"L008"})
    assert after == []


def test_logo_moves_into_an_allowed_position(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    # on the band, but left of the allowed top-right zone
    flyer.replace("Logo", box=logo.box.model_copy(update={"x": round(logo.box.x * 0.55)}))
    _result, after = fix_and_check(flyer, guideline, tmp_path, {"L009"})
    assert after == []


def test_grouped_shape_table_and_background_colours(guideline, tmp_path):
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Mm, Pt

    source = write_pptx(compliant_flyer(guideline), tmp_path / "in.pptx")
    prs = Presentation(str(source))
    slide = prs.slides[0]
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0xFF, 0xF0, 0xD0)
    group = slide.shapes.add_group_shape()
    star = group.shapes.add_shape(MSO_SHAPE.STAR_5_POINT, Mm(150), Mm(170), Mm(20), Mm(20))
    star.fill.solid()
    star.fill.fore_color.rgb = RGBColor(0xE0, 0x21, 0x8A)
    star.line.fill.background()
    table = slide.shapes.add_table(1, 2, Mm(20), Mm(200), Mm(100), Mm(15)).table
    for cell, text in zip(table.rows[0].cells, ("受付", "午前9時"), strict=True):
        cell.text = text
        run = cell.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(12)
        run.font.color.rgb = RGBColor(0x20, 0x60, 0xB0)
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    prs.save(str(source))
    assert "C001" in lint_file_codes(source, guideline)
    result = fix_file(source, guideline, tmp_path / "out.pptx")
    assert "C001" not in lint_file_codes(result.out_path, guideline)


def digest(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def generated_flyer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    event = load_event(PROJECT_ROOT / "examples" / "event.json")
    result = make_flyer(event, load_guideline(), variants=1, out_dir=out, render=False,
                        offline=True)
    return result.outputs[0].pptx


def test_logo_in_the_middle_goes_back_to_a_free_allowed_position(
        generated_flyer: Path, guideline: Guideline, tmp_path: Path) -> None:
    mutated = mutate(generated_flyer, tmp_path / "middle.pptx", move_logo_to_middle)
    before = {f.rule for f in lint_file(mutated, guideline).findings}
    assert {"L008", "L009"} <= before, before
    original = digest(mutated)
    result = fix_file(mutated, guideline, tmp_path / "middle.fixed.pptx")
    assert digest(mutated) == original  # the input is never written
    assert "L009" in {code for code, _text in result.fixed}
    assert result.not_fixed == []
    report = lint_file(result.out_path, guideline)
    errors = [f"{f.rule} {f.message}" for f in report.findings if f.severity == "error"]
    assert errors == []  # no L008/L009/L010 nor anything the move could have caused
    assert violations(OpenXmlValidator(file_format=TARGET, max_errors=0), result.out_path) == []


def test_moved_logo_gets_the_variant_for_its_new_background(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "colour"))
    logo = flyer.shape("Logo")
    # on the white page between the details and the contact: right variant, wrong place
    flyer.replace("Logo", box=logo.box.model_copy(update={"x": emu(80), "y": emu(200)}))
    result, after = fix_and_check(flyer, guideline, tmp_path, {"L009"})
    assert after == []
    assert "L010" in {code for code, _text in result.fixed}  # it now sits on the blue band


def test_logo_stays_and_is_reported_when_no_allowed_position_is_free(guideline, tmp_path):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    middle = logo.box.model_copy(update={"x": emu(80), "y": emu(200)})
    flyer.replace("Logo", box=middle)
    deck = flyer.deck()
    safe = inset(page_box(deck), emu(guideline.margins.safe_mm))
    # every allowed position is filled with text, up to the safe margin
    for number, (_name, zone) in enumerate(logo_zone_boxes(guideline, deck, deck.slides[0])):
        x, y = max(zone.x, safe.x), max(zone.y, safe.y)
        w, h = min(zone.right, safe.right) - x, min(zone.bottom, safe.bottom) - y
        flyer.shapes.append(text_shape(f"Notice {number}", "お知らせ",
                                       tuple(v / EMU_PER_MM for v in (x, y, w, h))))
    source = write_pptx(flyer, tmp_path / "in.pptx")
    assert "L009" in lint_file_codes(source, guideline)
    original = digest(source)
    result = fix_file(source, guideline, tmp_path / "out.pptx")
    assert digest(source) == original
    assert "L009" not in {code for code, _text in result.fixed}
    assert [code for code, _text in result.not_fixed] == ["L009"]
    assert "動かせません" in result.not_fixed[0][1]
    assert "L009" in lint_file_codes(result.out_path, guideline)
    deck, pkg = open_deck(result.out_path, guideline.images.max_pixels)
    pkg.close()
    kept = next(s for s in deck.slides[0].shapes if s.name == "Logo")
    assert (kept.box.x, kept.box.y) == (middle.x, middle.y)
