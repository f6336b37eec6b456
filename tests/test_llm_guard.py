"""The guard: facts not in the event are found; wording rules of the guideline hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from llm_helpers import good_variant, make_event

from assistant.draft.guard import (
    DraftGuard,
    FactReference,
    invented_facts,
    kanji_to_int,
    sentences,
)
from assistant.draft.llm import NoJSONError, extract_json, strict_schema
from assistant.draft.schema import FlyerDraft, draft_json_schema, draft_model
from assistant.event import load_event
from assistant.guideline import Guideline
from assistant.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def ref(guideline: Guideline) -> FactReference:
    return FactReference.from_event(make_event(url="https://www.city.kitakami.iwate.jp/ajisai",
                                               deadline="2026-07-10"), guideline)


@pytest.mark.parametrize("text", [
    "7月18日（土）午前10時から、北上市立公園で！",
    "午後3時まで。参加費は500円、先着30名です。",
    "10:00スタート",
    "1日だけの特別な会",  # a one-day event
    "詳しくは https://www.city.kitakami.iwate.jp/ajisai へ",
    "お問い合わせは 0197-64-2111 まで",
    "申し込みは7月10日（金）まで",
    "一人ひとりに、一日中楽しめる",
    "毎日開館、朝市もあります",
    "北上市のあじさいを見よう",
    "有料です",
    "5時間たっぷり",  # 10:00 to 15:00
    "年に一度のお祭り",
])
def test_real_facts_and_ordinary_words_pass(ref: FactReference, text: str) -> None:
    assert invented_facts(text, ref) == []


@pytest.mark.parametrize(("text", "kind"), [
    ("電話は 0120-999-999 まで", "電話番号"),
    ("8月1日にも開きます", "日付"),
    ("8/1も開催", "日付"),
    ("2027年も開きます", "年"),
    ("日曜日もやります", "曜日"),
    ("午前9時に集合", "時刻"),
    ("13:30から", "時刻"),
    ("正午に乾杯", "時刻"),
    ("参加費は1,000円", "金額"),
    ("30円で買えます", "金額"),  # 30 is the capacity, not an amount of money
    ("参加無料", "参加費"),
    ("先着50名", "数"),
    ("2時間で終わります", "数"),
    ("四十名限定", "数"),
    ("二千円で体験", "数"),
    ("mail: info@example.jp", "メールアドレス"),
    ("www.example.com を見てね", "URL"),
    ("花巻市民会館で開きます", "地名・施設名"),
    ("北上駅から歩いてすぐ", "地名・施設名"),
    ("サクラホールに集合", "地名・施設名"),
])
def test_invented_facts_are_found(ref: FactReference, text: str, kind: str) -> None:
    found = invented_facts(text, ref)
    assert found and any(item.startswith(kind) for item in found), found


@pytest.mark.parametrize(("numeral", "value"), [
    ("三十", 30), ("二千五百", 2500), ("一〇", 10), ("十", 10), ("一万二千", 12000), ("百", 100),
])
def test_kanji_numerals(numeral: str, value: int) -> None:
    assert kanji_to_int(numeral) == value


def draft_of(guideline: Guideline, **changes: object) -> FlyerDraft:
    return draft_model(guideline).model_validate(good_variant(**changes))


def test_guard_drops_invented_sentences_and_highlights(guideline: Guideline) -> None:
    guard = DraftGuard(make_event(), guideline)
    result = guard.check(draft_of(
        guideline, summary="散歩します。0120-111-222へ。花の話もあります。",
        highlights=["花の話", "8月5日も開催"]))
    assert result.draft is not None
    assert result.draft.summary == "散歩します。花の話もあります。"
    assert result.draft.highlights == ["花の話"]
    assert result.problems == []
    assert {i.kind for i in result.issues} == {"invented_fact"}


def test_guard_sends_back_facts_it_cannot_drop(guideline: Guideline) -> None:
    guard = DraftGuard(make_event(), guideline)
    result = guard.check(draft_of(guideline, catch="8月も北上であじさいを見よう"))
    assert [p.field for p in result.problems] == ["catch"]
    assert "8月" in result.problems[0].message_ja()
    emptied = guard.check(draft_of(guideline, summary="参加費は300円です。"))
    assert emptied.draft is None and emptied.problems  # nothing left: must be rewritten


def test_long_sentences_are_repaired_first_and_dropped_at_the_end(guideline: Guideline) -> None:
    limit = guideline.wording.sentence_length.max_chars
    long_sentence = "あ" * (limit + 1) + "。"
    draft = draft_of(guideline, summary="散歩します。" + long_sentence)
    guard = DraftGuard(make_event(), guideline)
    first = guard.check(draft)
    assert [p.kind for p in first.problems] == ["sentence_length"]
    assert f"{limit}字以内" in first.problems[0].message_ja()
    last = guard.check(draft, drop_long_sentences=True)
    assert last.problems == [] and last.draft is not None
    assert last.draft.summary == "散歩します。"


def test_sentence_limit_follows_the_guideline(guideline: Guideline) -> None:
    wording = guideline.wording.model_copy(update={
        "sentence_length": guideline.wording.sentence_length.model_copy(update={"max_chars": 10})})
    strict = guideline.model_copy(update={"wording": wording})
    result = DraftGuard(make_event(), strict).check(draft_of(guideline))
    assert any(p.kind == "sentence_length" for p in result.problems)


def test_24_hour_times_of_the_event_become_ampm(guideline: Guideline) -> None:
    result = DraftGuard(make_event(), guideline).check(
        draft_of(guideline, highlights=["10:00から15:00まで"]))
    assert result.draft is not None
    assert result.draft.highlights == ["午前10時から午後3時まで"]
    kept = DraftGuard(make_event(), guideline).check(
        draft_of(guideline, highlights=["持ち物：帽子", "１０：００に集合"]))
    assert kept.draft is not None
    assert kept.draft.highlights == ["持ち物：帽子", "午前10時に集合"]  # full-width colon kept
    assert [i.field for i in kept.issues] == ["highlights[1]"]


def test_photo_layout_without_photo_is_swapped(guideline: Guideline) -> None:
    photo_layout = next(lay for lay in guideline.layouts if lay.photo == "required")
    draft = draft_of(guideline, layout=photo_layout.id,
                     logo_position=photo_layout.logo_positions[0])
    result = DraftGuard(make_event(), guideline).check(draft)
    assert result.draft is not None
    chosen = guideline.layout(result.draft.layout)
    assert chosen.photo != "required"
    assert result.draft.logo_position in chosen.logo_positions


def test_strict_schema_keeps_property_names_and_drops_limits(guideline: Guideline) -> None:
    schema = {"type": "object", "properties": {
        "format": {"type": "string", "maxLength": 3, "title": "Format"},
        "title": {"type": "array", "items": {"type": "string"}, "minItems": 1}}}
    cleaned = strict_schema(schema)
    assert cleaned == {"type": "object", "additionalProperties": False,
                       "required": ["format", "title"], "properties": {
                           "format": {"type": "string"},
                           "title": {"type": "array", "items": {"type": "string"}}}}
    assert "maxLength" in str(draft_json_schema(guideline, 1))  # the original keeps them


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": 1}', {"a": 1}),
    ('前置き\n```json\n{"a": 1}\n```\n後書き', {"a": 1}),
    ('答え: {"a": {"b": [1, 2]}} です', {"a": {"b": [1, 2]}}),
    ('<think>{"a": 0}</think>{"a": 2}', {"a": 2}),
    ('{壊れた} そして {"a": 3}', {"a": 3}),
])
def test_extract_json(text: str, expected: object) -> None:
    assert extract_json(text) == expected


def test_extract_json_without_json() -> None:
    with pytest.raises(NoJSONError):
        extract_json("ごめんなさい、作れません。")


def test_request_schema_accepts_good_answers_and_rejects_wrong_ids(guideline: Guideline) -> None:
    import jsonschema
    from llm_helpers import answer

    schema = strict_schema(draft_json_schema(guideline, 2))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(answer(good_variant(), good_variant(scheme="leaf")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer(good_variant(layout="poster")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer(good_variant(hashtags=["#どこか"])), schema)


EVENT_FILES = sorted((PROJECT_ROOT / "tests" / "data" / "events").glob("*.json"))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_the_events_own_facts_never_count_as_invented(guideline: Guideline, path: Path) -> None:
    event = load_event(path)
    ref = FactReference.from_event(event, guideline)
    texts = [*event.facts(), *(f"{label}：{value}" for label, value in event.detail_rows()),
             *(f"{label}：{value}" for label, value in event.contact_rows())]
    if event.description:
        texts += sentences(event.description)
    assert {text: invented_facts(text, ref) for text in texts if invented_facts(text, ref)} == {}


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    span=st.integers(0, 3),
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    minutes=st.integers(0, 600),
    fee=st.one_of(st.none(), st.integers(0, 20000)),
    capacity=st.one_of(st.none(), st.integers(1, 5000)),
    lead=st.one_of(st.none(), st.integers(0, 30)),
)
def test_formatted_facts_of_any_event_pass(guideline: Guideline, day: dt.date, span: int,
                                           start: dt.time, minutes: int, fee: int | None,
                                           capacity: int | None, lead: int | None) -> None:
    end_minutes = start.hour * 60 + start.minute + minutes
    end = (dt.time(end_minutes // 60, end_minutes % 60)
           if minutes and end_minutes < 24 * 60 else None)
    event = make_event(
        date=day.isoformat(),
        end_date=(day + dt.timedelta(days=span)).isoformat() if span else None,
        start_time=start.strftime("%H:%M"), end_time=end.strftime("%H:%M") if end else None,
        fee=fee, capacity=capacity,
        deadline=(day - dt.timedelta(days=lead)).isoformat() if lead is not None else None)
    ref = FactReference.from_event(event, guideline)
    texts = [*event.facts(), *(value for _, value in event.detail_rows())]
    assert {t: invented_facts(t, ref) for t in texts if invented_facts(t, ref)} == {}
