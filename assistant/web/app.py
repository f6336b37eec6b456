"""The Gradio app: four tabs and two API endpoints, a render queue, cleaned caches.

`flyer serve` calls `serve(host, port)`. Heavy work (drafting, LibreOffice) runs in one
concurrency group "render" limited to `FLYER_RENDER_CONCURRENCY` (default 2) at a time; more
requests wait in the queue (at most `FLYER_QUEUE_SIZE`). Uploads are limited to
`FLYER_MAX_UPLOAD_MB` per file by Gradio itself; Gradio's cache is cleaned every hour.
"""

from __future__ import annotations

import gradio as gr

from assistant.web.admin_tab import build_admin_tab
from assistant.web.api import build_api
from assistant.web.check_tab import build_check_tab
from assistant.web.context import AppContext
from assistant.web.make_tab import build_make_tab
from assistant.web.settings import WebSettings
from assistant.web.usage_tab import build_usage_tab

TITLE = "北上市 チラシ作成サポート（KitaComing!）"

CSS = """
.kc-stages { display: flex; gap: .5rem; list-style: none; padding: 0; margin: .5rem 0;
  flex-wrap: wrap; }
.kc-stage { padding: .35rem .8rem; border-radius: 999px; border: 1px solid #c8cbd6;
  font-size: 1rem; color: #555; background: #fff; }
.kc-stage span { display: inline-block; min-width: 1.2em; font-weight: bold; margin-right: .3em; }
.kc-done { background: #E9EDF8; border-color: #3A56A5; color: #1E3A5F; }
.kc-active { background: #3A56A5; border-color: #3A56A5; color: #fff; }
.kc-failed { background: #fbe9e4; border-color: #B5451B; color: #7a2a0d; }
.kc-group { padding: .5rem .75rem; margin-bottom: .75rem; }
.kc-group-title h4 { margin: .25rem 0; color: #1E3A5F; }
.kc-card { border: 1px solid #d9dce6; border-radius: 8px; padding: .5rem; }
#make-message { font-size: 1.05rem; }
.kc-table, .kc-table * { font-family: var(--font) !important; }
"""


# local fonts only (the default theme would fetch web fonts); the brand's ajisai blue
THEME = gr.themes.Default(
    primary_hue="blue",
    font=["BIZ UDPGothic", "BIZ UDPゴシック", "Noto Sans CJK JP", "sans-serif"],
    font_mono=["Noto Sans Mono CJK JP", "monospace"],
)


def build_app(settings: WebSettings | None = None) -> gr.Blocks:
    ctx = AppContext.create(settings)
    cache = (ctx.settings.cache_clean_seconds, ctx.settings.cache_max_age_seconds)
    with gr.Blocks(title=TITLE, delete_cache=cache, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}")
        with gr.Tabs():
            with gr.Tab("チラシを作る", id="make"):
                build_make_tab(ctx)
            with gr.Tab("チェックする", id="check"):
                build_check_tab(ctx)
            with gr.Tab("ガイドライン管理", id="admin"):
                build_admin_tab(ctx)
            with gr.Tab("利用状況", id="usage") as usage_tab:
                build_usage_tab(ctx, usage_tab)
        build_api(ctx)
    demo.queue(max_size=ctx.settings.queue_size, default_concurrency_limit=8)
    return demo


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    settings = WebSettings()
    demo = build_app(settings)
    demo.launch(
        server_name=host,
        server_port=port,
        max_file_size=settings.max_upload_bytes,
        show_error=True,
        footer_links=["api"],
        css=CSS,
        theme=THEME,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        enable_monitoring=False,
    )
