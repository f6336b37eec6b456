"""`flyer lint --annotate DIR`: the rendered slide with every finding boxed and numbered.

LibreOffice renders the file (assistant.render), each page becomes a PNG, and Pillow draws
each finding's bbox_mm as a numbered box (red = error, orange = warning, blue = info) with a
legend under the slide. Slide 1 -> NAME.annotated.png, slide n > 1 -> NAME.annotated-n.png.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from assistant.guideline.model import EMU_PER_MM, Guideline
from assistant.lint.api import FileReport
from assistant.lint.reader import read_deck
from assistant.lint.rule import Finding

ANNOTATE_DPI = 80
BOX_COLOURS = {"error": (220, 0, 0), "warning": (235, 130, 0), "info": (0, 90, 220)}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


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


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float
                  ) -> list[str]:
    """Break text into lines no wider than width (character by character: Japanese has no
    spaces to break at)."""
    lines, current = [], ""
    for char in text:
        if current and font.getlength(current + char) > width:
            lines.append(current)
            current = "  " + char
        else:
            current += char
    return [*lines, current] if current else lines


def _group_by_box(findings: list[tuple[int, Finding]]
                  ) -> dict[tuple[float, float, float, float], list[tuple[int, Finding]]]:
    """Findings that share a box get one box with all their numbers."""
    boxes: dict[tuple[float, float, float, float], list[tuple[int, Finding]]] = {}
    for number, f in findings:
        if f.bbox_mm is not None:
            boxes.setdefault(tuple(f.bbox_mm), []).append((number, f))  # type: ignore[arg-type]
    return boxes


def draw_findings(page: Image.Image, findings: list[tuple[int, Finding]], slide_width_mm: float,
                  guideline: Guideline) -> Image.Image:
    """The page with numbered boxes, plus a legend area below it."""
    scale = page.width / slide_width_mm
    label_font = _font(guideline, max(12, page.width // 45))
    legend_font = _font(guideline, max(11, page.width // 55))
    legend = [line for number, f in findings
              for line in wrap_to_width(f"{number}. {f.rule} {f.message}", legend_font, page.width - 16)]
    line_h = int(getattr(legend_font, "size", 12) * 1.4)
    out = Image.new("RGB", (page.width, page.height + line_h * (len(legend) + 1)), "white")
    out.paste(page.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(out)
    draw.rectangle([0, 0, page.width - 1, page.height - 1], outline=(160, 160, 160), width=1)
    for (x, y, w, h), group in _group_by_box(findings).items():
        x, y, w, h = (v * scale for v in (x, y, w, h))
        worst = min(group, key=lambda item: SEVERITY_RANK.get(item[1].severity, 9))[1].severity
        colour = BOX_COLOURS.get(worst, BOX_COLOURS["info"])
        draw.rectangle([x, y, x + max(w, 2), y + max(h, 2)], outline=colour, width=3)
        tag = ",".join(str(number) for number, _ in group)
        left, top, right, bottom = draw.textbbox((x + 2, y + 2), tag, font=label_font)
        draw.rectangle([left - 2, top - 2, right + 2, bottom + 2], fill=colour)
        draw.text((x + 2, y + 2), tag, fill="white", font=label_font)
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
