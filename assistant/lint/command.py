"""`flyer lint`, `flyer rules`, `flyer rule CODE`: the CLI glue over the lint API.

Exit codes like ruff: 0 no errors, 1 errors found, 2 a file could not be read or usage error.
Reports go to stdout; problems with the run itself (unreadable files, crashed rules, render
failures) go to stderr, one clear line each, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.guideline import load_guideline_or_report
from assistant.guideline.model import Guideline
from assistant.lint.api import FileReport, expand_paths, lint_paths
from assistant.lint.config import ConfigError, check_codes, parse_codes
from assistant.lint.package import DeckReadError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("text", "json", "sarif")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def exit_code(reports: Sequence[FileReport]) -> int:
    if any(r.error is not None for r in reports):
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if any(not r.passed for r in reports) else EXIT_OK


def run_lint_command(paths: Sequence[Path], format: str = "text", fix: bool = False,
                     fix_out: Path | None = None, guideline: Path | None = None,
                     annotate: Path | None = None, select: str | None = None,
                     ignore: str | None = None, jobs: int = 0) -> int:
    guide = load_guideline_or_report(guideline)
    if guide is None:
        return EXIT_BAD_INPUT
    try:
        chosen_select, chosen_ignore = _selection(select, ignore)
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    if format not in FORMATS:
        _err(f"--format は {', '.join(FORMATS)} のどれかです。")
        return EXIT_BAD_INPUT
    files = expand_paths(paths)
    if not files:
        _err("リントする .pptx ファイルが見つかりません。")
        return EXIT_BAD_INPUT
    if fix or fix_out is not None:
        if fix_out is not None and len(files) > 1:
            _err("--fix-out はファイルが 1 つのときだけ使えます。")
            return EXIT_BAD_INPUT
        files = _apply_fixes(files, guide, fix_out)
    try:
        reports = lint_paths(files, guide, chosen_select, chosen_ignore, jobs)
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    _write_report(reports, format, guide)
    _report_problems(reports)
    code = exit_code(reports)
    if annotate is not None and not _annotate(reports, annotate, guide):
        code = EXIT_BAD_INPUT
    return code


def _selection(select: str | None, ignore: str | None
               ) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    from assistant.lint.rules import REGISTRY

    known = list(REGISTRY.rules)
    chosen_select, chosen_ignore = parse_codes(select), parse_codes(ignore)
    check_codes(chosen_select, known, "--select")
    check_codes(chosen_ignore, known, "--ignore")
    return chosen_select, chosen_ignore


def _write_report(reports: list[FileReport], format: str, guide: Guideline) -> None:
    try:
        _write_report_unguarded(reports, format, guide)
    except BrokenPipeError:  # `flyer lint DIR | head`: the reader went away, that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _write_report_unguarded(reports: list[FileReport], format: str, guide: Guideline) -> None:
    if format == "json":
        from assistant.lint.report import render_json

        sys.stdout.write(render_json(reports))
    elif format == "sarif":
        from assistant.lint.rules import REGISTRY
        from assistant.lint.sarif import render_sarif

        sys.stdout.write(render_sarif(reports, REGISTRY.select(), guide))
    else:
        from assistant.lint.report import render_text

        sys.stdout.write(render_text(reports))
    sys.stdout.flush()


def _report_problems(reports: list[FileReport]) -> None:
    for report in reports:
        if report.error is not None:
            _err(f"{report.path}: 読めません: {report.error}")
        for problem in report.rule_errors:
            _err(f"{report.path}: ルールの内部エラー（バグです。報告してください）: {problem}")


def _apply_fixes(files: list[Path], guide: Guideline, fix_out: Path | None) -> list[Path]:
    """Run --fix on each file; returns what to lint (the fixed file where one was written)."""
    try:
        from assistant.lint.fix import fix_file
    except ImportError:
        _err("--fix はまだ使えません（自動修正の機能が入っていません）。修正せずにリントします。")
        return files
    targets: list[Path] = []
    for file in files:
        out = fix_out or file.with_name(f"{file.stem}.fixed.pptx")
        try:
            result = fix_file(file, guide, out)
        except DeckReadError:
            targets.append(file)  # the lint run reports why it cannot be read
            continue
        except Exception as exc:  # noqa: BLE001 - a file that cannot be fixed is linted as is
            _err(f"{file}: 自動修正できませんでした（{type(exc).__name__}: {exc}）。元のファイルをリントします。")
            targets.append(file)
            continue
        _err(_fix_summary(file, out, result))
        targets.append(out if out.is_file() else file)
    return targets


def _fix_summary(file: Path, out: Path, result: object) -> str:
    """The fix result (assistant.lint.fix.FixResult: out_path, fixed=[(code, what)])."""
    fixed = list(getattr(result, "fixed", []) or [])
    lines = [f"{file}: 自動修正 {len(fixed)} 件 → {getattr(result, 'out_path', out)}"
             "（残りの問題はリントの結果に出ます）"]
    lines += [f"  {code} {what}" for code, what in fixed]
    lines += [f"  {code} {why}" for code, why in getattr(result, "not_fixed", []) or []]
    return "\n".join(lines)


def _annotate(reports: list[FileReport], out_dir: Path, guide: Guideline) -> bool:
    from assistant.lint.annotate import annotate_report
    from assistant.render import RenderError

    ok = True
    for report in reports:
        if report.error is not None:
            continue
        try:
            for written in annotate_report(report, out_dir, guide):
                _err(f"注釈つきの画像: {written}")
        except RenderError as exc:
            _err(f"{report.path}: 注釈つきの画像を作れませんでした: {exc.message_ja}")
            ok = False
        except OSError as exc:
            _err(f"{report.path}: 注釈つきの画像を書けませんでした: {exc}")
            ok = False
    return ok


def print_rules(guideline_path: Path | None = None) -> int:
    from assistant.lint.docs import rules_table_text

    guide = load_guideline_or_report(guideline_path)
    if guide is None:
        return EXIT_BAD_INPUT
    sys.stdout.write(rules_table_text(guide))
    return EXIT_OK


def print_rule(code: str, guideline_path: Path | None = None) -> int:
    from assistant.lint.docs import rule_text
    from assistant.lint.rules import REGISTRY

    guide = load_guideline_or_report(guideline_path)
    if guide is None:
        return EXIT_BAD_INPUT
    rule = REGISTRY.rules.get(code.strip().upper())
    if rule is None:
        _err(f"ルール {code} はありません。`flyer rules` で一覧を見られます。")
        return EXIT_BAD_INPUT
    sys.stdout.write(rule_text(rule, guide))
    return EXIT_OK
