"""The event form: its fields grouped as a person thinks, and the mapping to EventInfo.

The form knows nothing about Gradio: `app.py` builds widgets from `FIELDS`. Values arrive as
a dict keyed by field key; `event_data` turns them into the event JSON (English names, as in
`assistant.event`), and `errors_by_field` puts each Japanese EventError message next to the
field it is about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.event import FIELD_NAMES_JA
from assistant.paths import PROJECT_ROOT

EXAMPLE_EVENT = PROJECT_ROOT / "examples" / "event.json"
GENERAL = "_general"

Kind = Literal["text", "long", "date", "time", "photo"]


@dataclass(frozen=True)
class FormField:
    key: str  # EventInfo field, or contact.<field>
    label: str
    group: str
    kind: Kind = "text"
    required: bool = False
    placeholder: str = ""
    info: str = ""

    @property
    def shown_label(self) -> str:
        return f"{self.label}（必須）" if self.required else self.label


GROUPS = ["基本情報", "日時・会場", "申込", "問い合わせ", "写真・URL"]

FIELDS: list[FormField] = [
    FormField("title", "タイトル", "基本情報", required=True,
              placeholder="例：北上市 夏の親子自然観察会"),
    FormField("subtitle", "サブタイトル", "基本情報", placeholder="例：川と森の生きものをさがそう"),
    FormField("organizer", "主催", "基本情報", required=True, placeholder="例：北上市 環境政策課"),
    FormField("audience", "対象", "基本情報", placeholder="例：市内の小学生とその保護者"),
    FormField("description", "内容の説明", "基本情報", kind="long",
              placeholder="どんな催しか、2～3文で書いてください。",
              info="チラシの文章はここから作ります。日付や電話番号は下の欄に書いてください。"),
    FormField("date", "開催日", "日時・会場", kind="date", required=True,
              placeholder="例：2026-07-18", info="年-月-日 で入力（2026/7/18 でも可）"),
    FormField("end_date", "終了日", "日時・会場", kind="date", placeholder="例：2026-07-19",
              info="2日以上つづく催しのときだけ"),
    FormField("start_time", "開始時刻", "日時・会場", kind="time", required=True,
              placeholder="例：10:00", info="時:分（24時間）。チラシには「午前10時」と出ます。"),
    FormField("end_time", "終了時刻", "日時・会場", kind="time", placeholder="例：15:00"),
    FormField("venue", "会場", "日時・会場", required=True, placeholder="例：北上市立博物館"),
    FormField("capacity", "定員", "申込", placeholder="例：30（人数だけ）または 先着30名"),
    FormField("fee", "参加費", "申込", placeholder="例：0（無料）、500、大人500円・子ども無料"),
    FormField("application", "申込方法", "申込", placeholder="例：電話で環境政策課へ"),
    FormField("deadline", "申込締切", "申込", kind="date", placeholder="例：2026-07-10"),
    FormField("bring", "持ち物", "申込", placeholder="例：飲み物、帽子"),
    FormField("contact.department", "担当課", "問い合わせ", required=True,
              placeholder="例：環境政策課", info="問い合わせ先の課・係"),
    FormField("contact.phone", "電話番号", "問い合わせ", placeholder="例：0197-64-2111",
              info="電話番号かメールアドレスの、どちらかは必須です"),
    FormField("contact.email", "メールアドレス", "問い合わせ",
              placeholder="例：example@city.kitakami.iwate.jp"),
    FormField("url", "くわしい情報のURL", "写真・URL", placeholder="例：https://...",
              info="入れるとQRコードがつきます"),
    FormField("photo", "写真", "写真・URL", kind="photo", info="JPEG か PNG（なくてもかまいません）"),
    FormField("photo_alt", "写真の説明", "写真・URL",
              placeholder="例：川辺で虫とりをする親子",
              info="目の見えにくい人のための説明（写真を入れるときは書いてください）"),
]

FIELD_KEYS = [f.key for f in FIELDS]


def event_data(values: dict[str, Any]) -> dict[str, Any]:
    """Form values (by field key) to the event JSON object; empty fields are left out."""
    data: dict[str, Any] = {}
    contact: dict[str, Any] = {}
    for key in FIELD_KEYS:
        value = values.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        if key.startswith("contact."):
            contact[key.removeprefix("contact.")] = value
        else:
            data[key] = str(value)
    # always sent, so that a missing department is reported on its own field
    data["contact"] = contact
    return data


def values_from_event(data: dict[str, Any]) -> dict[str, Any]:
    """The event JSON object to form values (for 「記入例を入れる」)."""
    values: dict[str, Any] = {}
    for key in FIELD_KEYS:
        node: Any = data
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        values[key] = "" if node is None else str(node)
    return values


def example_values() -> dict[str, Any]:
    """Form values from examples/event.json (photo path resolved next to it)."""
    data = json.loads(EXAMPLE_EVENT.read_text(encoding="utf-8"))
    values = values_from_event(data)
    if values.get("photo"):
        photo = Path(values["photo"])
        values["photo"] = str(photo if photo.is_absolute() else EXAMPLE_EVENT.parent / photo)
    return values


# The Japanese field names the event module puts in front of its messages (「会場: ...」)
_KEY_BY_NAME_JA = {
    "タイトル": ["title"], "サブタイトル": ["subtitle"], "日付": ["date"], "終了日": ["end_date"],
    "開始時刻": ["start_time"], "終了時刻": ["end_time"], "会場": ["venue"],
    "主催": ["organizer"], "問い合わせ先": ["contact.phone", "contact.email"],
    "問い合わせ先の担当課": ["contact.department"], "問い合わせ先の電話番号": ["contact.phone"],
    "問い合わせ先のメールアドレス": ["contact.email"], "対象": ["audience"], "定員": ["capacity"],
    "参加費": ["fee"], "申込方法": ["application"], "申込締切": ["deadline"], "持ち物": ["bring"],
    "内容の説明": ["description"], "URL": ["url"], "写真": ["photo"],
    "写真の説明（代替テキスト）": ["photo_alt"],
}
assert set(_KEY_BY_NAME_JA) <= set(FIELD_NAMES_JA.values()) | {"問い合わせ先"}


def errors_by_field(messages: list[str]) -> dict[str, list[str]]:
    """Group EventError messages by form field key; unknown ones go to GENERAL."""
    grouped: dict[str, list[str]] = {}
    for message in messages:
        name, sep, reason = message.partition(": ")
        keys = _KEY_BY_NAME_JA.get(name) if sep else None
        if not keys:
            grouped.setdefault(GENERAL, []).append(message)
            continue
        for key in keys:
            grouped.setdefault(key, []).append(reason)
    return grouped


def field_label(key: str) -> str:
    return next(f.label for f in FIELDS if f.key == key)
