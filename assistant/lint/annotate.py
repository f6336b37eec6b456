"""`flyer lint --annotate DIR`: the rendered slide with every finding boxed and numbered.

LibreOffice renders the file (assistant.render), each page becomes a PNG, and Pillow draws
each finding's bbox_mm as a numbered box (red = error, orange = warning, blue = info) with a
legend under the slide. Slide 1 -> NAME.annotated.png, slide n > 1 -> NAME.annotated-n.png.
"""

from __future__ import annotations

import subprocess
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from assistant.guideline.model import EMU_PER_MM, Guideline
from assistant.lint.api import FileReport
from assistant.lint.reader import read_deck
from assistant.lint.rule import Finding

ANNOTATE_DPI = 80
BOX_COLOURS = {"error": (220, 0, 0), "warning": (235, 130, 0), "info": (0, 90, 220)}
LEGEND_CHARS = 46  # wrap width of one legend line (full-width characters)


def render_pages(pptx: Path, out_dir: Path, dpi: int) -> list[Path]:
    """Every page of the file as PNG (page-1.png, page-2.png, ...)."""
    from assistant.render import RenderError, find_pdftoppm, render_pdf

    pdf = render_pdf(pptx, out_dir / "deck.pdf")
    result = subprocess.run(
        [find_pdftoppm(), "-png", "-r", str(dpi), str(pdf), str(out_dir / "page")],
        capture_output=True, timeout=300, check=False,
    )
    pages = sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if result.returncode != 0 or not pages:
        raise RenderError("pdftoppm failed", "PDF から PNG を作れませんでした。")
    return pages


def _font(guideline: Guideline, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(guideline.asset_path(guideline.fonts.files.bold)), size)
    except OSError:
        return ImageFont.load_default()


def draw_findings(page: Image.Image, findings: list[tuple[int, Finding]], slide_width_mm: float,
                  guideline: Guideline) -> Image.Image:
    """The page with numbered boxes, plus a legend area below it."""
    scale = page.width / slide_width_mm
    label_font = _font(guideline, max(12, page.width // 45))
    legend_font = _font(guideline, max(11, page.width // 55))
    legend = [
        line for number, f in findings
        for line in textwrap.wrap(f"{number}. {f.rule} {f.message}", LEGEND_CHARS) or [""]
    ]
    line_h = int(legend_font.size * 1.4) if hasattr(legend_font, "size") else 16
    out = Image.new("RGB", (page.width, page.height + line_h * (len(legend) + 1)), "white")
    out.paste(page.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(out)
    for number, f in findings:
        if f.bbox_mm is None:
            continue
        x, y, w, h = (v * scale for v in f.bbox_mm)
        colour = BOX_COLOURS.get(f.severity, BOX_COLOURS["info"])
        draw.rectangle([x, y, x + max(w, 2), y + max(h, 2)], outline=colour, width=3)
        tag = str(number)
        left, top, right, bottom = draw.textbbox((x, y), tag, font=label_font)
        draw.rectangle([left - 3, top - 2, right + 3, bottom + 2], fill=colour)
        draw.text((x, y), tag, fill="white", font=label_font)
    y = page.height + line_h // 2
    for line in legend:
        draw.text((8, y), line, fill="black", font=legend_font)
        y += line_h
    return out


def annotate_report(report: FileReport, out_dir: Path, guideline: Guideline,
                    dpi: int = ANNOTATE_DPI) -> list[Path]:
    """Write the annotated PNGs of one linted file; returns their paths."""
    source = Path(report.path)
    deck = read_deck(source, guideline.images.max_pixels)
    shown = [s.index for s in deck.slides if not s.hidden]
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    numbered = list(enumerate(report.findings, start=1))
    with tempfile.TemporaryDirectory(prefix="flyer-annotate-") as tmp:
        pages = render_pages(source, Path(tmp), dpi)
        for slide_index, page_path in zip(shown, pages, strict=False):
            on_slide = [(n, f) for n, f in numbered
                        if f.slide == slide_index or (f.slide is None and slide_index == shown[0])]
            if slide_index != shown[0] and not on_slide:
                continue
            with Image.open(page_path) as page:
                image = draw_findings(page, on_slide, deck.slide_width / EMU_PER_MM, guideline)
            suffix = "" if slide_index == 1 else f"-{slide_index}"
            target = out_dir / f"{source.stem}.annotated{suffix}.png"
            image.save(target)
            written.append(target)
    return written
