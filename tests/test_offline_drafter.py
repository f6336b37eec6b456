"""The offline drafter: valid, varied, deterministic drafts that invent no facts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.draft import Drafter, DraftResult, FlyerDraft, OfflineDrafter, draft_model
from assistant.draft.offline import (
    PARENTHETICAL,
    PHRASE_BANK,
    PhraseBankError,
    cut_at_phrase,
    load_phrase_bank,
    phrases_of,
    shorten_sentence,
    split_sentences,
)
from assistant.event import EventInfo, event_from_dict, load_event
from assistant.guideline import Guideline
from assistant.paths import PROJECT_ROOT
from tests.conftest import changed_guideline

DATA = Path(__file__).parent / "data"
EVENT_FILES = sorted((DATA / "events").glob("*.json")) + sorted(
    (PROJECT_ROOT / "examples").glob("*.json"))
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def copy_texts(draft: FlyerDraft) -> list[str]:
    return [draft.headline, draft.catch, draft.summary, *draft.highlights]


def drafts_for(path: Path, guideline: Guideline, variants: int) -> tuple[EventInfo, DraftResult]:
    event = load_event(path)
    return event, OfflineDrafter().draft(event, guideline, variants)


def test_offline_drafter_is_a_drafter() -> None:
    drafter = OfflineDrafter()
    assert isinstance(drafter, Drafter) and drafter.name == "offline"


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_every_event_drafts_valid_variants(path: Path, guideline: Guideline) -> None:
    model = draft_model(guideline)
    for variants in range(1, guideline.draft.variants_max + 1):
        _, result = drafts_for(path, guideline, variants)
        assert result.drafter == "offline" and result.usage is None
        assert len(result.drafts) == variants
        for draft in result.drafts:
            model.model_validate(draft.model_dump())  # raises when not compliant
            assert draft.hashtags == guideline.brand.hashtags


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_variants_are_clearly_different(path: Path, guideline: Guideline) -> None:
    _, result = drafts_for(path, guideline, guideline.draft.variants_max)
    drafts = result.drafts
    looks = {(d.layout, d.scheme, d.logo_position) for d in drafts}
    assert len(looks) == len(drafts), "each variant looks different"
    assert len({d.headline for d in drafts}) == len(drafts), "each variant has its own headline"
    assert len({d.scheme for d in drafts}) == min(len(drafts), len(guideline.colour_schemes))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_no_invented_facts(path: Path, guideline: Guideline) -> None:
    event, result = drafts_for(path, guideline, guideline.draft.variants_max)
    known = unicodedata.normalize("NFKC", event.reference_text())
    known_numbers = set(NUMBER.findall(known))
    for draft in result.drafts:
        for text in copy_texts(draft):
            text = unicodedata.normalize("NFKC", text)
            assert set(NUMBER.findall(text)) <= known_numbers, text
            assert not re.search(r"https?://|www\.|@", text) or text in known
            for weekday in re.findall(r"[（(]([月火水木金土日])[)）]", text):
                assert f"（{weekday}）" in event.reference_text()


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: p.stem)
def test_summary_sentences_are_short_and_come_from_the_event(
        path: Path, guideline: Guideline) -> None:
    event, result = drafts_for(path, guideline, 2)
    limit = guideline.wording.sentence_length.max_chars
    source = PARENTHETICAL.sub("", event.description or "")
    for draft in result.drafts:
        sentences = SENTENCE.findall(draft.summary)
        assert sentences and "".join(sentences) == draft.summary
        for sentence in sentences:
            assert len(sentence) <= limit, sentence
            if event.description:
                assert sentence in source, sentence


def test_drafts_are_deterministic_across_processes(guideline: Guideline) -> None:
    path = DATA / "events" / "full.json"
    here = [d.model_dump() for d in drafts_for(path, guideline, 3)[1].drafts]
    assert here == [d.model_dump() for d in drafts_for(path, guideline, 3)[1].drafts]
    script = (
        "import json, sys; from assistant.event import load_event; "
        "from assistant.guideline import load_guideline; "
        "from assistant.draft import OfflineDrafter; "
        "r = OfflineDrafter().draft(load_event(sys.argv[1]), load_guideline(), 3); "
        "print(json.dumps([d.model_dump() for d in r.drafts], ensure_ascii=False))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(PROJECT_ROOT)}
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, env=env, check=True, timeout=120).stdout
    assert json.loads(out) == here


def test_layout_follows_the_content(guideline: Guideline) -> None:
    photo_kinds = {lay.id: lay.photo for lay in guideline.layouts}
    for name, first_kind in [("photo", "required"), ("full", "required"),
                             ("long-description-800", "none"), ("minimal", "optional"),
                             ("short-title", "optional")]:
        event, result = drafts_for(DATA / "events" / f"{name}.json", guideline, 5)
        kinds = [photo_kinds[d.layout] for d in result.drafts]
        assert kinds[0] == first_kind, name
        forbidden = "none" if event.photo else "required"
        assert forbidden not in kinds, name


def test_highlights_only_state_what_the_event_says(guideline: Guideline) -> None:
    free = load_event(DATA / "events" / "full.json")
    paid = load_event(DATA / "events" / "museum-workshop.json")
    free_highlights = OfflineDrafter().draft(free, guideline, 1).drafts[0].highlights
    paid_highlights = OfflineDrafter().draft(paid, guideline, 1).drafts[0].highlights
    assert "参加は無料です" in free_highlights
    assert not any("無料" in text for text in paid_highlights)
    assert "ライフジャケットは貸し出します" in free_highlights  # a list item of the description
    assert "持ち物：エプロン" in paid_highlights


def test_headline_uses_theme_and_season(guideline: Guideline) -> None:
    event = load_event(DATA / "events" / "full.json")  # canoe on the river in July
    headlines = {d.headline for d in OfflineDrafter().draft(event, guideline, 5).drafts}
    assert "夏休みは北上で自然体験！" in headlines
    winter = event.model_copy(update={"date": event.date.replace(month=1, day=17),
                                      "deadline": None})
    winter_text = " ".join(d.headline + d.catch
                           for d in OfflineDrafter().draft(winter, guideline, 5).drafts)
    assert "冬" in winter_text and "夏" not in winter_text


def test_a_stricter_guideline_is_followed(guideline: Guideline) -> None:
    draft_limits = {**guideline.draft.model_dump(), "headline_max_chars": 8,
                    "catch_max_chars": 12, "summary_max_chars": 40, "highlight_max_chars": 10,
                    "highlights_max": 1, "variants_max": 2}
    wording = guideline.wording.model_dump()
    wording["sentence_length"]["max_chars"] = 25
    strict = changed_guideline(guideline, draft=draft_limits, wording=wording)
    for path in EVENT_FILES:
        result = OfflineDrafter().draft(load_event(path), strict, 2)
        for draft in result.drafts:
            draft_model(strict).model_validate(draft.model_dump())
            assert all(len(s) <= 25 for s in SENTENCE.findall(draft.summary)), draft.summary
    with pytest.raises(ValueError, match="between 1 and 2"):
        OfflineDrafter().draft(load_event(EVENT_FILES[0]), strict, 3)


def test_layouts_of_another_guideline_are_used(guideline: Guideline) -> None:
    layouts = [{**lay.model_dump(), "id": f"kc_{lay.id}"} for lay in guideline.layouts]
    other = changed_guideline(guideline, layouts=layouts)
    result = OfflineDrafter().draft(load_event(DATA / "events" / "minimal.json"), other, 3)
    assert {d.layout for d in result.drafts} <= {lay["id"] for lay in layouts}


def test_reason_is_passed_through(guideline: Guideline) -> None:
    reason = "AIの設定がないため、オフラインで作成しました"
    event = load_event(DATA / "events" / "minimal.json")
    assert OfflineDrafter(reason_ja=reason).draft(event, guideline, 1).reason_ja == reason


@pytest.mark.parametrize("variants", [0, -2, 6])
def test_variant_count_outside_the_guideline_is_refused(
        guideline: Guideline, variants: int) -> None:
    with pytest.raises(ValueError):
        OfflineDrafter().draft(load_event(EVENT_FILES[0]), guideline, variants)


def test_event_without_description_gets_a_summary_from_its_own_words(
        guideline: Guideline) -> None:
    event = event_from_dict({
        "title": "市民清掃活動", "date": "2026-05-31", "start_time": "07:00",
        "venue": "北上市役所", "organizer": "北上市", "audience": "どなたでも", "fee": 0,
        "contact": {"department": "環境政策課", "phone": "0197-72-8295"}})
    summary = OfflineDrafter().draft(event, guideline, 1).drafts[0].summary
    assert summary.startswith("「市民清掃活動」のお知らせです。")
    assert "どなたでもが対象です。" in summary and "参加は無料です。" in summary


# --- text helpers ----------------------------------------------------------------------


def test_shorten_sentence_drops_only_scene_setting_clauses() -> None:
    sentence = "北上川の豊かな自然の中で、カヌーや川遊びを体験します。"
    assert shorten_sentence(sentence, 50) == sentence
    assert shorten_sentence(sentence, 16) == "カヌーや川遊びを体験します。"
    assert shorten_sentence("雨の場合は、展勝地のレストハウスの中で中止の連絡をします。", 20) is None
    assert shorten_sentence("申し込みは（電話またはメールで）受け付けます。", 15) == "申し込みは受け付けます。"
    assert shorten_sentence("とても長い一つの文で区切りのないまま続いていく説明文です。", 10) is None


def test_cut_at_phrase_never_cuts_inside_a_phrase() -> None:
    text = "北上川の豊かな自然の中で、カヌーや川遊びを体験します。"
    phrases = phrases_of(text)
    for limit in range(4, len(text)):
        cut = cut_at_phrase(text, limit)
        assert len(cut) <= limit
        joined = ""
        for phrase in phrases:
            if joined.rstrip("、") == cut or joined == cut:
                break
            joined += phrase
        assert cut in (joined, joined.rstrip("、")), (limit, cut)


def test_split_sentences_knows_list_items() -> None:
    items = split_sentences("カヌーを体験します。楽しいです！\n・ライフジャケットあり\n● 雨天中止")
    assert [(s.text, s.is_list_item) for s in items] == [
        ("カヌーを体験します。", False), ("楽しいです！", False),
        ("ライフジャケットあり", True), ("雨天中止", True)]


# --- any valid event drafts ------------------------------------------------------------

JAPANESE_TEXT = st.text(
    alphabet=st.sampled_from(list("あいうえおかきくけこアイウエオｶｷｸ北上川桜祭体験子ども会場"
                                  "、。！？・（）ー 0123456789０１２ABCabc🌸🎆\n")),
    max_size=300,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(alphabet=st.sampled_from(list("北上桜まつりカヌー体験 2026🌸ｶﾞ")),
                  min_size=1, max_size=60).filter(str.strip),
    description=JAPANESE_TEXT,
    audience=JAPANESE_TEXT.map(lambda s: s[:100]),
    fee=st.one_of(st.none(), st.integers(0, 100000), st.just("大人500円")),
    month=st.integers(1, 12),
    photo=st.booleans(),
    variants=st.integers(1, 5),
)
def test_any_valid_event_drafts_valid_copy(guideline: Guideline, title: str, description: str,
                                           audience: str, fee: object, month: int, photo: bool,
                                           variants: int) -> None:
    event = event_from_dict({
        "title": title, "date": f"2026-{month:02d}-15", "start_time": "10:00",
        "venue": "展勝地", "organizer": "北上市", "description": description[:800],
        "audience": audience, "fee": fee,
        "photo": str(DATA / "photos" / "kitakami-landscape.jpg") if photo else None,
        "contact": {"department": "都市プロモーション課", "phone": "0197-64-2111"},
    })
    result = OfflineDrafter().draft(event, guideline, variants)
    known = set(NUMBER.findall(unicodedata.normalize("NFKC", event.reference_text())))
    limit = guideline.wording.sentence_length.max_chars
    for draft in result.drafts:
        draft_model(guideline).model_validate(draft.model_dump())
        assert all(len(s) <= limit for s in SENTENCE.findall(draft.summary))
        for text in copy_texts(draft):
            assert set(NUMBER.findall(unicodedata.normalize("NFKC", text))) <= known


def test_dropping_a_parenthetical_never_makes_a_new_number() -> None:
    assert shorten_sentence("受付は1（2）3番の窓口で、とてもていねいに受け付けます。", 12) is None


# --- the phrase bank -------------------------------------------------------------------


def hanamaki_event(title: str, month: int, description: str) -> EventInfo:
    return event_from_dict({
        "title": title, "date": f"2026-{month:02d}-25", "start_time": "10:00",
        "venue": "花巻市文化会館", "organizer": "花巻市", "description": description,
        "audience": "どなたでも", "fee": 0,
        "contact": {"department": "観光課", "phone": "0198-24-2111"},
    })


HANAMAKI_EVENTS = [
    hanamaki_event("川のカヌー体験", 7, "豊かな自然の中で、カヌーや川遊びを体験します。"),
    hanamaki_event("まちの夏まつり", 8, "夜店や盆踊りで、まつりを楽しみます。"),
    hanamaki_event("郷土の歴史講座", 11, "まちの歴史と伝統芸能を学びます。"),
    hanamaki_event("市民の集い", 2, "みんなで話し合います。"),
]


@pytest.mark.parametrize("event", HANAMAKI_EVENTS, ids=lambda e: e.title)
def test_another_place_name_is_used_in_the_copy(guideline: Guideline, event: EventInfo) -> None:
    brand = {**guideline.brand.model_dump(), "place_name": "花巻", "hashtags": ["#花巻"],
             "message": "花巻へようこそ", "message_full": "花巻へようこそ"}
    hanamaki = changed_guideline(guideline, brand=brand)
    assert "北上" not in event.reference_text()
    drafts = OfflineDrafter().draft(event, hanamaki, hanamaki.draft.variants_max).drafts
    assert any("花巻" in d.headline + d.catch for d in drafts)
    for draft in drafts:
        assert "北上" not in json.dumps(draft.model_dump(), ensure_ascii=False), draft


def test_the_phrase_bank_names_no_place(guideline: Guideline) -> None:
    bank = load_phrase_bank().model_dump_json()
    assert "{place}" in bank and guideline.brand.place_name not in bank


@pytest.mark.parametrize(("old", "new", "message"), [
    ("桜の{place}へ行こう！", "桜の{city}へ行こう！",
     r"kinds\.sakura\.headlines\.0: .*unknown placeholder \{city\}.*use \{place\}"),
    ("持ち物：{bring}", "持ち物：{title}", r"highlights\.bring: .*unknown placeholder \{title\}"),
    ("「{title}」のお知らせです。", "「{title」のお知らせです。", r"fallback_summary\.about: .*broken"),
    ("9: 秋, ", "", r"seasons: .*months without a season word: \[9\]"),
    ("  kids:\n", "  kids:\n    colour: red\n", r"kinds\.kids\.colour: .*not permitted"),
])
def test_a_broken_phrase_bank_is_refused_clearly(tmp_path: Path, old: str, new: str,
                                                 message: str) -> None:
    text = PHRASE_BANK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "offline_copy.ja.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PhraseBankError, match=message) as error:
        load_phrase_bank(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("text", ["kinds: [", "- just a list\n"])
def test_a_phrase_bank_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "offline_copy.ja.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PhraseBankError, match="offline_copy.ja.yaml: "):
        load_phrase_bank(path)
