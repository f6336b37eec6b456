"""Benchmark of flyer making: in-process time per flyer (draft + layout + write, no render;
target < 300 ms) and LibreOffice render time (one file, and all events in one run).

    .venv/bin/python bench/bench_make.py [--no-render]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.draft.offline import OfflineDrafter  # noqa: E402
from assistant.event import load_event  # noqa: E402
from assistant.guideline import load_guideline  # noqa: E402
from assistant.layout import plan_flyer  # noqa: E402
from assistant.paths import PROJECT_ROOT  # noqa: E402
from assistant.pptx.writer import write_flyer  # noqa: E402
from assistant.render import convert_to_pdf, pdf_to_png, render_png  # noqa: E402

EVENTS = sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))


def time_one(path: Path, out: Path, guideline) -> tuple[float, float, float]:
    """(draft, layout, write) seconds for one event's first variant."""
    t0 = time.perf_counter()
    event = load_event(path)
    draft = OfflineDrafter().draft(event, guideline, 1).drafts[0]
    t1 = time.perf_counter()
    plan = plan_flyer(event, draft, guideline)
    t2 = time.perf_counter()
    write_flyer(plan, guideline, out)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


def row(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"| {name:<28} | {statistics.median(ms):8.1f} | {max(ms):8.1f} | "
            f"{statistics.mean(ms):8.1f} |")


def main() -> None:
    guideline = load_guideline()
    render = "--no-render" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        time_one(EVENTS[0], out / "warm.pptx", guideline)  # font and template caches
        timings = [time_one(p, out / f"{p.stem}.pptx", guideline) for p in EVENTS]
        print(f"flyer make, {len(EVENTS)} events (ms)\n")
        print("| step                         |   median |      max |     mean |")
        print("|------------------------------|----------|----------|----------|")
        for index, name in enumerate(("draft (offline)", "layout (fit text)", "write .pptx")):
            print(row(name, [t[index] for t in timings]))
        print(row("total, no render (< 300)", [sum(t) for t in timings]))
        if not render:
            return
        t0 = time.perf_counter()
        render_png(out / f"{EVENTS[0].stem}.pptx", out / "one.png", dpi=110)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        pdfs = convert_to_pdf([out / f"{p.stem}.pptx" for p in EVENTS], out / "pdf")
        for pdf in pdfs:
            pdf_to_png(pdf, pdf.with_suffix(".png"), dpi=110)
        batch = time.perf_counter() - t0
        print(f"\nrender one flyer (soffice + pdftoppm, 110 dpi): {one * 1000:.0f} ms")
        print(f"render {len(EVENTS)} flyers in one soffice run: {batch * 1000:.0f} ms "
              f"({batch / len(EVENTS) * 1000:.0f} ms per flyer)")


if __name__ == "__main__":
    main()
