"""Lint speed: per-file time against python-pptx's own open-and-iterate, and batch throughput.

    .venv/bin/python bench/bench_lint.py [FILE.pptx ...] [--repeat N] [--batch N]

For each file (default: the shipped template, flyers made offline from examples/event*.json,
any .pptx under out/, examples/ or samples/, and a python-pptx file built here) it prints the median time of
  read    assistant.lint.read_deck (the resolved Deck only),
  lint    assistant.lint.api.lint_file (read + every rule),
  pptx    Presentation(path) + iterate slides, shapes, paragraphs and runs (reading run text,
          size and font name),
and lint/pptx (target <= 3x). Then it lints N copies of the files with lint_paths (all CPUs)
and prints files/second.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pptx import Presentation  # noqa: E402
from pptx.util import Pt  # noqa: E402

from assistant.guideline import Guideline, load_guideline  # noqa: E402
from assistant.lint.api import lint_file, lint_paths  # noqa: E402
from assistant.lint.reader import read_deck  # noqa: E402

TARGET_RATIO = 3.0


def pptx_iterate(path: Path) -> int:
    """What a python-pptx script does to look at every run: open, walk, read properties."""
    count = 0
    prs = Presentation(str(path))
    for slide in prs.slides:
        for shape in slide.shapes:
            _ = (shape.left, shape.top, shape.width, shape.height, shape.name)
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    _ = (run.text, run.font.size, run.font.name, run.font.bold)
                    count += 1
    return count


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm caches (imports, guideline, official logo decoding)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def built_file(directory: Path) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "北上市 イベントのお知らせ"
    body = slide.placeholders[1].text_frame
    for i in range(8):
        run = body.add_paragraph().add_run()
        run.text = f"{i + 1}. 会場は北上市文化交流センター さくらホールです。"
        run.font.size = Pt(14)
    path = directory / "python-pptx-built.pptx"
    prs.save(str(path))
    return path


def generated_flyers(directory: Path) -> list[Path]:
    """Flyers made offline from the example events (no LLM, no rendering)."""
    try:
        from assistant.make import run_make_command
    except ImportError:
        return []
    made = []
    for event in sorted((ROOT / "examples").glob("event*.json")):
        out = directory / f"{event.stem}.pptx"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run_make_command(event=event, out=out, pdf=None, png=None, offline=True,
                             guideline=None, variants=1)
        if out.is_file():
            made.append(out)
    return made


def default_files(directory: Path) -> list[Path]:
    files = [ROOT / "templates" / "pptx" / "kitakami-a4.pptx", *generated_flyers(directory)]
    for folder in ("out", "examples", "samples"):
        files += sorted((ROOT / folder).rglob("*.pptx")) if (ROOT / folder).is_dir() else []
    files.append(built_file(directory))
    return [f for f in files if f.is_file()]


def bench_file(path: Path, guideline: Guideline, repeat: int) -> tuple[float, float, float]:
    read = median_seconds(lambda: read_deck(path, guideline.images.max_pixels), repeat)
    lint = median_seconds(lambda: lint_file(path, guideline), repeat)
    pptx = median_seconds(lambda: pptx_iterate(path), repeat)
    return read, lint, pptx


def bench_batch(files: list[Path], guideline: Guideline, copies: int, directory: Path) -> float:
    batch = directory / "batch"
    batch.mkdir()
    for i in range(copies):
        source = files[i % len(files)]
        shutil.copyfile(source, batch / f"{i:04d}-{source.name}")
    start = time.perf_counter()
    reports = lint_paths([batch], guideline, jobs=0)
    elapsed = time.perf_counter() - start
    assert len(reports) == copies
    return copies / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--batch", type=int, default=40)
    args = parser.parse_args()
    guideline = load_guideline()
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        files = args.files or default_files(Path(tmp))
        print(f"{'file':<34} {'read ms':>8} {'lint ms':>8} {'pptx ms':>8} {'read/pptx':>9} "
              f"{'lint/pptx':>9}")
        worst = 0.0
        for path in files:
            read, lint, pptx = bench_file(path, guideline, args.repeat)
            ratio = lint / pptx
            worst = max(worst, ratio)
            print(f"{path.name[:34]:<34} {read * 1000:8.1f} {lint * 1000:8.1f} {pptx * 1000:8.1f} "
                  f"{read / pptx:8.2f}x {ratio:8.2f}x")
        throughput = bench_batch(files, guideline, args.batch, Path(tmp))
    verdict = "OK" if worst <= TARGET_RATIO else "SLOWER THAN TARGET"
    print(f"worst lint/pptx ratio: {worst:.2f}x (target <= {TARGET_RATIO:g}x): {verdict}")
    print(f"batch: {args.batch} files, {throughput:.1f} files/second (lint_paths, all CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
