"""「利用状況」: the usage ledger and the logo KPI, as a chart and tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import gradio as gr

from assistant.ledger import fiscal_year_of
from assistant.web.context import AppContext
from assistant.web.usage import (
    MONTH_HEADERS,
    RECENT_HEADERS,
    SERIES_ACTUAL,
    SERIES_BASELINE,
    SERIES_TARGET,
    fiscal_year_choices,
    usage_view,
)


def build_usage_tab(ctx: AppContext, tab: gr.Tab) -> None:
    """Build the tab's content; it refreshes whenever the tab is opened."""
    tz = ZoneInfo(ctx.settings.timezone)
    gr.Markdown(
        "このアプリで作ったチラシと、チェックしたファイルの記録です。記録するのは日時・担当課・"
        "ロゴの有無・点数だけで、名前や電話番号などは残しません。")
    with gr.Row():
        year = gr.Dropdown(choices=fiscal_year_choices(ctx.ledger, tz),
                           value=fiscal_year_of(datetime.now(tz)), label="年度", scale=2)
        refresh = gr.Button("最新にする", scale=1)
    summary = gr.Markdown(elem_id="usage-summary")
    plot = gr.LinePlot(
        x="月", y="件数", color="系列", title="ロゴを使ったチラシの累計と目標",
        color_map={SERIES_ACTUAL: "#3A56A5", SERIES_TARGET: "#B5451B",
                   SERIES_BASELINE: "#888888"},
        x_title="月", y_title="件数（累計）", color_title="線の意味", height=320, sort="x",
    )
    with gr.Row():
        months = gr.Dataframe(headers=MONTH_HEADERS, label="月ごと", interactive=False,
                              elem_classes="kc-table", scale=2)
        recent = gr.Dataframe(headers=RECENT_HEADERS, label="最近の記録（新しい順・20件）",
                              interactive=False, elem_classes="kc-table", scale=3, wrap=True,
                              column_widths=["22%", "30%", "14%", "9%", "10%", "15%"])

    def show(fiscal_year: int | None) -> list[Any]:
        return list(usage_view(ctx.ledger, ctx.settings, fiscal_year))

    def refresh_all(fiscal_year: int | None) -> list[Any]:
        choices = fiscal_year_choices(ctx.ledger, tz)
        return [gr.Dropdown(choices=choices), *show(fiscal_year)]

    outputs = [summary, plot, months, recent]
    year.change(show, inputs=year, outputs=outputs, api_visibility="private")
    refresh.click(refresh_all, inputs=year, outputs=[year, *outputs], api_visibility="private")
    tab.select(refresh_all, inputs=year, outputs=[year, *outputs], api_visibility="private")
