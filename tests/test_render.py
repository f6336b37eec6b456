"""LibreOffice rendering: every test event renders (one soffice run for all), the titles wrap
as the layout predicted and no word is drawn outside its text box (positions from the PDF)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from assistant.draft.offline import OfflineDrafter
from assistant.event import load_event
from assistant.layout import plan_flyer
from assistant.paths import PROJECT_ROOT
from assistant.pptx.writer import write_flyer
from assistant.render import RenderError, convert_to_pdf, pdf_to_png, render_png
from tests.conftest import has_libreoffice

EVENTS = sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))
pytestmark = [pytest.mark.render,
              pytest.mark.skipif(not has_libreoffice(), reason="needs LibreOffice")]


def _title_lines_in_pdf(pdf: Path, title: str) -> int:
    """Rows of the page's largest text (the title) in the PDF's first page."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = [(float(y0), float(y1), word) for y0, y1, word in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', xml)]
    tallest = max(y1 - y0 for y0, y1, _ in words)
    rows = {round(y0) for y0, y1, word in words
            if y1 - y0 > 0.9 * tallest and word in title}
    return len(rows)


def _words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1, word) in millimetres on the first page."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pt_to_mm = 25.4 / 72
    return [(float(a) * pt_to_mm, float(b) * pt_to_mm, float(c) * pt_to_mm,
             float(d) * pt_to_mm, w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', xml)]


def _outside_boxes(pdf: Path, plan) -> list[str]:
    """Words the renderer drew outside every text box of the plan (1 mm tolerance)."""
    boxes = [t.box.mm() for t in plan.texts]
    tolerance = 1.0
    stray = []
    for x0, y0, x1, y1, word in _words(pdf):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        inside = any(bx - tolerance <= x0 and x1 <= bx + bw + tolerance
                     and by - tolerance <= cy <= by + bh + tolerance and bx <= cx <= bx + bw
                     for bx, by, bw, bh in boxes)
        if not inside:
            stray.append(word)
    return stray


def test_all_events_render_and_titles_wrap_as_planned(tmp_path: Path, guideline) -> None:
    pptx_files, planned, plans = [], [], []
    for path in EVENTS:
        event = load_event(path)
        for index, draft in enumerate(OfflineDrafter().draft(event, guideline, 2).drafts):
            plan = plan_flyer(event, draft, guideline)
            pptx_files.append(write_flyer(plan, guideline,
                                          tmp_path / f"{path.stem}-{index}.pptx"))
            planned.append((event.title, plan.text("Title").lines))
            plans.append(plan)
    pdfs = convert_to_pdf(pptx_files, tmp_path / "pdf")
    for pdf, (title, lines), plan in zip(pdfs, planned, plans, strict=True):
        png = pdf_to_png(pdf, pdf.with_suffix(".png"), dpi=30)
        with Image.open(png) as image:
            assert image.height / image.width == pytest.approx(297 / 210, rel=0.01)
            assert len(image.getcolors(1 << 16) or range(2)) > 1  # not blank
        if shutil.which("pdftotext") and " " not in title:
            assert _title_lines_in_pdf(pdf, title) == lines, pdf.name
        if shutil.which("pdftotext"):  # nothing overflows its box
            assert _outside_boxes(pdf, plan) == [], pdf.name


def test_render_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pptx"
    bad.write_bytes(b"not a presentation")
    with pytest.raises(RenderError):
        render_png(bad, tmp_path / "x.png")
    with pytest.raises(RenderError, match="not found|見つかりません"):
        render_png(tmp_path / "missing.pptx", tmp_path / "y.png")
