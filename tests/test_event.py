"""EventInfo: loading, validation messages in Japanese, normalisation and formatting."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.event import (
    EventError,
    EventInfo,
    event_from_dict,
    format_date_ja,
    format_time_ja,
    format_yen_ja,
    load_event,
)
from assistant.paths import PROJECT_ROOT

DATA = Path(__file__).parent / "data"
EVENT_FILES = sorted((DATA / "events").glob("*.json"))
EXAMPLE_FILES = sorted((PROJECT_ROOT / "examples").glob("*.json"))
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
EN_WEEKDAY_TO_JA = {"Mon": "月", "Tue": "火", "Wed": "水", "Thu": "木", "Fri": "金",
                    "Sat": "土", "Sun": "日"}


def base(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "カヌー体験", "date": "2026-07-18", "start_time": "10:00", "end_time": "15:00",
        "venue": "展勝地", "organizer": "北上市",
        "contact": {"department": "都市プロモーション課", "phone": "0197-64-2111"},
    }
    data.update(changes)
    return data


def messages_for(data: object) -> list[str]:
    with pytest.raises(EventError) as caught:
        event_from_dict(data)
    assert caught.value.messages, "an EventError always carries messages"
    return caught.value.messages


# --- loading ---------------------------------------------------------------------------


def test_there_are_enough_varied_test_events() -> None:
    assert len(EVENT_FILES) >= 15


@pytest.mark.parametrize("path", EVENT_FILES + EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_test_and_example_event_loads(path: Path) -> None:
    event = load_event(path)
    assert event.title and event.date_ja and event.facts()


BAD_EVENTS = {
    "missing-title": "タイトル: 入力してください。",
    "feb-30": "日付: 2026年2月30日 はカレンダーにない日付です。",
    "end-before-start": "終了時刻: 開始時刻より後の時刻にしてください。",
    "phone-letters": "問い合わせ先の電話番号:",
    "url-ftp": "URL: 「ftp://files.example.jp/flyer.pdf」は使えません。",
    "description-too-long": "内容の説明: 800文字以内にしてください（いま801文字）。",
    "not-json": "JSON として読めません（1行目",
    "array": "JSON オブジェクトにしてください",
    "no-contact-method": "問い合わせ先: 電話番号かメールアドレスの、少なくとも一つを入力してください。",
    "deadline-after-date": "申込締切: 開催日より後になっています。",
    "photo-missing": "写真: ファイル",
    "unknown-field": "項目「titel」: この項目は使えません",
}


@pytest.mark.parametrize("name", sorted(BAD_EVENTS))
def test_bad_event_gives_a_japanese_message_naming_the_field(name: str) -> None:
    with pytest.raises(EventError) as caught:
        load_event(DATA / "bad_events" / f"{name}.json")
    joined = "\n".join(caught.value.messages)
    assert BAD_EVENTS[name] in joined
    assert all(JAPANESE.search(message) for message in caught.value.messages)


def test_every_bad_event_file_is_covered() -> None:
    assert {p.stem for p in (DATA / "bad_events").glob("*.json")} == set(BAD_EVENTS)


def test_missing_file_and_directory_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(EventError, match="見つかりません"):
        load_event(tmp_path / "nothing.json")
    with pytest.raises(EventError, match="フォルダ"):
        load_event(tmp_path)
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b'{"title": "\x81\x7f"}')  # neither UTF-8 nor Shift_JIS
    with pytest.raises(EventError, match="UTF-8"):
        load_event(garbage)


def test_shift_jis_file_from_windows_tools_is_read(tmp_path: Path) -> None:
    data = json.loads((PROJECT_ROOT / "examples" / "event.json").read_text(encoding="utf-8"))
    sjis = tmp_path / "sjis.json"
    sjis.write_bytes(json.dumps(data, ensure_ascii=False).encode("cp932"))
    event = load_event(sjis)
    assert event.title == data["title"]
    assert event.venue == data["venue"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(base(), ensure_ascii=False), encoding="utf-8-sig")
    assert load_event(path).title == "カヌー体験"


def test_all_problems_of_the_fields_are_reported_at_once() -> None:
    messages = messages_for({"title": "", "date": "2026-13-01", "start_time": "25:00",
                             "venue": "展勝地", "organizer": "北上市",
                             "contact": {"department": "課", "phone": "abc"}})
    fields = {message.split(":")[0] for message in messages}
    assert {"タイトル", "日付", "開始時刻", "問い合わせ先の電話番号"} <= fields


def test_order_problems_are_reported_together_with_field_problems() -> None:
    messages = messages_for(base(title="", end_time="09:00", deadline="2026-07-20"))
    assert messages == ["タイトル: 入力してください。",
                        "終了時刻: 開始時刻より後の時刻にしてください。",
                        "申込締切: 開催日より後になっています。開催日までの日付にしてください。"]


def test_photo_path_is_relative_to_the_event_file() -> None:
    event = load_event(DATA / "events" / "photo.json")
    assert event.photo is not None and event.photo.is_file()
    assert event.photo.resolve() == (DATA / "photos" / "kitakami-landscape.jpg").resolve()


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "photo.jpg"
    fake.write_text("not an image")
    with pytest.raises(EventError, match="写真: 「photo.jpg」は画像として読めません"):
        event_from_dict(base(photo=str(fake)))


def test_odd_photo_paths_and_deep_json_give_messages(tmp_path: Path) -> None:
    with pytest.raises(EventError, match="写真: ファイル"):
        event_from_dict(base(photo="bad\x00name.jpg"))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(EventError, match="deep.json"):
        load_event(deep)


def test_dump_and_load_round_trip() -> None:
    event = load_event(DATA / "events" / "full.json")
    dumped = event.model_dump(mode="json")
    assert dumped["date"] == "2026-07-25" and dumped["start_time"] == "09:30"
    assert event_from_dict(json.loads(json.dumps(dumped))) == event


# --- normalisation ---------------------------------------------------------------------


def test_full_width_digits_and_half_width_katakana_are_normalised() -> None:
    event = load_event(DATA / "events" / "fullwidth-digits.json")
    assert event.date == dt.date(2026, 9, 27)
    assert event.start_time == dt.time(10, 0)
    assert event.contact.phone == "0197-64-2111"
    assert event.title == "北上マルシェ 2026"


def test_text_keeps_japanese_punctuation_and_emoji() -> None:
    event = event_from_dict(base(title="　🌸お花見！（雨天決行）～ﾜｲﾜｲ　", bring="ｶﾞﾑﾃｰﾌﾟ"))
    assert event.title == "🌸お花見！（雨天決行）～ワイワイ"
    assert event.bring == "ガムテープ"


def test_empty_optional_text_becomes_none() -> None:
    event = event_from_dict(base(subtitle="   ", audience="", url=""))
    assert event.subtitle is None and event.audience is None and event.url is None


@pytest.mark.parametrize("typed, expected", [
    ("0197-64-2111", "0197-64-2111"),
    ("0197642111", "0197-64-2111"),
    ("０１９７－６４－２１１１", "0197-64-2111"),
    ("0197ー64ー2111", "0197-64-2111"),
    ("0197 64 2111", "0197-64-2111"),
    ("0197(64)2111", "0197-64-2111"),
    ("0120-123-456", "0120-123-456"),
    ("0120123456", "0120-123-456"),
    ("090-1234-5678", "090-1234-5678"),
    ("09012345678", "090-1234-5678"),
    ("03-1234-5678", "03-1234-5678"),
    ("0197-64-2111（内線1234）", "0197-64-2111（内線1234）"),
    ("０１９７６４２１１１　内線５６", "0197-64-2111（内線56）"),
    ("0197-64-2111 ext. 7", "0197-64-2111（内線7）"),
])
def test_japanese_phone_formats(typed: str, expected: str) -> None:
    event = event_from_dict(base(contact={"department": "課", "phone": typed}))
    assert event.contact.phone == expected


@pytest.mark.parametrize("typed", ["abc", "CALL-KITAKAMI", "123", "0197-64-21111", "---",
                                   "0197-64-2111 内線"])
def test_bad_phone_numbers(typed: str) -> None:
    messages = messages_for(base(contact={"department": "課", "phone": typed}))
    assert any(m.startswith("問い合わせ先の電話番号:") for m in messages)


def test_email_only_contact_and_bad_email() -> None:
    event = event_from_dict(base(contact={"department": "課", "email": "kosodate@example.jp"}))
    assert event.contact.phone is None and event.contact_rows()[-1] == ("メール",
                                                                        "kosodate@example.jp")
    messages = messages_for(base(contact={"department": "課", "email": "kosodate@@example"}))
    assert any(m.startswith("問い合わせ先のメールアドレス:") for m in messages)


@pytest.mark.parametrize("url", ["https://www.city.kitakami.iwate.jp/",
                                 "http://example.jp/entry?id=3#form", "https://example.jp"])
def test_http_urls_are_kept_as_typed(url: str) -> None:
    assert event_from_dict(base(url=url)).url == url


@pytest.mark.parametrize("url", ["ftp://example.jp/a.pdf", "javascript:alert(1)",
                                 "www.example.jp", "https://", "https://exa mple.jp"])
def test_other_urls_are_refused(url: str) -> None:
    assert any(m.startswith("URL:") for m in messages_for(base(url=url)))


@pytest.mark.parametrize("title, ok", [("あ", True), ("あ" * 60, True), ("あ" * 61, False),
                                       ("", False), ("　 ", False)])
def test_title_length(title: str, ok: bool) -> None:
    if ok:
        assert event_from_dict(base(title=title)).title == title
    else:
        assert any(m.startswith("タイトル:") for m in messages_for(base(title=title)))


# --- dates and times -------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_date_ja_weekday_matches_the_calendar(day: dt.date) -> None:
    text = format_date_ja(day)
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日（(.)）", text)
    assert match is not None
    assert dt.date(*map(int, match.groups()[:3])) == day
    assert match.group(4) == EN_WEEKDAY_TO_JA[day.strftime("%a")]


@given(st.times())
def test_time_ja_reads_back_as_the_same_time(time: dt.time) -> None:
    text = format_time_ja(time)
    if text == "正午":
        assert (time.hour, time.minute) == (12, 0)
        return
    match = re.fullmatch(r"(午前|午後)(\d{1,2})時(?:(\d{1,2})分)?", text)
    assert match is not None
    hour = int(match.group(2)) + (12 if match.group(1) == "午後" else 0)
    assert 0 <= int(match.group(2)) <= 11
    assert (hour, int(match.group(3) or 0)) == (time.hour, time.minute)


@pytest.mark.parametrize("start, end, expected", [
    ("10:00", "15:00", "午前10時～午後3時"),
    ("10:30", "12:00", "午前10時30分～正午"),
    ("18:30", "20:00", "午後6時30分～午後8時"),
    ("00:00", "07:30", "午前0時～午前7時30分"),
    ("12:30", "13:05", "午後0時30分～午後1時5分"),
    ("8:30", None, "午前8時30分から"),
])
def test_time_ja(start: str, end: str | None, expected: str) -> None:
    assert event_from_dict(base(start_time=start, end_time=end)).time_ja == expected


@pytest.mark.parametrize("date, end_date, expected", [
    ("2026-07-18", None, "2026年7月18日（土）"),
    ("2026-07-18", "2026-07-18", "2026年7月18日（土）"),
    ("2026-08-01", "2026-08-02", "2026年8月1日（土）～8月2日（日）"),
    ("2026-12-31", "2027-01-03", "2026年12月31日（木）～2027年1月3日（日）"),
    ("2026/2/1", None, "2026年2月1日（日）"),
])
def test_date_ja(date: str, end_date: str | None, expected: str) -> None:
    assert event_from_dict(base(date=date, end_date=end_date)).date_ja == expected


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "18 July", "2026-7", 20260718])
def test_bad_dates(typed: object) -> None:
    assert any(m.startswith("日付:") for m in messages_for(base(date=typed)))


@pytest.mark.parametrize("typed", ["25:00", "10:60", "10時", "1000"])
def test_bad_times(typed: str) -> None:
    assert any(m.startswith("開始時刻:") for m in messages_for(base(start_time=typed)))


def test_time_order_only_matters_on_a_single_day() -> None:
    assert messages_for(base(start_time="15:00", end_time="15:00")) == [
        "終了時刻: 開始時刻より後の時刻にしてください。"]
    overnight = event_from_dict(base(start_time="18:00", end_time="09:00",
                                     end_date="2026-07-19"))
    assert overnight.time_ja == "午後6時～午前9時"


def test_end_date_and_deadline_order() -> None:
    assert messages_for(base(end_date="2026-07-17")) == ["終了日: 開始の日付より前になっています。"]
    same_day = event_from_dict(base(deadline="2026-07-18"))
    assert same_day.deadline_ja == "7月18日（土）"
    other_year = event_from_dict(base(date="2027-01-10", deadline="2026-12-25"))
    assert other_year.deadline_ja == "2026年12月25日（金）"


# --- fees, capacity and rows -----------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**9))
def test_yen_reads_back(amount: int) -> None:
    text = format_yen_ja(amount)
    assert text == "無料" if amount == 0 else int(text.removesuffix("円").replace(",", "")) == amount


@pytest.mark.parametrize("fee, expected", [(0, "無料"), (500, "500円"), (1500, "1,500円"),
                                           ("1,500", "1,500円"), ("０", "無料"),
                                           ("無料", "無料"), ("1,500円", "1,500円"),
                                           ("500円から", "500円から"), ("大人500円", "大人500円"),
                                           ("大人500円、子ども無料", "大人500円、子ども無料")])
def test_fee_ja(fee: object, expected: str) -> None:
    assert event_from_dict(base(fee=fee)).fee_ja == expected


@pytest.mark.parametrize("fee", [-1, 2.5, True, [500]])
def test_bad_fee(fee: object) -> None:
    assert any(m.startswith("参加費:") for m in messages_for(base(fee=fee)))


@pytest.mark.parametrize("capacity, expected", [(30, "30名"), ("30", "30名"), (1200, "1,200名"),
                                                ("先着30名", "先着30名")])
def test_capacity_ja(capacity: object, expected: str) -> None:
    assert event_from_dict(base(capacity=capacity)).capacity_ja == expected


@pytest.mark.parametrize("capacity", [0, -5, "0"])
def test_bad_capacity(capacity: object) -> None:
    assert messages_for(base(capacity=capacity)) == ["定員: 人数は1以上にしてください。"]


def test_detail_rows_in_flyer_order_and_only_present() -> None:
    full = load_event(DATA / "events" / "full.json")
    assert [label for label, _ in full.detail_rows()] == [
        "日時", "会場", "対象", "定員", "参加費", "申込", "申込締切", "持ち物"]
    assert full.detail_rows()[0] == ("日時", "2026年7月25日（土）　午前9時30分～正午")
    minimal = load_event(DATA / "events" / "minimal.json")
    assert [label for label, _ in minimal.detail_rows()] == ["日時", "会場"]
    assert minimal.contact_rows() == [("主催", "北上市"), ("問い合わせ", "環境政策課"),
                                      ("電話", "0197-72-8295")]


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_facts_are_exactly_what_the_flyer_typesets(path: Path) -> None:
    event = load_event(path)
    rows = " ".join(value for _, value in event.detail_rows() + event.contact_rows())
    for fact in event.facts():
        assert fact in rows or fact in (event.title, event.subtitle, event.url)
    assert event.date_ja in event.facts() and event.contact.department in event.facts()
    for fact in event.facts():
        assert fact in event.reference_text()


def test_event_info_is_immutable() -> None:
    event = event_from_dict(base())
    with pytest.raises(ValueError):
        event.title = "別のタイトル"  # type: ignore[misc]
    assert isinstance(event, EventInfo)


def test_an_image_with_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # the test photo has 1.6 million
    photo = DATA / "photos" / "kitakami-landscape.jpg"
    with pytest.raises(EventError, match="画素数が多すぎます"):
        event_from_dict(base(photo=str(photo)))
