"""A rules: alternative text and print resolution."""

from __future__ import annotations

from PIL import Image

from tests.lint_fixtures import codes, compliant_flyer, image_bytes, picture, run_rule


def _with_photo(guideline, pixels=(1800, 1200), at=(10, 150, 120, 80), **extra):
    flyer = compliant_flyer(guideline)
    photo = Image.new("RGB", pixels, (90, 120, 160))
    flyer.shapes.append(picture("Photo", "/ppt/media/photo.png", photo, at, **extra))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)
    return flyer


def test_compliant_flyer_has_no_image_findings(guideline):
    flyer = _with_photo(guideline)
    assert run_rule("A001", flyer, guideline) == []
    assert run_rule("A002", flyer, guideline) == []


def test_picture_without_alt_text(guideline):
    flyer = _with_photo(guideline, alt="")
    assert codes(run_rule("A001", flyer, guideline)) == ["A001"]


def test_decorative_picture_needs_no_alt_text(guideline):
    flyer = _with_photo(guideline, alt="")
    photo = flyer.shape("Photo")
    flyer.replace("Photo", picture=photo.picture.model_copy(update={"decorative": True}))
    assert run_rule("A001", flyer, guideline) == []


def test_low_resolution_at_printed_size(guideline):
    min_dpi = guideline.images.resolution.min_dpi
    width_mm = 120
    pixels = int(width_mm / 25.4 * min_dpi * 0.8)  # 80 % of the needed pixels
    flyer = _with_photo(guideline, pixels=(pixels, pixels * 2 // 3))
    assert codes(run_rule("A002", flyer, guideline)) == ["A002"]


def test_crop_lowers_the_resolution(guideline):
    min_dpi = guideline.images.resolution.min_dpi
    pixels = int(120 / 25.4 * min_dpi * 1.2)  # enough when shown whole
    flyer = _with_photo(guideline, pixels=(pixels, pixels * 2 // 3))
    assert run_rule("A002", flyer, guideline) == []
    photo = flyer.shape("Photo")
    flyer.replace("Photo", picture=photo.picture.model_copy(update={"crop": (0.25, 0.25, 0.25, 0.25)}))
    assert codes(run_rule("A002", flyer, guideline)) == ["A002"]
