"""The rules on real .pptx files, read by the linter's reader: one mutation of the compliant
flyer per rule family member, written with python-pptx, must give exactly that finding."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from assistant.lint.model import Fill
from tests.lint_fixtures import (
    LOGO_PART,
    Flyer,
    box,
    compliant_flyer,
    image_bytes,
    lint_file_codes,
    logo_image,
    picture,
    rect,
    run,
    text_shape,
    write_pptx,
)


def _scale_logo(flyer: Flyer, guideline, **update) -> None:
    logo = flyer.shape("Logo")
    flyer.replace("Logo", box=logo.box.model_copy(update=update))


def _set_runs(flyer: Flyer, name: str, runs) -> None:
    shape = flyer.shape(name)
    paragraph = shape.text.paragraphs[0].model_copy(update={"runs": runs})
    flyer.replace(name, text=shape.text.model_copy(update={"paragraphs": [paragraph]}))


def _photo(flyer: Flyer, alt: str) -> None:
    photo = Image.new("RGB", (1800, 1200), (90, 120, 160))
    flyer.shapes.append(picture("Photo", "/ppt/media/photo.png", photo, (10, 165, 100, 66),
                                alt=alt))
    flyer.parts["/ppt/media/photo.png"] = image_bytes(photo)


def _crop_logo(flyer: Flyer, guideline) -> None:
    logo = flyer.shape("Logo")
    flyer.replace("Logo", picture=logo.picture.model_copy(update={"crop": (0, 0, 0.2, 0)}),
                  box=logo.box.model_copy(update={"w": round(logo.box.w * 0.8)}))


MUTATIONS: dict[str, tuple[Callable[[Flyer, object], None], list[str]]] = {
    "no logo": (lambda f, g: f.remove("Logo"), ["L001"]),
    "stretched logo": (lambda f, g: _scale_logo(f, g, h=round(f.shape("Logo").box.h * 0.85)),
                       ["L003"]),
    "cropped logo": (_crop_logo, ["L004"]),
    "rotated logo": (lambda f, g: _scale_logo(f, g, rotation=15.0), ["L005"]),
    "logo shadow": (lambda f, g: f.replace("Logo", effects=["shadow"]), ["L006"]),
    "greyscale logo": (lambda f, g: f.replace("Logo", picture=f.shape("Logo").picture.model_copy(
        update={"recolour": ["grayscale"]})), ["L006"]),
    "colour logo on the band": (lambda f, g: f.parts.update(
        {LOGO_PART: image_bytes(logo_image(g, "colour"))}), ["L010"]),
    "dot in the margin": (lambda f, g: f.shapes.append(rect("Dot", (4, 170, 6, 6), "#3A56A5")),
                          ["M001"]),
    "overflowing body": (lambda f, g: f.replace("Body", box=box(10, 70, 60, 10)), ["M003"]),
    "off-palette band": (lambda f, g: f.replace("Band", fill=Fill(kind="solid",
                                                                   colour="#E0218A")),
                         ["C001"]),
    "purple title on blue": (lambda f, g: _set_runs(f, "Title", [run(
        "北上夏まつり", 40, g.palette_colour("ajisai_purple").hex)]), ["C002", "C003"]),
    "Mincho body": (lambda f, g: _set_runs(f, "Body", [run("花火を見ましょう。",
                                                          font_ea="ＭＳ 明朝")]), ["T001"]),
    "small body": (lambda f, g: _set_runs(f, "Body", [run("花火を見ましょう。", 10)]), ["T002"]),
    "wrong weekday": (lambda f, g: f.shapes.append(text_shape(
        "Note", "8月2日（月）も開催", (10, 180, 120, 14))), ["I002"]),
    "24-hour time": (lambda f, g: f.shapes.append(text_shape(
        "Note", "18:30から", (10, 180, 120, 14))), ["I007"]),
    "photo without alt text": (lambda f, g: _photo(f, ""), ["A001"]),
    "two slides": (lambda f, g: setattr(f, "slides", 2), ["F002"]),
    "not the template": (lambda f, g: setattr(f, "layout_name", "Blank"), ["F003"]),
    "another theme": (lambda f, g: setattr(f, "theme_name", "Office Theme"), ["F003"]),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_mutation_of_a_real_file(mutation, guideline, tmp_path):
    change, expected = MUTATIONS[mutation]
    flyer = compliant_flyer(guideline)
    change(flyer, guideline)
    path = write_pptx(flyer, tmp_path / "flyer.pptx")
    found = lint_file_codes(path, guideline)
    if mutation == "two slides":  # every per-slide finding is then repeated, none is new
        assert "F002" in found and set(found) == {"F002"}
    else:
        assert found == expected


def test_compliant_real_file_is_clean(guideline, tmp_path):
    path = write_pptx(compliant_flyer(guideline), tmp_path / "flyer.pptx")
    assert lint_file_codes(path, guideline) == []
