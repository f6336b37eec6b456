"""Property tests of `make_flyer` on events nobody has tried yet (DESIGN.md's contract).

For any event EventInfo accepts, the offline `make_flyer` either writes flyers that lint with
zero errors and show every fact verbatim, or raises LayoutError with a Japanese message that
names the field that is too long. Hypothesis builds realistic but adversarial Japanese events
within the validation limits; the hand-picked cases below pin the nastiest ones found.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from assistant.draft.offline import OfflineDrafter
from assistant.event import (
    DESCRIPTION_MAX_CHARS,
    FIELD_NAMES_JA,
    SHORT_TEXT_MAX_CHARS,
    SUBTITLE_MAX_CHARS,
    TITLE_MAX_CHARS,
    EventInfo,
    event_from_dict,
)
from assistant.guideline import load_guideline
from assistant.layout import LayoutError, plan_flyer
from assistant.layout.linebreak import break_units, wrap
from assistant.layout.text_fit import font_metrics
from assistant.lint.api import lint_file
from assistant.make import make_flyer
from assistant.paths import PROJECT_ROOT
from assistant.pptx.writer import write_flyer
from assistant.render import convert_to_pdf
from tests.conftest import has_libreoffice
from tests.test_render import _outside_boxes as outside_boxes

# loaded once here, not as the fixture, so Hypothesis does not print it with every example
GUIDELINE = load_guideline()
PHOTO = PROJECT_ROOT / "tests" / "data" / "photos" / "kitakami-landscape.jpg"
JAPANESE = re.compile(r"[぀-ヿ一-鿿]")

# --- text pieces ------------------------------------------------------------------------

KANJI = "北上市立中央図書館展勝地桜祭体験教室親子音楽会講座健康防災市民交流広場夏秋冬春鬼剣舞"
HIRAGANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
SMALL_AND_MARKS = "ーッャュョァィゥェォ々"
# voiced marks only where they make a kana (ﾊﾟ → パ): 「ｴﾟ」 is no Japanese anyone types
HALF_WIDTH_KATAKANA = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｰ"
HALF_WIDTH_WORDS = ["ｷﾀｶﾐ", "ｻﾏｰﾌｪｽﾃｨﾊﾞﾙ", "ﾜｰｸｼｮｯﾌﾟ", "ﾊﾟﾝ", "ｲﾍﾞﾝﾄ", "ｽﾍﾟｼｬﾙﾗｲﾌﾞ"]
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
EMOJI = ["🌸", "🎉", "🍡", "🎵", "⛄", "👨‍👩‍👧", "❤️", "🇯🇵", "✨", "🏃‍♀️"]
PUNCTUATION = "、。！？「」（）・～：…"

LONG_KATAKANA_WORD = "インターナショナルコミュニケーションフェスティバルプログラミングワークショップ"
LONG_LATIN_TOKEN = "KitakamiCityInternationalExchangeFestival2026"
URL_LIKE = "www.city.kitakami.iwate.jp/kurashi/event/2026/summer-festival-detail"


def _run(alphabet: str, low: int = 1, high: int = 6) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=low, max_size=high)


PIECES = st.one_of(
    _run(KANJI, 1, 4),
    _run(HIRAGANA, 1, 6),
    _run(KATAKANA + SMALL_AND_MARKS, 2, 10),
    _run(HALF_WIDTH_KATAKANA, 2, 8),
    st.sampled_from(HALF_WIDTH_WORDS),
    _run(LATIN, 1, 12),
    _run("0123456789", 1, 5),
    _run("０１２３４５６７８９ＡＢＣ", 1, 4),
    st.sampled_from(EMOJI),
    st.sampled_from([" ", "　"]),
    _run(PUNCTUATION, 1, 2),
    st.sampled_from([LONG_KATAKANA_WORD, LONG_LATIN_TOKEN, URL_LIKE, LONG_KATAKANA_WORD[:20]]),
)


@st.composite
def japanese_text(draw: st.DrawFn, max_chars: int, min_chars: int = 1) -> str:
    """Mixed-script text whose validated (normalised, stripped) form is within the limits."""
    text = "".join(draw(st.lists(PIECES, min_size=1, max_size=40)))
    text = text.strip()[:max_chars].strip()
    while len(text) < min_chars:
        text += draw(_run(KANJI + HIRAGANA, min_chars, min_chars))
    return text


def _sentence_without_break(length: int) -> str:
    """One long sentence without 。 or spaces (the worst case for sentence splitting)."""
    words = ["北上川の", "ほとりで", "市民の", "みなさんと", "いっしょに", "季節の", "草花を",
             "観察しながら", "ゆっくりと", "歩く"]
    text = ""
    index = 0
    while len(text) < length:
        text += words[index % len(words)]
        index += 1
    return text[:length]


DESCRIPTIONS = st.one_of(
    st.none(),
    japanese_text(DESCRIPTION_MAX_CHARS),
    st.integers(1, DESCRIPTION_MAX_CHARS).map(_sentence_without_break),
    st.lists(japanese_text(60), min_size=1, max_size=14).map("。\n".join)
    .map(lambda s: s[:DESCRIPTION_MAX_CHARS].strip() or "説明"),
)

VENUES = st.one_of(
    st.just("北上市立中央図書館 2階 多目的ホール（旧視聴覚室）"),
    st.just("北上市文化交流センター さくらホール 大ホール・中ホール・小ホール・展示ギャラリー"
            "（駐車場は北上市役所本庁舎の第二駐車場をご利用ください）"),
    japanese_text(SHORT_TEXT_MAX_CHARS),
)

DEPARTMENTS = st.one_of(
    st.just("北上市 都市プロモーション課"),
    st.just("北上市 教育委員会事務局 生涯学習文化課 文化財保護係 兼 北上市立博物館 学芸員室"),
    japanese_text(SHORT_TEXT_MAX_CHARS),
)

PHONES = st.sampled_from(["0197-64-2111", "0197-64-2111（内線1234）", "090-1234-5678",
                          "0120-123-456", "03-1234-5678"])
EMAILS_LONGEST = "syougaigakusyuu-bunkazaihogo-kakari.hakubutsukan@city.kitakami.iwate.example.jp"
EMAILS = st.sampled_from([
    "promotion@example.jp",
    "kitakami.city.central.library.event-information.desk@example.lg.jp",
    "a@b.jp",
    EMAILS_LONGEST,
])

TIME_EDGES = [dt.time(0, 0), dt.time(23, 59), dt.time(12, 0), dt.time(12, 30), dt.time(9, 5),
              dt.time(11, 59)]
TIMES = st.one_of(st.sampled_from(TIME_EDGES),
                  st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)))


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _url(path_chars: int) -> str:
    return "https://www.city.kitakami.iwate.jp/" + ("event/" * 30)[:path_chars]


@st.composite
def events(draw: st.DrawFn) -> EventInfo:
    start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2035, 12, 31)))
    days = draw(st.one_of(st.just(0), st.integers(1, 3), st.integers(300, 420)))
    end = start + dt.timedelta(days=days)
    start_time = draw(TIMES)
    end_time = draw(_optional(TIMES))
    if end_time is not None and days == 0 and end_time <= start_time:
        end_time = None
    contact = {"department": draw(DEPARTMENTS)}
    phone, email = draw(_optional(PHONES)), draw(_optional(EMAILS))
    if phone is None and email is None:
        phone = "0197-64-2111"
    contact.update({k: v for k, v in (("phone", phone), ("email", email)) if v})
    data = {
        "title": draw(japanese_text(TITLE_MAX_CHARS)),
        "subtitle": draw(_optional(japanese_text(SUBTITLE_MAX_CHARS))),
        "date": start.isoformat(),
        "end_date": end.isoformat() if days else None,
        "start_time": start_time.strftime("%H:%M"),
        "end_time": end_time.strftime("%H:%M") if end_time else None,
        "venue": draw(VENUES),
        "organizer": draw(st.one_of(st.just("北上市"), japanese_text(SHORT_TEXT_MAX_CHARS))),
        "contact": contact,
        "audience": draw(_optional(japanese_text(SHORT_TEXT_MAX_CHARS))),
        "capacity": draw(_optional(st.one_of(st.integers(1, 100_000),
                                             japanese_text(SHORT_TEXT_MAX_CHARS)))),
        "fee": draw(_optional(st.one_of(st.integers(0, 1_000_000),
                                        japanese_text(SHORT_TEXT_MAX_CHARS)))),
        "application": draw(_optional(japanese_text(SHORT_TEXT_MAX_CHARS))),
        "deadline": draw(_optional(st.dates(start - dt.timedelta(days=400), start)
                                   .map(dt.date.isoformat))),
        "bring": draw(_optional(japanese_text(SHORT_TEXT_MAX_CHARS))),
        "description": draw(DESCRIPTIONS),
        "url": draw(_optional(st.integers(0, 120).map(_url))),
        "photo": draw(st.sampled_from([None, None, None, str(PHOTO)])),
    }
    return event_from_dict({k: v for k, v in data.items() if v is not None})


# --- the contract -------------------------------------------------------------------------

def slide_text(path: Path) -> str:
    """All text of the saved flyer, one shape after another."""
    deck = Presentation(str(path))
    found = []
    for shape in deck.slides[0].shapes:
        if shape.has_text_frame:
            found.append("\n".join(p.text for p in shape.text_frame.paragraphs))
    return "\n\n".join(found)


def check_contract(event: EventInfo, out_dir: Path) -> None:
    guideline = GUIDELINE
    try:
        result = make_flyer(event, guideline, variants=guideline.draft.variants_max,
                            out_dir=out_dir, render=False, offline=True)
    except LayoutError as error:
        check_layout_error(error)
        return
    for output in result.outputs:
        report = lint_file(output.pptx, guideline)
        errors = [f"{f.rule} {f.shape}: {f.message}" for f in report.findings
                  if f.severity == "error"]
        assert not errors, (output.layout_id, errors)
        text = slide_text(output.pptx)
        missing = [fact for fact in event.facts() if fact not in text]
        assert not missing, (output.layout_id, missing)


def check_layout_error(error: LayoutError) -> None:
    """A Japanese message that names the field(s) as the event form does and says by how
    many characters to shorten."""
    message = error.message_ja
    if error.field in FIELD_NAMES_JA:
        assert message.startswith(FIELD_NAMES_JA[error.field]), message
    else:  # a crowded block: the message names the event fields to shorten
        assert error.field in ("details", "contact"), (error.field, message)
        named = re.search(r"(\S+)などを", message)
        assert named, message
        assert all(name in FIELD_NAMES_JA.values() for name in named[1].split("・")), message
    assert JAPANESE.search(message), message
    assert re.search(r"\d+文字", message), message


FAST = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
THOROUGH = settings(FAST, max_examples=60)


@FAST
@given(event=events())
def test_any_valid_event_makes_clean_flyers_or_a_clear_error(event: EventInfo,
                                                             tmp_path_factory) -> None:
    check_contract(event, tmp_path_factory.mktemp("fast"))


@pytest.mark.slow
@THOROUGH
@given(event=events())
def test_any_valid_event_thorough(event: EventInfo, tmp_path_factory) -> None:
    check_contract(event, tmp_path_factory.mktemp("thorough"))


# --- hand-picked edge cases ----------------------------------------------------------------

BASE: dict[str, Any] = {
    "title": "北上市民まつり", "date": "2026-07-18", "start_time": "10:00",
    "venue": "北上市役所", "organizer": "北上市",
    "contact": {"department": "北上市 都市プロモーション課", "phone": "0197-64-2111"},
}
FULL_LONG = {
    "venue": "北上市立中央図書館 2階 多目的ホール（旧視聴覚室）" * 3,
    "audience": "北上市内に住んでいるか、通勤・通学している中学生以上の方（小学生は保護者同伴）" * 2,
    "capacity": "先着30名（定員になりしだい締め切ります。キャンセル待ちは受け付けません）",
    "fee": "大人500円、高校生以下無料、65歳以上の方と障がいのある方は半額（証明書をお持ちください）",
    "application": "電話、メール、または市役所1階の総合案内で、お名前・電話番号・人数をお伝えください",
    "bring": "筆記用具、飲み物、上履き、動きやすい服装、タオル、雨具、マスク、保険証のコピー",
    "deadline": "2026-07-10",
}
EDGE_CASES: dict[str, dict[str, Any]] = {
    "one-char-title": {"title": "祭"},
    "title-40-char-katakana-word": {"title": LONG_KATAKANA_WORD[:40]},
    "title-60-katakana-no-break": {"title": (LONG_KATAKANA_WORD * 2)[:60]},
    "title-emoji-only": {"title": "🌸🎉🍡🎵⛄👨‍👩‍👧✨"},
    "title-half-width-katakana": {"title": "ｷﾀｶﾐ ｻﾏｰﾌｪｽﾃｨﾊﾞﾙ ｽﾍﾟｼｬﾙﾗｲﾌﾞ"},
    "every-field-long": {**FULL_LONG, "title": "北上市立博物館 夏休み特別企画 みちのく民俗村で"
                         "むかしのくらしとわら細工を親子で体験しよう",
                         "subtitle": "北上川の流れとともに生きてきた人びとのくらしを、見て、さわって、"
                         "作って学ぶ一日",
                         "contact": {"department": "北上市 教育委員会事務局 生涯学習文化課",
                                     "phone": "0197-64-2111（内線1234）",
                                     "email": "kitakami.city.central.library.event@example.lg.jp"},
                         "url": _url(40), "end_time": "15:00"},
    "description-800-one-sentence": {"description": _sentence_without_break(800),
                                     "end_time": "23:59"},
    "midnight-to-midnight-across-years": {"date": "2026-12-31", "end_date": "2027-01-01",
                                          "start_time": "00:00", "end_time": "00:00"},
    "deadline-in-first-year-of-a-range-across-years": {
        "date": "2034-08-15", "end_date": "2035-10-01", "deadline": "2034-01-09"},
    "flag-glued-to-a-latin-word": {
        "title": "展北教音20ナモンインターナショナルコミュニケーションフェ🇯🇵wayukUpYxmulyXVF3",
        "description": _sentence_without_break(800)},
    "noon-start-long-url": {"start_time": "12:00", "end_time": "12:30", "url": _url(120)},
    "email-only-long-department": {"contact": {
        "department": "北上市 教育委員会事務局 生涯学習文化課 文化財保護係 兼 北上市立博物館 学芸員室",
        "email": "syougaigakusyuu-bunkazaihogo-kakari.hakubutsukan@city.kitakami.iwate.example.jp"}},
    "long-latin-token-in-venue": {"venue": f"{LONG_LATIN_TOKEN} 会場（{URL_LIKE[:40]}）"},
    "photo-and-everything": {**FULL_LONG, "photo": str(PHOTO),
                             "description": "。".join(["北上の夏をみんなで楽しみましょう"] * 25)},
}


@pytest.mark.parametrize("changes", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_hand_picked_edge_cases(changes: dict[str, Any], tmp_path: Path) -> None:
    check_contract(event_from_dict({**BASE, **changes}), tmp_path)


# --- what the property runs showed ----------------------------------------------------------

def test_wrapped_date_and_time_break_between_them(tmp_path: Path) -> None:
    """「午後11時59分～」 / 「正午」 was cut in two; the time now starts its own line."""
    event = event_from_dict({**BASE, "date": "2026-09-13", "end_date": "2026-09-15",
                             "start_time": "23:59", "end_time": "12:00",
                             "photo": str(PHOTO), "url": _url(0)})
    result = make_flyer(event, GUIDELINE, out_dir=tmp_path, render=False, offline=True)
    details = next(shape for shape in Presentation(str(result.outputs[0].pptx)).slides[0].shapes
                   if shape.name == "Details")
    texts = [p.text for p in details.text_frame.paragraphs]
    assert texts[:2] == [f"日時\t{event.date_ja}", f"\t{event.time_ja}"]


def test_labels_and_addresses_are_not_counted_as_sentences(tmp_path: Path) -> None:
    event = event_from_dict({**BASE, "contact": {
        "department": "北上市 都市プロモーション課",
        "email": "kitakami.city.central.library.event-information.desk@example.lg.jp"}})
    result = make_flyer(event, GUIDELINE, out_dir=tmp_path, render=False, offline=True)
    assert not lint_file(result.outputs[0].pptx, GUIDELINE, select=["I006"]).findings


def test_an_address_too_long_is_asked_shorter_not_split() -> None:
    event = event_from_dict({**BASE, "contact": {"department": "北上市", "email": EMAILS_LONGEST}})
    draft = OfflineDrafter().draft(event, GUIDELINE, 1).drafts[0]
    with pytest.raises(LayoutError) as caught:
        plan_flyer(event, draft, GUIDELINE)
    assert caught.value.field == "email"
    assert re.fullmatch(r"問い合わせ先のメールアドレスが長すぎて1行に入りません。"
                        r"\d+文字ほど短いアドレスにしてください。", caught.value.message_ja)


def test_title_typed_on_two_lines_is_one_line_in_sentences(tmp_path: Path) -> None:
    event = event_from_dict({**BASE, "title": "北上市民\nまつり", "audience": "市内の\n小学生"})
    result = make_flyer(event, GUIDELINE, variants=GUIDELINE.draft.variants_max,
                        out_dir=tmp_path, render=False, offline=True)
    summaries = [output.draft.summary for output in result.outputs]
    assert any("北上市民まつり" in summary for summary in summaries), summaries
    assert not any("\n" in summary for summary in summaries), summaries


def test_one_character_lines_are_not_selling_points() -> None:
    event = event_from_dict({**BASE, "description": "\n".join(["あ"] * 399)})
    drafts = OfflineDrafter().draft(event, GUIDELINE, GUIDELINE.draft.variants_max).drafts
    assert all(len(item) > 1 for draft in drafts for item in draft.highlights)


def test_latin_word_after_closing_punctuation_is_not_split() -> None:
    """LibreOffice keeps 「。）38188Kitakami…」 together; a break predicted there let it wrap
    the word by letters and draw 「ival2026」 below the Details box."""
    units = break_units("あ❤️HEzDkJCv。）38188KitakamiCityInternationalExchangeFestival2026")
    assert units[-1].endswith("HEzDkJCv。）38188KitakamiCityInternationalExchangeFestival2026")


def test_flag_before_a_latin_word_stays_with_it() -> None:
    """The linter (as PowerPoint) keeps 「🇯🇵wayuk…」 together and found the title one line
    longer than planned (M003)."""
    assert break_units("フェ🇯🇵wayukUpYxmulyXVF3")[-1] == "🇯🇵wayukUpYxmulyXVF3"


def test_emoji_sequences_are_never_split() -> None:
    assert break_units("👨‍👩‍👧あ🇯🇵あ👍🏻あ") == ["👨‍👩‍👧", "あ", "🇯🇵", "あ", "👍🏻", "あ"]


@pytest.mark.render
@pytest.mark.slow
@pytest.mark.skipif(not has_libreoffice(), reason="needs LibreOffice")
@settings(FAST, max_examples=2)
@given(batch=st.lists(events(), min_size=10, max_size=10))
def test_rendered_words_stay_inside_their_boxes(batch: list[EventInfo], tmp_path_factory) -> None:
    """What LibreOffice draws (word positions from the PDF) stays inside the planned boxes:
    one soffice run per batch of generated events."""
    out = tmp_path_factory.mktemp("render")
    files, plans = [], []
    for index, event in enumerate(batch):
        draft = OfflineDrafter().draft(event, GUIDELINE, 1).drafts[0]
        try:
            plan = plan_flyer(event, draft, GUIDELINE)
        except LayoutError:
            continue
        files.append(write_flyer(plan, GUIDELINE, out / f"e{index}.pptx"))
        plans.append(plan)
    for pdf, plan in zip(convert_to_pdf(files, out / "pdf"), plans, strict=True):
        assert outside_boxes(pdf, plan) == [], pdf.name


def test_cutting_as_advised_makes_the_flyer_fit() -> None:
    """The 「N文字ほど短く」 advice is neither far too small nor far too large."""
    event = event_from_dict({**BASE, **FULL_LONG, "description": _sentence_without_break(800)})
    draft = OfflineDrafter().draft(event, GUIDELINE, 1).drafts[0]
    crowded = event.model_copy(update={"bring": "雨具、" * 300})  # more than the form allows
    with pytest.raises(LayoutError) as caught:
        plan_flyer(crowded, draft, GUIDELINE)
    advised = int(re.search(r"(\d+)文字", caught.value.message_ja)[1])
    assert "持ち物" in caught.value.message_ja
    bring = crowded.bring or ""
    plan_flyer(crowded.model_copy(update={"bring": bring[:len(bring) - advised]}), draft,
               GUIDELINE)
    with pytest.raises(LayoutError):  # half the advice is not enough
        plan_flyer(crowded.model_copy(update={"bring": bring[:len(bring) - advised // 2]}),
                   draft, GUIDELINE)


def test_catch_does_not_repeat_the_summary() -> None:
    """「みなさんのご参加を、お待ちしています。」 was both the catch and the summary's end."""
    event = event_from_dict({**BASE, "title": "Bインターナショナルコミュニケーションフェ3899",
                             "date": "2027-06-07"})
    drafts = OfflineDrafter().draft(event, GUIDELINE, GUIDELINE.draft.variants_max).drafts
    assert all(draft.catch not in draft.summary for draft in drafts)


def test_no_lone_character_on_the_last_line_of_a_details_row() -> None:
    """「…お名前・電話番号・人数をお伝えくださ」/「い」: a right margin moves 「ださい」 down."""
    event = event_from_dict({**BASE, **EDGE_CASES["photo-and-everything"]})
    draft = OfflineDrafter().draft(event, GUIDELINE, 1).drafts[0]
    details = plan_flyer(event, draft, GUIDELINE).text("Details")
    assert details is not None
    metrics = font_metrics(GUIDELINE)
    for paragraph in details.paragraphs:
        value = paragraph.runs[-1]
        column = details.box.w - paragraph.indent_emu - paragraph.right_indent_emu
        lines = wrap(value.text, column, lambda s, z=value.size_pt: metrics.width_emu(s, z))
        assert len(lines) == 1 or len(lines[-1]) > 2, lines
    assert any(p.right_indent_emu for p in details.paragraphs)
