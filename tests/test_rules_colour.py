"""C rules: palette, contrast against the real background, colour vision, colour count."""

from __future__ import annotations

from PIL import Image

from assistant.lint.model import Fill, Line
from tests.lint_fixtures import codes, compliant_flyer, image_bytes, picture, rect, run_rule


def test_compliant_flyer_has_no_colour_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("C001", "C002", "C003", "C004"):
        assert run_rule(code, flyer, guideline) == [], code


def test_off_palette_fill_text_and_line(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Band", fill=Fill(kind="solid", colour="#FF00FF"))
    assert codes(run_rule("C001", flyer, guideline)) == ["C001"]
    flyer = compliant_flyer(guideline)
    body = flyer.shape("Body")
    runs = [r.model_copy(update={"colour": "#00A000"}) for r in body.text.paragraphs[0].runs]
    paragraph = body.text.paragraphs[0].model_copy(update={"runs": runs})
    flyer.replace("Body", text=body.text.model_copy(update={"paragraphs": [paragraph]}))
    assert codes(run_rule("C001", flyer, guideline)) == ["C001"]
    flyer = compliant_flyer(guideline)
    flyer.replace("Body", line=Line(colour="#FFD700", width_emu=12700))
    assert codes(run_rule("C001", flyer, guideline)) == ["C001"]


def test_colour_near_the_palette_is_accepted(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Band", fill=Fill(kind="solid", colour="#3B57A6"))  # ΔE about 0.3
    assert run_rule("C001", flyer, guideline) == []


def _recolour_title(flyer, colour):
    title = flyer.shape("Title")
    runs = [r.model_copy(update={"colour": colour}) for r in title.text.paragraphs[0].runs]
    paragraph = title.text.paragraphs[0].model_copy(update={"runs": runs})
    flyer.replace("Title", text=title.text.model_copy(update={"paragraphs": [paragraph]}))


def test_contrast_against_the_band_behind_the_text(guideline):
    flyer = compliant_flyer(guideline)
    _recolour_title(flyer, guideline.palette_colour("ajisai_purple").hex)  # on ajisai blue
    assert codes(run_rule("C002", flyer, guideline)) == ["C002"]


def test_contrast_uses_the_shapes_own_fill(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Title", fill=Fill(kind="solid", colour=guideline.palette_colour("white").hex))
    assert codes(run_rule("C002", flyer, guideline)) == ["C002"]  # white on white
    flyer.replace("Title", fill=Fill(kind="solid", colour=guideline.palette_colour("ink").hex))
    assert run_rule("C002", flyer, guideline) == []


def test_contrast_on_a_photo_takes_the_worst_part(guideline):
    flyer = compliant_flyer(guideline)
    photo = Image.new("RGB", (1900, 400), (20, 30, 60))
    photo.paste((250, 250, 245), (0, 0, 500, 400))  # light where the title's first characters are
    flyer.shapes.insert(1, picture("Photo", "/ppt/media/photo.png", photo, (10, 20, 190, 40)))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)
    assert codes(run_rule("C002", flyer, guideline)) == ["C002"]


def test_contrast_on_a_photo_only_where_the_text_is(guideline):
    flyer = compliant_flyer(guideline)
    photo = Image.new("RGB", (1900, 400), (20, 30, 60))
    photo.paste((250, 250, 245), (1500, 0, 1900, 400))  # light far right, the title is short
    flyer.shapes.insert(1, picture("Photo", "/ppt/media/photo.png", photo, (10, 20, 190, 40)))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)
    assert run_rule("C002", flyer, guideline) == []


def test_large_text_threshold(guideline):
    flyer = compliant_flyer(guideline)
    # grey #767676-ish on white passes for large text (3:1) but not for body text (4.5:1)
    flyer.replace("Band", fill=Fill(kind="solid", colour="#FFFFFF"))
    _recolour_title(flyer, "#949494")  # about 3.0:1, title is 40 pt
    assert run_rule("C002", flyer, guideline) == []
    body = flyer.shape("Body")
    runs = [r.model_copy(update={"colour": "#949494"}) for r in body.text.paragraphs[0].runs]
    paragraph = body.text.paragraphs[0].model_copy(update={"runs": runs})
    flyer.replace("Body", text=body.text.model_copy(update={"paragraphs": [paragraph]}))
    assert codes(run_rule("C002", flyer, guideline)) == ["C002"]


def test_red_on_green_is_hard_to_tell_apart(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Band", fill=Fill(kind="solid", colour="#2F7A4F"))  # leaf green
    _recolour_title(flyer, "#B5451B")  # sunset orange
    assert codes(run_rule("C003", flyer, guideline)) == ["C003"]


def test_too_many_colours(guideline):
    flyer = compliant_flyer(guideline)
    palette = [c.hex for c in guideline.palette]
    for i, colour in enumerate(palette):
        flyer.shapes.append(rect(f"Swatch {i}", (20 + 15 * i, 200, 10, 10), colour))
    assert codes(run_rule("C004", flyer, guideline)) == ["C004"]


def test_transparent_parts_of_a_picture_show_what_is_below(guideline):
    flyer = compliant_flyer(guideline)
    # a transparent picture (one opaque corner dot) under the dark body text on white: the
    # text is read against the white page, not against black "transparent" pixels
    overlay = Image.new("RGBA", (1900, 400), (0, 0, 0, 0))
    overlay.paste((250, 250, 250, 255), (1800, 350, 1900, 400))
    flyer.shapes.insert(1, picture("Overlay", "/ppt/media/overlay.png", overlay,
                                   (10, 70, 190, 40), alt="飾り"))
    flyer.parts["/ppt/media/overlay.png"] = image_bytes(overlay)
    assert run_rule("C002", flyer, guideline) == []
    overlay.paste((30, 30, 30, 255), (0, 0, 1900, 400))  # now opaque and dark
    flyer.parts["/ppt/media/overlay.png"] = image_bytes(overlay)
    assert codes(run_rule("C002", flyer, guideline)) == ["C002"]
