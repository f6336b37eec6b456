"""Lint files: `lint_file` for one .pptx, `lint_paths` for files and directories in parallel.

A file that cannot be read becomes a FileReport with `error` set (and one E902 finding, the
code ruff uses for unreadable files); it never stops the other files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pydantic import BaseModel

from assistant.guideline.model import Guideline
from assistant.lint.config import effective_selection, parse_codes
from assistant.lint.context import LintContext
from assistant.lint.package import DeckReadError
from assistant.lint.reader import open_deck
from assistant.lint.rule import Finding, Registry
from assistant.lint.score import passed, score

READ_ERROR_CODE = "E902"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class FileReport(BaseModel):
    path: str
    score: int
    passed: bool
    findings: list[Finding]
    error: str | None = None  # why the file could not be read (Japanese)
    rule_errors: list[str] = []  # rules that crashed on this file (a bug; never in JSON)


def registry() -> Registry:
    from assistant.lint.rules import REGISTRY

    return REGISTRY


def read_error_report(path: str | Path, message: str) -> FileReport:
    finding = Finding(rule=READ_ERROR_CODE, severity="error", message=f"読めません: {message}")
    return FileReport(path=str(path), score=0, passed=False, findings=[finding], error=message)


def lint_file(path: str | Path, guideline: Guideline, select: Sequence[str] | str | None = None,
              ignore: Sequence[str] | str | None = None) -> FileReport:
    """Read and lint one file. Never raises for a bad file: the report carries the error.

    select/ignore are used as given (ruff-like prefixes); [tool.flyer.lint] in pyproject.toml
    is applied by lint_paths and the CLI, not here."""
    try:
        deck, pkg = open_deck(path, guideline.images.max_pixels)
    except DeckReadError as exc:
        return read_error_report(path, str(exc))
    except (MemoryError, RecursionError):
        return read_error_report(path, "ファイルが複雑すぎて読めません（メモリ不足）。")
    except Exception as exc:  # noqa: BLE001 - an unexpected reader bug must not stop a batch
        return read_error_report(path, f"読み取り中に予期しないエラーが起きました（{type(exc).__name__}: {exc}）")
    assert pkg is not None
    findings: list[Finding] = []
    rule_errors: list[str] = []
    with pkg:
        ctx = LintContext(guideline=guideline, part_bytes=pkg.read)
        for rule in registry().select(_codes(select), _codes(ignore)):
            try:
                findings.extend(rule().check(deck, ctx))
            except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
                rule_errors.append(f"{rule.code}: {type(exc).__name__}: {exc}")
    findings.sort(key=_finding_order)
    return FileReport(path=str(path), score=score(findings, guideline.scoring),
                      passed=passed(findings), findings=findings, rule_errors=rule_errors)


def _codes(value: Sequence[str] | str | None) -> list[str] | None:
    parsed = parse_codes(value if value is None or isinstance(value, str) else list(value))
    return list(parsed) if parsed else None


def _finding_order(f: Finding) -> tuple[int, int, str, str]:
    return (f.slide or 0, SEVERITY_ORDER.get(f.severity, 3), f.rule, f.shape or "")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories searched recursively for *.pptx (PowerPoint ~$ lock files
    skipped). Order is stable: as given, directory contents sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.pptx") if p.is_file() and not p.name.startswith("~$")))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def lint_paths(paths: Iterable[str | Path], guideline: Guideline,
               select: Sequence[str] | str | None = None, ignore: Sequence[str] | str | None = None,
               jobs: int = 0) -> list[FileReport]:
    """Lint files and directories; parallel processes when there is more than one file.

    select/ignore from the caller are merged with [tool.flyer.lint] of the nearest
    pyproject.toml (see assistant.lint.config)."""
    files = expand_paths(paths)
    cli_select, cli_ignore = parse_codes(_flat(select)), parse_codes(_flat(ignore))
    tasks = []
    for file in files:
        chosen = effective_selection(file, cli_select, cli_ignore)
        tasks.append((str(file), chosen.select, chosen.ignore))
    workers = min(jobs if jobs > 0 else (os.cpu_count() or 1), len(tasks))
    if workers <= 1:
        return [_lint_task(task, guideline) for task in tasks]
    return _lint_parallel(tasks, guideline, workers)


def _flat(value: Sequence[str] | str | None) -> str | list[str] | None:
    return value if value is None or isinstance(value, str) else list(value)


Task = tuple[str, tuple[str, ...] | None, tuple[str, ...]]


def _lint_task(task: Task, guideline: Guideline) -> FileReport:
    path, select, ignore = task
    if not Path(path).exists():
        return read_error_report(path, "ファイルが見つかりません。")
    return lint_file(path, guideline, select, ignore)


def _lint_parallel(tasks: list[Task], guideline: Guideline, workers: int) -> list[FileReport]:
    results: dict[int, FileReport] = {}
    retry: list[int] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(_lint_task, task, guideline) for i, task in enumerate(tasks)}
        for i, future in futures.items():
            try:
                results[i] = future.result()
            except BrokenProcessPool:
                retry.append(i)
    for i in retry:  # a worker died (e.g. killed for memory): isolate each remaining file
        results[i] = _lint_isolated(tasks[i], guideline)
    return [results[i] for i in range(len(tasks))]


def _lint_isolated(task: Task, guideline: Guideline) -> FileReport:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_lint_task, task, guideline).result()
    except BrokenProcessPool:
        return read_error_report(task[0], "処理中にプロセスが異常終了しました（メモリ不足の可能性）。")
