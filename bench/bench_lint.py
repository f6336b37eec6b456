"""Lint speed: per-file time against python-pptx's own open-and-iterate, and batch throughput.

    .venv/bin/python bench/bench_lint.py [FILE.pptx ...] [--repeat N] [--batch N]

Files (default): a flyer made offline from examples/event.json, one from
examples/event-photo.json, the shipped template and three files of the shared corpus
(../shared/corpus/python-pptx, when present). For each file it prints the median time of
  pptx    Presentation(path) + iterate slides, shapes, paragraphs and runs (reading run text,
          size and font name): what a python-pptx script does to look at every run,
  read    assistant.lint.read_deck (the resolved Deck only),
  lint    assistant.lint.api.lint_file (read + every rule),
and lint/pptx (issue 5: target <= 3x). The three are timed in turn within each repetition, so
a busy machine slows them alike. Each is run once before timing, so imports, the fonts and the
per-process caches (official logo files, glyph advances, colour differences) are warm, as in a
batch. Then it lints a directory of N generated flyers with lint_paths, jobs=1 and jobs=2, and
prints files/second.
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

from assistant.guideline import Guideline, load_guideline  # noqa: E402
from assistant.lint.api import lint_file, lint_paths  # noqa: E402
from assistant.lint.reader import read_deck  # noqa: E402

TARGET_RATIO = 3.0
CORPUS = ROOT.parent / "shared" / "corpus" / "python-pptx"
# pictures and picture fills, many shapes and groups, charts and tables
CORPUS_PICKS = ("features_steps_test_files_dml-fill.pptx",
                "features_steps_test_files_shp-shapes.pptx",
                "features_steps_test_files_cht-chart-type.pptx")
JOBS = (1, 2)


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


def interleaved_medians(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each action, the actions timed in turn in every repetition."""
    for action in actions.values():
        action()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def generated_flyers(directory: Path) -> list[Path]:
    """Flyers made offline from the example events (no LLM, no rendering)."""
    from assistant.make import run_make_command

    made = []
    for name in ("event.json", "event-photo.json"):
        out = directory / f"generated-{Path(name).stem}.pptx"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run_make_command(event=ROOT / "examples" / name, out=out, pdf=None, png=None,
                             offline=True, guideline=None, variants=1)
        if not out.is_file():
            raise SystemExit(f"flyer make did not produce {out}")
        made.append(out)
    return made


def default_files(flyers: list[Path]) -> list[Path]:
    corpus = [CORPUS / name for name in CORPUS_PICKS if (CORPUS / name).is_file()]
    return [*flyers, ROOT / "templates" / "pptx" / "kitakami-a4.pptx", *corpus]


def bench_file(path: Path, guideline: Guideline, repeat: int) -> dict[str, float]:
    return interleaved_medians({
        "pptx": lambda: pptx_iterate(path),
        "read": lambda: read_deck(path, guideline.images.max_pixels),
        "lint": lambda: lint_file(path, guideline),
    }, repeat)


def batch_directory(flyers: list[Path], copies: int, directory: Path) -> Path:
    batch = directory / "batch"
    batch.mkdir()
    for i in range(copies):
        source = flyers[i % len(flyers)]
        shutil.copyfile(source, batch / f"{i:04d}-{source.name}")
    return batch


def files_per_second(batch: Path, guideline: Guideline, jobs: int) -> float:
    start = time.perf_counter()
    reports = lint_paths([batch], guideline, jobs=jobs)
    elapsed = time.perf_counter() - start
    if any(r.error or r.rule_errors for r in reports):
        raise SystemExit(f"batch lint failed: {[r.error or r.rule_errors for r in reports]}")
    return len(reports) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--batch", type=int, default=20, help="generated flyers in the batch")
    args = parser.parse_args()
    guideline = load_guideline()
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        flyers = generated_flyers(Path(tmp))
        files = args.files or default_files(flyers)
        print(f"{'file':<42} {'pptx ms':>8} {'read ms':>8} {'lint ms':>8} {'lint/pptx':>9}")
        worst = 0.0
        for path in files:
            t = bench_file(path, guideline, args.repeat)
            ratio = t["lint"] / t["pptx"]
            worst = max(worst, ratio)
            print(f"{path.name[:42]:<42} {t['pptx'] * 1000:8.1f} {t['read'] * 1000:8.1f} "
                  f"{t['lint'] * 1000:8.1f} {ratio:8.2f}x")
        batch = batch_directory(flyers, args.batch, Path(tmp))
        rates = {jobs: files_per_second(batch, guideline, jobs) for jobs in JOBS}
    verdict = "OK" if worst <= TARGET_RATIO else "SLOWER THAN TARGET"
    print(f"worst lint/pptx: {worst:.2f}x (target <= {TARGET_RATIO:g}x): {verdict}")
    for jobs, rate in rates.items():
        print(f"batch of {args.batch} generated flyers, jobs={jobs}: {rate:.1f} files/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
