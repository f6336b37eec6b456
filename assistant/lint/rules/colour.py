"""C: colour (palette, contrast against the real background, colour vision, number of colours)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.colour import blend, contrast_ratio, delta_e, simulate_cvd
from assistant.guideline.model import Guideline, PaletteColour
from assistant.lint.context import LintContext
from assistant.lint.model import Deck, Run, Shape, Slide
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import backdrop_colours, has_text, text_block, visible_shapes

DEFAULT_TEXT = "#000000"  # PowerPoint's text colour when nothing sets one (tx1)
CVD_JA = {"protan": "P型（赤が見えにくい）", "deutan": "D型（緑が見えにくい）",
          "tritan": "T型（青が見えにくい）"}


def nearest_palette(colour: str, guideline: Guideline) -> tuple[PaletteColour, float]:
    return min(((p, delta_e(colour, p.hex)) for p in guideline.palette), key=lambda t: t[1])


def shape_colours(shape: Shape) -> Iterator[tuple[str, str]]:
    """(what, #RRGGBB) for every colour a shape paints: fill, line and text."""
    if shape.fill.kind in ("solid", "gradient", "pattern") and shape.fill.colour:
        yield ("塗り" if shape.fill.kind == "solid" else "グラデーション・模様の平均"), \
            shape.fill.colour
    if shape.line.width_emu > 0 and shape.line.colour:
        yield "線", shape.line.colour
    if shape.text is not None:
        for paragraph in shape.text.paragraphs:
            for run in paragraph.runs:
                if run.text.strip():
                    yield "文字", run.colour or DEFAULT_TEXT


def slide_colours(slide: Slide) -> Iterator[tuple[Shape | None, str, str]]:
    bg = slide.background
    if bg.kind in ("solid", "gradient", "pattern") and bg.colour:
        yield None, "背景", bg.colour
    for shape in visible_shapes(slide):
        for what, colour in shape_colours(shape):
            yield shape, what, colour


class OffPalette(Rule):
    code = "C001"
    name = "colour-off-palette"
    summary = "ブランドカラー以外の色を使っています"
    clause = "colour.palette_match"
    what = ("文字・塗り・線・背景の色が、ガイドラインのカラーパレットのどれかに近いか"
            "（CIEDE2000 の色差で）を調べます。写真の中の色は対象外です。")
    why = "決められた色を使うことで、市のチラシとしての統一感が生まれます。"
    how_to_fix = "いちばん近いパレットの色に変えてください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.colour.palette_match.delta_e_max
        for slide in deck.slides:
            seen: set[tuple[str | None, str]] = set()
            for shape, what, colour in slide_colours(slide):
                key = (shape.name if shape else None, colour)
                nearest, distance = nearest_palette(colour, ctx.guideline)
                if distance > limit and key not in seen:
                    seen.add(key)
                    where = f"「{shape.name}」の{what}" if shape else "スライドの背景"
                    yield self.finding(
                        ctx, f"{where}の色 {colour} はパレットにありません"
                        f"（いちばん近いのは {nearest.name_ja} {nearest.hex}）。", slide, shape)


@dataclass(frozen=True)
class TextPair:
    shape: Shape
    run: Run
    foreground: str
    background: str


def text_pairs(deck: Deck, slide: Slide, ctx: LintContext) -> Iterator[TextPair]:
    """Every (text colour, colour behind it) pair, the background taken from the shape's own
    fill, else from what is painted beneath the text."""
    for shape in visible_shapes(slide):
        if not has_text(shape) or shape.text is None:
            continue
        backgrounds = _backgrounds(deck, slide, shape, ctx)
        for paragraph in shape.text.paragraphs:
            for run in paragraph.runs:
                if not run.text.strip():
                    continue
                for background in backgrounds:
                    colour = run.colour or DEFAULT_TEXT
                    if run.alpha < 1:
                        colour = blend(colour, background, run.alpha)
                    yield TextPair(shape, run, colour, background)


def _backgrounds(deck: Deck, slide: Slide, shape: Shape, ctx: LintContext) -> list[str]:
    fill = shape.fill
    if fill.kind in ("solid", "pattern") and fill.colour and fill.alpha >= 1:
        return [fill.colour]
    below = backdrop_colours(ctx, deck, slide, text_block(shape, ctx), shape.z, skip=shape)
    if fill.kind in ("solid", "gradient", "pattern") and fill.colour:
        return [blend(fill.colour, b, fill.alpha) for b in below]
    return below


def is_large(run: Run, guideline: Guideline) -> bool:
    contrast = guideline.colour.contrast
    return run.size_pt >= contrast.large_text_pt or (run.bold and run.size_pt >= contrast.large_bold_pt)


class LowContrast(Rule):
    code = "C002"
    name = "text-contrast"
    summary = "文字と背景のコントラストが足りません"
    clause = "colour.contrast"
    what = ("文字の色と、その後ろにある実際の色（図形の塗り、下の図形、写真、スライドの背景）の"
            "コントラスト比を調べます。写真の上では、いちばん見えにくい部分で調べます。")
    why = "コントラストが低い文字は、高齢の方や弱視の方、離れた所からは読めません。"
    how_to_fix = "文字を濃く（または白く）するか、文字の後ろに色の帯を敷いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        contrast = ctx.guideline.colour.contrast
        for slide in deck.slides:
            worst: dict[int, tuple[float, float, TextPair]] = {}
            for pair in text_pairs(deck, slide, ctx):
                ratio = contrast_ratio(pair.foreground, pair.background)
                needed = contrast.large_text_min if is_large(pair.run, ctx.guideline) \
                    else contrast.text_min
                best = worst.get(id(pair.shape))
                if ratio < needed and (best is None or ratio / needed < best[0] / best[1]):
                    worst[id(pair.shape)] = (ratio, needed, pair)
            for ratio, needed, pair in worst.values():
                yield self.finding(
                    ctx, f"「{pair.shape.name}」の文字 {pair.foreground} と背景 {pair.background}"
                    f" のコントラスト比は {_floor2(ratio)} です（{needed:g} 以上）。", slide, pair.shape)


def _floor2(ratio: float) -> str:
    """Rounded down, so that 4.49 never reads as the 4.5 it fails to reach."""
    return f"{int(ratio * 100) / 100:.2f}"


class ColourVisionClash(Rule):
    code = "C003"
    name = "colour-vision-clash"
    summary = "色覚によっては文字と背景の区別がつきにくい色の組み合わせです"
    clause = "colour.colour_vision"
    what = ("文字の色と背景の色を、P型・D型などの色覚のシミュレーションで変換し、"
            "色差（CIEDE2000）が十分あるかを調べます。")
    why = "男性の約20人に1人は赤と緑などの区別がつきにくい色覚です（カラーユニバーサルデザイン）。"
    how_to_fix = "明るさの差が大きい色の組み合わせにしてください（例：濃い色の文字に白い背景）。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        vision = ctx.guideline.colour.colour_vision
        for slide in deck.slides:
            reported: set[int] = set()
            for pair in text_pairs(deck, slide, ctx):
                if id(pair.shape) in reported:
                    continue
                for kind in vision.simulate:
                    seen = delta_e(simulate_cvd(pair.foreground, kind),
                                   simulate_cvd(pair.background, kind))
                    if seen < vision.min_delta_e:
                        reported.add(id(pair.shape))
                        yield self.finding(
                            ctx, f"「{pair.shape.name}」の文字 {pair.foreground} と背景 "
                            f"{pair.background} は、{CVD_JA[kind]}の見え方で区別しにくい"
                            f"色です（色差 {seen:.1f}）。", slide, pair.shape)
                        break


class TooManyColours(Rule):
    code = "C004"
    name = "too-many-colours"
    summary = "使っている色の数が多すぎます"
    clause = "colour.max_colours"
    what = "文字・塗り・線・背景に使っている色の種類を数えます（写真の中の色は数えません）。"
    why = "色が多いと、どこが大事かわかりにくく、まとまりのないチラシになります。"
    how_to_fix = "配色パターン（あじさい・北上川など）の色だけを使ってください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.colour.max_colours.limit
        for slide in deck.slides:
            colours = {colour for _shape, _what, colour in slide_colours(slide)}
            if len(colours) > limit:
                yield self.finding(
                    ctx, f"色を {len(colours)} 種類使っています（{limit} 種類まで）。", slide)
