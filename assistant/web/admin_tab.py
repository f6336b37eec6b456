"""「ガイドライン管理」 (PR staff, behind a login): edit, check, preview impact, publish, roll back."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import gradio as gr

from assistant.guideline import GuidelineError
from assistant.guideline import publish as pub
from assistant.web import services
from assistant.web.admin import (
    apply_common_values,
    check_draft,
    common_values_spec,
    diff_text,
    normalise_draft,
    read_common_values,
)
from assistant.web.auth import AuthConfigError, load_credentials
from assistant.web.context import AppContext, guideline_now

HISTORY_HEADERS = ["版", "公開日時（日本時間）", "公開した人", "メモ"]
PROBLEM_HEADERS = ["行", "列", "内容"]
PROGRESS = gr.Progress()
IMPACT_HEADERS = ["チラシ", "いまのルール", "下書きのルール", "新しく出るエラー"]


def _login_note(ctx: AppContext) -> str | None:
    """Why nobody can log in, or None when a login is configured."""
    try:
        load_credentials(ctx.settings)
    except AuthConfigError as exc:
        return str(exc)
    return None


def _require(ctx: AppContext, token: str | None) -> str:
    user = ctx.sessions.user_for(token)
    if user is None:
        raise gr.Error("ログインしてください（ログインの期限が切れたときも、もう一度ログインします）。")
    return user


def _local(iso: str, tz: ZoneInfo) -> str:
    return datetime.fromisoformat(iso).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _status_markdown(tz: ZoneInfo) -> str:
    version = pub.current_version()
    if version is None:
        return "**いま使われているガイドライン：** 初期版（リポジトリの `brand_guidelines/kitakami.yaml`）"
    note = f"。{version.note}" if version.note else ""
    return (f"**いま使われているガイドライン：** {version.label}（{_local(version.published_at, tz)}"
            f" に {version.author} さんが公開{note}）")


def _history_rows(tz: ZoneInfo) -> list[list[Any]]:
    return [[v.label, _local(v.published_at, tz), v.author, v.note] for v in pub.history()]


def _history_choices(tz: ZoneInfo) -> list[tuple[str, int]]:
    return [(f"{v.label}（{_local(v.published_at, tz)}）{v.note}", v.number)
            for v in pub.history()]


def build_admin_tab(ctx: AppContext) -> None:
    guideline, _ = guideline_now()
    tz = ZoneInfo(ctx.settings.timezone)
    spec = common_values_spec(guideline)
    note = _login_note(ctx)
    gr.Markdown("ガイドライン（色・文字の大きさ・余白・ロゴのルール）を直して公開します。"
                "都市プロモーション課の担当者だけが使えます。\n\n"
                "**手順：** ① 値か YAML を直す → ② 「下書きを確かめる」 → ③ 「影響を調べる」 → "
                "④ 「公開する」。公開すると、次に作るチラシとチェックから新しいルールが使われます。"
                "まちがえたときは、履歴から「この版に戻す」で元に戻せます。")
    if note:
        gr.Markdown(f"### ログインの設定がありません\n\n{note}", elem_id="admin-not-configured")
    token = gr.State(None)
    with gr.Group(visible=True) as login_box:
        with gr.Row():
            user = gr.Textbox(label="ユーザー名", interactive=note is None, elem_id="admin-user")
            password = gr.Textbox(label="パスワード", type="password", interactive=note is None,
                                  elem_id="admin-password")
        login_button = gr.Button("ログイン", variant="primary", interactive=note is None,
                                 elem_id="admin-login")
    login_message = gr.Markdown(elem_id="admin-login-message")

    with gr.Column(visible=False, elem_id="admin-panel") as panel:
        status = gr.Markdown()
        with gr.Tabs():
            with gr.Tab("よく変える値"):
                gr.Markdown("値を変えて「この値を下書きに入れる」を押すと、「YAML（全部）」タブの"
                            "下書きが変わります。YAML のコメントはそのまま残ります。")
                widgets = _common_widgets(spec)
                to_draft = gr.Button("この値を下書きに入れる")
            with gr.Tab("YAML（全部）"):
                gr.Markdown("ガイドライン全体を直接直せます。誤りは「下書きを確かめる」で行ごとに出ます。")
                draft = gr.Code(language="yaml", lines=30, max_lines=60, label="下書き（YAML）",
                                interactive=True, elem_id="admin-yaml")
        with gr.Row():
            check_button = gr.Button("下書きを確かめる（誤りと変更点）")
            impact_button = gr.Button("影響を調べる（今のチラシが不合格にならないか）")
            reset_button = gr.Button("下書きを捨てて公開中の版に戻す")
        check_message = gr.Markdown()
        problems = gr.Dataframe(headers=PROBLEM_HEADERS, label="下書きの誤り", interactive=False,
                                visible=False, elem_classes="kc-table")
        diff = gr.Code(language=None, label="公開中の版との違い", interactive=False, lines=8)
        impact = gr.Dataframe(headers=IMPACT_HEADERS, label="影響を受けるチラシ", interactive=False,
                              wrap=True, elem_classes="kc-table")
        with gr.Row():
            publish_note = gr.Textbox(label="変更のメモ（履歴に残ります）", scale=3,
                                      placeholder="例：本文の最小サイズを13ptにした")
            publish_button = gr.Button("公開する", variant="primary", scale=1)
        publish_message = gr.Markdown()
        gr.Markdown("#### 公開の履歴")
        history = gr.Dataframe(headers=HISTORY_HEADERS, interactive=False, elem_classes="kc-table")
        with gr.Row():
            version = gr.Dropdown(label="戻す版", choices=[], scale=3)
            rollback_button = gr.Button("この版に戻す", scale=1)
        logout_button = gr.Button("ログアウト", size="sm")

    form_outputs = list(widgets.values())

    def fresh_panel() -> list[Any]:
        text = pub.current_text()
        values = read_common_values(text, spec)
        return [_status_markdown(tz), text, *[values[k] for k in widgets], _history_rows(tz),
                gr.Dropdown(choices=_history_choices(tz), value=None)]

    panel_outputs = [status, draft, *form_outputs, history, version]
    # after a publish or rollback the earlier check results and memo no longer apply
    stale_outputs = [check_message, diff, impact, publish_note]
    cleared = ["", "", [], ""]

    def login(name: str, secret: str) -> list[Any]:
        try:
            new_token = ctx.sessions.login(name or "", secret or "")
        except AuthConfigError as exc:
            return [None, f"**{exc}**", gr.Column(visible=False), gr.Group(visible=True), "",
                    *[gr.skip()] * len(panel_outputs)]
        return [new_token, "", gr.Column(visible=True), gr.Group(visible=False), "",
                *fresh_panel()]

    def logout(current: str | None) -> list[Any]:
        ctx.sessions.logout(current)
        return [None, "ログアウトしました。", gr.Column(visible=False), gr.Group(visible=True)]

    def into_draft(current: str | None, text: str, *values: Any) -> str:
        _require(ctx, current)
        return apply_common_values(text, spec, dict(zip(widgets, values, strict=True)))

    def check(current: str | None, text: str) -> list[Any]:
        _require(ctx, current)
        parsed, rows = check_draft(text)
        published = pub.current_text()
        label = pub.current_version().label if pub.current_version() else "初期版"
        changes = diff_text(published, text, label) or "（公開中の版と同じです）"
        if parsed is None:
            msg = f"### 誤りが {len(rows)} か所あります\n公開する前に直してください。"
        else:
            msg = "### 誤りはありません\n「影響を調べる」で、今のチラシへの影響を確かめてから公開してください。"
        return [msg, gr.Dataframe(value=rows, visible=bool(rows)), changes]

    def preview_impact(current: str | None, text: str,
                       progress: gr.Progress = PROGRESS) -> list[Any]:
        _require(ctx, current)
        parsed, rows = check_draft(text)
        if parsed is None:
            return [f"### 下書きに誤りが {len(rows)} か所あります\n先に直してください。",
                    gr.Dataframe(value=rows, visible=True), []]
        progress(0, desc="チラシを調べています")
        summary, table = services.impact_preview(ctx, parsed)
        return [summary, gr.Dataframe(visible=False), table]

    def do_publish(current: str | None, text: str, memo: str) -> list[Any]:
        user_name = _require(ctx, current)
        try:
            published = pub.publish(normalise_draft(text), author=user_name,
                                    note=(memo or "").strip())
        except GuidelineError as exc:
            rows = [[p.line, p.column, p.message_ja] for p in exc.problems]
            return [f"### 公開できません：誤りが {len(rows)} か所あります",
                    gr.Dataframe(value=rows, visible=True),
                    *[gr.skip()] * (len(stale_outputs) + len(panel_outputs))]
        msg = (f"### {published.label} を公開しました\n次にチラシを作るときやチェックするときから、"
               "このルールが使われます（再起動はいりません）。")
        return [msg, gr.Dataframe(visible=False), *cleared, *fresh_panel()]

    def do_rollback(current: str | None, number: int | None) -> list[Any]:
        user_name = _require(ctx, current)
        keep = [gr.skip()] * (len(stale_outputs) + len(panel_outputs))
        if number is None:
            return ["戻す版をえらんでください。", gr.Dataframe(visible=False), *keep]
        try:
            back = pub.rollback(int(number), author=user_name)
        except pub.PublishError as exc:
            return [str(exc), gr.Dataframe(visible=False), *keep]
        msg = f"### v{number} の内容に戻しました（{back.label} として公開）"
        return [msg, gr.Dataframe(visible=False), *cleared, *fresh_panel()]

    def reset(current: str | None) -> list[Any]:
        _require(ctx, current)
        return fresh_panel()

    private = {"api_visibility": "private"}
    login_button.click(login, [user, password],
                       [token, login_message, panel, login_box, password, *panel_outputs], **private)
    password.submit(login, [user, password],
                    [token, login_message, panel, login_box, password, *panel_outputs], **private)
    logout_button.click(logout, token, [token, login_message, panel, login_box], **private)
    to_draft.click(into_draft, [token, draft, *form_outputs], draft, **private)
    check_button.click(check, [token, draft], [check_message, problems, diff], **private)
    impact_button.click(preview_impact, [token, draft], [check_message, problems, impact],
                        concurrency_id="render", concurrency_limit=ctx.settings.render_concurrency,
                        **private)
    publish_button.click(do_publish, [token, draft, publish_note],
                         [publish_message, problems, *stale_outputs, *panel_outputs], **private)
    rollback_button.click(do_rollback, [token, version],
                          [publish_message, problems, *stale_outputs, *panel_outputs], **private)
    reset_button.click(reset, token, panel_outputs, **private)


def _common_widgets(spec: list) -> dict[str, gr.components.Component]:
    widgets: dict[str, gr.components.Component] = {}
    colours = [f for f in spec if f.kind == "colour"]
    numbers = [f for f in spec if f.kind != "colour"]
    gr.Markdown("**色（パレット）**")
    with gr.Row():
        for field in colours:
            widgets[field.key] = gr.ColorPicker(label=field.label, min_width=140)
    gr.Markdown("**文字の大きさ・余白・ロゴ**")
    for start in range(0, len(numbers), 3):
        with gr.Row():
            for field in numbers[start:start + 3]:
                widgets[field.key] = gr.Number(label=field.label, info=field.info or None)
    return widgets
