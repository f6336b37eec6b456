"""Measure text as PowerPoint lays it out, with the vendored font's real advances.

PowerPoint wraps Japanese per character and applies kinsoku (禁則) rules: a closing bracket or
punctuation mark never starts a line and an opening bracket never ends one; Latin words wrap
at spaces and only break inside when a word is longer than the line; a Latin word right after a
closing bracket, quote, full stop or comma stays with it (「。）2026」), as LibreOffice does.
Single line spacing is 1.2 times the font size (PowerPoint's default for proportional fonts),
multiplied by the paragraph's spacing (`spcPct`) or replaced by a fixed `spcPts`.

The vendored font stands in for every typeface: text set in another font is measured as it
would be after the fix (T001 reports the font itself).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from assistant.guideline.model import EMU_PER_PT, Guideline
from assistant.jatext import keeps_following_word
from assistant.lint.model import Paragraph, TextFrame

_REFERENCE_PX = 1000  # glyph advances are read at this size and scaled per run
SINGLE_LINE = 1.2  # PowerPoint's single line spacing as a multiple of the font size

NO_LINE_START = set(
    "、。，．,.)）]］｝}〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・：；:;/／…‥"
)
NO_LINE_END = set("(（[［｛{〔〈《「『【〘〖〝‘“｟«")


@lru_cache(maxsize=4)
def _font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, _REFERENCE_PX)


@lru_cache(maxsize=65536)
def _advance(path: str, char: str) -> float:
    """Advance of one character in em (1.0 = the font size)."""
    if char in "\t":
        return 4 * _advance(path, " ")
    return _font(path).getlength(char) / _REFERENCE_PX


@dataclass(frozen=True)
class Glyph:
    char: str
    size_pt: float
    bold: bool


def _is_word_char(char: str) -> bool:
    """Characters that stay together with their neighbours (Latin words, numbers)."""
    if char.isspace():
        return False
    east_asian = unicodedata.east_asian_width(char) in ("W", "F")
    return not east_asian and char not in NO_LINE_START and char not in NO_LINE_END


def _units(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Split into unbreakable units: a Latin word, one CJK character, one space; then glue
    kinsoku characters to their neighbour."""
    units: list[list[Glyph]] = []
    for glyph in glyphs:
        prev = units[-1] if units else None
        if prev and _is_word_char(glyph.char) and _is_word_char(prev[-1].char):
            prev.append(glyph)
        else:
            units.append([glyph])
    glued: list[list[Glyph]] = []
    for unit in units:
        if glued and (unit[0].char in NO_LINE_START or glued[-1][-1].char in NO_LINE_END
                      or _continues_after_closing(glued[-1], unit)):
            if unit[0].char in NO_LINE_START and len(glued) > 1 and _is_space(glued[-1]):
                spaces = glued.pop()  # 「11 ！」: the mark stays with the word before the space
                glued[-1].extend(spaces)
            glued[-1].extend(unit)
        else:
            glued.append(unit)
    return glued


def _continues_after_closing(previous: list[Glyph], unit: list[Glyph]) -> bool:
    """unit is a Latin word or number written right after 「。」「）」「」」 and the like."""
    return _is_word_char(unit[0].char) and keeps_following_word(previous[-1].char)


def _is_space(unit: list[Glyph]) -> bool:
    return all(not g.char.strip() for g in unit)


class Measurer:
    """Measures paragraphs with the guideline's font files (regular and bold).

    Wrapped lines are remembered per paragraph and width: several rules measure the same
    frames (overflow, contrast behind the text, overlaps)."""

    def __init__(self, guideline: Guideline) -> None:
        self.regular = str(guideline.asset_path(guideline.fonts.files.regular))
        self.bold = str(guideline.asset_path(guideline.fonts.files.bold))
        self._em: dict[tuple[str, bool], float] = {}
        # (id(paragraph), width, wrap) -> (paragraph kept alive so its id stays unique, lines)
        self._wrapped: dict[tuple[int, float, bool], tuple[Paragraph, list[list[Glyph]]]] = {}

    def _glyph_em(self, glyph: Glyph) -> float:
        key = (glyph.char, glyph.bold)
        em = self._em.get(key)
        if em is None:
            em = self._em[key] = _advance(self.bold if glyph.bold else self.regular, glyph.char)
        return em

    def _add_width(self, used: float, glyphs: list[Glyph]) -> float:
        """used + the width of glyphs, summed glyph by glyph (exactly as width_pt sums)."""
        for glyph in glyphs:
            used += self._glyph_em(glyph) * glyph.size_pt
        return used

    def width_pt(self, glyphs: list[Glyph]) -> float:
        return self._add_width(0.0, glyphs)

    def glyphs(self, paragraph: Paragraph) -> list[Glyph]:
        return [Glyph(c, run.size_pt, run.bold) for run in paragraph.runs for c in run.text
                if c != "\r"]

    def wrap(self, paragraph: Paragraph, width_pt: float, wrap: bool = True) -> list[list[Glyph]]:
        """Lines of the paragraph at this width (a vertical tab or newline inside a paragraph is
        a line break, <a:br/>). The result is shared: do not modify it."""
        key = (id(paragraph), width_pt, wrap)
        cached = self._wrapped.get(key)
        if cached is not None and cached[0] is paragraph:
            return cached[1]
        lines: list[list[Glyph]] = []
        for piece in _split_breaks(self.glyphs(paragraph)):
            lines.extend(self._wrap_piece(piece, width_pt) if wrap else [piece])
        self._wrapped[key] = (paragraph, lines)
        return lines

    def _wrap_piece(self, glyphs: list[Glyph], width_pt: float) -> list[list[Glyph]]:
        if self._fits(glyphs, width_pt):
            return [list(glyphs)]
        lines: list[list[Glyph]] = [[]]
        used = 0.0  # width of lines[-1]
        for unit in _units(glyphs):
            # trailing spaces may hang past the edge; leading spaces vanish at a break
            if lines[-1] and self._add_width(used, _rstrip(unit)) > width_pt:
                unit = _lstrip(unit)
                if not unit:
                    continue
                lines.append([])
                used = 0.0
            while self.width_pt(unit) > width_pt and len(unit) > 1:
                # a word longer than the line breaks by character
                cut = self._fit_count(unit, width_pt)
                lines[-1].extend(unit[:cut])
                lines.append([])
                used = 0.0
                unit = unit[cut:]
            lines[-1].extend(unit)
            used = self._add_width(used, unit)
        return lines

    def _fits(self, glyphs: list[Glyph], width_pt: float) -> bool:
        """The whole piece fits on one line. With no negative advance, every width the wrap
        below would test (a prefix of the piece, or a unit of it) is at most this total, even
        in floating point, so it would break nowhere."""
        used = 0.0
        for glyph in glyphs:
            advance = self._glyph_em(glyph) * glyph.size_pt
            if advance < 0:
                return False
            used += advance
        return used <= width_pt

    def _fit_count(self, unit: list[Glyph], width_pt: float) -> int:
        count, used = 0, 0.0
        for glyph in unit:
            used += self.width_pt([glyph])
            if used > width_pt:
                break
            count += 1
        return max(1, count)

    def line_height_pt(self, paragraph: Paragraph, line: list[Glyph],
                       line_space_reduction: float = 0.0) -> float:
        size = max((g.size_pt for g in line), default=_paragraph_size(paragraph))
        if paragraph.line_spacing_pt is not None:
            return paragraph.line_spacing_pt
        # the reader has already taken lnSpcReduction off an explicit spcPct
        factor = paragraph.line_spacing if paragraph.line_spacing is not None \
            else 1.0 - line_space_reduction
        return size * SINGLE_LINE * max(factor, 0.0)

    def paragraph_height_pt(self, paragraph: Paragraph, width_pt: float, wrap: bool = True,
                            line_space_reduction: float = 0.0) -> float:
        lines = self.wrap(paragraph, width_pt, wrap) or [[]]
        body = sum(self.line_height_pt(paragraph, line, line_space_reduction) for line in lines)
        return paragraph.space_before_pt + body + paragraph.space_after_pt

    def frame_height_pt(self, frame: TextFrame, width_pt: float) -> float:
        paragraphs = frame.paragraphs
        total = sum(self.paragraph_height_pt(p, width_pt, frame.wrap, frame.line_space_reduction)
                    for p in paragraphs)
        if paragraphs:  # PowerPoint drops the first space-before and the last space-after
            total -= paragraphs[0].space_before_pt + paragraphs[-1].space_after_pt
        return total

    def widest_line_pt(self, frame: TextFrame, width_pt: float) -> float:
        return max((self.width_pt(_rstrip(line)) for p in frame.paragraphs
                    for line in self.wrap(p, width_pt, frame.wrap)), default=0.0)


def _paragraph_size(paragraph: Paragraph) -> float:
    return max((r.size_pt for r in paragraph.runs), default=0.0)


def _split_breaks(glyphs: list[Glyph]) -> list[list[Glyph]]:
    pieces: list[list[Glyph]] = [[]]
    for glyph in glyphs:
        if glyph.char in "\v\n":
            pieces.append([])
        else:
            pieces[-1].append(glyph)
    return pieces


def _lstrip(line: list[Glyph]) -> list[Glyph]:
    while line and not line[0].char.strip():
        line = line[1:]
    return line


def _rstrip(line: list[Glyph]) -> list[Glyph]:
    while line and not line[-1].char.strip():
        line = line[:-1]
    return line


def emu_to_pt(emu: int | float) -> float:
    return emu / EMU_PER_PT


def pt_to_emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)
