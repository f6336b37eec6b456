"""Guards on LLM copy: faithfulness to the event, and the guideline's wording rules.

Faithfulness: every number, date, weekday, time, price, 無料/有料, phone number, e-mail
address, URL and place name in the copy must come from the EventInfo (its raw and formatted
text, `EventInfo.reference_text()`) or the brand's own strings. Anything else was invented:
the sentence (summary) or highlight carrying it is dropped; in the headline or the catch copy,
where nothing can be dropped, it is sent back for repair.

The detectors are heuristics (documented in docs/llm.md):
- numbers: Arabic digits (full-width too, NFKC); kanji numerals only before a counter, where
  they clearly mean a quantity (円 always; 月日時分年 from 2; 名人回歳 from 10), so that
  「一人ひとり」「一日中」 are not taken for facts;
- prices (「1,500円」「二千円」) must be the fee or an amount the event's text gives in 円;
- 無料/有料 must agree with the fee field (a description saying 「無料」 does not count when the
  fee is 500円); phone numbers must be the contact's;
- dates 「7月18日」「7/18」「2026-07-18」, years 「2026年」, months 「7月」 are compared with the
  event's date, end date (and the days between) and deadline; weekdays 「土曜」「（土）」 with
  theirs;
- times 「午前10時」「午後3時30分」「10時半」「14:00」「正午」 with the start and end time
  (a time without 午前/午後 may be either);
- place names: a run of kanji/katakana ending in a place suffix (市 町 村 区 県 駅 館 公園 広場
  ホール センター プラザ ...), taken from the start of the run, must occur in the event's or the
  brand's text. One-character suffixes need two characters before them, and common words
  ending like a place (開館, 朝市, 都市, ...) are ignored. Rivers and mountains are not checked.

Wording: sentences longer than `wording.sentence_length.max_chars`; 24-hour times when the
guideline wants 午前/午後 (a faithful 「14:00」 is rewritten 「午後2時」, an invented one is a fact
problem); hashtags outside `brand.hashtags` are removed; a layout that needs a photo is swapped
for one that does not when the event has no photo.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from assistant.draft.schema import FlyerDraft, draft_model
from assistant.event import EventInfo, format_time_ja
from assistant.guideline import Guideline
from assistant.jatext import WEEKDAYS_JA, nfkc

IssueKind = Literal["invented_fact", "sentence_length", "time_style", "hashtag", "layout",
                    "invalid"]

# --- patterns ---------------------------------------------------------------------------

_KANJI_DIGIT_VALUES = {ch: n % 10 for n, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMERAL = "[〇零一二三四五六七八九十百千万]+"
_URL = re.compile(
    r"(?:https?://|www\.)[^\s、。」）)\]]+"
    r"|(?<![@\w.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:jp|com|net|org|info|io|me)\b[^\s、。」）)\]]*",
    re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_PHONE = re.compile(r"(?<![\d-])(?:\+81[-\s]?)?0\d{1,4}[-(\s]?\d{1,4}[-)\s]?\d{3,4}(?![\d-])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_JA_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_YEAR = re.compile(r"(\d{4})年")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})月(?!\d)")
_WEEKDAY = re.compile(rf"([{WEEKDAYS_JA}])曜|\(([{WEEKDAYS_JA}])\)")
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_WIDE_CLOCK = re.compile(r"(?<![\d:：])(\d{1,2})[:：](\d{2})(?![\d:：])")  # before NFKC
_JA_TIME = re.compile(r"(午前|午後)?\s*(\d{1,2})時(?!間)(?:(\d{1,2})分|(半))?")
_NOON = re.compile(r"正午")
_PRICE = re.compile(r"(?<![\d,])(\d[\d,]*)円")
_FREE = re.compile(r"無料|有料")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_KANJI_COUNT = re.compile(rf"({_KANJI_NUMERAL})(円|月|日|時|分|年|名|人|回|歳|才)")
_KANJI_COUNT_MIN = {"円": 0, "月": 2, "日": 2, "時": 2, "分": 2, "年": 2,
                    "名": 10, "人": 10, "回": 10, "歳": 10, "才": 10}

_PLACE_SUFFIXES = (
    "市", "町", "村", "区", "県", "郡", "駅", "館", "公園", "広場", "ホール", "センター",
    "プラザ", "アリーナ", "スタジアム", "ドーム", "学校", "大学", "病院", "神社", "球場",
    "競技場", "運動場", "劇場", "ホテル", "商店街",
)
# Words that end like a place but are not one (開館 = opening hours, 朝市 = morning market...).
_NOT_PLACES = (
    "開館", "閉館", "休館", "入館", "来館", "全館", "本館", "新館", "別館", "旧館", "館内",
    "朝市", "夜市", "都市", "見本市", "城下町", "下町", "港町", "農村", "漁村", "山村", "地区",
)
_PLACE_RUN = re.compile(r"[\u3400-\u9fff々〆ヶ\u30a1-\u30faー]+")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GuardIssue:
    """One thing wrong with a draft: where, what kind, and whether it was dropped or fixed."""

    variant: int
    field: str
    kind: IssueKind
    text: str
    detail_ja: str
    resolved: bool  # True: dropped or fixed here; False: needs a repair turn

    def message_ja(self) -> str:
        return f"案{self.variant + 1}の {self.field}「{self.text}」: {self.detail_ja}"


@dataclass
class GuardResult:
    draft: FlyerDraft | None  # None when the cleaned draft is no longer valid
    issues: list[GuardIssue] = field(default_factory=list)

    @property
    def problems(self) -> list[GuardIssue]:
        """Issues the model must repair."""
        return [issue for issue in self.issues if not issue.resolved]


# --- what the event allows --------------------------------------------------------------


def _days(event: EventInfo) -> list[dt.date]:
    days = [event.date]
    if event.end_date is not None:
        span = (event.end_date - event.date).days
        days += [event.date + dt.timedelta(days=n) for n in range(1, span + 1)]
    if event.deadline is not None:
        days.append(event.deadline)
    return days


def kanji_to_int(numeral: str) -> int | None:
    """「三十」→30, 「二千五百」→2500, 「一〇」→10; None when it is not a numeral."""
    if all(ch in _KANJI_DIGIT_VALUES for ch in numeral):
        return int("".join(str(_KANJI_DIGIT_VALUES[ch]) for ch in numeral))
    total, section, digit = 0, 0, 0
    for ch in numeral:
        if ch in _KANJI_DIGIT_VALUES:
            digit = _KANJI_DIGIT_VALUES[ch]
        elif ch in _KANJI_UNITS:
            section += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += ((section + digit) or 1) * 10000
            section, digit = 0, 0
        else:
            return None
    return total + section + digit


@dataclass(frozen=True)
class FactReference:
    """The facts the copy may repeat, taken from the event (and the brand's own strings)."""

    text: str
    numbers: frozenset[float]
    dates: frozenset[tuple[int, int]]
    years: frozenset[int]
    weekdays: frozenset[str]
    times: frozenset[tuple[int, int]]
    phones: frozenset[str]
    fee_words: frozenset[str]  # which of 無料/有料 the copy may say
    amounts: frozenset[float]  # yen amounts: the fee and every 「…円」 in the event's text

    @classmethod
    def from_event(cls, event: EventInfo, guideline: Guideline) -> FactReference:
        brand = guideline.brand
        text = nfkc("\n".join([event.reference_text(), brand.message_full, brand.name,
                                brand.site_name, *brand.hashtags, guideline.meta.owner or ""]))
        days = _days(event)
        times = [t for t in (event.start_time, event.end_time) if t is not None]
        numbers = {float(n.replace(",", "")) for n in _NUMBER.findall(text)}
        numbers |= {float(piece) for n in _NUMBER.findall(text) for piece in re.split(r"[.,]", n)}
        kanji = (kanji_to_int(n) for n in re.findall(_KANJI_NUMERAL, text))
        numbers |= {float(value) for value in kanji if value is not None}
        numbers |= {float(v) for d in days for v in (d.year, d.month, d.day)}
        numbers |= {float(v) for t in times for v in (t.hour, t.hour % 12 or 12, t.minute)}
        last_day = event.end_date or event.date
        numbers.add(float((last_day - event.date).days + 1))  # 「2日間」
        if event.end_time is not None and event.end_time > event.start_time:
            minutes = (event.end_time.hour * 60 + event.end_time.minute
                       - event.start_time.hour * 60 - event.start_time.minute)
            numbers.add(minutes / 60)  # 「5時間」「1.5時間」
            if minutes <= 180:
                numbers.add(float(minutes))  # 「90分」
        phones = {re.sub(r"\D", "", event.contact.phone)} if event.contact.phone else set()
        return cls(
            text=text,
            numbers=frozenset(numbers),
            dates=frozenset((d.month, d.day) for d in days),
            years=frozenset(d.year for d in days),
            weekdays=frozenset(WEEKDAYS_JA[d.weekday()] for d in days),
            times=frozenset((t.hour, t.minute) for t in times),
            phones=frozenset(phones),
            fee_words=frozenset(_fee_words(event)),
            amounts=frozenset(_amounts(event, text)),
        )

    def has_text(self, piece: str) -> bool:
        return nfkc(piece).casefold() in self.text.casefold()


def _amounts(event: EventInfo, text: str) -> set[float]:
    found = {float(n.replace(",", "")) for n in _PRICE.findall(text)}
    kanji = (kanji_to_int(m.group(1)) for m in _KANJI_COUNT.finditer(text) if m.group(2) == "円")
    found |= {float(value) for value in kanji if value is not None}
    if isinstance(event.fee, int):
        found.add(float(event.fee))
    return found


def _fee_words(event: EventInfo) -> set[str]:
    """無料/有料 as the fee field says; only without a fee field may the free text decide."""
    if isinstance(event.fee, int):
        return {"無料"} if event.fee == 0 else {"有料"}
    source = event.fee if event.fee is not None else event.reference_text()
    return set(_FREE.findall(nfkc(source)))


# --- detectors --------------------------------------------------------------------------


def invented_facts(text: str, ref: FactReference) -> list[str]:
    """Facts in `text` that the event does not contain, each described in Japanese."""
    found: list[str] = []
    rest = nfkc(text)

    def take(pattern: re.Pattern[str], label: str, allowed: object) -> None:
        nonlocal rest
        for match in list(pattern.finditer(rest)):
            if not allowed(match):  # type: ignore[operator]
                found.append(f"{label}「{match.group(0).strip()}」")
        rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)

    take(_URL, "URL", lambda m: ref.has_text(m.group(0).rstrip("/")))
    take(_EMAIL, "メールアドレス", lambda m: ref.has_text(m.group(0)))
    take(_PHONE, "電話番号", lambda m: re.sub(r"\D", "", m.group(0)) in ref.phones)
    take(_ISO_DATE, "日付", lambda m: _date_ok(ref, m.group(1), m.group(2), m.group(3)))
    take(_JA_DATE, "日付", lambda m: _date_ok(ref, m.group(1), m.group(2), m.group(3)))
    take(_SLASH_DATE, "日付", lambda m: _date_ok(ref, None, m.group(1), m.group(2)))
    take(_YEAR, "年", lambda m: int(m.group(1)) in ref.years)
    take(_MONTH, "月", lambda m: int(m.group(1)) in {month for month, _ in ref.dates})
    take(_WEEKDAY, "曜日", lambda m: (m.group(1) or m.group(2)) in ref.weekdays)
    take(_CLOCK, "時刻", lambda m: _time_ok(ref, None, m.group(1), m.group(2), None))
    take(_JA_TIME, "時刻", lambda m: _time_ok(ref, *m.groups()))
    take(_NOON, "時刻", lambda m: (12, 0) in ref.times)
    take(_PRICE, "金額", lambda m: float(m.group(1).replace(",", "")) in ref.amounts)
    take(_FREE, "参加費", lambda m: m.group(0) in ref.fee_words)
    take(_KANJI_COUNT, "数", lambda m: _kanji_ok(ref, m.group(1), m.group(2)))
    take(_NUMBER, "数", lambda m: float(m.group(0).replace(",", "")) in ref.numbers)
    places = dict.fromkeys(p for p in _places(nfkc(text)) if not ref.has_text(p))
    found += [f"地名・施設名「{place}」" for place in places]
    return found


def _date_ok(ref: FactReference, year: str | None, month: str, day: str) -> bool:
    return (int(month), int(day)) in ref.dates and (year is None or int(year) in ref.years)


def _time_ok(ref: FactReference, half: str | None, hour: str, minute: str | None,
             half_hour: str | None) -> bool:
    h, m = int(hour), 30 if half_hour else int(minute or 0)
    if half == "午前":
        candidates = {h % 12}
    elif half == "午後":
        candidates = {h % 12 + 12}
    else:
        candidates = {h, (h + 12) % 24}
    return any((c, m) in ref.times for c in candidates)


def _kanji_ok(ref: FactReference, numeral: str, counter: str) -> bool:
    value = kanji_to_int(numeral)
    if value is None or value < _KANJI_COUNT_MIN[counter]:
        return True
    return float(value) in (ref.amounts if counter == "円" else ref.numbers)


def _places(text: str) -> Iterator[str]:
    for run in _PLACE_RUN.findall(text):
        for suffix in _PLACE_SUFFIXES:
            for match in re.finditer(re.escape(suffix), run):
                candidate = run[: match.end()]
                prefix = len(candidate) - len(suffix)
                if prefix < (2 if len(suffix) == 1 else 1):
                    continue
                if candidate.endswith(_NOT_PLACES):
                    continue
                yield candidate


def sentences(text: str) -> list[str]:
    """Sentences of Japanese text, each with its closing punctuation."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def sentence_length(sentence: str) -> int:
    return len(re.sub(r"\s", "", sentence))


def to_ampm(text: str, ref: FactReference) -> str:
    """The event's own times written 24-hour (「14:00」) rewritten 「午後2時」.

    Only times that are in the event are rewritten; any other time stays as it is, so that
    the faithfulness check still sees (and rejects) it.
    """

    def rewrite(match: re.Match[str]) -> str:
        hour, minute = int(nfkc(match.group(1))), int(nfkc(match.group(2)))
        if (hour, minute) not in ref.times:
            return match.group(0)
        return format_time_ja(dt.time(hour, minute))

    return _WIDE_CLOCK.sub(rewrite, text)


# --- the guard --------------------------------------------------------------------------


class DraftGuard:
    """Checks and cleans drafts of one event against the event and the guideline."""

    def __init__(self, event: EventInfo, guideline: Guideline) -> None:
        self.event = event
        self.guideline = guideline
        self.ref = FactReference.from_event(event, guideline)
        self.max_sentence = guideline.wording.sentence_length.max_chars
        self.ampm = guideline.wording.time_style.style == "ampm"

    def check(self, draft: FlyerDraft, variant: int = 0, *,
              drop_long_sentences: bool = False) -> GuardResult:
        """Clean `draft`: drop what can be dropped; list the rest as problems to repair."""
        issues: list[GuardIssue] = []
        note = _Recorder(variant, issues)
        values = {
            "headline": self._phrase(draft.headline, "headline", note),
            "catch": self._phrase(draft.catch, "catch", note),
            "summary": self._summary(draft.summary, note, drop_long_sentences),
            "highlights": self._highlights(draft.highlights, note),
            "hashtags": self._hashtags(draft.hashtags, note),
        }
        values.update(self._layout(draft, note))
        model = draft_model(self.guideline)
        try:
            cleaned = model.model_validate({**draft.model_dump(), **values})
        except ValidationError as error:
            for problem in error.errors():
                where = ".".join(str(p) for p in problem["loc"]) or "draft"
                note(where, "invalid", str(problem.get("input", ""))[:60],
                     f"直したあと規則に合いません（{problem['msg']}）。書き直してください。", False)
            return GuardResult(None, issues)
        return GuardResult(cleaned, issues)

    # --- fields -------------------------------------------------------------------------
    def _style(self, text: str, name: str, note: _Recorder) -> str:
        if not self.ampm:
            return text
        converted = to_ampm(text, self.ref)
        if converted != text:
            note(name, "time_style", text, "24時間の時刻を「午前・午後」の書き方に直しました。", True)
        return converted

    def _phrase(self, text: str, name: str, note: _Recorder) -> str:
        text = self._style(text, name, note)
        for fact in invented_facts(text, self.ref):
            note(name, "invented_fact", text,
                 f"イベント情報にない{fact}があります。事実を書かずに書き直してください。", False)
        return text

    def _summary(self, text: str, note: _Recorder, drop_long: bool) -> str:
        kept: list[str] = []
        for sentence in sentences(self._style(text, "summary", note)):
            facts = invented_facts(sentence, self.ref)
            if facts:
                note("summary", "invented_fact", sentence,
                     f"イベント情報にない{'、'.join(facts)}があるため、この文を消しました。", True)
                continue
            length = sentence_length(sentence)
            if length > self.max_sentence:
                note("summary", "sentence_length", sentence,
                     f"1文が{length}字です。{self.max_sentence}字以内の文に分けてください。",
                     drop_long)
                if drop_long:
                    continue
            kept.append(sentence)
        return "".join(kept)

    def _highlights(self, items: list[str], note: _Recorder) -> list[str]:
        kept: list[str] = []
        for index, item in enumerate(items):
            item = self._style(item, f"highlights[{index}]", note)
            facts = invented_facts(item, self.ref)
            if facts:
                note(f"highlights[{index}]", "invented_fact", item,
                     f"イベント情報にない{'、'.join(facts)}があるため、消しました。", True)
            else:
                kept.append(item)
        return kept

    def _hashtags(self, tags: list[str], note: _Recorder) -> list[str]:
        allowed = self.guideline.brand.hashtags
        for tag in tags:
            if tag not in allowed:
                note("hashtags", "hashtag", tag, "ブランドのハッシュタグではないため消しました。", True)
        return list(dict.fromkeys(tag for tag in tags if tag in allowed))

    def _layout(self, draft: FlyerDraft, note: _Recorder) -> dict[str, str]:
        layouts = {lay.id: lay for lay in self.guideline.layouts}
        chosen = layouts.get(draft.layout)
        if chosen is None or chosen.photo != "required" or self.event.photo is not None:
            return {}
        usable = [lay for lay in self.guideline.layouts if lay.photo != "required"]
        if not usable:
            return {}
        same_position = [lay for lay in usable if draft.logo_position in lay.logo_positions]
        replacement = (same_position or usable)[0]
        position = (draft.logo_position if same_position else replacement.logo_positions[0])
        note("layout", "layout", draft.layout,
             f"写真がないため、レイアウトを {replacement.id} にしました。", True)
        return {"layout": replacement.id, "logo_position": position}


@dataclass
class _Recorder:
    variant: int
    issues: list[GuardIssue]

    def __call__(self, where: str, kind: IssueKind, text: str, detail_ja: str,
                 resolved: bool) -> None:
        self.issues.append(GuardIssue(self.variant, where, kind, text, detail_ja, resolved))
