"""L rules: each has a failing and a passing case built on the compliant flyer."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from assistant.lint.api import lint_file
from assistant.lint.logo_match import opaque_copy_variant, worth_opaque_comparison
from assistant.lint.model import Fill, Line
from assistant.lint.rules._common import logo_pictures
from tests.lint_fixtures import (
    LOGO_PART,
    Flyer,
    box,
    codes,
    compliant_flyer,
    context,
    image_bytes,
    logo_image,
    picture,
    rect,
    run_rule,
    text_shape,
    write_pptx,
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


# --- opaque copies: the logo pasted with its background (JPEG, web page, screenshot) ----------
NAVY = (0x1E, 0x3A, 0x5F)
WHITE = (255, 255, 255)
PHOTO = Path(__file__).parent / "data" / "photos" / "kitakami-landscape.jpg"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "python-pptx"


def on_background(logo: Image.Image, colour: tuple[int, int, int], margin: float = 0.0
                  ) -> Image.Image:
    """The logo composited on an opaque background, `margin` x its height on every side."""
    pad = round(logo.height * margin)
    canvas = Image.new("RGBA", (logo.width + 2 * pad, logo.height + 2 * pad), (*colour, 255))
    canvas.alpha_composite(logo.convert("RGBA"), (pad, pad))
    return canvas.convert("RGB")


def with_logo_picture(guideline, image: Image.Image, fmt: str = "JPEG", name: str = "Picture 3",
                      alt: str = "") -> Flyer:
    """The compliant flyer whose logo picture is replaced by `image` (a plain name, no alt)."""
    flyer = compliant_flyer(guideline)
    flyer.parts[LOGO_PART] = image_bytes(image, fmt)
    logo = flyer.shape("Logo")
    height = round(logo.box.w * image.height / image.width)
    flyer.replace("Logo", name=name, box=logo.box.model_copy(update={"h": height}),
                  picture=logo.picture.model_copy(update={
                      "alt_text": alt, "width_px": image.width, "height_px": image.height,
                      "content_type": f"image/{fmt.lower()}"}))
    return flyer


def test_jpeg_of_the_logo_on_white_is_an_unofficial_copy(guideline):
    flyer = with_logo_picture(guideline, on_background(logo_image(guideline, "colour"), WHITE))
    unofficial = run_rule("L002", flyer, guideline)
    assert codes(unofficial) == ["L002"]
    assert "公式のロゴファイルではありません" in unofficial[0].message
    assert "背景" in unofficial[0].message and "JPEG" in unofficial[0].message
    assert guideline.logo.variant("colour").file in unofficial[0].message  # how to fix
    missing = run_rule("L001", flyer, guideline)
    assert codes(missing) == ["L001"]  # the official file is still missing
    assert "公式ロゴがありません" not in missing[0].message
    assert "「Picture 3」" in missing[0].message and "L002" in missing[0].message


def test_white_logo_on_navy_jpeg_is_an_unofficial_copy(guideline):
    flyer = with_logo_picture(guideline, on_background(logo_image(guideline, "white"), NAVY))
    unofficial = run_rule("L002", flyer, guideline)
    assert codes(unofficial) == ["L002"]
    assert guideline.logo.variant("white").name_ja in unofficial[0].message


def test_screenshot_of_the_logo_resized_and_blurred_is_an_unofficial_copy(guideline):
    shot = on_background(logo_image(guideline, "colour"), WHITE, margin=0.3)
    shot = shot.resize((shot.width // 4, shot.height // 4), Image.Resampling.BILINEAR)
    shot = shot.filter(ImageFilter.GaussianBlur(0.8))
    flyer = with_logo_picture(guideline, Image.open(io.BytesIO(image_bytes(shot, "JPEG"))), "PNG")
    assert codes(run_rule("L002", flyer, guideline)) == ["L002"]


def test_opaque_copy_found_by_its_name_despite_a_wide_margin(guideline):
    wide = on_background(logo_image(guideline, "mono"), (250, 240, 220), margin=1.5)
    flyer = with_logo_picture(guideline, wide, name="Picture 3", alt="KitaComing! ロゴ")
    assert worth_opaque_comparison(wide.width / wide.height, guideline) is False
    message = run_rule("L002", flyer, guideline)[0].message
    assert guideline.logo.variant("mono").name_ja in message and "背景" in message


def test_recognised_copy_is_told_from_the_variant_it_copies(guideline):
    for variant, background in (("colour", WHITE), ("mono", WHITE), ("white", NAVY),
                                ("colour", NAVY)):
        copy = on_background(logo_image(guideline, variant), background, margin=0.2)
        found = opaque_copy_variant(copy, guideline)
        assert found is not None and found.id == variant, (variant, background)


def test_landscape_photo_is_not_a_logo_even_when_named_as_one(guideline):
    with Image.open(PHOTO) as photo:
        photo.load()
        panorama = photo.crop((0, photo.height // 3, photo.width,
                               photo.height // 3 + photo.width * 669 // 2400))
        for image, alt in ((photo, "写真"), (panorama, "写真"), (photo, "ロゴの写真")):
            flyer = with_logo_picture(guideline, image.convert("RGB"), alt=alt)
            assert run_rule("L002", flyer, guideline) == [], alt
            assert opaque_copy_variant(image, guideline) is None


def test_photo_is_not_decoded_for_the_logo_search(guideline):
    flyer = compliant_flyer(guideline)
    with Image.open(PHOTO) as photo:
        flyer.parts["/ppt/media/photo.jpg"] = PHOTO.read_bytes()
        flyer.shapes.append(picture("Photo", "/ppt/media/photo.jpg", photo, (10, 150, 120, 80)))
    ctx = context(guideline, flyer.parts)
    assert [logo.shape.name for logo in logo_pictures(ctx, flyer.deck().slides[0])] == ["Logo"]
    assert not ctx.cache.get("images.thumbs") and "/ppt/media/photo.jpg" not in \
        ctx.cache.get("images.decoded", {})


def test_other_opaque_logos_are_not_taken_for_ours(guideline):
    colour = logo_image(guideline, "colour")
    font = ImageFont.truetype(str(guideline.asset_path("assets/fonts/BIZUDPGothic-Bold.ttf")), 150)
    others = {"mirrored": on_background(ImageOps.mirror(colour), WHITE),
              "lettering only": on_background(colour.crop((colour.width * 3 // 10, 0,
                                                           colour.width, colour.height)), WHITE)}
    for text, ink in (("KitaComing!", (58, 86, 165)), ("北上商工会", (30, 58, 95))):
        drawn = Image.new("RGB", (1200, 334), WHITE)
        ImageDraw.Draw(drawn).text((40, 80), text, font=font, fill=ink)
        others[text] = drawn
    for label, image in others.items():
        flyer = with_logo_picture(guideline, image, name="sponsor-logo", alt="協賛企業のロゴ")
        assert run_rule("L002", flyer, guideline) == [], label


def corpus_pictures() -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(CORPUS.glob("*.pptx")):
        with zipfile.ZipFile(path) as package:
            found += [(f"{path.name}:{name}", package.read(name)) for name in package.namelist()
                      if name.startswith("ppt/media/") and not name.endswith((".wmf", ".emf"))]
    return found


def test_corpus_pictures_are_not_logos_even_when_named_as_one(guideline):
    pictures = corpus_pictures()
    if not pictures:
        pytest.skip(f"shared corpus not present: {CORPUS}")
    for label, data in pictures:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                size = image.size
        except OSError:
            continue  # not a picture Pillow reads (e.g. a movie)
        flyer = compliant_flyer(guideline)
        flyer.parts["/ppt/media/other"] = data
        flyer.shapes.append(picture("Picture 9", "/ppt/media/other", Image.new("RGB", size),
                                    (10, 150, 120, 80), alt="協賛企業のロゴ"))
        ctx = context(guideline, flyer.parts)
        names = [logo.shape.name for logo in logo_pictures(ctx, flyer.deck().slides[0])]
        assert names == ["Logo"], label


def test_jpeg_copy_in_a_real_file_is_reported_as_unofficial(guideline, tmp_path):
    flyer = with_logo_picture(guideline, on_background(logo_image(guideline, "colour"), WHITE))
    path = write_pptx(flyer, tmp_path / "flyer.pptx")
    report = lint_file(path, guideline)
    logo_codes = sorted(f.rule for f in report.findings if f.rule.startswith("L"))
    assert logo_codes == ["L001", "L002"]
