"""The 「利用状況」 tab: flyers with the logo per month against the action plan's KPI."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from assistant.ledger import Ledger, UsageRow, fiscal_months, fiscal_year_of, monthly_logo_counts
from assistant.web.settings import WebSettings

SERIES_ACTUAL = "実績（ロゴを使ったチラシ・累計）"
SERIES_TARGET = "目標のペース"
SERIES_BASELINE = "計画を始めたときの水準"
RECENT_HEADERS = ["日時（日本時間）", "担当課", "種類", "ロゴ", "点数", "結果"]
MONTH_HEADERS = ["月", "ロゴを使ったチラシ", "累計", "目標のペース（累計）"]


def reiwa_label(fiscal_year: int) -> str:
    """2026 -> 「令和8年度」."""
    return f"令和{fiscal_year - 2018}年度" if fiscal_year >= 2019 else f"{fiscal_year}年度"


def fiscal_year_choices(ledger: Ledger, tz: ZoneInfo) -> list[tuple[str, int]]:
    now_year = fiscal_year_of(datetime.now(tz))
    years = {now_year} | {fiscal_year_of(r.at.astimezone(tz)) for r in ledger.rows()}
    return [(f"{reiwa_label(y)}（{y}年4月～）", y) for y in sorted(years, reverse=True)]


def kpi_frame(counts: dict[tuple[int, int], int], settings: WebSettings,
              now: tuple[int, int] | None = None) -> pd.DataFrame:
    """Long-format cumulative series for gr.LinePlot; the actual line stops at `now`'s month."""
    records = []
    total = 0
    for i, ((year, month), count) in enumerate(counts.items(), start=1):
        total += count
        label = f"{year}/{month:02d}"
        if now is None or (year, month) <= now:
            records.append({"月": label, "件数": total, "系列": SERIES_ACTUAL})
        records.append({"月": label, "件数": round(settings.kpi_target_per_year * i / 12, 1),
                        "系列": SERIES_TARGET})
        records.append({"月": label, "件数": round(settings.kpi_baseline_per_year * i / 12, 1),
                        "系列": SERIES_BASELINE})
    return pd.DataFrame.from_records(records)


def summary_markdown(counts: dict[tuple[int, int], int], fiscal_year: int,
                     settings: WebSettings, made: int, checked: int) -> str:
    total = sum(counts.values())
    target = settings.kpi_target_per_year
    share = round(100 * total / target) if target else 0
    return (
        f"### {reiwa_label(fiscal_year)}：ロゴを使ったチラシ **{total}件** ／ 目標 {target}件"
        f"（達成 {share}%）\n\n"
        f"目標はシティブランド推進アクションプランの値です（年{target}件。計画を始めたときは"
        f"年{settings.kpi_baseline_per_year}件）。このアプリで作ったチラシを数えています。"
        f"この年度に作ったチラシ {made}件、チェックしたファイル {checked}件。"
    )


def month_table(counts: dict[tuple[int, int], int], settings: WebSettings,
                now: tuple[int, int] | None = None) -> list[list]:
    """Months of the fiscal year; months still to come show only the target pace."""
    rows, total = [], 0
    for i, ((year, month), count) in enumerate(counts.items(), start=1):
        total += count
        pace = round(settings.kpi_target_per_year * i / 12, 1)
        future = now is not None and (year, month) > now
        rows.append([f"{year}年{month}月", "" if future else count, "" if future else total, pace])
    return rows


def recent_table(rows: list[UsageRow], tz: ZoneInfo, limit: int = 20) -> list[list]:
    table = []
    for row in rows[:limit]:
        table.append([
            row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            row.department or "（未入力）",
            "チラシ作成" if row.kind == "make" else "チェック",
            "あり" if row.logo_used else "なし",
            "" if row.score is None else f"{row.score:.0f}",
            {True: "合格", False: "要修正", None: ""}[row.passed],
        ])
    return table


def usage_view(ledger: Ledger, settings: WebSettings, fiscal_year: int | None
               ) -> tuple[str, pd.DataFrame, list[list], list[list]]:
    tz = ZoneInfo(settings.timezone)
    now = datetime.now(tz)
    year = fiscal_year if fiscal_year is not None else fiscal_year_of(now)
    rows = ledger.rows()
    in_year = [r for r in rows if fiscal_year_of(r.at.astimezone(tz)) == year]
    counts = monthly_logo_counts(in_year, year, tz)
    made = sum(1 for r in in_year if r.kind == "make")
    checked = len(in_year) - made
    assert set(counts) == set(fiscal_months(year))
    return (
        summary_markdown(counts, year, settings, made, checked),
        kpi_frame(counts, settings, (now.year, now.month)),
        month_table(counts, settings, (now.year, now.month)),
        recent_table(rows, tz),
    )
