"""Fitting text into boxes with the real metrics of the guideline's font files.

Widths come from the TTF's advance widths (Pillow); a box's text is wrapped with the
conservative Japanese line breaker, at a width a little narrower than the box so that small
rounding differences in PowerPoint or LibreOffice can only ever make fewer lines, never more.
Sizes shrink from a role's max_pt to its min_pt and never below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, combinations
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

from assistant.guideline.model import EMU_PER_PT, Guideline, TextRole
from assistant.layout.linebreak import line_end_offsets, phrases, wrap

MEASURE_UNITS = 1000  # the font is measured once at this pixel size; widths scale linearly
WRAP_SAFETY = 0.03    # predicted lines use a box this much narrower than the real one
SIZE_STEP_PT = 0.5
WIDTH_CACHE_MAX = 200_000
MAX_PHRASES = 24
PHRASE_BOX_MARGIN = 0.01
NARROWING_STEPS = 25       # display text that cannot break only between phrases: try box
NARROWING_STEP = 0.01      # widths down to 76 % of the space for the most phrase breaks  # display text: box this much wider than its widest line   # more phrases than this: wrap without phrase control (time bound)
# Measured with LibreOffice 7 (pdftotext -bbox of rendered flyers): one line at 100 % line
# spacing is 1.2 x the font size for BIZ UDPゴシック, although ascent + descent is 1.0 em.
# PowerPoint's "single" spacing is also about 1.2 em.
SINGLE_LINE_EM = 1.2
# LibreOffice adds about 1/4 em between Japanese and Latin/digit characters ("2026 年");
# PowerPoint does not. Widths include it, so wrapping is predicted for the wider renderer.
AUTOSPACE_EM = 0.25
# Characters the font has no glyph for (emoji) are drawn by a fallback font; counted this wide.
MISSING_GLYPH_EM = 1.3


class FontMetrics:
    """Advance widths and line height of one font file, cached per character."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._font = ImageFont.truetype(str(path), MEASURE_UNITS)
        ascent, descent = self._font.getmetrics()
        self.line_height_em = max((ascent + descent) / MEASURE_UNITS, SINGLE_LINE_EM)
        self._advances: dict[str, float] = {}
        self._codepoints = set(TTFont(str(path), lazy=True).getBestCmap())
        self._widths: dict[str, float] = {}

    def advance_em(self, ch: str) -> float:
        cached = self._advances.get(ch)
        if cached is None:
            if ord(ch) in self._codepoints or ch.isspace():
                cached = self._font.getlength(ch) / MEASURE_UNITS
            else:
                cached = MISSING_GLYPH_EM
            self._advances[ch] = cached
        return cached

    def width_em(self, text: str, autospace: bool = True) -> float:
        if not autospace:
            return sum(self.advance_em(ch) for ch in text)
        cached = self._widths.get(text)
        if cached is None:
            cached = sum(self.advance_em(ch) for ch in text)
            cached += AUTOSPACE_EM * _script_changes(text)
            if len(self._widths) < WIDTH_CACHE_MAX:
                self._widths[text] = cached
        return cached

    def width_emu(self, text: str, size_pt: float) -> float:
        return self.width_em(text) * size_pt * EMU_PER_PT

    def missing_glyphs(self, text: str) -> set[str]:
        """Characters the font cannot draw (a fallback font will)."""
        return {ch for ch in text if not ch.isspace() and ord(ch) not in self._codepoints}


def _is_ascii_visible(ch: str) -> bool:
    return "!" <= ch <= "~"


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _script_changes(text: str) -> int:
    """Boundaries between Japanese and ASCII characters (where autospace applies). Spaces
    take the script of the character before them, as LibreOffice does ("マルシェ 2026")."""
    changes, previous = 0, None
    for ch in text:
        script = "ja" if _is_cjk(ch) else "latin" if _is_ascii_visible(ch) else previous
        if previous and script and script != previous:
            changes += 1
        previous = script
    return changes


@lru_cache(maxsize=8)
def _metrics(path: str) -> FontMetrics:
    return FontMetrics(Path(path))


def font_metrics(guideline: Guideline, bold: bool = False) -> FontMetrics:
    files = guideline.fonts.files
    return _metrics(str(guideline.asset_path(files.bold if bold else files.regular)))


@dataclass(frozen=True)
class Fit:
    """Text wrapped at a size: lines as the renderers will show them."""

    size_pt: float
    line_spacing: float
    lines: list[str]
    width_emu: int        # the box width to write (text area, no insets)
    line_pitch_emu: int

    @property
    def height_emu(self) -> int:
        return self.line_pitch_emu * max(1, len(self.lines))


def line_pitch_emu(metrics: FontMetrics, size_pt: float, spacing: float) -> int:
    return round(metrics.line_height_em * size_pt * spacing * EMU_PER_PT)


def sizes(role: TextRole, start_pt: float | None = None) -> list[float]:
    """Sizes to try, largest first, from start_pt (default max_pt) down to min_pt."""
    top = min(role.max_pt, start_pt) if start_pt else role.max_pt
    steps = int((top - role.min_pt) / SIZE_STEP_PT + 1e-9)
    found = [round(top - i * SIZE_STEP_PT, 2) for i in range(steps + 1)]
    if found[-1] > role.min_pt:
        found.append(role.min_pt)
    return found


def wrap_lines(text: str, metrics: FontMetrics, size_pt: float, width_emu: float) -> list[str]:
    def measure(s: str) -> float:
        return metrics.width_emu(s, size_pt)

    return wrap(text, width_emu * (1 - WRAP_SAFETY), measure)


def fit_flow(text: str, metrics: FontMetrics, size_pt: float, spacing: float,
             width_emu: int) -> Fit:
    """Running text (body, details values): wrap at width, box keeps the full width."""
    lines = wrap_lines(text, metrics, size_pt, width_emu)
    return Fit(size_pt, spacing, lines, width_emu, line_pitch_emu(metrics, size_pt, spacing))


def fit_phrased(text: str, metrics: FontMetrics, size_pt: float, spacing: float,
                max_width_emu: int, max_lines: int, phrase_only: bool = False) -> Fit | None:
    """Short display text (title, headline, catch) broken only between budoux phrases.

    The box is made just wide enough that the renderers break exactly where we chose: every
    line fits, and no line could take the first character of the next one. Returns None when
    the text needs more than max_lines lines at this size, or when phrase_only and no
    phrase-aligned breaking fits.
    """
    pitch = line_pitch_emu(metrics, size_pt, spacing)
    if "\n" not in text:
        scale = size_pt * EMU_PER_PT
        for count in range(1, max_lines + 1):
            for lines, widest_em, _ragged in _phrase_partitions(metrics, text, count):
                width = int(widest_em * scale * (1 + PHRASE_BOX_MARGIN)) + 1
                if width <= max_width_emu:
                    return Fit(size_pt, spacing, list(lines), width, pitch)
    if phrase_only:
        return None
    lines = wrap_lines(text, metrics, size_pt, max_width_emu)
    if len(lines) > max_lines:
        return None
    width = _most_phrase_breaks_width(text, metrics, size_pt, max_width_emu, len(lines))
    return Fit(size_pt, spacing, wrap_lines(text, metrics, size_pt, width), width, pitch)


def _most_phrase_breaks_width(text: str, metrics: FontMetrics, size_pt: float,
                              max_width_emu: int, count: int) -> int:
    """A box width (max_width_emu or a little narrower) with the same number of lines whose
    breaks fall on budoux phrase boundaries most often. Only widths where the wrapping does not
    change within the measuring margin are used, so the renderers break where we counted."""
    boundaries = set(accumulate(len(p) for p in phrases(text)))

    def measure(s: str) -> float:
        return metrics.width_emu(s, size_pt)

    best, best_score = max_width_emu, -1
    for step in range(NARROWING_STEPS):
        width = int(max_width_emu * (1 - NARROWING_STEP * step))
        exact = wrap(text, width * (1 - PHRASE_BOX_MARGIN), measure)
        if (len(exact) != count or exact != wrap(text, width, measure)
                or len(wrap_lines(text, metrics, size_pt, width)) != count):
            continue
        score = sum(end in boundaries for end in line_end_offsets(text, exact))
        if score > best_score:
            best, best_score = width, score
    return best


@lru_cache(maxsize=512)
def _phrase_partitions(metrics: FontMetrics, text: str, count: int
                       ) -> list[tuple[tuple[str, ...], float, float]]:
    """Partitions of text's phrases into `count` lines that renderers will break exactly
    there, as (lines, widest line, raggedness) in em, most even first. Widths in em do not
    depend on the size, so this is computed once per text.

    The box is PHRASE_BOX_MARGIN wider than the widest line; each line plus the next line's
    first character must be wider than the box by that margin again, measured without
    autospace (PowerPoint adds none), so neither renderer pulls that character up."""
    parts = phrases(text)
    if count > len(parts) or len(parts) > MAX_PHRASES:
        return []
    found = []
    for cuts in combinations(range(1, len(parts)), count - 1):
        bounds = (0, *cuts, len(parts))
        lines = tuple("".join(parts[a:b]).rstrip()
                      for a, b in zip(bounds, bounds[1:], strict=False))
        widths = [metrics.width_em(line) for line in lines]
        box = max(widths) * (1 + PHRASE_BOX_MARGIN)
        pulled = [metrics.width_em(line + nxt.lstrip()[:1], autospace=False)
                  for line, nxt in zip(lines, lines[1:], strict=False)]
        if pulled and min(pulled) <= box * (1 + PHRASE_BOX_MARGIN):
            continue
        found.append((lines, max(widths), max(widths) - min(widths)))
    return sorted(found, key=lambda item: (item[2], item[1]))
