"""End to end: a flyer from `make_flyer` lints clean, and each typical mistake a person makes
when editing it by hand in PowerPoint yields the expected rule code.

The mutations are done the way PowerPoint would store them (python-pptx + lxml on a copy of
the generated file), and the linter re-reads the saved file.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from assistant.event import load_event
from assistant.guideline import EMU_PER_MM, Guideline
from assistant.lint.api import lint_file
from assistant.make import make_flyer
from assistant.paths import PROJECT_ROOT

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.fixture(scope="module")
def compliant_flyer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.guideline import load_guideline

    out = tmp_path_factory.mktemp("flyer")
    event = load_event(PROJECT_ROOT / "examples" / "event.json")
    result = make_flyer(event, load_guideline(), variants=1, out_dir=out, render=False,
                        offline=True)
    return result.outputs[0].pptx


def shape_named(slide, name: str):  # noqa: ANN001, ANN201 - python-pptx objects
    return next(s for s in slide.shapes if s.name == name)


def mutate(src: Path, dst: Path, change: Callable[..., None]) -> Path:
    prs = Presentation(str(src))
    change(prs, prs.slides[0])
    prs.save(str(dst))
    return dst


def first_run(shape):  # noqa: ANN001, ANN201
    return next(r for p in shape.text_frame.paragraphs for r in p.runs if r.text.strip())


# --- the mutations --------------------------------------------------------------------------

def stretch_logo(prs, slide) -> None:  # noqa: ANN001
    logo = shape_named(slide, "Logo")
    logo.height = Emu(int(logo.height * 1.4))


def recolour_logo(prs, slide) -> None:  # noqa: ANN001
    """Replace the logo's pixels with a hue-shifted copy (what 'recolour in an editor' does)."""
    logo = shape_named(slide, "Logo")
    image = Image.open(io.BytesIO(logo.image.blob)).convert("RGBA")
    solid = Image.new("RGBA", image.size, (230, 150, 30, 255))  # paint every mark orange
    recoloured = Image.composite(solid, image, image.getchannel("A").point(lambda v: 255 * (v > 0)))
    recoloured.putalpha(image.getchannel("A"))
    buf = io.BytesIO()
    recoloured.save(buf, format="PNG")
    image_part = logo.part.related_part(logo._element.blipFill.blip.rEmbed)
    image_part._blob = buf.getvalue()


def move_logo_to_middle(prs, slide) -> None:  # noqa: ANN001
    logo = shape_named(slide, "Logo")
    logo.left = Emu((prs.slide_width - logo.width) // 2)
    logo.top = Emu((prs.slide_height - logo.height) // 2)


def text_into_clear_space(prs, slide) -> None:  # noqa: ANN001
    logo = shape_named(slide, "Logo")
    box = slide.shapes.add_textbox(logo.left, logo.top + logo.height + Emu(EMU_PER_MM),
                                   logo.width, Emu(8 * EMU_PER_MM))
    box.name = "Note"
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "ここに注記"
    run.font.size = Pt(12)
    run.font.name = "BIZ UDPゴシック"
    _set_ea(run, "BIZ UDPゴシック")


def off_palette_colour(prs, slide) -> None:  # noqa: ANN001
    first_run(shape_named(slide, "Body")).font.color.rgb = RGBColor(0x00, 0xA0, 0x40)


def shape_into_margin(prs, slide) -> None:  # noqa: ANN001
    body = shape_named(slide, "Body")
    body.left = Emu(6 * EMU_PER_MM)  # inside the 10 mm safe margin, outside the 3 mm trim zone


def seven_point_text(prs, slide) -> None:  # noqa: ANN001
    first_run(shape_named(slide, "Body")).font.size = Pt(7)


def disallowed_font(prs, slide) -> None:  # noqa: ANN001
    run = first_run(shape_named(slide, "Body"))
    run.font.name = "Comic Sans MS"
    _set_ea(run, "HG創英角ポップ体")


def low_contrast_text(prs, slide) -> None:  # noqa: ANN001
    for paragraph in shape_named(slide, "Body").text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor(0xE9, 0xED, 0xF8)  # うすあじさい on white


def wrong_weekday(prs, slide) -> None:  # noqa: ANN001
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                if "（土）" in run.text or "(土)" in run.text:
                    run.text = run.text.replace("（土）", "（金）").replace("(土)", "(金)")
                    return
    raise AssertionError("the example flyer has no Saturday date to break")


def _set_ea(run, typeface: str) -> None:  # noqa: ANN001
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(f"{{{A_NS}}}ea"):
        rpr.remove(old)
    ea = etree.SubElement(rpr, f"{{{A_NS}}}ea")
    ea.set("typeface", typeface)
    latin = rpr.find(f"{{{A_NS}}}latin")
    if latin is not None:  # schema order: latin, ea, cs
        latin.addnext(ea)


MUTATIONS = [
    ("stretched-logo", stretch_logo, "L003"),
    ("recoloured-logo", recolour_logo, "L002"),
    ("logo-in-forbidden-position", move_logo_to_middle, "L009"),
    ("text-in-clear-space", text_into_clear_space, "L008"),
    ("off-palette-colour", off_palette_colour, "C001"),
    ("shape-into-margin", shape_into_margin, "M001"),
    ("7pt-text", seven_point_text, "T002"),
    ("disallowed-font", disallowed_font, "T001"),
    ("low-contrast-text", low_contrast_text, "C002"),
    ("wrong-weekday", wrong_weekday, "I002"),
]


def test_generated_flyer_is_clean(compliant_flyer: Path, guideline: Guideline) -> None:
    report = lint_file(compliant_flyer, guideline)
    errors = [f"{f.rule} {f.message}" for f in report.findings if f.severity == "error"]
    assert errors == []
    assert report.passed
    assert report.rule_errors == []


@pytest.mark.parametrize(("name", "change", "code"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutation_is_caught(compliant_flyer: Path, guideline: Guideline, tmp_path: Path,
                            name: str, change: Callable[..., None], code: str) -> None:
    mutated = mutate(compliant_flyer, tmp_path / f"{name}.pptx", change)
    report = lint_file(mutated, guideline)
    codes = {f.rule for f in report.findings}
    assert code in codes, f"{name}: expected {code}, got {sorted(codes)}"
    assert not report.passed
    assert report.rule_errors == []


def test_shipped_template_has_no_false_alarms(guideline: Guideline) -> None:
    """Rules about the template itself (file, fonts, colours) find nothing in it."""
    report = lint_file(guideline.asset_path(guideline.template.file), guideline,
                       select=["F", "C", "T"])
    assert [f.rule for f in report.findings if f.severity == "error"] == []


HAND_TEXTS = {
    "Title": "北上市民 秋の音楽会",
    "Headline": "音楽の秋を楽しもう",
    "Catch": "みんなで音楽を楽しみませんか？",
    "Body": "市内の合唱団と吹奏楽団が出演します。どなたでも聴くことができます。",
    "Details": "日時　2026年10月17日（土）午後2時～午後4時\n会場　さくらホール 大ホール\n参加費　無料",
    "Contact": "主催　北上市\n問い合わせ　北上市 文化振興課\n電話　0197-64-2111",
    "Brand": "KitaComing! 北上市 ～やっぱり北上だよ～\n#やっぱり北上だよね #KitaComing",
}


def hand_made_flyer(guideline: Guideline, out: Path, logo_variant: str) -> Path:
    """What a person does in PowerPoint: new slide on a template layout, type into the
    placeholders, insert the logo into its slot, delete the unused placeholders."""
    prs = Presentation(str(guideline.asset_path(guideline.template.file)))
    layout = next(lay for lay in prs.slide_layouts
                  if lay.name == guideline.layout("standard").template_layout)
    names = {ph.placeholder_format.idx: ph.name for ph in layout.placeholders}
    slide = prs.slides.add_slide(layout)
    for ph in list(slide.placeholders):
        role = names.get(ph.placeholder_format.idx)
        if role in HAND_TEXTS:
            ph.text_frame.text = HAND_TEXTS[role]
        elif role == "Logo":
            ph.insert_picture(str(guideline.asset_path(guideline.logo.variant(logo_variant).file)))
        else:
            ph._element.getparent().remove(ph._element)
    prs.save(str(out))
    return out


def test_hand_made_flyer_from_the_template_is_clean(guideline: Guideline, tmp_path: Path) -> None:
    """Placeholders keep their template sizes; roles come from the layout placeholder names
    even though PowerPoint renames the slide copies ("Text Placeholder 8")."""
    report = lint_file(hand_made_flyer(guideline, tmp_path / "hand.pptx", "colour"), guideline)
    assert [f"{f.rule} {f.message}" for f in report.findings if f.severity == "error"] == []


def test_hand_made_flyer_with_white_logo_on_white_is_caught(guideline: Guideline,
                                                             tmp_path: Path) -> None:
    report = lint_file(hand_made_flyer(guideline, tmp_path / "hand.pptx", "white"), guideline)
    assert "L010" in {f.rule for f in report.findings}
