"""「チラシを作る」: the event form, staged progress, variant cards with downloads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.event import EventError, EventInfo, event_from_dict
from assistant.web import services
from assistant.web.context import AppContext, guideline_now
from assistant.web.form import (
    FIELDS,
    GENERAL,
    GROUPS,
    errors_by_field,
    event_data,
    example_values,
)

log = logging.getLogger(__name__)
STAGES = ["下書き", "レイアウト", "書き出し", "チェック", "プレビュー"]
INTRO = (
    "催しの情報を入れて「チラシを作る」を押すと、北上市のブランドガイドラインに合ったチラシの案が"
    "いくつかできます。**（必須）** の欄は必ず入れてください。ほかの欄は、あるものだけで大丈夫です。"
    "できた案から一つえらんで、PowerPoint ファイルをダウンロードしてください。"
)


def stage_html(current: int, failed: bool = False) -> str:
    """The five steps as a row; `current` is the step in progress (len(STAGES) = done)."""
    items = []
    for i, name in enumerate(STAGES):
        if i < current:
            state, mark = "done", "✓"
        elif i == current and failed:
            state, mark = "failed", "×"
        elif i == current:
            state, mark = "active", "…"
        else:
            state, mark = "todo", str(i + 1)
        items.append(f'<li class="kc-stage kc-{state}"><span>{mark}</span>{name}</li>')
    return f'<ol class="kc-stages" aria-label="進み具合">{"".join(items)}</ol>'


@dataclass
class Card:
    column: gr.Column
    image: gr.Image
    info: gr.Markdown
    pptx: gr.DownloadButton
    pdf: gr.DownloadButton
    png: gr.DownloadButton


def _field_widget(field: Any) -> gr.components.Component:
    common = {"label": field.shown_label, "info": field.info or None,
              "elem_id": f"f-{field.key.replace('.', '-')}"}
    if field.kind == "long":
        return gr.Textbox(lines=4, max_lines=10, placeholder=field.placeholder, **common)
    if field.kind in ("date", "time"):
        # plain text boxes: they show validation messages in place (DateTime/Dropdown do not)
        return gr.Textbox(placeholder=field.placeholder, max_lines=1, **common)
    if field.kind == "photo":
        label = f"{field.shown_label}（{field.info}）" if field.info else field.shown_label
        return gr.Image(type="filepath", sources=["upload"], height=180, label=label,
                        elem_id=common["elem_id"])
    return gr.Textbox(placeholder=field.placeholder, max_lines=1, **common)


def _build_form() -> dict[str, gr.components.Component]:
    widgets: dict[str, gr.components.Component] = {}
    for number, group in enumerate(GROUPS, start=1):
        with gr.Group(elem_classes="kc-group"):
            gr.Markdown(f"#### {number}. {group}", elem_classes="kc-group-title")
            fields = [f for f in FIELDS if f.group == group]
            for start in range(0, len(fields), 2):
                with gr.Row(equal_height=False):
                    for field in fields[start:start + 2]:
                        widgets[field.key] = _field_widget(field)
    return widgets


def _build_cards(count: int) -> list[Card]:
    cards = []
    with gr.Row(elem_classes="kc-cards"):
        for i in range(1, count + 1):
            with gr.Column(visible=False, min_width=240, elem_classes="kc-card",
                           elem_id=f"card-{i}") as column:
                image = gr.Image(label=f"案{i}", interactive=False, height=420,
                                 buttons=["fullscreen"])
                info = gr.Markdown()
                pptx = gr.DownloadButton(f"案{i}の PowerPoint（.pptx）をダウンロード",
                                         variant="primary", elem_id=f"dl-pptx-{i}")
                pdf = gr.DownloadButton(f"案{i}の印刷用 PDF をダウンロード", elem_id=f"dl-pdf-{i}")
                png = gr.DownloadButton(f"案{i}の画像（PNG）をダウンロード", elem_id=f"dl-png-{i}")
            cards.append(Card(column, image, info, pptx, pdf, png))
    return cards


def _values(keys: list[str], args: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(keys, args, strict=False))


def _validate_event(values: dict[str, Any]) -> tuple[EventInfo | None, dict[str, list[str]]]:
    try:
        return event_from_dict(event_data(values)), {}
    except EventError as exc:
        return None, errors_by_field(exc.messages)


def _error_markdown(errors: dict[str, list[str]]) -> str:
    from assistant.web.form import field_label

    lines = ["### 入力を確かめてください", ""]
    for key, messages in errors.items():
        name = "全体" if key == GENERAL else field_label(key)
        lines += [f"- **{name}**：{m}" for m in messages]
    lines += ["", "入力した内容はそのまま残っています。直してから、もう一度「チラシを作る」を押してください。"]
    return "\n".join(lines)


def _card_updates(cards: list[Card], outcome: services.MakeOutcome | None) -> list[Any]:
    updates: list[Any] = []
    variants = outcome.variants if outcome else []
    for i in range(len(cards)):
        if i < len(variants):
            v = variants[i]
            updates += [gr.Column(visible=True), gr.Image(value=str(v.png) if v.png else None),
                        services.variant_markdown(v),
                        gr.DownloadButton(value=str(v.pptx), visible=True),
                        gr.DownloadButton(value=str(v.pdf) if v.pdf else None,
                                          visible=v.pdf is not None),
                        gr.DownloadButton(value=str(v.png) if v.png else None,
                                          visible=v.png is not None)]
        else:
            updates += [gr.Column(visible=False), None, "", gr.DownloadButton(value=None),
                        gr.DownloadButton(value=None), gr.DownloadButton(value=None)]
    return updates


def _make_updates(ctx: AppContext, cards: list[Card], card_outputs: list[Any],
                  event: EventInfo, count: int) -> Iterator[list[Any]]:
    """Page updates while one make request runs: stages, then the cards or the failure."""
    for step in services.make_flyers(ctx, event, count):
        if isinstance(step, int):
            yield [stage_html(step), gr.skip(), *[gr.skip()] * len(card_outputs)]
            continue
        if isinstance(step, services.MakeFailure):
            yield [stage_html(step.stage, failed=True), step.markdown(),
                   *_card_updates(cards, None)]
            return
        yield [stage_html(len(STAGES)), services.outcome_markdown(step),
               *_card_updates(cards, step)]


def build_make_tab(ctx: AppContext) -> None:
    guideline, _ = guideline_now()
    variants_max = guideline.draft.variants_max
    gr.Markdown(INTRO)
    with gr.Row():
        example_button = gr.Button("記入例を入れる", size="sm", elem_id="fill-example")
        clear_button = gr.Button("入力を全部消す", size="sm")
    widgets = _build_form()
    keys = list(widgets)
    with gr.Row(equal_height=True):
        variants = gr.Slider(1, variants_max, value=min(ctx.settings.default_variants, variants_max),
                             step=1, label="案の数", info="いくつの案から選ぶか", scale=1)
        make_button = gr.Button("チラシを作る", variant="primary", size="lg", scale=2,
                                elem_id="make-button")
    form_errors = gr.Markdown(elem_id="form-errors")
    stages = gr.HTML(stage_html(-1), elem_id="stages")
    message = gr.Markdown(elem_id="make-message")
    cards = _build_cards(variants_max)
    card_outputs = [c for card in cards for c in
                    (card.column, card.image, card.info, card.pptx, card.pdf, card.png)]

    def fill_example() -> list[Any]:
        values = example_values()
        return [values.get(k) or None for k in keys]

    def clear_form() -> list[Any]:
        return [None] * len(keys)

    def validator(*args: Any) -> list[Any]:
        """Marks each text field in place (Gradio shows these messages under the label)."""
        _, errors = _validate_event(_values(keys, args[:-1]))
        return [gr.validate(not errors.get(k), " ".join(errors.get(k, []))) for k in keys
                ] + [gr.validate(True, "")]

    def summary(*args: Any) -> str:
        """The same problems as a list next to the button, where the user is looking."""
        _, errors = _validate_event(_values(keys, args[:-1]))
        return _error_markdown(errors) if errors else ""

    def make(*args: Any) -> Iterator[list[Any]]:
        *field_values, count = args
        event, errors = _validate_event(_values(keys, tuple(field_values)))
        if event is None:  # normally stopped by the validator already
            yield [stage_html(-1), _error_markdown(errors), *_card_updates(cards, None)]
            return
        yield [stage_html(0), "作っています。しばらくお待ちください（1分ほどかかります）。",
               *_card_updates(cards, None)]
        try:
            yield from _make_updates(ctx, cards, card_outputs, event, int(count))
        except Exception:  # never a bare "Error": the person gets a message, the form stays
            log.exception("make failed")
            failure = services.MakeFailure(0, services.UNEXPECTED_JA)
            yield [stage_html(0, failed=True), failure.markdown(), *_card_updates(cards, None)]

    make_button.click(summary, inputs=[*widgets.values(), variants], outputs=form_errors,
                      queue=False, api_visibility="private")
    example_button.click(fill_example, outputs=list(widgets.values()), api_visibility="private")
    clear_button.click(clear_form, outputs=list(widgets.values()), api_visibility="private")
    make_button.click(
        make, inputs=[*widgets.values(), variants], outputs=[stages, message, *card_outputs],
        validator=validator, concurrency_id="render", scroll_to_output=True, concurrency_limit=ctx.settings.render_concurrency,
        api_visibility="private", show_progress="minimal",
    )
