"""The offline drafter: deterministic, rule-based Japanese copy, no network.

It never invents facts. The headline and catch copy come from hand-written templates
(prompts/offline_copy.ja.yaml, with the guideline's place name filled in) that contain no
numbers, dates, prices or addresses; the summary and highlights are sentences (or
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
from pathlib import Path
from string import Formatter
from typing import Annotated

import budoux
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from assistant.draft.base import DraftResult
from assistant.draft.schema import FlyerDraft, draft_model
from assistant.event import EventInfo
from assistant.guideline import Guideline
from assistant.guideline.model import Layout
from assistant.paths import PROMPTS

# A description much longer than the summary can hold, or this many detail rows, makes the
# text-heavy layout the first choice when there is no photo.
LONG_DESCRIPTION_SUMMARIES = 2
MANY_DETAIL_ROWS = 7
# Copy is written from the best few matching themes only; weaker matches read as off-topic.
MAX_THEMES = 2


PHRASE_BANK = PROMPTS / "offline_copy.ja.yaml"
# Placeholders every template may use; some templates also get a few words of the event.
COPY_WORDS = ("place", "season", "holiday")


class PhraseBankError(ValueError):
    """The phrase bank file is missing, not YAML, or does not match PhraseBank."""


def _placeholders(*extra: str) -> AfterValidator:
    """Refuses a template with broken braces or a placeholder outside COPY_WORDS + extra."""
    allowed = (*COPY_WORDS, *extra)

    def check(template: str) -> str:
        try:
            used = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
        except ValueError as error:
            raise ValueError(f"broken braces in {template!r}: {error}") from None
        unknown = ", ".join(f"{{{name}}}" for name in sorted(used - set(allowed)))
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in allowed)
            raise ValueError(f"unknown placeholder {unknown} in {template!r}; use {known}")
        return template

    return AfterValidator(check)


CopyTemplate = Annotated[str, Field(min_length=1), _placeholders()]
Month = Annotated[int, Field(ge=1, le=12)]
MonthDay = tuple[Month, Annotated[int, Field(ge=1, le=31)]]


class _BankPart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theme(_BankPart):
    """How to talk about an event: headline and catch templates, preferred colour schemes."""

    headlines: tuple[CopyTemplate, ...] = Field(min_length=1)
    catches: tuple[CopyTemplate, ...] = Field(min_length=1)
    schemes: tuple[str, ...] = ()  # colour scheme ids, best first (skipped if absent)


class Kind(Theme):
    """A kind of event, recognised by its keywords, that makes sense in some months."""

    keywords: tuple[str, ...] = Field(min_length=1)
    months: tuple[Month, ...] = tuple(range(1, 13))


class Holiday(_BankPart):
    word: str = Field(min_length=1)
    start: MonthDay
    end: MonthDay


class FallbackSummary(_BankPart):
    about: Annotated[str, _placeholders("title")]
    audience: Annotated[str, _placeholders("audience")]
    free: CopyTemplate
    invitation: CopyTemplate


class FieldHighlights(_BankPart):
    free: CopyTemplate
    application: CopyTemplate
    bring: Annotated[str, _placeholders("bring")]


class PhraseBank(_BankPart):
    """prompts/offline_copy.ja.yaml: everything the offline drafter says."""

    seasons: dict[Month, str]
    holidays: tuple[Holiday, ...] = ()
    kinds: dict[str, Kind] = Field(min_length=1)
    generic: Theme
    fallback_summary: FallbackSummary
    highlights: FieldHighlights

    @field_validator("seasons")
    @classmethod
    def _every_month(cls, seasons: dict[int, str]) -> dict[int, str]:
        missing = sorted(set(range(1, 13)) - set(seasons))
        if missing:
            raise ValueError(f"months without a season word: {missing}")
        return seasons


@lru_cache(maxsize=4)
def load_phrase_bank(path: Path = PHRASE_BANK) -> PhraseBank:
    """The phrase bank, read and checked once per path."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        return PhraseBank.model_validate(data)
    except OSError as error:
        raise PhraseBankError(f"{path}: cannot read the phrase bank: {error}") from None
    except YAMLError as error:
        raise PhraseBankError(f"{path}: not valid YAML: {error}") from None
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc'])) or 'top level'}: {item['msg']}"
                             for item in error.errors())
        raise PhraseBankError(f"{path}: {problems}") from None


# A shorter line of the description (「あ」, 「晴れ」) says nothing as a selling point.
MIN_HIGHLIGHT_CHARS = 4
LINE_BREAK = re.compile(r"\s*\n\s*")


def one_line(text: str) -> str:
    """Text quoted inside a sentence: line breaks (a title typed on two lines) removed, or
    a space where both sides are Latin letters or digits."""
    def join(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
        return " " if before.isascii() and after.isascii() else ""

    return LINE_BREAK.sub(join, text)


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
        self.bank = load_phrase_bank()
        self.themes = rank_themes(event, self.bank)
        self.words = {"place": guideline.brand.place_name,
                      "season": self.bank.seasons[event.date.month],
                      "holiday": holiday_word(event, self.bank)}
        self.looks = spread_looks(self._layout_order(), self._scheme_order(),
                                  self.limits.variants_max)
        self.headlines = self._candidates("headlines", self.limits.headline_max_chars)
        self.summary = self._summary()
        # a catch the summary already says (the fallback invitation) would read twice
        catches = self._candidates("catches", self.limits.catch_max_chars)
        self.catches = [c for c in catches if c not in self.summary] or catches
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
                text = self._fill(template)
                if len(text) <= max_chars and text != self.event.title:
                    found.append(text)
        if not found:  # a guideline with very short limits: cut the best template
            best = self._fill(getattr(self.themes[0], kind)[0])
            found = [cut_at_phrase(best, max_chars)]
        return list(dict.fromkeys(found))

    def _fill(self, template: str, **event_words: str) -> str:
        return template.format(**self.words, **event_words)

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
        event, texts = self.event, self.bank.fallback_summary
        candidates = [self._fill(texts.about, title=one_line(event.title))]
        if event.audience:
            candidates.append(self._fill(texts.audience, audience=one_line(event.audience)))
        if event.is_free:
            candidates.append(self._fill(texts.free))
        candidates.append(self._fill(texts.invitation))
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
        found = [text for text in self._highlight_candidates()
                 if MIN_HIGHLIGHT_CHARS <= len(text) <= limit]
        found = [text for text in dict.fromkeys(found) if text.rstrip("。") not in self.summary]
        return found[: self.limits.highlights_max]

    def _highlight_candidates(self) -> Iterable[str]:
        """Selling points, best first: the description's own list, 無料, its short statements."""
        event, texts = self.event, self.bank.highlights
        limit = self.limits.highlight_max_chars
        items = split_sentences(event.description or "")
        yield from (item.text.rstrip("。") for item in items if item.is_list_item)
        if event.is_free:
            yield self._fill(texts.free)
        for item in items:
            if item.is_list_item or item.text.startswith("※"):
                continue
            short = shorten_sentence(item.text, limit + 1)  # + 1: the 。 is dropped
            if short is not None and not NOT_A_SELLING_POINT.search(short):
                yield short.rstrip("。")
        if event.application:
            yield self._fill(texts.application)
        if event.bring:
            yield self._fill(texts.bring, bring=event.bring)


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


def rank_themes(event: EventInfo, bank: PhraseBank) -> list[Theme]:
    """Kinds whose keywords occur in the event, the most mentioned first; generic last."""
    title = f"{event.title} {event.subtitle or ''}"
    body = f"{event.description or ''} {event.audience or ''}"
    scored: list[tuple[int, int, Theme]] = []
    for order, kind in enumerate(bank.kinds.values()):
        score = sum(2 * title.count(k) + body.count(k) for k in kind.keywords)
        if score and event.date.month in kind.months:
            scored.append((score, order, kind))
    scored.sort(key=lambda item: (-item[0], item[1]))
    # a kind mentioned much less than the best one reads as off-topic
    strong = [kind for score, _, kind in scored if score * 2 >= scored[0][0]]
    return [*strong[:MAX_THEMES], bank.generic]


def holiday_word(event: EventInfo, bank: PhraseBank) -> str:
    """「夏休み」 etc. when the date falls in a school holiday, else the season (「秋」)."""
    day = (event.date.month, event.date.day)
    for holiday in bank.holidays:
        if holiday.start <= day <= holiday.end:
            return holiday.word
    return bank.seasons[event.date.month]


def _rotated(items: Sequence[str], shift: int) -> list[str]:
    if not items:
        return []
    shift %= len(items)
    return [*items[shift:], *items[:shift]]
