"""I: required information and wording (dates with the right weekday, brand message,
hashtags, sentence length, time style).

Text is compared after NFKC normalisation, so full-width digits, ＃ and ： count like their
ASCII forms.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.guideline.model import Guideline, InfoItem
from assistant.jatext import WEEKDAYS_JA, nfkc
from assistant.lint.context import LintContext
from assistant.lint.model import Deck, Shape, Slide
from assistant.lint.roles import role_of
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import has_text, visible_shapes

# a date: optional year (西暦 or 令和), optional month (a range's second day may omit it), day,
# optional weekday in brackets (「（土）」「(土曜日)」「（月・祝）」); or the slash form 「7/18(土)」,
# which only counts as a date with its weekday (alone it may be a fraction or a score)
_WEEKDAY = rf"\s*[(（]\s*(?P<weekday>[{WEEKDAYS_JA}])(?:曜日?)?(?:\s*[・･,、]\s*祝日?)?\s*[)）]"
DATE_RE = re.compile(
    r"(?:(?P<year>\d{4})年|令和(?P<reiwa>\d{1,2}|元)年)?\s*(?:(?P<month>\d{1,2})月)?\s*"
    r"(?P<day>\d{1,2})日(?:" + _WEEKDAY + ")?"
    r"|(?<![\d/])(?:(?P<syear>\d{4})/)?(?P<smonth>\d{1,2})/(?P<sday>\d{1,2})"
    + _WEEKDAY.replace("weekday", "sweekday")
)
RANGE_SEPARATORS = ("～", "~", "〜", "-", "－", "―", "から")
PHONE_RE = re.compile(
    r"(?:\d{2,4}-\d{1,4}-\d{3,4}|\(\d{2,4}\)\s*\d{1,4}-\d{3,4}|\d{2,4}\(\d{1,4}\)\d{3,4}"
    r"|0\d{9,10})"
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ADDRESS_RE = re.compile(EMAIL_RE.pattern + r"|https?://[!-~]+")
HASHTAG_RE = re.compile(r"#[^\s#、。,，!！?？]+")
TIME_24H_RE = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])")
HOUR_OVER_12_RE = re.compile(r"(?<![\d午前後])(?P<h>1[3-9]|2[0-4])時")
AMPM_RE = re.compile(r"午[前後]\s*\d{1,2}時")
SENTENCE_END_RE = re.compile(r"(?<=[。！？!?])|\n")
REIWA_BASE = 2018  # 令和 N 年 = 2018 + N
# a near miss (misspelling) is at most this share of the characters away from the right text
NEAR_MISS_RATIO = 0.34


def shape_texts(slide: Slide) -> Iterator[tuple[Shape, str]]:
    for shape in visible_shapes(slide):
        if has_text(shape) and shape.text is not None:
            yield shape, nfkc(shape.text.text)


def deck_text(deck: Deck) -> str:
    return "\n".join(text for slide in deck.slides for _shape, text in shape_texts(slide))


# --- dates --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateMention:
    text: str
    date: dt.date | None  # None: not a valid calendar date
    weekday: str | None
    shape: Shape
    slide: Slide


PAST_GRACE = dt.timedelta(days=90)


def nearest_year(month: int, day: int, today: dt.date) -> int:
    """The year of a date written without one: its next occurrence, where a date up to three
    months past still counts as this season's (a flyer linted just after its event)."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        candidate = _date(year, month, day)
        if candidate is not None and candidate >= today - PAST_GRACE:
            return year
    return today.year


def find_dates(deck: Deck, today: dt.date | None = None) -> list[DateMention]:
    """Every date on the deck, with month and year carried over within a shape's text
    (「8月1日（土）～2日（日）」: the 2nd is in August)."""
    today = today or dt.date.today()
    written_year = _first_year(deck)
    found = []
    for slide in deck.slides:
        for shape, text in shape_texts(slide):
            year, month = written_year, None
            previous_end = None
            for match in DATE_RE.finditer(text):
                parts = _parts(match)
                if parts["month"] is None and not _continues_range(text, previous_end, match):
                    continue  # a bare "5日" is not a calendar date (e.g. "5日間")
                year = parts["year"] or year
                month = parts["month"] or month
                assert month is not None
                day = parts["day"]
                date = _date(year or nearest_year(month, day, today), month, day) \
                    if 1 <= month <= 12 else None
                found.append(DateMention(match.group().strip(), date, parts["weekday"],
                                         shape, slide))
                previous_end = match.end()
    return found


YEAR_RE = re.compile(r"(?<!\d)(?P<year>\d{4})年|令和(?P<reiwa>\d{1,2}|元)年")


def _first_year(deck: Deck) -> int | None:
    """A year written anywhere on the deck applies to the dates written without one."""
    match = YEAR_RE.search(deck_text(deck))
    return _year(match) if match else None


def _year(match: re.Match[str]) -> int | None:
    """西暦 or 令和 (令和元年 = 2019) from a match with `year` and `reiwa` groups."""
    if match["year"]:
        return int(match["year"])
    if match["reiwa"]:
        return REIWA_BASE + (1 if match["reiwa"] == "元" else int(match["reiwa"]))
    return None


def _continues_range(text: str, previous_end: int | None, match: re.Match[str]) -> bool:
    if previous_end is None:
        return False
    between = text[previous_end:match.start()].strip()
    return between in RANGE_SEPARATORS


def _parts(match: re.Match[str]) -> dict:
    """year, month, day, weekday of either date form (month None: a range's second day)."""
    if match["sday"]:
        return {"year": int(match["syear"]) if match["syear"] else None,
                "month": int(match["smonth"]), "day": int(match["sday"]),
                "weekday": match["sweekday"]}
    return {"year": _year(match), "month": int(match["month"]) if match["month"] else None,
            "day": int(match["day"]), "weekday": match["weekday"]}


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- required information -------------------------------------------------------------------
def has_title(deck: Deck, guideline: Guideline) -> bool:
    title_min = guideline.typography.roles["title"].min_pt
    for slide in deck.slides:
        for shape in visible_shapes(slide):
            if not has_text(shape) or shape.text is None:
                continue
            if role_of(shape, guideline) == "title":
                return True
            if max(r.size_pt for p in shape.text.paragraphs for r in p.runs) >= title_min:
                return True
    return False


def item_present(item: InfoItem, deck: Deck, guideline: Guideline) -> bool:
    text = deck_text(deck)
    if item.id == "title":
        return has_title(deck, guideline)
    if item.id == "date":
        return any(m.date is not None for m in find_dates(deck))
    labelled = any(label in text for label in item.labels) if item.labels else True
    if item.id == "contact":
        return labelled and bool(PHONE_RE.search(text) or EMAIL_RE.search(text))
    return labelled


class RequiredInfoMissing(Rule):
    code = "I001"
    name = "required-info-missing"
    summary = "必要な情報（タイトル・日付・会場・主催・問い合わせ先）が足りません"
    clause = "required_info"
    what = ("ガイドラインで決められた情報があるかを調べます。タイトル（タイトルの枠か大きな文字）、"
            "日付（〇月〇日）、会場・主催（「会場：」などの見出し語）、問い合わせ先"
            "（見出し語と電話番号またはメールアドレス）。")
    why = "いつ・どこで・だれが・どこに聞けばよいかがないと、読んだ人が行動できません。"
    how_to_fix = "足りない情報を、見出し語（例：「会場：」「お問い合わせ：」）をつけて書いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for item in ctx.guideline.required_info.items:
            if not item_present(item, deck, ctx.guideline):
                hint = f"（見出し語の例：{'・'.join(item.labels)}）" if item.labels else ""
                yield self.finding(ctx, f"「{item.name_ja}」が見つかりません{hint}。")


class WeekdayMismatch(Rule):
    code = "I002"
    name = "weekday-mismatch"
    summary = "日付と曜日が合っていません"
    clause = "wording.weekday"
    what = ("「7月18日（土）」のような日付の曜日が、カレンダーと合っているかを調べます。"
            "年が書かれていない日付は、チラシのほかの所に書かれた年、それもなければ"
            "これから来るその日（3か月前までは今年のもの）とみなします。")
    why = "曜日のまちがいは、参加する人の予定をくるわせます。"
    how_to_fix = "カレンダーで曜日を確かめて、直してください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for mention in find_dates(deck):
            if mention.date is None:
                yield self.finding(ctx, f"「{mention.text}」はありえない日付です。",
                                   mention.slide, mention.shape)
                continue
            right = WEEKDAYS_JA[mention.date.weekday()]
            if mention.weekday and mention.weekday != right:
                yield self.finding(
                    ctx, f"「{mention.text}」の曜日がちがいます（{mention.date.year}年"
                    f"{mention.date.month}月{mention.date.day}日は{right}曜日です）。",
                    mention.slide, mention.shape)


class WeekdayMissing(Rule):
    code = "I003"
    name = "weekday-missing"
    summary = "日付に曜日がついていません"
    clause = "wording.weekday"
    what = "「〇月〇日」の日付に、「（土）」のように曜日がついているかを調べます。"
    why = "曜日があると、予定が立てやすく、日付のまちがいにも気づけます。"
    how_to_fix = "日付のあとに「（土）」のように曜日を書いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for mention in find_dates(deck):
            if mention.date is not None and mention.weekday is None:
                right = WEEKDAYS_JA[mention.date.weekday()]
                yield self.finding(ctx, f"「{mention.text}」に曜日がありません（{right}曜日です）。",
                                   mention.slide, mention.shape)


# --- brand message and hashtags ---------------------------------------------------------------
def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def closeness(a: str, b: str) -> float:
    """Normalised edit distance: 0 = same, 1 = nothing in common."""
    return edit_distance(a, b) / max(len(a), len(b), 1)


def closest_window(text: str, target: str) -> tuple[str, float]:
    """The stretch of text most like target (lengths around the target's), and its distance.

    Only windows sharing at least half their characters with the target are compared, so a
    long text costs little (a prefix sum counts the shared characters of any window)."""
    letters = set(target)
    shared = [0]
    for char in text:
        shared.append(shared[-1] + (char in letters))
    best, best_distance = "", 1.0
    # same length first, so that among equally close windows the whole word is shown
    lengths = sorted(range(max(1, len(target) - 2), len(target) + 3),
                     key=lambda n: abs(n - len(target)))
    for length in lengths:
        for start in range(0, max(1, len(text) - length + 1)):
            if 2 * (shared[min(start + length, len(text))] - shared[start]) < len(target):
                continue
            window = text[start:start + length]
            distance = closeness(window, target)
            if distance < best_distance:
                best, best_distance = window, distance
    return best, best_distance


class BrandMessage(Rule):
    code = "I004"
    name = "brand-message"
    summary = "ブランドメッセージがない、またはまちがっています"
    clause = "brand"
    what = ("ブランドメッセージ（「やっぱり北上だよ」）が正しく書かれているかを調べます。"
            "ハッシュタグの中の文字は数えません。似ているが違う書き方はまちがいとして知らせます。")
    why = "ブランドメッセージは、市全体で同じ言葉を使うことで覚えてもらえます。"
    how_to_fix = "ブランドメッセージを、ガイドラインのとおりに書いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        brand = ctx.guideline.brand
        if not brand.require_message:
            return
        message = nfkc(brand.message)
        text = HASHTAG_RE.sub(" ", deck_text(deck))
        if message in text:
            return
        window, distance = closest_window(text.replace("\n", " "), message)
        if distance <= NEAR_MISS_RATIO:
            yield self.finding(ctx, f"ブランドメッセージが「{window.strip()}」になっています"
                               f"（正しくは「{brand.message}」）。")
        else:
            yield self.finding(ctx, f"ブランドメッセージ「{brand.message}」がありません。")


class Hashtags(Rule):
    code = "I005"
    name = "hashtag"
    summary = "ハッシュタグがない、またはまちがっています"
    clause = "brand"
    what = ("ガイドラインのハッシュタグ（#やっぱり北上だよね #KitaComing）が正しく書かれているかを"
            "調べます。大文字・小文字のちがいや一文字のちがいも、まちがいとして知らせます。")
    why = "ハッシュタグが一文字でもちがうと、SNS で市の投稿とつながりません。"
    how_to_fix = "ハッシュタグを、ガイドラインのとおりに書いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        brand = ctx.guideline.brand
        if not brand.require_hashtags:
            return
        written = set(HASHTAG_RE.findall(deck_text(deck)))
        for tag in brand.hashtags:
            wanted = nfkc(tag)
            if wanted in written:
                continue
            near = [w for w in written if closeness(w, wanted) <= NEAR_MISS_RATIO]
            if near:
                yield self.finding(ctx, f"ハッシュタグが「{near[0]}」になっています"
                                   f"（正しくは「{tag}」）。")
            else:
                yield self.finding(ctx, f"ハッシュタグ「{tag}」がありません。")


# --- wording ----------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Sentences of text; a tab ends one too (it parts a row's label from its value)."""
    return [s.strip() for s in SENTENCE_END_RE.split(text.replace("\t", "\n")) if s.strip()]


class SentenceTooLong(Rule):
    code = "I006"
    name = "sentence-too-long"
    summary = "一文が長すぎます"
    clause = "wording.sentence_length"
    what = ("「。」などで区切った一文の文字数が、ガイドラインの上限以下かを調べます（空白と文末の「。」、"
            "メールアドレスとURLは数えません。表の見出しと内容は別々に数えます）。")
    why = "やさしい日本語では、一文を短くして一つのことだけを書くと伝わりやすくなります。"
    how_to_fix = "文を二つ以上に分けてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.wording.sentence_length.max_chars
        for slide in deck.slides:
            for shape, text in shape_texts(slide):
                longest = max(sentences(text), key=_length, default="")
                if _length(longest) > limit:
                    yield self.finding(
                        ctx, f"「{shape.name}」に {_length(longest)} 文字の文があります"
                        f"（{limit} 文字まで）：「{longest[:20]}…」", slide, shape)


def _length(sentence: str) -> int:
    """Characters of the sentence, not counting spaces, the closing 。！？ and addresses
    (an e-mail address or URL is read as one thing, not as words)."""
    words = ADDRESS_RE.sub("", sentence.rstrip("。！？!?"))
    return sum(1 for c in words if not c.isspace())


class TimeStyle(Rule):
    code = "I007"
    name = "time-style"
    summary = "時刻の書き方がガイドラインと違います"
    clause = "wording.time_style"
    what = ("時刻の書き方を調べます。ガイドラインが午前・午後の書き方（午前10時、午後3時30分）なら、"
            "「14:00」のような24時間の書き方を知らせます。")
    why = "午前・午後の書き方は、子どもや高齢の方、日本語を学ぶ人にもわかりやすいです。"
    how_to_fix = "「14:00」は「午後2時」のように書きかえてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        ampm = ctx.guideline.wording.time_style.style == "ampm"
        for slide in deck.slides:
            for shape, text in shape_texts(slide):
                wrong = (_24h_times(text) if ampm else AMPM_RE.findall(text))
                if wrong:
                    style = "午前・午後の書き方" if ampm else "24時間の書き方"
                    yield self.finding(
                        ctx, f"「{shape.name}」の時刻「{'」「'.join(wrong)}」を{style}に"
                        "してください。", slide, shape)


def _24h_times(text: str) -> list[str]:
    return [m.group() for m in TIME_24H_RE.finditer(text)] + \
        [m.group() for m in HOUR_OVER_12_RE.finditer(text)]
