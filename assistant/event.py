"""Event information as the employee entered it: validation and Japanese formatting.

`EventInfo` is the only source of facts on a flyer (date, time, venue, fee, contact, ...).
The drafter never carries facts; the layout typesets them from here, already formatted:

- `date_ja`: 「2026年7月18日（土）」, multi-day 「2026年8月1日（土）～8月2日（日）」 (the year is
  repeated only when the end date is in another year).
- `time_ja`: 「午前10時～午後3時」, 「午後6時30分～午後8時」, start only 「午前10時から」.
  Decision: 12:00 is written 「正午」 and 0:00 「午前0時」; 12:30 is 「午後0時30分」
  (the 午前/午後 0–11 convention of Japanese official documents).
- `fee_ja`: 0 → 「無料」, 1500 → 「1,500円」; a text fee (「大人500円、子ども無料」) is kept as typed
  (「無料」 and 「1,500円」 typed as text are read as the amounts 0 and 1500).
- `capacity`: a positive number of people (shown 「30名」) or a short text (「先着30名」) kept as typed.
- `deadline_ja`: 「7月10日（金）」, with the year when it is not the event's year or the event runs into another year.
- `detail_rows()`: (label, value) in flyer order 日時, 会場, 対象, 定員, 参加費, 申込, 申込締切,
  持ち物 (only those present); 日時 is `date_ja` and `time_ja` joined by a full-width space.
- `contact_rows()`: 主催, 問い合わせ (department), 電話, メール.
- `facts()`: every string that must appear verbatim on the flyer; `reference_text()`: all the
  event's text, raw and formatted, for checking that flyer copy invents no numbers.

Normalisation: digits, times, dates, phone numbers and URLs are NFKC-normalised (full-width
digits and letters become ASCII). Free-text fields keep Japanese full-width punctuation
(！（）～) but get half-width katakana turned into full-width and full-width ASCII letters and
digits turned into ASCII. Leading/trailing whitespace is stripped everywhere; emoji are kept.

Bad input raises `EventError` whose `.messages` are Japanese, one per problem, each
「<field name in Japanese (FIELD_NAMES_JA)>: <what to do>」, e.g. 「日付: 2026年2月30日 は
カレンダーにない日付です。」 (the web form splits on the first 「: 」 to place the message).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from assistant.jatext import WEEKDAYS_JA, nfkc

TITLE_MAX_CHARS = 60
SUBTITLE_MAX_CHARS = 60
DESCRIPTION_MAX_CHARS = 800
SHORT_TEXT_MAX_CHARS = 100
NOON = dt.time(12, 0)

# Japanese names of the fields, used in every error message.
FIELD_NAMES_JA: dict[str, str] = {
    "title": "タイトル",
    "subtitle": "サブタイトル",
    "date": "日付",
    "end_date": "終了日",
    "start_time": "開始時刻",
    "end_time": "終了時刻",
    "venue": "会場",
    "organizer": "主催",
    "contact": "問い合わせ先",
    "department": "問い合わせ先の担当課",
    "phone": "問い合わせ先の電話番号",
    "email": "問い合わせ先のメールアドレス",
    "audience": "対象",
    "capacity": "定員",
    "fee": "参加費",
    "application": "申込方法",
    "deadline": "申込締切",
    "bring": "持ち物",
    "description": "内容の説明",
    "url": "URL",
    "photo": "写真",
    "photo_alt": "写真の説明（代替テキスト）",
}


class EventError(Exception):
    """Event input that cannot be used. `.messages` are Japanese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# --- normalisation ----------------------------------------------------------------------

_HALFWIDTH_KATAKANA = re.compile(r"[\uFF61-\uFF9F]+")
_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")


def normalise_text(value: str) -> str:
    """Half-width katakana → full-width, full-width ASCII letters/digits → ASCII, stripped.

    Full-width punctuation (！（）～：) stays: it is correct in Japanese text, whereas plain
    NFKC would turn it into ASCII.
    """
    value = _HALFWIDTH_KATAKANA.sub(lambda m: nfkc(m.group()), value)
    value = _FULLWIDTH_ALNUM.sub(lambda m: nfkc(m.group()), value)
    return value.strip()


def _text_or_none(value: Any) -> Any:
    if isinstance(value, str):
        value = normalise_text(value)
        return value or None
    return value


def _count_or_text_input(value: Any) -> Any:
    if isinstance(value, bool):  # pydantic would read true as 1
        raise ValueError("数か短い文で入力してください。")
    return _text_or_none(value)


def _text(value: Any) -> Any:
    return normalise_text(value) if isinstance(value, str) else value


def _nfkc(value: Any) -> Any:
    return nfkc(value).strip() if isinstance(value, str) else value


def _nfkc_or_none(value: Any) -> Any:
    value = _nfkc(value)
    return None if value == "" else value


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_text_or_none)]


_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_PHONE_CHARS = re.compile(r"^[0-9()\- ]+$")
# City numbers often go through a switchboard: 「0197-64-2111（内線1234）」.
_EXTENSION = re.compile(r"^(?P<number>.*?)\s*[(]?\s*(?:内線|ext\.?|EXT\.?)\s*(?P<ext>\d{1,6})\s*[)]?$")


def parse_date(value: Any) -> dt.date:
    """YYYY-MM-DD (also YYYY/MM/DD and full-width digits) → a real calendar date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("「2026-07-18」のように 年-月-日 で入力してください。")
    text = nfkc(value).strip()
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"「{text}」は日付の形ではありません。「2026-07-18」のように入力してください。")
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year}年{month}月{day}日 はカレンダーにない日付です。") from None


def parse_time(value: Any) -> dt.time:
    """HH:MM (also H:MM and full-width digits) → a time of day."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if not isinstance(value, str):
        raise ValueError("「10:00」のように 時:分 で入力してください。")
    text = nfkc(value).strip()
    match = _TIME_RE.match(text)
    if not match:
        raise ValueError(f"「{text}」は時刻の形ではありません。「10:00」のように入力してください。")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"「{text}」はない時刻です。0:00～23:59 で入力してください。")
    return dt.time(hour, minute)


def _optional(parser: Any) -> Any:
    def parse(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parser(value)

    return parse


DateField = Annotated[dt.date, BeforeValidator(parse_date)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(_optional(parse_date))]
TimeField = Annotated[dt.time, BeforeValidator(parse_time)]
OptionalTime = Annotated[dt.time | None, BeforeValidator(_optional(parse_time))]


def normalise_phone(value: str) -> str:
    """A Japanese phone number in its usual hyphenated form (0197-64-2111, 090-1234-5678)."""
    text = nfkc(value).strip()
    text = re.sub(r"[‐‑‒–—―−ー]", "-", text)  # dashes typed with a Japanese IME
    extension = _EXTENSION.match(text)
    if extension:
        number = normalise_phone(extension["number"])
        return f"{number}（内線{extension['ext']}）"
    if not _PHONE_CHARS.match(text) or not re.search(r"\d", text):
        raise ValueError(f"「{value}」は電話番号の形ではありません。数字とハイフンで入力してください。")
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "JP"):
        raise ValueError(f"「{value}」は日本の電話番号として正しくありません。市外局番から入力してください。")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# --- models -----------------------------------------------------------------------------


class Contact(BaseModel):
    """Who answers questions: the department and a phone number and/or an e-mail address."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    department: Text = Field(min_length=1, max_length=SHORT_TEXT_MAX_CHARS)
    phone: Annotated[str | None, BeforeValidator(_nfkc_or_none)] = None
    email: Annotated[str | None, BeforeValidator(_nfkc_or_none)] = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else normalise_phone(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValueError(f"「{value}」はメールアドレスの形ではありません。") from None

    @model_validator(mode="after")
    def _phone_or_email(self) -> Contact:
        if self.phone is None and self.email is None:
            raise ValueError("電話番号かメールアドレスの、少なくとも一つを入力してください。")
        return self


class EventInfo(BaseModel):
    """One event, validated. Field names are the event JSON's (English)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text = Field(min_length=1, max_length=TITLE_MAX_CHARS)
    subtitle: OptionalText = Field(None, max_length=SUBTITLE_MAX_CHARS)
    date: DateField
    end_date: OptionalDate = None
    start_time: TimeField
    end_time: OptionalTime = None
    venue: Text = Field(min_length=1, max_length=SHORT_TEXT_MAX_CHARS)
    organizer: Text = Field(min_length=1, max_length=SHORT_TEXT_MAX_CHARS)
    contact: Contact
    audience: OptionalText = Field(None, max_length=SHORT_TEXT_MAX_CHARS)
    capacity: Annotated[int | str | None, BeforeValidator(_count_or_text_input)] = None
    fee: Annotated[int | str | None, BeforeValidator(_count_or_text_input)] = None
    application: OptionalText = Field(None, max_length=SHORT_TEXT_MAX_CHARS)
    deadline: OptionalDate = None
    bring: OptionalText = Field(None, max_length=SHORT_TEXT_MAX_CHARS)
    description: OptionalText = Field(None, max_length=DESCRIPTION_MAX_CHARS)
    url: Annotated[str | None, BeforeValidator(_nfkc_or_none)] = None
    photo: Path | None = None
    photo_alt: OptionalText = Field(None, max_length=SHORT_TEXT_MAX_CHARS)

    # --- field checks -------------------------------------------------------------------

    @field_validator("capacity")
    @classmethod
    def _capacity(cls, value: int | str | None) -> int | str | None:
        return _count_or_text(value, minimum=1, what="人数は1以上")

    @field_validator("fee")
    @classmethod
    def _fee(cls, value: int | str | None) -> int | str | None:
        # 「無料」 and 「500円」 typed as text mean the amounts, so they format and test alike
        if isinstance(value, str):
            value = "0" if value == "無料" else re.sub(r"^(\d[\d,]*)円$", r"\1", value)
        return _count_or_text(value, minimum=0, what="金額は0以上（0は無料）")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", value):
            raise ValueError(f"「{value}」は使えません。http:// か https:// で始まるアドレスを入力してください。")
        return value

    @field_validator("photo", mode="before")
    @classmethod
    def _photo(cls, value: Any, info: ValidationInfo) -> Path | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        base_dir = (info.context or {}).get("base_dir")
        path = Path(unicodedata.normalize("NFC", str(value)).strip()).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        _check_image(path)
        return path

    @model_validator(mode="after")
    def _order(self) -> EventInfo:
        problems = order_problems(self.date, self.end_date, self.start_time, self.end_time,
                                  self.deadline)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @field_serializer("date", "end_date", "deadline")
    def _dump_date(self, value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    @field_serializer("start_time", "end_time")
    def _dump_time(self, value: dt.time | None) -> str | None:
        return None if value is None else value.strftime("%H:%M")

    @field_serializer("photo")
    def _dump_photo(self, value: Path | None) -> str | None:
        return None if value is None else str(value)

    # --- Japanese formatting ------------------------------------------------------------

    @property
    def is_multi_day(self) -> bool:
        return self.end_date is not None and self.end_date != self.date

    @property
    def date_ja(self) -> str:
        """「2026年7月18日（土）」 or 「2026年8月1日（土）～8月2日（日）」."""
        start = format_date_ja(self.date)
        if not self.is_multi_day:
            return start
        assert self.end_date is not None
        return f"{start}～{format_date_ja(self.end_date, with_year=self.end_date.year != self.date.year)}"

    @property
    def time_ja(self) -> str:
        """「午前10時～午後3時」, or 「午前10時から」 when there is no end time."""
        if self.end_time is None:
            return f"{format_time_ja(self.start_time)}から"
        return f"{format_time_ja(self.start_time)}～{format_time_ja(self.end_time)}"

    @property
    def datetime_ja(self) -> str:
        """Date and time as one line: 「2026年7月18日（土）　午前10時～午後3時」."""
        return f"{self.date_ja}　{self.time_ja}"

    @property
    def fee_ja(self) -> str | None:
        if self.fee is None:
            return None
        return format_yen_ja(self.fee) if isinstance(self.fee, int) else self.fee

    @property
    def capacity_ja(self) -> str | None:
        if self.capacity is None:
            return None
        return f"{self.capacity:,}名" if isinstance(self.capacity, int) else self.capacity

    @property
    def deadline_ja(self) -> str | None:
        """The deadline with its weekday; the year when it differs from the event's or the
        event runs into another year (「1月9日」 would then read as the end date's year)."""
        if self.deadline is None:
            return None
        years = {self.date.year, (self.end_date or self.date).year}
        return format_date_ja(self.deadline, with_year=years != {self.deadline.year})

    @property
    def is_free(self) -> bool:
        return self.fee == 0

    def detail_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows of the details block, in flyer order; only those present."""
        rows = [
            ("日時", self.datetime_ja),
            ("会場", self.venue),
            ("対象", self.audience),
            ("定員", self.capacity_ja),
            ("参加費", self.fee_ja),
            ("申込", self.application),
            ("申込締切", self.deadline_ja),
            ("持ち物", self.bring),
        ]
        return [(label, value) for label, value in rows if value]

    def contact_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows of the 主催・問い合わせ block; only those present."""
        rows = [
            ("主催", self.organizer),
            ("問い合わせ", self.contact.department),
            ("電話", self.contact.phone),
            ("メール", self.contact.email),
        ]
        return [(label, value) for label, value in rows if value]

    def facts(self) -> list[str]:
        """Every fact string that must appear verbatim on the flyer."""
        found = [self.title, self.subtitle, self.date_ja, self.time_ja]
        found += [value for label, value in self.detail_rows() if label != "日時"]
        found += [value for _, value in self.contact_rows()]
        found.append(self.url)
        return list(dict.fromkeys(value for value in found if value))

    def reference_text(self) -> str:
        """All the event's text, raw and formatted: any number in flyer copy must occur here."""
        raw = [str(v) for k, v in self.model_dump(exclude={"photo", "contact"}).items() if v]
        raw += [str(v) for v in self.contact.model_dump().values() if v]
        return "\n".join([*raw, *self.facts()])


def order_problems(date: dt.date | None, end_date: dt.date | None, start_time: dt.time | None,
                   end_time: dt.time | None, deadline: dt.date | None) -> list[str]:
    """Messages for dates and times in the wrong order (None values are not checked)."""
    problems = []
    if date and end_date and end_date < date:
        problems.append("終了日: 開始の日付より前になっています。")
    same_day = end_date is None or end_date == date
    if start_time and end_time and same_day and end_time <= start_time:
        problems.append("終了時刻: 開始時刻より後の時刻にしてください。")
    if date and deadline and deadline > date:
        problems.append("申込締切: 開催日より後になっています。開催日までの日付にしてください。")
    return problems


def _count_or_text(value: int | str | None, minimum: int, what: str) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d[\d,]*", value):
        value = int(value.replace(",", ""))
    if isinstance(value, int):
        if value < minimum:
            raise ValueError(f"{what}にしてください。")
        return value
    if len(value) > SHORT_TEXT_MAX_CHARS:
        raise ValueError(f"{SHORT_TEXT_MAX_CHARS}文字以内にしてください（いま{len(value)}文字）。")
    return value


def _check_image(path: Path) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        found = path.is_file()
    except (OSError, ValueError):  # e.g. a NUL character in the name
        found = False
    if not found:
        raise ValueError(f"ファイル「{path}」が見つかりません。")
    try:
        with Image.open(path) as image:
            image.verify()
    except Image.DecompressionBombError:
        raise ValueError(f"「{path.name}」は画素数が多すぎます。小さくした画像を使ってください。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValueError(f"「{path.name}」は画像として読めません。JPEG か PNG を使ってください。") from None


# --- formatting helpers (also used by other stages) -------------------------------------


def format_date_ja(day: dt.date, with_year: bool = True) -> str:
    """「2026年7月18日（土）」; without the year 「7月18日（土）」."""
    weekday = WEEKDAYS_JA[day.weekday()]
    year = f"{day.year}年" if with_year else ""
    return f"{year}{day.month}月{day.day}日（{weekday}）"


def format_time_ja(time: dt.time) -> str:
    """「午前10時」, 「午後6時30分」, 「正午」 (12:00), 「午前0時」 (0:00)."""
    if time == NOON:
        return "正午"
    half = "午前" if time.hour < 12 else "午後"
    minutes = f"{time.minute}分" if time.minute else ""
    return f"{half}{time.hour % 12}時{minutes}"


def format_yen_ja(amount: int) -> str:
    """0 → 「無料」, 1500 → 「1,500円」."""
    return "無料" if amount == 0 else f"{amount:,}円"


# --- loading ----------------------------------------------------------------------------


def event_from_dict(data: Any, base_dir: Path | None = None) -> EventInfo:
    """Validate event data (the JSON object). Relative photo paths resolve against base_dir."""
    if not isinstance(data, dict):
        raise EventError(["イベント情報は { } で囲んだ JSON オブジェクトにしてください。"])
    try:
        return EventInfo.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as error:
        messages = _messages_ja(error)
    # pydantic skips the order checks when a field failed; report them anyway, all at once
    messages += [m for m in _lenient_order_problems(data) if m not in messages]
    raise EventError(messages)


def _lenient_order_problems(data: dict[str, Any]) -> list[str]:
    def parsed(name: str, parser: Any) -> Any:
        try:
            return _optional(parser)(data.get(name))
        except ValueError:
            return None

    return order_problems(parsed("date", parse_date), parsed("end_date", parse_date),
                          parsed("start_time", parse_time), parsed("end_time", parse_time),
                          parsed("deadline", parse_date))


def _read_json_text(path: Path) -> str:
    """UTF-8 (with or without BOM); else Shift_JIS (cp932), which Japanese Windows tools
    such as older Notepad and Excel still write."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp932")


def load_event(path: str | Path) -> EventInfo:
    """Read and validate an event JSON file. Every failure is an `EventError`."""
    path = Path(path)
    try:
        text = _read_json_text(path)
    except FileNotFoundError:
        raise EventError([f"ファイル「{path}」が見つかりません。"]) from None
    except IsADirectoryError:
        raise EventError([f"「{path}」はフォルダです。イベント情報の JSON ファイルを指定してください。"]) from None
    except UnicodeDecodeError:
        raise EventError([f"ファイル「{path}」の文字コードが読めません。UTF-8 で保存してください。"]) from None
    except OSError as error:
        raise EventError([f"ファイル「{path}」を読めません（{error.strerror}）。"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise EventError([
            f"ファイル「{path.name}」は JSON として読めません（{error.lineno}行目 {error.colno}文字目）。"
        ]) from None
    except RecursionError:
        raise EventError([f"ファイル「{path.name}」は入れ子が深すぎて読めません。"]) from None
    return event_from_dict(data, base_dir=path.parent)


_ERROR_TEXT_JA: dict[str, str] = {
    "missing": "入力してください。",
    "string_type": "文字で入力してください。",
    "int_type": "数で入力してください。",
    "model_type": "{ } で囲んだ項目で入力してください。",
    "dict_type": "{ } で囲んだ項目で入力してください。",
    "extra_forbidden": "この項目は使えません（項目名を確かめてください）。",
    "int_from_float": "整数で入力してください。",
}


def _messages_ja(error: ValidationError) -> list[str]:
    messages = []
    for item in error.errors(include_url=False):
        field = _field_name_ja(item["loc"])
        # a number-or-text field fails once per member of its union; say it once
        union_member = any(part in ("int", "str") for part in item["loc"])
        reason_text = "数か短い文で入力してください。" if union_member else _reason_ja(item)
        for reason in reason_text.split("\n"):
            # model-level checks already start with the field name (「終了時刻: ...」)
            messages.append(reason if re.match(r"^[^\s:]+: ", reason) else f"{field}: {reason}")
    return list(dict.fromkeys(messages))


def _field_name_ja(loc: tuple[int | str, ...]) -> str:
    names = [part for part in loc if isinstance(part, str) and part in FIELD_NAMES_JA]
    if not names:
        unknown = [str(part) for part in loc if isinstance(part, str)]
        return f"項目「{unknown[-1]}」" if unknown else "イベント情報"
    return FIELD_NAMES_JA[names[-1]]


def _reason_ja(item: Any) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind == "string_too_short":
        return "入力してください。"
    if kind == "string_too_long":
        length = len(item["input"]) if isinstance(item.get("input"), str) else "?"
        return f"{ctx.get('max_length')}文字以内にしてください（いま{length}文字）。"
    if kind == "extra_forbidden":
        return _ERROR_TEXT_JA[kind]
    return _ERROR_TEXT_JA.get(kind, "入力の形が正しくありません。")
