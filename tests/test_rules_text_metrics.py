"""Properties of the PowerPoint-like line breaking used for overflow checks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.guideline import load_guideline
from assistant.lint.model import Paragraph, Run
from assistant.lint.text_metrics import NO_LINE_END, NO_LINE_START, Measurer

MEASURER = Measurer(load_guideline())
ALPHABET = "あいうえおかきくけこ北上市花火、。「」（）！？ー・ KitaComing123"


def _paragraph(text: str, size: float = 12) -> Paragraph:
    return Paragraph(runs=[Run(text=text, size_pt=size)])


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=80),
       width=st.floats(min_value=30, max_value=400))
def test_wrapping_keeps_every_character_and_fits(text, width):
    lines = MEASURER.wrap(_paragraph(text), width)
    joined = "".join(g.char for line in lines for g in line)
    assert joined.replace(" ", "") == text.replace(" ", "")  # only spaces at breaks vanish
    for line in lines:
        glyphs = list(line)
        while glyphs and glyphs[-1].char == " ":
            glyphs.pop()
        # every glyph is narrower than the frame, so every line fits (long words break)
        assert MEASURER.width_pt(glyphs) <= width + 1e-6


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=80),
       width=st.floats(min_value=60, max_value=400))
def test_kinsoku(text, width):
    lines = MEASURER.wrap(_paragraph(text), width)
    for previous, line in zip(lines, lines[1:], strict=False):
        if previous and line:
            assert line[0].char not in NO_LINE_START or _forced(previous, width)
            assert previous[-1].char not in NO_LINE_END or _forced(previous, width)


def _forced(line, width) -> bool:
    """A break PowerPoint must make anyway: the kinsoku group itself is wider than the line."""
    return MEASURER.width_pt(line) > width * 0.5


def test_more_width_never_needs_more_lines():
    text = "北上川の近くで花火を見ましょう。家族みんなで楽しめます。KitaComing!"
    counts = [len(MEASURER.wrap(_paragraph(text, 14), w)) for w in range(60, 600, 20)]
    assert counts == sorted(counts, reverse=True)


def _line_texts(text: str, width: float, size: float = 20) -> list[str]:
    return ["".join(g.char for g in line) for line in MEASURER.wrap(_paragraph(text, size), width)]


def _width(text: str, size: float = 20) -> float:
    return MEASURER.width_pt(MEASURER.glyphs(_paragraph(text, size)))


def test_latin_word_stays_with_closing_punctuation_before_it():
    # LibreOffice keeps 「。）38188Kitakami…」 together, so the run after 「北上の」 no longer fits
    # on the first line: three lines, where breaking after 「）」 would have given two
    glued = "❤️HEzDkJCv。）38188KitakamiCity"
    lines = _line_texts("北上の" + glued + "…2026", _width(glued) + 5)
    assert len(lines) == 3
    assert not any(line.startswith("38188") for line in lines)


def test_latin_word_after_a_space_still_breaks_at_the_space():
    sentence = "花火を見ましょう。"
    lines = _line_texts(sentence + " KitaComing", _width(sentence) + 1)
    assert [line.rstrip() for line in lines] == [sentence, "KitaComing"]
