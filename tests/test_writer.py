"""PPTX writer: every test event becomes a file with all facts, right weekdays, Japanese
fonts on every run, an untouched logo and no empty placeholders; it lints with zero errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from assistant.draft.offline import OfflineDrafter
from assistant.event import WEEKDAYS_JA, load_event
from assistant.layout import plan_flyer
from assistant.lint.api import lint_file
from assistant.paths import PROJECT_ROOT
from assistant.pptx.writer import write_flyer

EVENTS = sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))
DATE_RE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日（(.)）")


def slide_text(path: Path) -> str:
    slide = Presentation(str(path)).slides[0]
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def check_weekdays(text: str, year: int) -> None:
    found = DATE_RE.findall(text)
    assert found, "no date with weekday on the flyer"
    for y, m, d, weekday in found:
        day = dt.date(int(y) if y else year, int(m), int(d))
        if not y and day.year == year and day.month < 1:
            continue
        assert WEEKDAYS_JA[day.weekday()] == weekday, f"{m}月{d}日 is not （{weekday}）"


@pytest.fixture(scope="module")
def written(tmp_path_factory, guideline) -> list[tuple[Path, Path]]:
    """(event, pptx) for the first two variants of every test event."""
    out = tmp_path_factory.mktemp("flyers")
    files = []
    for path in EVENTS:
        event = load_event(path)
        for i, draft in enumerate(OfflineDrafter().draft(event, guideline, 2).drafts):
            pptx = write_flyer(plan_flyer(event, draft, guideline), guideline,
                               out / f"{path.stem}-{i}.pptx")
            files.append((path, pptx))
    return files


def test_every_fact_verbatim_and_weekdays_right(written) -> None:
    for event_path, pptx in written:
        event = load_event(event_path)
        text = slide_text(pptx)
        for fact in event.facts():
            assert fact in text, f"{pptx.name}: missing {fact!r}"
        check_weekdays(text, event.date.year)


def test_every_run_has_japanese_font_and_language(written, guideline) -> None:
    for _, pptx in written:
        root = etree.fromstring(Presentation(str(pptx)).slides[0].part.blob)
        runs = root.iter(qn("a:r"))
        for run in runs:
            rpr = run.find(qn("a:rPr"))
            assert rpr is not None and rpr.get("lang") == "ja-JP"
            assert rpr.get("sz") is not None
            assert rpr.find(qn("a:ea")).get("typeface") == guideline.fonts.primary
            assert rpr.find(qn("a:latin")).get("typeface") == guideline.fonts.primary
        for body in root.iter(qn("p:txBody")):
            if body.find(f".//{qn('a:r')}") is not None:
                assert body.find(qn("a:bodyPr")).find(qn("a:noAutofit")) is not None


def test_logo_unchanged_and_no_empty_placeholders(written, guideline) -> None:
    for _, pptx in written:
        slide = Presentation(str(pptx)).slides[0]
        logos = [s for s in slide.shapes if s.name == "Logo"]
        assert len(logos) == 1
        logo = logos[0]
        image = Image.open(__import__("io").BytesIO(logo.image.blob))
        assert logo.width / logo.height == pytest.approx(image.width / image.height, rel=1e-3)
        assert (logo.crop_left, logo.crop_right, logo.crop_top, logo.crop_bottom) == (0, 0, 0, 0)
        assert logo._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]
        assert logo._element.xpath(".//a:effectLst") == []
        for shape in slide.placeholders:
            assert shape.has_text_frame and shape.text_frame.text.strip(), shape.name
        assert slide.slide_layout.name in {lay.template_layout for lay in guideline.layouts}


def test_generated_flyers_lint_with_zero_errors(written, guideline) -> None:
    for _, pptx in written:
        report = lint_file(pptx, guideline)
        errors = [f"{f.rule} {f.shape}: {f.message}" for f in report.findings
                  if f.severity == "error"]
        assert not errors, f"{pptx.name}: {errors}"
        assert not report.rule_errors, report.rule_errors


def test_photo_is_cropped_to_fill_with_alt_text(written) -> None:
    photos = [p for e, p in written if load_event(e).photo is not None]
    assert photos
    for pptx in photos:
        slide = Presentation(str(pptx)).slides[0]
        (photo,) = [s for s in slide.shapes if s.name == "Photo"]
        image = Image.open(__import__("io").BytesIO(photo.image.blob))
        shown_w = image.width * (1 - photo.crop_left - photo.crop_right)
        shown_h = image.height * (1 - photo.crop_top - photo.crop_bottom)
        assert shown_w / shown_h == pytest.approx(photo.width / photo.height, rel=0.01)
        assert photo._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]


def test_qr_code_for_url(written) -> None:
    with_url = [(e, p) for e, p in written if load_event(e).url]
    assert with_url
    for _, pptx in with_url:
        slide = Presentation(str(pptx)).slides[0]
        (qr,) = [s for s in slide.shapes if s.name == "QR"]
        assert qr.width == qr.height
        assert "くわしくはこちら" in slide_text(pptx)
