"""L rules: each has a failing and a passing case built on the compliant flyer."""

from __future__ import annotations

from PIL import Image, ImageOps

from assistant.lint.model import Fill, Line
from tests.lint_fixtures import (
    LOGO_PART,
    box,
    codes,
    compliant_flyer,
    image_bytes,
    logo_image,
    picture,
    rect,
    run_rule,
    text_shape,
)


def test_compliant_flyer_has_no_logo_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("L001", "L002", "L003", "L004", "L005", "L006", "L007", "L008", "L009", "L010"):
        assert run_rule(code, flyer, guideline) == [], code


def test_missing_logo(guideline):
    flyer = compliant_flyer(guideline).remove("Logo")
    assert codes(run_rule("L001", flyer, guideline)) == ["L001"]


def test_recoloured_logo_is_not_official(guideline):
    flyer = compliant_flyer(guideline)
    colour = logo_image(guideline, "colour")
    red, green, blue, alpha = colour.split()
    swapped = Image.merge("RGBA", (blue, green, red, alpha))  # same shape, other colours
    flyer.parts[LOGO_PART] = image_bytes(swapped)
    flyer.replace("Logo", name="Picture 3", picture=flyer.shape("Logo").picture.model_copy(
        update={"alt_text": ""}))
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]  # caught by its silhouette
    assert codes(run_rule("L001", flyer, guideline)) == ["L001"]


def test_greyscale_copy_named_logo_is_not_official(guideline):
    flyer = compliant_flyer(guideline)
    colour = logo_image(guideline, "colour")
    grey = ImageOps.grayscale(colour.convert("RGB")).convert("RGBA")
    grey.putalpha(colour.getchannel("A"))
    flyer.parts[LOGO_PART] = image_bytes(grey)
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]


def test_cropped_file_named_logo_is_not_official(guideline):
    flyer = compliant_flyer(guideline)
    white = logo_image(guideline, "white")
    flyer.parts[LOGO_PART] = image_bytes(white.crop((0, 0, white.width // 2, white.height)))
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]


def test_flower_cut_out_of_the_logo_is_caught_by_its_silhouette(guideline):
    flyer = compliant_flyer(guideline)
    colour = logo_image(guideline, "colour")
    flower = colour.crop((0, 0, colour.width * 3 // 10, colour.height))
    flyer.shapes.append(picture("Picture 9", "/ppt/media/flower.png", flower, (20, 250, 20, 20),
                                alt="あじさいの花"))
    flyer.parts["/ppt/media/flower.png"] = image_bytes(flower)
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]


def test_unrelated_photo_is_not_a_logo(guideline):
    flyer = compliant_flyer(guideline)
    photo = Image.new("RGB", (1200, 900), (40, 120, 60))
    flyer.shapes.append(picture("Photo", "/ppt/media/photo.png", photo, (10, 150, 120, 80)))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)
    assert run_rule("L002", flyer, guideline) == []


def test_stretched_logo(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    flyer.replace("Logo", box=logo.box.model_copy(update={"h": round(logo.box.h * 1.1)}))
    assert codes(run_rule("L003", flyer, guideline)) == ["L003"]


def test_crop_with_matching_box_is_still_forbidden(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    # crop 20 % off the right and shrink the box by as much: aspect kept, crop not allowed
    flyer.replace("Logo", picture=logo.picture.model_copy(update={"crop": (0, 0, 0.2, 0)}),
                  box=logo.box.model_copy(update={"w": round(logo.box.w * 0.8)}))
    assert run_rule("L003", flyer, guideline) == []
    assert codes(run_rule("L004", flyer, guideline)) == ["L004"]


def test_crop_that_distorts(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    flyer.replace("Logo", picture=logo.picture.model_copy(update={"crop": (0, 0, 0.2, 0)}))
    assert codes(run_rule("L003", flyer, guideline)) == ["L003"]


def test_rotated_and_flipped_logo(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    flyer.replace("Logo", box=logo.box.model_copy(update={"rotation": 5.0, "flip_h": True}))
    assert codes(run_rule("L005", flyer, guideline)) == ["L005", "L005"]


def test_logo_effects_and_recolour(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    flyer.replace("Logo", effects=["shadow"])
    assert codes(run_rule("L006", flyer, guideline)) == ["L006"]
    flyer.replace("Logo", effects=[], line=Line(colour="#222222", width_emu=12700))
    assert "枠線" in run_rule("L006", flyer, guideline)[0].message
    flyer.replace("Logo", line=Line(), picture=logo.picture.model_copy(
        update={"recolour": ["grayscale"]}))
    assert codes(run_rule("L006", flyer, guideline)) == ["L006"]


def test_logo_below_minimum_width(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    scale = (guideline.logo.min_width_mm - 1) / (logo.box.w / 36000)
    flyer.replace("Logo", box=logo.box.model_copy(
        update={"w": round(logo.box.w * scale), "h": round(logo.box.h * scale)}))
    assert codes(run_rule("L007", flyer, guideline)) == ["L007"]


def test_text_inside_clear_space(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    gap = logo.box.h * guideline.logo.clear_space_ratio / 2  # half the clear space below it
    y = (logo.box.bottom + gap) / 36000
    flyer.shapes.append(text_shape("Note", "ちゅうい", (10, y, 190, 10), fill=None))
    assert codes(run_rule("L008", flyer, guideline)) == ["L008"]


def test_backdrop_band_is_not_an_intruder_but_a_shape_on_top_is(guideline):
    flyer = compliant_flyer(guideline)
    assert run_rule("L008", flyer, guideline) == []
    logo = flyer.shape("Logo")
    flyer.shapes.append(rect("Star", tuple(v / 36000 for v in (  # type: ignore[arg-type]
        logo.box.x - 36000, logo.box.y, 36000 * 2, 36000 * 2)), "#3A56A5"))
    assert codes(run_rule("L008", flyer, guideline)) == ["L008"]


def test_logo_outside_allowed_positions(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    middle = box(80, 140, logo.box.w / 36000, logo.box.h / 36000)
    flyer.replace("Logo", box=middle)
    assert codes(run_rule("L009", flyer, guideline)) == ["L009"]


def test_position_allowed_by_another_layout_only(guideline):
    flyer = compliant_flyer(guideline)
    logo = flyer.shape("Logo")
    top_left = box(12, 12, logo.box.w / 36000, logo.box.h / 36000)
    flyer.replace("Logo", box=top_left)
    assert codes(run_rule("L009", flyer, guideline)) == ["L009"]  # "KC 標準": right only
    flyer.layout_name = "KC 写真"
    assert run_rule("L009", flyer, guideline) == []


def test_unknown_layout_allows_the_positions_of_every_official_layout(guideline):
    flyer = compliant_flyer(guideline)
    flyer.layout_name = "自作のレイアウト"
    logo = flyer.shape("Logo")
    allowed = {p for layout in guideline.layouts for p in layout.logo_positions}
    unused = [p for p in guideline.logo.positions if p.id not in allowed]
    assert unused, "the shipped guideline has a position no layout uses"
    x0, y0, _x1, _y1 = unused[0].zone
    width, height = logo.box.w / 36000, logo.box.h / 36000
    inside = box(max(x0 * 210, 12), min(max(y0 * 297, 12), 297 - 12 - height), width, height)
    flyer.replace("Logo", box=inside)
    assert codes(run_rule("L009", flyer, guideline)) == ["L009"]


def test_colour_logo_on_dark_band(guideline):
    flyer = compliant_flyer(guideline)
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "colour"))
    assert codes(run_rule("L010", flyer, guideline)) == ["L010"]


def test_white_logo_on_light_background(guideline):
    flyer = compliant_flyer(guideline)
    flyer.replace("Band", fill=Fill(kind="solid", colour=guideline.palette_colour("cream").hex))
    assert codes(run_rule("L010", flyer, guideline)) == ["L010"]
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "colour"))
    assert run_rule("L010", flyer, guideline) == []


def test_logo_on_dark_photo_needs_white(guideline):
    flyer = compliant_flyer(guideline).remove("Band")
    photo = Image.new("RGB", (2100, 900), (20, 30, 50))
    flyer.shapes.insert(0, picture("Photo", "/ppt/media/photo.png", photo, (0, 0, 210, 90)))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)
    assert run_rule("L010", flyer, guideline) == []
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "mono"))
    assert codes(run_rule("L010", flyer, guideline)) == ["L010"]


def test_partner_logo_is_not_taken_for_ours(guideline):
    flyer = compliant_flyer(guideline)
    partner = Image.new("RGB", (600, 300), (200, 40, 40))
    flyer.shapes.append(picture("sponsor-logo", "/ppt/media/partner.png", partner,
                                (120, 250, 40, 20), alt="協賛企業のロゴ"))
    flyer.parts["/ppt/media/partner.png"] = image_bytes(partner)
    assert run_rule("L002", flyer, guideline) == []


def test_city_logo_by_alt_text_is_checked(guideline):
    flyer = compliant_flyer(guideline)
    drawn = Image.new("RGBA", (600, 200), (58, 86, 165, 255))
    flyer.shapes.append(picture("Picture 9", "/ppt/media/drawn.png", drawn, (120, 250, 40, 13),
                                alt="北上市のロゴ"))
    flyer.parts["/ppt/media/drawn.png"] = image_bytes(drawn)
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]


def test_logo_on_a_dark_slide_background_picture(guideline):
    flyer = compliant_flyer(guideline).remove("Band")
    night = Image.new("RGB", (420, 594), (15, 20, 40))
    flyer.parts["/ppt/media/night.png"] = image_bytes(night)
    flyer.background = Fill(kind="picture", image_part="/ppt/media/night.png")
    assert run_rule("L010", flyer, guideline) == []  # the white logo suits the night sky
    flyer.parts[LOGO_PART] = image_bytes(logo_image(guideline, "colour"))
    assert codes(run_rule("L010", flyer, guideline)) == ["L010"]
