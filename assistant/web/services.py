"""The work behind the tabs and the API: make flyers, check files, preview a rule change.

Each function works in its own request folder (see `workdir`), reads the guideline in force
at the start of the request (so a publish applies to the next request), records the usage
ledger and returns plain results; the tabs turn them into widgets, the API into JSON.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.web.context import AppContext, guideline_now
from assistant.web.workdir import download_name, request_dir, safe_name

log = logging.getLogger(__name__)

UNEXPECTED_JA = ("思わぬエラーで止まりました。時間をおいてもう一度ためしてください。"
                 "続くときは、都市プロモーション課に連絡してください。")
STAGE_INDEX = {"draft": 0, "layout": 1, "write": 2, "lint": 3, "render": 4}
PPTX_SUFFIX = ".pptx"


# --- results ---------------------------------------------------------------------------


@dataclass
class FindingRow:
    severity: str
    rule: str
    message: str
    where: str
    fix: str


@dataclass
class VariantResult:
    index: int
    pptx: Path
    pdf: Path | None
    png: Path | None
    score: float
    passed: bool
    errors: int
    warnings: int
    findings: list[FindingRow] = field(default_factory=list)


@dataclass
class MakeOutcome:
    title: str
    variants: list[VariantResult]
    drafter: str  # "llm" or "offline"
    reason_ja: str | None
    guideline_label: str


@dataclass
class MakeFailure:
    stage: int
    message_ja: str

    def markdown(self) -> str:
        return (f"### チラシを作れませんでした\n\n{self.message_ja}\n\n"
                "入力した内容はそのまま残っています。直してから、もう一度「チラシを作る」を押してください。")


@dataclass
class CheckResult:
    name: str
    score: float | None
    passed: bool
    findings: list[FindingRow]
    annotated: list[Path]
    fixed: Path | None
    error_ja: str | None = None
    report: dict[str, Any] = field(default_factory=dict)


SEVERITY_JA = {"error": "エラー", "warning": "注意", "info": "参考"}


def finding_rows(findings: list[Any]) -> list[FindingRow]:
    rows = []
    for f in findings:
        where = []
        if f.slide:
            where.append(f"{f.slide}枚目")
        if f.shape:
            where.append(f"「{f.shape}」")
        if f.bbox_mm:
            x, y, _, _ = f.bbox_mm
            where.append(f"左から{x:.0f}mm・上から{y:.0f}mm")
        rows.append(FindingRow(SEVERITY_JA.get(f.severity, f.severity), f.rule, f.message,
                               " ".join(where) or "ファイル全体", f.fix or ""))
    return rows


def variant_markdown(v: VariantResult) -> str:
    verdict = "ガイドラインに合っています" if v.passed else "直すところがあります"
    lines = [f"**案{v.index}**：点数 **{v.score:.0f}** / 100 ・ エラー {v.errors}件 ・ 注意 {v.warnings}件"
             f"（{verdict}）"]
    for row in v.findings[:3]:
        lines.append(f"- {row.severity} {row.rule}：{row.message}")
    return "\n".join(lines)


def drafter_label(drafter: str, reason: str | None) -> str:
    who = "AI（生成AI）" if drafter == "llm" else "オフライン（AIを使わない方式）"
    # reasons name settings such as FLYER_MODEL: escape Markdown's emphasis underscores
    why = f"（理由：{reason.replace('_', chr(92) + '_')}）" if reason else ""
    return f"文章の下書き：**{who}**{why}"


def outcome_markdown(outcome: MakeOutcome) -> str:
    ok = sum(v.passed for v in outcome.variants)
    return (
        f"### {len(outcome.variants)}つの案ができました（ガイドラインに合う案：{ok}つ）\n"
        f"{drafter_label(outcome.drafter, outcome.reason_ja)}。"
        f"使ったルール：{outcome.guideline_label}。\n\n"
        "気に入った案の「PowerPoint（.pptx）」をダウンロードして、PowerPoint で仕上げてください。"
    )


# --- make ------------------------------------------------------------------------------


def make_flyers(ctx: AppContext, event: EventInfo, count: int
                ) -> Iterator[int | MakeOutcome | MakeFailure]:
    """Yield stage numbers while working, then a MakeOutcome or a MakeFailure.

    The request folder is removed when the caller asks for the next item after the outcome
    (by then Gradio has copied the files it serves into its cache).
    """
    guideline, label = guideline_now()
    count = max(1, min(count, guideline.draft.variants_max))
    with request_dir("make") as work:
        stages: queue.Queue[int] = queue.Queue()
        box: dict[str, Any] = {}
        thread = threading.Thread(
            target=_run_make, args=(event, guideline, count, work, stages, box), daemon=True)
        thread.start()
        yield from _stage_updates(thread, stages)
        if "error" in box:
            yield box["error"]
            return
        outcome = MakeOutcome(event.title, box["variants"], box["drafter"], box["reason"], label)
        _record_make(ctx, event, outcome, label)
        yield outcome


def _stage_updates(thread: threading.Thread, stages: queue.Queue[int]) -> Iterator[int]:
    last = 0
    while thread.is_alive() or not stages.empty():
        try:
            stage = stages.get(timeout=0.3)
        except queue.Empty:
            continue
        if stage > last:
            last = stage
            yield stage


def _run_make(event: EventInfo, guideline: Guideline, count: int, work: Path,
              stages: queue.Queue[int], box: dict[str, Any]) -> None:
    """The steps of `assistant.make.make_flyer`, one by one, so the page can show each."""
    try:
        _make_steps(event, guideline, count, work, stages, box)
    except Exception as exc:  # every failure becomes a Japanese message for the form
        box["error"] = _failure(exc, stages)


def _make_steps(event: EventInfo, guideline: Guideline, count: int, work: Path,
                stages: queue.Queue[int], box: dict[str, Any]) -> None:
    from assistant.layout import plan_flyer
    from assistant.lint.api import lint_file
    from assistant.make import FlyerOutput, choose, render_all
    from assistant.pptx.writer import write_flyer

    stages.put(STAGE_INDEX["draft"])
    drafted = choose(None, offline=False).draft(event, guideline, count)
    stages.put(STAGE_INDEX["layout"])
    plans = [plan_flyer(event, draft, guideline) for draft in drafted.drafts]
    stages.put(STAGE_INDEX["write"])
    outputs = []
    for index, (draft, plan) in enumerate(zip(drafted.drafts, plans, strict=True)):
        name = download_name("チラシ", event.title, index + 1, "")
        pptx = write_flyer(plan, guideline, work / f"{name}.pptx")
        outputs.append(FlyerOutput(index=index, draft=draft, layout_id=plan.layout_id,
                                   pptx=pptx, pdf=pptx.with_suffix(".pdf"),
                                   png=pptx.with_suffix(".png"), notes_ja=plan.notes_ja))
    stages.put(STAGE_INDEX["lint"])
    reports = [lint_file(o.pptx, guideline) for o in outputs]
    stages.put(STAGE_INDEX["render"])
    render_all(outputs)
    box["variants"] = [_variant(o, r) for o, r in zip(outputs, reports, strict=True)]
    box["drafter"], box["reason"] = drafted.drafter, drafted.reason_ja


def _variant(output: Any, report: Any) -> VariantResult:
    findings = list(report.findings)
    return VariantResult(
        index=output.index + 1, pptx=output.pptx,
        pdf=output.pdf if output.pdf and output.pdf.is_file() else None,
        png=output.png if output.png and output.png.is_file() else None,
        score=report.score, passed=report.passed,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        findings=finding_rows(findings),
    )


def _failure(exc: Exception, stages: queue.Queue[int]) -> MakeFailure:
    from assistant.pptx.writer import WriteError

    stage = 0
    while not stages.empty():
        stage = max(stage, stages.get())
    message = getattr(exc, "message_ja", None)
    if message is None and hasattr(exc, "messages"):
        message = "\n".join(f"- {m}" for m in exc.messages)
    if message is None and isinstance(exc, WriteError):
        message = str(exc)
    if message is None:
        log.error("flyer generation failed", exc_info=exc)
        message = UNEXPECTED_JA
    return MakeFailure(stage, message)


def _logo_missing_code() -> str:
    from assistant.lint.rules.logo import LogoMissing

    return LogoMissing.code


def _record_make(ctx: AppContext, event: EventInfo, outcome: MakeOutcome, label: str) -> None:
    first = outcome.variants[0]
    logo = not any(f.rule == _logo_missing_code() for f in first.findings)
    ctx.ledger.record("make", event.contact.department, logo, first.score, first.passed,
                      label, keep=first.pptx)


# --- check -----------------------------------------------------------------------------


def upload_problem(path: Path, max_bytes: int) -> str | None:
    """Why an uploaded file cannot be checked (Japanese), or None."""
    if path.suffix.lower() != PPTX_SUFFIX:
        return "PowerPoint のファイル（.pptx）ではありません。古い .ppt は PowerPoint で .pptx に保存しなおしてください。"
    size = path.stat().st_size
    if size > max_bytes:
        return f"ファイルが大きすぎます（{size / 1e6:.0f}MB）。{max_bytes // (1024 * 1024)}MB までにしてください。"
    if not zipfile.is_zipfile(path):
        return "ファイルがこわれているか、PowerPoint のファイルではありません。"
    return None


def check_files(ctx: AppContext, paths: list[Path], department: str, fix: bool = True,
                annotate: bool = True) -> Iterator[list[CheckResult]]:
    """Check each file; yields the results once (the request folder is removed afterwards)."""
    guideline, label = guideline_now()
    with request_dir("check") as work:
        results = [_check_one(ctx, p, guideline, work / f"{i}", fix, annotate)
                   for i, p in enumerate(paths, start=1)]
        for result in results:
            if result.error_ja is None:
                logo = not any(f.rule == _logo_missing_code() for f in result.findings)
                ctx.ledger.record("check", department or "", logo, result.score, result.passed,
                                  label)
        yield results


def _original_name(path: Path) -> str:
    return path.name


def _check_one(ctx: AppContext, path: Path, guideline: Guideline, work: Path, fix: bool,
               annotate: bool) -> CheckResult:
    from assistant.lint.api import lint_file

    name = _original_name(path)
    problem = upload_problem(path, ctx.settings.max_upload_bytes)
    if problem:
        return CheckResult(name, None, False, [], [], None, problem)
    work.mkdir(parents=True, exist_ok=True)
    report = lint_file(path, guideline)  # never raises: a bad file carries `error`
    if report.error:
        return CheckResult(name, None, False, [], [], None,
                           f"このファイルは読めませんでした（{report.error}）。PowerPoint で開けるか"
                           "確かめて、.pptx で保存しなおしてください。")
    findings = list(report.findings)
    annotated = _annotate(path, report, guideline, work) if annotate else []
    fixed = _fix(path, guideline, work, name) if fix and any(f.fixable for f in findings) else None
    return CheckResult(name, report.score, report.passed, finding_rows(findings), annotated, fixed,
                       report=_report_json(report, name))


def _report_json(report: Any, name: str) -> dict[str, Any]:
    """The same JSON as `flyer lint --format json`, with the uploaded file's own name."""
    from assistant.lint.report import report_json

    data = report_json([report])["files"][0]
    data["path"] = name
    return data


def _annotate(path: Path, report: Any, guideline: Guideline, work: Path) -> list[Path]:
    from assistant.lint.annotate import annotate_report

    try:
        return annotate_report(report, work / "annotated", guideline)
    except Exception:  # the preview is a help, not the result: the table still shows
        log.exception("annotate failed")
        return []


def _fix(path: Path, guideline: Guideline, work: Path, name: str) -> Path | None:
    try:
        from assistant.lint.fix import fix_file
    except ImportError:  # the fixer is optional: without it the check still reports
        return None
    target = work / f"{safe_name(Path(name).stem)}_修正済み.pptx"
    try:
        fix_file(path, guideline, target)
    except Exception:
        log.exception("fix failed")
        return None
    return target if target.is_file() else None


# --- impact preview --------------------------------------------------------------------


def impact_preview(ctx: AppContext, draft: Guideline) -> tuple[str, list[list[Any]]]:
    """Lint kept and sample flyers under the published and the draft rules; list changes."""
    from assistant.lint.api import lint_file

    published, label = guideline_now()
    files = recent_flyers(ctx)
    files += [(f"見本：{name}", p) for name, p in sample_flyers(ctx, published)]
    rows, newly_failing = [], 0
    for name, path in files:
        before = lint_file(path, published)
        after = lint_file(path, draft)
        old_errors = {f.rule for f in before.findings if f.severity == "error"}
        new_errors = sorted({f"{f.rule} {f.message}" for f in after.findings
                             if f.severity == "error" and f.rule not in old_errors})
        if before.passed and not after.passed:
            newly_failing += 1
        rows.append([name, _verdict(before), _verdict(after), "\n".join(new_errors) or "なし"])
    summary = (f"### {len(files)}枚のチラシを調べました：下書きのルールで新しく不合格になるもの "
               f"**{newly_failing}枚**\n（いま公開中：{label}）")
    if not files:
        summary = "### 調べるチラシがありません（まだチラシが作られていません）"
    return summary, rows


def recent_flyers(ctx: AppContext, limit: int = 20) -> list[tuple[str, Path]]:
    """Kept flyers, named by when and by which department they were made."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(ctx.settings.timezone)
    found = []
    for row in ctx.ledger.rows():
        if row.kept_file is not None and row.kept_file.is_file():
            when = row.at.astimezone(tz).strftime("%m/%d %H:%M")
            found.append((f"最近作ったチラシ（{when} {row.department}）", row.kept_file))
        if len(found) >= limit:
            break
    return found


def _verdict(report: Any) -> str:
    return f"{'合格' if report.passed else '不合格'}（{report.score:.0f}点）"


def sample_flyers(ctx: AppContext, guideline: Guideline) -> list[tuple[str, Path]]:
    """Sample flyers made from the example events with the published rules (cached)."""
    from assistant.event import load_event
    from assistant.make import make_flyer
    from assistant.paths import PROJECT_ROOT

    limit = ctx.settings.impact_sample_limit
    events = sorted((PROJECT_ROOT / "examples").glob("*.json"))
    events += sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))
    cache = ctx.settings.data_dir / "samples" / _guideline_key(guideline)
    samples = []
    for path in events[:limit]:
        target = cache / f"{path.stem}.pptx"
        try:
            event = load_event(path)
            if not target.is_file():
                result = make_flyer(event, guideline, 1, cache / path.stem, render=False,
                                    offline=True)
                shutil.copyfile(result.outputs[0].pptx, target)
        except Exception:  # a sample that cannot be made is skipped (EventError, LayoutError...)
            log.exception("sample flyer %s failed", path.name)
            continue
        samples.append((event.title, target))
    return samples


def _guideline_key(guideline: Guideline) -> str:
    import hashlib

    return hashlib.sha256(guideline.model_dump_json().encode()).hexdigest()[:16]
