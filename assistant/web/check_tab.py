"""「チェックする」: upload .pptx files, see the score, findings, annotated preview, fixed file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.web import services
from assistant.web.context import AppContext

log = logging.getLogger(__name__)
FINDING_HEADERS = ["ファイル", "番号", "重要度", "ルール", "内容", "場所", "直し方"]


def results_markdown(results: list[services.CheckResult]) -> str:
    lines = ["### チェックの結果"]
    for r in results:
        if r.error_ja:
            lines.append(f"- **{r.name}**：チェックできませんでした。{r.error_ja}")
            continue
        errors = sum(f.severity == "エラー" for f in r.findings)
        verdict = "ガイドラインに合っています" if r.passed else "直すところがあります"
        lines.append(f"- **{r.name}**：点数 **{r.score:.0f}** / 100 ・ エラー {errors}件 ・ "
                     f"全部で {len(r.findings)}件（{verdict}）")
    if any(r.fixed for r in results):
        lines.append("\n自動で直せるところは直したファイルを用意しました（下からダウンロード）。"
                     "直せないところは、表の「直し方」を見て PowerPoint で直してください。")
    return "\n".join(lines)


def finding_table(results: list[services.CheckResult]) -> list[list[str]]:
    return [[r.name, str(n), f.severity, f.rule, f.message, f.where, f.fix]
            for r in results for n, f in enumerate(r.findings, start=1)]


def build_check_tab(ctx: AppContext) -> None:
    limit = ctx.settings.max_upload_mb
    gr.Markdown(
        "PowerPoint で作ったチラシ（.pptx）が、北上市のブランドガイドラインに合っているかを調べます。"
        f"ファイルは一度に{ctx.settings.max_check_files}個まで、1つ{limit}MBまでです。"
        "アップロードしたファイルはチェックが終わると消します。")
    with gr.Row():
        files = gr.File(label=f"チェックするファイル（.pptx、1つ{limit}MBまで）",
                        file_count="multiple", file_types=[".pptx"], type="filepath",
                        elem_id="check-files", scale=3)
        with gr.Column(scale=1):
            department = gr.Textbox(label="担当課（任意・利用状況の集計に使います）",
                                    placeholder="例：環境政策課")
            button = gr.Button("チェックする", variant="primary", elem_id="check-button")
    summary = gr.Markdown(elem_id="check-summary")
    table = gr.Dataframe(headers=FINDING_HEADERS, label="見つかったこと", interactive=False,
                         wrap=True, elem_id="check-table", elem_classes="kc-table",
                         column_widths=["11%", "5%", "7%", "6%", "31%", "14%", "26%"])
    with gr.Row():
        # preview mode shows the whole page with its legend; the grid would crop it
        preview = gr.Gallery(label="どこが問題か（番号は表の順番）", columns=1, height=900,
                             object_fit="contain", preview=True, elem_id="check-preview",
                             scale=2)
        fixed = gr.File(label="直したファイル（自動で直せるところだけ）", file_count="multiple",
                        elem_id="check-fixed", scale=1)

    def check(paths: list[str] | None, dept: str) -> Iterator[list[Any]]:
        if not paths:
            yield ["チェックするファイルをえらんでください。", [], [], None]
            return
        if len(paths) > ctx.settings.max_check_files:
            yield [f"ファイルが多すぎます。一度に{ctx.settings.max_check_files}個までにしてください。",
                   [], [], None]
            return
        try:
            for results in services.check_files(ctx, [Path(p) for p in paths], dept or ""):
                gallery = [(str(img), f"{r.name}（{n}枚目）") for r in results
                           for n, img in enumerate(r.annotated, start=1)]
                fixed_files = [str(r.fixed) for r in results if r.fixed]
                yield [results_markdown(results), finding_table(results), gallery,
                       fixed_files or None]
        except Exception:  # a bug must still give the person a message, not a red "Error"
            log.exception("check failed")
            yield [services.UNEXPECTED_JA, [], [], None]

    button.click(check, [files, department], [summary, table, preview, fixed],
                 concurrency_id="render", concurrency_limit=ctx.settings.render_concurrency,
                 api_visibility="private")
