"""Japanese line breaking: unbreakable units with kinsoku (禁則) and budoux phrases.

The text on the flyer is written without explicit line breaks; PowerPoint and LibreOffice
wrap it themselves. So this module predicts their wrapping *conservatively*: it offers
fewer break opportunities than the renderers do (Latin words, numbers with their unit and
kinsoku pairs stay together), so the predicted line count is never below the real one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

# JIS X 4051: characters that must not start a line (closing brackets, small kana,
# prolonged sound mark, iteration marks, punctuation, ellipsis).
NO_LINE_START = frozenset(
    "）〕］｝〉》」』】〙〗〟’”｠»)]}>"
    "ゝゞヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～？！‼⁇⁈⁉・：；／。．、，.,:;!?…‥％%℃°′″"
)
# Characters that must not end a line (opening brackets, currency prefixes).
NO_LINE_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«([{<¥＄$£€#＃")

Measure = Callable[[str], float]


def _is_word_char(ch: str) -> bool:
    """Characters a renderer keeps together as one Latin 'word' (ASCII and full-width alnum)."""
    if ch.isspace():
        return False
    if ord(ch) < 0x2E80:  # Latin, digits, ASCII punctuation, symbols
        return True
    if unicodedata.category(ch) == "Nd" or "Ａ" <= ch <= "ｚ":
        return True
    # not wide (flags 🇯🇵, the emoji selector of ❤️): PowerPoint, as the linter models it,
    # keeps them with a Latin word next to them; fewer breaks is the safe prediction
    return unicodedata.east_asian_width(ch) not in ("W", "F") and ch not in NO_LINE_START


def break_units(text: str) -> list[str]:
    """Split text into pieces that never break inside; a line may end after any piece.

    Spaces stay attached to the end of the piece before them (they hang at line ends).
    """
    units: list[str] = []
    for ch in clusters(text):
        if ch.isspace() and units or units and _is_word_char(ch[0]) and (
                _joins_word(units[-1]) or _closes(units[-1])):
            units[-1] += ch
        else:
            units.append(ch)
    return _apply_kinsoku(_join_numbers_with_units(units))


def _joins_word(previous: str) -> bool:
    return bool(previous) and not previous[-1].isspace() and _is_word_char(previous[-1])


ZWJ = "\u200d"
EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def clusters(text: str) -> list[str]:
    """Characters with what renderers never part from them: combining marks, variation
    selectors, skin tones, the parts of a ZWJ emoji (👨‍👩‍👧) and flag pairs (🇯🇵)."""
    found: list[str] = []
    for ch in text:
        if found and _attaches(found[-1], ch):
            found[-1] += ch
        else:
            found.append(ch)
    return found


def _attaches(cluster: str, ch: str) -> bool:
    if unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch == ZWJ or cluster.endswith(ZWJ):
        return True
    if ord(ch) in EMOJI_MODIFIERS:
        return True
    flags = sum(ord(c) in REGIONAL_INDICATORS for c in cluster)
    return ord(ch) in REGIONAL_INDICATORS and flags % 2 == 1


def _closes(previous: str) -> bool:
    """previous ends with closing or final punctuation (「）」「。」「、」): LibreOffice does not
    break between it and a Latin letter or digit (「。）2026」 stays together)."""
    return bool(previous) and unicodedata.category(previous[-1]) in ("Pe", "Pf", "Po")


def _join_numbers_with_units(units: list[str]) -> list[str]:
    """Keep '10時', '3月', '500円' together: some renderers do not break after digits."""
    joined: list[str] = []
    for unit in units:
        if joined and joined[-1][-1].isdigit() and not joined[-1][-1].isspace():
            joined[-1] += unit
        else:
            joined.append(unit)
    return joined


def _apply_kinsoku(units: list[str]) -> list[str]:
    out: list[str] = []
    for unit in units:
        if out and (unit[0] in NO_LINE_START or out[-1].rstrip()[-1:] in NO_LINE_END):
            out[-1] += unit
        else:
            out.append(unit)
    return out


def wrap_units(units: list[str], width: float, measure: Measure) -> list[str]:
    """Greedy wrapping of units into lines no wider than width (trailing spaces hang)."""
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = current + unit
        if current and measure(candidate.rstrip()) > width:
            lines.append(current.rstrip())
            current = unit
        else:
            current = candidate
    if current or not lines:
        lines.append(current.rstrip())
    return lines


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Lines of text (paragraphs split at '\\n') wrapped to width."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap_units(break_units(paragraph), width, measure))
    return lines


def longest_unit(text: str, measure: Measure) -> float:
    """Width of the widest piece that can never break (a lower bound for any box width)."""
    return max((measure(u.rstrip()) for u in break_units(text)), default=0.0)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    import budoux

    return budoux.load_default_japanese_parser()


def phrases(text: str) -> list[str]:
    """budoux phrases, also split after spaces, with kinsoku pairs kept together."""
    pieces: list[str] = []
    for phrase in _parser().parse(text):
        start = 0
        for i, ch in enumerate(phrase):
            if ch.isspace() and i + 1 < len(phrase) and not phrase[i + 1].isspace():
                pieces.append(phrase[start : i + 1])
                start = i + 1
        pieces.append(phrase[start:])
    merged: list[str] = []
    for piece in pieces:
        if merged and (not piece.strip() or not merged[-1].strip()):
            merged[-1] += piece  # a lone space belongs to the phrase before it
        elif piece:
            merged.append(piece)
    return _apply_kinsoku(merged)


def phrase_break_share(text: str, lines: list[str]) -> float:
    """Share of the line breaks (1.0 when there are none) that fall between budoux phrases."""
    ends = line_end_offsets(text, lines)
    if not ends:
        return 1.0
    boundaries, offset = set(), 0
    for phrase in phrases(text):
        offset += len(phrase)
        boundaries.add(offset)
    return sum(end in boundaries for end in ends) / len(ends)


def line_end_offsets(text: str, lines: list[str]) -> list[int]:
    """Offsets in text where each line but the last ends (spaces at line ends included)."""
    ends, offset = [], 0
    for line in lines[:-1]:
        offset = text.index(line, offset) + len(line)
        while offset < len(text) and text[offset].isspace():
            offset += 1
        ends.append(offset)
    return ends
