"""The 0-100 score of a linted file, from `guideline.scoring`.

Scheme (also printed by `flyer rules` and written to docs/rules.md):

    score = max(0, round(100 - sum of penalties))

Every finding costs the points of its severity (error_points, warning_points, info_points).
Repeats of the same rule cost less each time: the n-th finding of one rule code costs
points x repeat_decay^(n-1), so one broken thing repeated on every shape does not hide
every other problem. A file `passed` when it has no error-severity finding, whatever its score.
An unreadable file scores 0 and does not pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assistant.guideline.model import Scoring
from assistant.lint.rule import Finding


def penalty(severity: str, repeat: int, scoring: Scoring) -> float:
    """Points lost for the `repeat`-th (1-based) finding of one rule at this severity."""
    points = {
        "error": scoring.error_points,
        "warning": scoring.warning_points,
        "info": scoring.info_points,
    }[severity]
    return points * scoring.repeat_decay ** (repeat - 1)


def score(findings: Iterable[Finding], scoring: Scoring) -> int:
    seen: Counter[str] = Counter()
    total = 0.0
    for finding in findings:
        seen[finding.rule] += 1
        total += penalty(finding.severity, seen[finding.rule], scoring)
    return max(0, min(100, round(100 - total)))


def passed(findings: Iterable[Finding]) -> bool:
    return not any(f.severity == "error" for f in findings)


def scheme_text(scoring: Scoring) -> str:
    """The scheme in Japanese with the guideline's current numbers."""
    return (
        "スコア = 100 − 減点（0 未満は 0）。減点: エラー "
        f"{scoring.error_points:g} 点、警告 {scoring.warning_points:g} 点、情報 "
        f"{scoring.info_points:g} 点。同じルールの n 回目は 点数 × {scoring.repeat_decay:g}^(n−1)。"
        "エラーが 1 つもなければ合格（passed）。読めないファイルは 0 点・不合格。"
    )
