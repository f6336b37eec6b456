"""API endpoints for automated use with gradio_client: /make_flyer and /check_pptx.

    from gradio_client import Client, handle_file
    client = Client("http://127.0.0.1:7860/")
    report = json.loads(client.predict(handle_file("flyer.pptx"), api_name="/check_pptx"))
    result_json, files = client.predict(event_json, 3, api_name="/make_flyer")

Both return JSON as text: gradio_client would take any object with a "path" key (as in the
lint report, the same as `flyer lint --format json`) for a file to download.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.event import EventError, event_from_dict
from assistant.web import services
from assistant.web.context import AppContext


def _variant_json(v: services.VariantResult) -> dict[str, Any]:
    return {
        "variant": v.index, "score": v.score, "passed": v.passed, "errors": v.errors,
        "warnings": v.warnings, "pptx": v.pptx.name,
        "pdf": v.pdf.name if v.pdf else None, "png": v.png.name if v.png else None,
        "findings": [f.__dict__ for f in v.findings],
    }


def api_make(ctx: AppContext, event_json: str, variants: float | None
             ) -> Iterator[tuple[str, list[str]]]:
    try:
        data = json.loads(event_json)
    except (json.JSONDecodeError, TypeError):
        raise gr.Error("event_json が JSON として読めません。") from None
    if isinstance(data, dict) and data.get("photo"):
        # a path would name a file on the server: never read server files for a caller
        raise gr.Error("API では写真（photo）は使えません。写真つきのチラシは画面から作ってください。")
    try:
        event = event_from_dict(data)
    except EventError as exc:
        raise gr.Error("\n".join(exc.messages)) from None
    for step in services.make_flyers(ctx, event, int(variants or ctx.settings.default_variants)):
        if isinstance(step, services.MakeFailure):
            raise gr.Error(step.message_ja)
        if isinstance(step, services.MakeOutcome):
            files = [str(p) for v in step.variants for p in (v.pptx, v.pdf, v.png) if p]
            result = {"title": step.title, "drafter": step.drafter, "reason": step.reason_ja,
                      "guideline": step.guideline_label,
                      "variants": [_variant_json(v) for v in step.variants]}
            yield json.dumps(result, ensure_ascii=False, indent=2), files


def api_check(ctx: AppContext, file: str | None) -> Iterator[str]:
    if not file:
        raise gr.Error("ファイルがありません。")
    for results in services.check_files(ctx, [Path(file)], "", fix=False, annotate=False):
        result = results[0]
        if result.error_ja:
            raise gr.Error(result.error_ja)
        yield json.dumps({"files": [result.report]}, ensure_ascii=False, indent=2)


def build_api(ctx: AppContext) -> None:
    """Hidden components bound to the two public endpoints."""
    with gr.Column(visible=False):
        event_json = gr.Textbox(label="event_json")
        variants = gr.Number(label="variants", value=ctx.settings.default_variants, precision=0)
        make_result = gr.Textbox(label="result_json")
        make_files = gr.File(label="files", file_count="multiple")
        make_button = gr.Button("make_flyer")
        upload = gr.File(label="pptx", file_types=[".pptx"], type="filepath")
        check_result = gr.Textbox(label="report_json")
        check_button = gr.Button("check_pptx")

    def make(event_text: str, count: float | None) -> Iterator[tuple[str, list[str]]]:
        yield from api_make(ctx, event_text, count)

    def check(path: str | None) -> Iterator[str]:
        yield from api_check(ctx, path)

    make_button.click(make, [event_json, variants], [make_result, make_files],
                      api_name="make_flyer", concurrency_id="render",
                      concurrency_limit=ctx.settings.render_concurrency)
    check_button.click(check, upload, check_result, api_name="check_pptx",
                       concurrency_id="render",
                       concurrency_limit=ctx.settings.render_concurrency)
