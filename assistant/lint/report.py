"""Text and JSON reporters. (SARIF: `assistant.lint.sarif`.)

Text, one line per finding, then one line per file and a summary:

    flyer.pptx:1:Logo: L003 ロゴが小さすぎます ...
    flyer.pptx: 85 点 不合格（エラー 1、警告 0、情報 0）
    1 ファイル: エラー 1 件、警告 0 件、情報 0 件

JSON: {"files": [{"path", "score", "passed", "findings": [{"rule", "severity", "message",
"slide", "shape", "bbox_mm"}]}]}; findings also carry "clause", "fix" and "fixable".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from assistant.lint.api import FileReport
from assistant.lint.rule import Finding

FINDING_KEYS = ("rule", "severity", "message", "slide", "shape", "bbox_mm")
EXTRA_FINDING_KEYS = ("clause", "fix", "fixable")
SEVERITY_JA = {"error": "エラー", "warning": "警告", "info": "情報"}


def finding_line(path: str, f: Finding) -> str:
    slide = f.slide if f.slide is not None else "-"
    shape = f.shape if f.shape else "-"
    return f"{path}:{slide}:{shape}: {f.rule} {f.message}"


def _counts(findings: Sequence[Finding]) -> Counter[str]:
    return Counter(f.severity for f in findings)


def file_line(report: FileReport) -> str:
    if report.error is not None:
        return f"{report.path}: 読めないファイルです（0 点）"
    counts = _counts(report.findings)
    verdict = "合格" if report.passed else "不合格"
    detail = "、".join(f"{SEVERITY_JA[s]} {counts.get(s, 0)}" for s in SEVERITY_JA)
    return f"{report.path}: {report.score} 点 {verdict}（{detail}）"


def summary_line(reports: Sequence[FileReport]) -> str:
    readable = [r for r in reports if r.error is None]
    counts = _counts([f for r in readable for f in r.findings])
    parts = [f"{SEVERITY_JA[s]} {counts.get(s, 0)} 件" for s in SEVERITY_JA]
    unreadable = len(reports) - len(readable)
    if unreadable:
        parts.append(f"読めないファイル {unreadable} 件")
    return f"{len(reports)} ファイル: " + "、".join(parts)


def render_text(reports: Sequence[FileReport]) -> str:
    lines: list[str] = []
    for report in reports:
        lines.extend(finding_line(report.path, f) for f in report.findings)
    lines.extend(file_line(r) for r in reports)
    lines.append(summary_line(reports))
    return "\n".join(lines) + "\n"


def finding_json(f: Finding) -> dict[str, object]:
    data = f.model_dump(mode="json")
    return {key: data[key] for key in (*FINDING_KEYS, *EXTRA_FINDING_KEYS)}


def report_json(reports: Sequence[FileReport]) -> dict[str, object]:
    return {
        "files": [
            {
                "path": r.path,
                "score": r.score,
                "passed": r.passed,
                "findings": [finding_json(f) for f in r.findings],
            }
            for r in reports
        ]
    }


def render_json(reports: Sequence[FileReport]) -> str:
    return json.dumps(report_json(reports), ensure_ascii=False, indent=2) + "\n"
