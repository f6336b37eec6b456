"""Make flyers: event -> drafts -> layout -> .pptx -> lint -> PDF/PNG.

`make_flyer` is the in-process API (used by the web app and tests); `run_make_command` is the
`flyer make` command. With several variants the files are numbered: OUT-1.pptx, OUT-2.pptx,
... (and OUT-1.pdf / OUT-1.png likewise).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.draft.base import Drafter
from assistant.draft.schema import FlyerDraft
from assistant.event import EventError, EventInfo, load_event
from assistant.guideline import Guideline, GuidelineError, load_guideline, print_problems
from assistant.layout import LayoutError, plan_flyer
from assistant.pptx.writer import WriteError, write_flyer
from assistant.render import DEFAULT_DPI, RenderError, convert_to_pdf, pdf_to_png

OFFLINE_FLAG_REASON_JA = "--offline が指定されたため、オフラインの下書きで作りました"


class FlyerOutput(BaseModel):
    """One variant: the draft it came from, the files written, and the lint verdict."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: int
    draft: FlyerDraft
    layout_id: str          # may differ from draft.layout when the text needed another layout
    pptx: Path
    pdf: Path | None = None
    png: Path | None = None
    lint_errors: int | None = None   # None when the linter is not available
    lint_score: int | None = None
    lint_messages: list[str] = []
    notes_ja: list[str] = []


class MakeResult(BaseModel):
    drafter: str
    reason_ja: str | None = None
    outputs: list[FlyerOutput]


def choose(drafter: Drafter | None, offline: bool) -> Drafter:
    """The one seam where the drafter is picked: explicit, --offline, or from the settings."""
    from assistant.draft.offline import OfflineDrafter

    if drafter is not None:
        return drafter
    if offline:
        return OfflineDrafter(reason_ja=OFFLINE_FLAG_REASON_JA)
    try:
        from assistant.draft.choose import choose_drafter
    except ImportError:
        return OfflineDrafter()
    return choose_drafter()


def numbered(path: Path, index: int, count: int) -> Path:
    """path itself for a single variant, else NAME-1.ext, NAME-2.ext, ..."""
    return path if count == 1 else path.with_name(f"{path.stem}-{index + 1}{path.suffix}")


def make_flyer(event: EventInfo, guideline: Guideline, variants: int = 1,
               out_dir: Path = Path("out"), drafter: Drafter | None = None, render: bool = True,
               stem: str = "flyer", dpi: int = DEFAULT_DPI, offline: bool = False,
               pdf_paths: list[Path | None] | None = None,
               png_paths: list[Path | None] | None = None,
               pptx_paths: list[Path] | None = None) -> MakeResult:
    """Draft, lay out, write and lint `variants` flyers; render PDF and PNG when render=True.

    Raises EventError/LayoutError/RenderError/WriteError for problems the user can act on.
    """
    chosen = choose(drafter, offline)
    result = chosen.draft(event, guideline, variants)
    outputs = []
    for index, draft in enumerate(result.drafts):
        pptx = (pptx_paths[index] if pptx_paths
                else numbered(out_dir / f"{stem}.pptx", index, variants))
        plan = plan_flyer(event, draft, guideline)
        write_flyer(plan, guideline, pptx)
        output = FlyerOutput(index=index, draft=draft, layout_id=plan.layout_id, pptx=pptx,
                             notes_ja=plan.notes_ja)
        outputs.append(_with_lint(output, guideline))
    if render:
        for output in outputs:
            output.pdf = (pdf_paths[output.index] if pdf_paths
                          else output.pptx.with_suffix(".pdf"))
            output.png = (png_paths[output.index] if png_paths
                          else output.pptx.with_suffix(".png"))
        render_all(outputs, dpi)
    return MakeResult(drafter=result.drafter, reason_ja=result.reason_ja, outputs=outputs)


def _with_lint(output: FlyerOutput, guideline: Guideline) -> FlyerOutput:
    try:
        from assistant.lint.api import lint_file
    except ImportError:
        return output
    report = lint_file(output.pptx, guideline)
    errors = [f for f in report.findings if f.severity == "error"]
    messages = [f"{f.rule} {f.shape or '-'}: {f.message}" for f in report.findings]
    return output.model_copy(update={"lint_errors": len(errors), "lint_score": report.score,
                                     "lint_messages": messages})


def render_all(outputs: list[FlyerOutput], dpi: int = DEFAULT_DPI) -> None:
    """PDF and PNG of every output with ONE LibreOffice start."""
    wanted = [o for o in outputs if o.pdf is not None or o.png is not None]
    if not wanted:
        return
    with tempfile.TemporaryDirectory(prefix="flyer-make-") as tmp:
        sources = []
        for o in wanted:  # distinct names for the batch, whatever the output names are
            copy = Path(tmp) / f"v{o.index}.pptx"
            shutil.copyfile(o.pptx, copy)
            sources.append(copy)
        pdfs = convert_to_pdf(sources, Path(tmp) / "pdf")
        for o, pdf in zip(wanted, pdfs, strict=True):
            if o.png is not None:
                pdf_to_png(pdf, o.png, dpi)
            if o.pdf is not None:
                o.pdf.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(pdf), o.pdf)


# --- the `flyer make` command -------------------------------------------------------------

def run_make_command(event: Path, out: Path, pdf: Path | None, png: Path | None,
                     offline: bool, guideline: Path | None, variants: int) -> int:
    """0: flyers written and lint-clean; 1: written but the linter found errors; 2: bad input."""
    try:
        rules = load_guideline(guideline)
        info = load_event(event)
        _check_variants(variants, rules)
        result = make_flyer(
            info, rules, variants=variants, offline=offline, render=bool(pdf or png),
            pptx_paths=[numbered(out, i, variants) for i in range(variants)],
            pdf_paths=[numbered(pdf, i, variants) if pdf else None for i in range(variants)],
            png_paths=[numbered(png, i, variants) if png else None for i in range(variants)],
        )
    except GuidelineError as error:
        print_problems(error)
        return 2
    except EventError as error:
        _fail(f"イベント情報「{event}」に問題があります / invalid event file:", error.messages)
        return 2
    except LayoutError as error:
        _fail(f"チラシに入りません / the text does not fit ({error.field}):", [error.message_ja])
        return 2
    except (RenderError, WriteError) as error:
        _fail("ファイルを作れませんでした / could not write the output:", [str(error)])
        return 2
    except OSError as error:  # e.g. an output folder that cannot be written
        _fail("ファイルを書き込めませんでした / could not write the output:",
              [f"{error.filename or ''} {error.strerror or error}".strip()])
        return 2
    except _UsageError as error:
        _fail("使い方 / usage:", [str(error)])
        return 2
    return _report(result)


class _UsageError(ValueError):
    pass


def _check_variants(variants: int, guideline: Guideline) -> None:
    maximum = guideline.draft.variants_max
    if not 1 <= variants <= maximum:
        raise _UsageError(f"--variants は 1～{maximum} にしてください "
                          f"(--variants must be between 1 and {maximum}).")


def _fail(heading: str, messages: list[str]) -> None:
    print(heading, file=sys.stderr)
    for message in messages:
        print(f"  {message}", file=sys.stderr)


def _report(result: MakeResult) -> int:
    who = "AI（LLM）" if result.drafter == "llm" else "オフライン（ルールにもとづく下書き）"
    reason = f"：{result.reason_ja}" if result.reason_ja else ""
    print(f"下書き / drafter: {who}{reason}", file=sys.stderr)
    status = 0
    for output in result.outputs:
        files = [str(p) for p in (output.pptx, output.pdf, output.png) if p is not None]
        print("  ".join(files))
        for note in output.notes_ja:
            print(f"{output.pptx}: {note}", file=sys.stderr)
        if output.lint_errors:
            status = 1
            print(f"{output.pptx}: ガイドライン違反が {output.lint_errors} 件あります "
                  "(lint errors):", file=sys.stderr)
            for message in output.lint_messages:
                print(f"  {message}", file=sys.stderr)
    return status
