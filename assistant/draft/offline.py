"""The offline drafter: deterministic, rule-based Japanese copy, no network.

It never invents facts. The headline and catch copy come from hand-written templates that
contain no numbers, dates, prices or addresses; the summary and highlights are sentences (or
the tail of a sentence after dropping a leading clause) taken from the event's own text. The
template is picked by the event's theme (keywords in title, description and audience) and
season (month of the date), with a stable choice by hashing the title, so the same event
always gets the same drafts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import budoux

from assistant.draft.base import DraftResult
from assistant.draft.schema import FlyerDraft, draft_model
from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.guideline.model import Layout

# A description much longer than the summary can hold, or this many detail rows, makes the
# text-heavy layout the first choice when there is no photo.
LONG_DESCRIPTION_SUMMARIES = 2
MANY_DETAIL_ROWS = 7
# Copy is written from the best few matching themes only; weaker matches read as off-topic.
MAX_THEMES = 2


@dataclass(frozen=True)
class Theme:
    """A kind of event: how to recognise it and how to talk about it."""

    id: str
    keywords: tuple[str, ...]
    headlines: tuple[str, ...]  # may use {season} / {holiday}
    catches: tuple[str, ...]
    schemes: tuple[str, ...]  # preferred colour scheme ids, best first (skipped if absent)
    months: tuple[int, ...] = tuple(range(1, 13))  # when the theme makes sense


THEMES: tuple[Theme, ...] = (
    Theme("sakura", ("桜", "さくら", "サクラ", "花見"),
          ("桜の北上へ行こう！", "春は北上でお花見！", "満開の春を楽しもう"),
          ("桜の季節、北上で春を楽しみませんか？", "桜の下で、すてきな春のひとときを。"),
          ("ajisai", "sunset"), months=(3, 4, 5)),
    Theme("stars", ("星", "天体", "夜空", "流れ星"),
          ("夜空を見上げよう！", "満天の星に会いに行こう", "{season}の星空を楽しもう"),
          ("澄んだ夜空を、みんなで見上げませんか？", "{season}の夜、星の世界へ出かけよう。"),
          ("river", "ajisai")),
    Theme("lights", ("イルミネーション", "ライトアップ", "光", "灯"),
          ("光に包まれる北上へ", "きらめく夜を楽しもう！", "{season}の夜をいろどる光"),
          ("あたたかな光の中を、歩いてみませんか？", "{season}の夜を、光といっしょに楽しもう。"),
          ("river", "ajisai")),
    Theme("nature", ("自然", "森", "川遊び", "登山", "山歩き", "公園", "キャンプ", "カヌー",
                     "生き物", "いきもの", "昆虫", "野鳥", "ハイキング", "散策", "高原"),
          ("{holiday}は北上で自然体験！", "{season}の自然にふれよう", "外で思いきり遊ぼう！"),
          ("北上の自然を、みんなで楽しみませんか？", "外に出て、{season}の北上を感じよう。"),
          ("leaf", "river")),
    Theme("kids", ("子ども", "こども", "子供", "親子", "小学生", "幼児", "キッズ", "家族"),
          ("{holiday}はみんなで楽しもう！", "わくわく体験に行こう！", "子どもたち、集まれ！"),
          ("楽しい思い出を、いっしょにつくろう。", "笑顔になれる時間を過ごしませんか？"),
          ("ajisai", "leaf")),
    Theme("craft", ("ワークショップ", "手作り", "手づくり", "ものづくり", "工作", "クラフト", "作り方"),
          ("つくる楽しさを体験！", "手づくりに挑戦しよう！", "やってみよう、ものづくり"),
          ("つくる楽しさを、いっしょに味わいませんか？", "自分の手で、世界にひとつを。"),
          ("ajisai", "sunset")),
    Theme("culture", ("博物館", "歴史", "文化", "伝統", "郷土", "鬼剣舞", "芸能", "史跡",
                      "民俗", "勾玉", "土器"),
          ("北上の歴史にふれよう", "まちの文化を再発見！", "知るともっと楽しい北上"),
          ("知るともっと楽しい、北上の歴史と文化。", "まちの物語を、いっしょにたどりませんか？"),
          ("river", "ajisai")),
    Theme("exhibition", ("写真展", "作品展", "展覧会", "展示", "ギャラリー", "美術", "絵画",
                         "アート"),
          ("すてきな作品に出会おう", "作品に会いに行こう", "北上の魅力を見つけよう"),
          ("すてきな作品を、ゆっくり楽しみませんか？", "見て、感じて、北上の魅力を再発見。"),
          ("ajisai", "river")),
    Theme("sports", ("スポーツ", "マラソン", "ウォーク", "ウォーキング", "運動", "ヨガ", "体操",
                     "サッカー", "野球", "ランニング", "ボッチャ"),
          ("体を動かして楽しもう！", "{season}の北上で汗を流そう", "みんなでスポーツ！"),
          ("気持ちよく、体を動かしてみませんか？", "体を動かす楽しさを、みんなでいっしょに。"),
          ("leaf", "sunset")),
    Theme("food", ("食べ", "グルメ", "料理", "マルシェ", "市場", "野菜", "お菓子", "カフェ"),
          ("北上のおいしいを味わおう", "おいしい時間をいっしょに", "食べて楽しむ北上！"),
          ("おいしい時間を、みんなでいっしょに。", "北上の味を、楽しんでみませんか？"),
          ("sunset", "leaf")),
    Theme("music", ("コンサート", "音楽", "ライブ", "演奏", "公演", "合唱", "吹奏楽", "ジャズ"),
          ("音楽で心はずむひととき", "すてきな音楽に会いに行こう", "音楽の時間を楽しもう"),
          ("すてきな音楽を、いっしょに楽しみませんか？", "心に響く音を、北上で。"),
          ("ajisai", "river")),
    Theme("festival", ("まつり", "祭", "フェス", "花火", "縁日", "盆踊り"),
          ("{season}の北上を楽しもう！", "みんなで楽しむ{season}の一日", "北上がもっと好きになる！"),
          ("家族や友だちと、{season}の北上を楽しもう。", "にぎやかな{season}のひとときを、北上で。"),
          ("sunset", "ajisai")),
    Theme("learning", ("講演", "セミナー", "説明会", "健康", "相談", "学習", "研修", "防災",
                       "子育て", "講習"),
          ("学んで、知って、役立てよう", "暮らしのヒントを見つけよう", "いっしょに学びませんか"),
          ("くらしのヒントを、いっしょに見つけませんか？", "知ることから、はじめよう。"),
          ("river", "ajisai")),
)

GENERIC = Theme(
    "generic", (),
    ("{season}の北上で会いましょう", "やっぱり北上が楽しい！", "みんなで集まろう！",
     "{season}の北上へようこそ", "いっしょに参加しよう！"),
    ("みなさんのご参加を、お待ちしています。", "{season}の北上で、楽しいひとときを。",
     "気軽に、のぞいてみませんか？", "北上のまちで、お待ちしています。",
     "いっしょに、すてきな時間を過ごしませんか？"),
    ("ajisai", "river"),
)

SEASONS = {12: "冬", 1: "冬", 2: "冬", 3: "春", 4: "春", 5: "春", 6: "夏", 7: "夏", 8: "夏",
           9: "秋", 10: "秋", 11: "秋"}
# School holidays (month, day) ranges, inclusive; only used for wording.
HOLIDAYS = (("夏休み", (7, 20), (8, 31)), ("冬休み", (12, 24), (12, 31)),
            ("冬休み", (1, 1), (1, 7)), ("春休み", (3, 24), (4, 6)))

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
LIST_MARK = re.compile(r"^[・●○◆◇■□▶►\-*]\s*")
PARENTHETICAL = re.compile(r"（[^（）]*）|\([^()]*\)")
NUMBERS = re.compile(r"\d+")
# Requests and greetings read badly as bullet points: 「お越しください」「お待ちしています」.
NOT_A_SELLING_POINT = re.compile(r"(ください|お願いします|お待ちしています|ませんか)[。！？!?]?$")
# A leading clause ending like this can be dropped and the sentence still says the same:
# 「北上川の自然の中で、カヌーを体験します。」 → 「カヌーを体験します。」. Conditions, negations
# and plain topics (「小学生以下は、…」) change the meaning when dropped, so they stay.
DROPPABLE_CLAUSE = re.compile(r"(では|には|の中で|で|の|て|に)、$")
KEEP_CLAUSE = re.compile(r"(場合は|ときは|時は|たら|れば|なら|ても|でも|ないで|なくて|ずに)、$")


class OfflineDrafter:
    """Deterministic drafts from the event alone (the default when no LLM is configured)."""

    name = "offline"

    def __init__(self, reason_ja: str | None = None) -> None:
        self.reason_ja = reason_ja

    def draft(self, event: EventInfo, guideline: Guideline, variants: int) -> DraftResult:
        maximum = guideline.draft.variants_max
        if not 1 <= variants <= maximum:
            raise ValueError(f"variants must be between 1 and {maximum}, got {variants}")
        writer = _CopyWriter(event, guideline)
        drafts = [writer.variant(index) for index in range(variants)]
        return DraftResult(drafts=drafts, drafter="offline", reason_ja=self.reason_ja)


class _CopyWriter:
    """Writes the variants of one event; all choices are stable for the same event."""

    def __init__(self, event: EventInfo, guideline: Guideline) -> None:
        self.event = event
        self.guideline = guideline
        self.limits = guideline.draft
        self.sentence_max = guideline.wording.sentence_length.max_chars
        self.model = draft_model(guideline)
        self.seed = int(hashlib.sha256(event.title.encode()).hexdigest(), 16)
        self.themes = rank_themes(event)
        self.words = {"season": SEASONS[event.date.month], "holiday": holiday_word(event)}
        self.looks = spread_looks(self._layout_order(), self._scheme_order(),
                                  self.limits.variants_max)
        self.headlines = self._candidates("headlines", self.limits.headline_max_chars)
        self.catches = self._candidates("catches", self.limits.catch_max_chars)
        self.summary = self._summary()
        self.highlights = self._highlights()

    def variant(self, index: int) -> FlyerDraft:
        look = self.looks[index % len(self.looks)]
        return self.model(
            layout=look.layout,
            scheme=look.scheme,
            logo_position=look.logo_position,
            headline=self.headlines[index % len(self.headlines)],
            catch=self.catches[index % len(self.catches)],
            summary=self.summary,
            highlights=_rotated(self.highlights, index),
            hashtags=list(self.guideline.brand.hashtags),
        )

    # --- visual choices -----------------------------------------------------------------

    def _layout_order(self) -> list[Layout]:
        """Layouts that can show this event, the best fit first."""
        has_photo = self.event.photo is not None
        usable = [lay for lay in self.guideline.layouts
                  if lay.photo != ("none" if has_photo else "required")]
        if not usable:  # a guideline without a fitting layout: still draft something valid
            usable = list(self.guideline.layouts)
        preferred = {"required"} if has_photo else ({"none"} if self._text_heavy() else
                                                    {"optional"})
        return sorted(usable, key=lambda lay: lay.photo not in preferred)

    def _text_heavy(self) -> bool:
        description = self.event.description or ""
        long_text = len(description) > LONG_DESCRIPTION_SUMMARIES * self.limits.summary_max_chars
        return long_text or len(self.event.detail_rows()) >= MANY_DETAIL_ROWS

    def _scheme_order(self) -> list[str]:
        available = [scheme.id for scheme in self.guideline.colour_schemes]
        preferred = [s for theme in self.themes for s in theme.schemes if s in available]
        rest = _rotated(available, self.seed)
        return list(dict.fromkeys([*preferred, *rest]))

    # --- copy ---------------------------------------------------------------------------

    def _candidates(self, kind: str, max_chars: int) -> list[str]:
        """Template texts of the matching themes that fit, best theme first, no repeats."""
        found: list[str] = []
        for theme in self.themes:
            templates: Sequence[str] = getattr(theme, kind)
            for template in _rotated(templates, self.seed):
                text = template.format(**self.words)
                if len(text) <= max_chars and text != self.event.title:
                    found.append(text)
        if not found:  # a guideline with very short limits: cut the best template
            best = str(getattr(self.themes[0], kind)[0]).format(**self.words)
            found = [cut_at_phrase(best, max_chars)]
        return list(dict.fromkeys(found))

    def _summary(self) -> str:
        budget = self.limits.summary_max_chars
        chosen: list[str] = []
        for sentence in self._description_sentences():
            if len("".join(chosen)) + len(sentence) <= budget:
                chosen.append(sentence)
        if not chosen:
            chosen = self._fallback_summary()
        return "".join(chosen)

    def _description_sentences(self) -> list[str]:
        sentences = []
        for item in split_sentences(self.event.description or ""):
            if item.is_list_item or item.text.startswith("※"):
                continue
            short = shorten_sentence(item.text, self.sentence_max)
            if short is not None and len(short) >= 6:
                sentences.append(short)
        return sentences

    def _fallback_summary(self) -> list[str]:
        """Sentences about the event built only from its own words."""
        event = self.event
        candidates = [f"「{event.title}」のお知らせです。"]
        if event.audience:
            candidates.append(f"{event.audience}が対象です。")
        if event.is_free:
            candidates.append("参加は無料です。")
        candidates.append("みなさんのご参加を、お待ちしています。")
        fitting = [s for s in candidates if len(s) <= self.sentence_max]
        chosen: list[str] = []
        for sentence in fitting:
            if len("".join(chosen)) + len(sentence) <= self.limits.summary_max_chars:
                chosen.append(sentence)
        if not chosen:  # limits shorter than any sentence: the invitation, cut at a phrase
            limit = min(self.sentence_max, self.limits.summary_max_chars)
            chosen = [cut_at_phrase(candidates[-1], limit)]
        return chosen

    def _highlights(self) -> list[str]:
        limit = self.limits.highlight_max_chars
        found = [text for text in self._highlight_candidates() if len(text) <= limit]
        found = [text for text in dict.fromkeys(found) if text.rstrip("。") not in self.summary]
        return found[: self.limits.highlights_max]

    def _highlight_candidates(self) -> Iterable[str]:
        """Selling points, best first: the description's own list, 無料, its short statements."""
        event = self.event
        limit = self.limits.highlight_max_chars
        items = split_sentences(event.description or "")
        yield from (item.text.rstrip("。") for item in items if item.is_list_item)
        if event.is_free:
            yield "参加は無料です"
        for item in items:
            if item.is_list_item or item.text.startswith("※"):
                continue
            short = shorten_sentence(item.text, limit + 1)  # + 1: the 。 is dropped
            if short is not None and not NOT_A_SELLING_POINT.search(short):
                yield short.rstrip("。")
        if event.application:
            yield "事前の申し込みが必要です"
        if event.bring:
            yield f"持ち物：{event.bring}"


@dataclass(frozen=True)
class Look:
    layout: str
    logo_position: str
    scheme: str


def spread_looks(layouts: Sequence[Layout], schemes: Sequence[str], count: int) -> list[Look]:
    """`count` looks, each as different from the ones before as the guideline allows.

    The first look is the best layout, its first logo position and the best scheme. Each next
    one takes the least used scheme, then the least used layout, then the least used logo
    position (ties: the earlier choice), and never repeats a look while an unused one is left.
    """
    pairs = []
    for rank in range(max(len(layout.logo_positions) for layout in layouts)):
        pairs += [(layout.id, layout.logo_positions[rank]) for layout in layouts
                  if rank < len(layout.logo_positions)]
    candidates = [Look(layout, position, scheme) for layout, position in pairs
                  for scheme in schemes]
    looks: list[Look] = []
    for _ in range(count):
        looks.append(min(candidates, key=lambda look: _reuse(look, looks)))
    return looks


def _reuse(look: Look, looks: list[Look]) -> tuple[bool, int, int, int]:
    return (
        look in looks,
        sum(other.scheme == look.scheme for other in looks),
        sum(other.layout == look.layout for other in looks),
        sum((other.layout, other.logo_position) == (look.layout, look.logo_position)
            for other in looks),
    )


# --- text helpers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str
    is_list_item: bool


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a description; lines starting with ・ or ● are list items."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        is_item = bool(LIST_MARK.match(line))
        line = LIST_MARK.sub("", line)
        for part in SENTENCE_END.split(line):
            part = part.strip()
            if part:
                found.append(Sentence(part, is_item))
    return found


def shorten_sentence(sentence: str, max_chars: int) -> str | None:
    """The sentence, shortened to max_chars if needed without changing what it says.

    First parentheticals go, then leading clauses that only set the scene (「…の中で、」).
    Returns None when the sentence cannot be made short enough that way.
    """
    if len(sentence) <= max_chars:
        return sentence
    without = PARENTHETICAL.sub("", sentence)
    if not set(NUMBERS.findall(without)) <= set(NUMBERS.findall(sentence)):
        return None  # 「1（2）3」 would become the new number 13
    phrases = phrases_of(without)
    while len("".join(phrases)) > max_chars:
        clause_end = next((i for i, p in enumerate(phrases[:-1]) if p.endswith("、")), None)
        if clause_end is None:
            return None
        clause = "".join(phrases[: clause_end + 1])
        if KEEP_CLAUSE.search(clause) or not DROPPABLE_CLAUSE.search(clause):
            return None
        phrases = phrases[clause_end + 1:]
    return "".join(phrases)


def cut_at_phrase(text: str, max_chars: int) -> str:
    """The longest start of text, ending at a phrase boundary, that fits max_chars."""
    kept = ""
    for phrase in phrases_of(text):
        if len(kept) + len(phrase) > max_chars:
            break
        kept += phrase
    return kept.rstrip("、") or text[:max_chars]


@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def phrases_of(text: str) -> list[str]:
    return list(_parser().parse(text))


def rank_themes(event: EventInfo) -> list[Theme]:
    """Themes whose keywords occur in the event, the most mentioned first; generic last."""
    title = f"{event.title} {event.subtitle or ''}"
    body = f"{event.description or ''} {event.audience or ''}"
    scored = []
    for order, theme in enumerate(THEMES):
        score = sum(2 * title.count(k) + body.count(k) for k in theme.keywords)
        if score and event.date.month in theme.months:
            scored.append((score, order, theme))
    scored.sort(key=lambda item: (-item[0], item[1]))
    # a theme mentioned much less than the best one reads as off-topic
    strong = [theme for score, _, theme in scored if score * 2 >= scored[0][0]]
    return strong[:MAX_THEMES] + [GENERIC]


def holiday_word(event: EventInfo) -> str:
    """「夏休み」 etc. when the date falls in a school holiday, else the season (「秋」)."""
    day = (event.date.month, event.date.day)
    for word, start, end in HOLIDAYS:
        if start <= day <= end:
            return word
    return SEASONS[event.date.month]


def _rotated(items: Sequence[str], shift: int) -> list[str]:
    if not items:
        return []
    shift %= len(items)
    return [*items[shift:], *items[:shift]]
