"""M: margins and geometry (safe area, text near the trim, text overflow, overlapping text)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.guideline.model import EMU_PER_MM
from assistant.lint.context import LintContext
from assistant.lint.model import Deck, Shape
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import (
    has_text,
    inset,
    is_full_bleed,
    is_visible_content,
    measurer,
    mm,
    page_box,
    text_area,
    text_block,
    visible_shapes,
)
from assistant.lint.text_metrics import emu_to_pt, pt_to_emu


def _tolerance(ctx: LintContext) -> int:
    return round(ctx.guideline.page.tolerance_mm * EMU_PER_MM)


class OutsideSafeArea(Rule):
    code = "M001"
    name = "outside-safe-area"
    summary = "要素が安全マージンの外にはみ出しています"
    clause = "margins"
    what = ("文字・写真・図形が、紙の端から安全マージンの内側に入っているかを調べます。"
            "文字のない背景や、紙の端まで広げた（裁ち落としの）写真・図形は除きます。")
    why = "印刷や断裁のずれで、端に近い要素は切れたり、不ぞろいに見えたりします。"
    how_to_fix = "要素を内側に移すか小さくしてください（--fix で、場所があれば動かします）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        safe_mm = ctx.guideline.margins.safe_mm
        safe = inset(page_box(deck), round(safe_mm * EMU_PER_MM))
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                if not is_visible_content(shape) or is_full_bleed(shape, deck, ctx.guideline):
                    continue
                if near_trim(shape, deck, ctx):
                    continue  # M002 reports it, as the stronger problem
                if not safe.contains(shape.box, _tolerance(ctx)):
                    yield self.finding(
                        ctx, f"「{shape.name}」が紙の端から {safe_mm:g} mm の安全マージンに"
                        "入っています。", slide, shape)


def near_trim(shape: Shape, deck: Deck, ctx: LintContext) -> bool:
    if not has_text(shape):
        return False
    limit = round(ctx.guideline.margins.trim_text_min_mm * EMU_PER_MM)
    return not inset(page_box(deck), limit).contains(text_area(shape), _tolerance(ctx))


class TextNearTrim(Rule):
    code = "M002"
    name = "text-near-trim"
    summary = "文字が紙の端に近すぎます"
    clause = "margins"
    what = "文字の入る範囲が、紙の端（仕上がり線）から決められた距離より内側にあるかを調べます。"
    why = "端に近い文字は、断裁のずれで切れてしまうことがあります。"
    how_to_fix = "文字の枠を内側に移してください（--fix で、場所があれば動かします）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.margins.trim_text_min_mm
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                if near_trim(shape, deck, ctx):
                    yield self.finding(
                        ctx, f"「{shape.name}」の文字が紙の端から {limit:g} mm 以内にあります。",
                        slide, shape)


class TextOverflow(Rule):
    code = "M003"
    name = "text-overflow"
    summary = "文字が枠からあふれています"
    clause = "margins"
    what = ("ガイドラインのフォントの実際の文字幅で、PowerPoint と同じように改行（禁則処理つき）"
            "して、文字が枠の中に収まるかを調べます。自動調整で枠が広がる場合は除きます。")
    why = "あふれた文字は、ほかの要素に重なったり、印刷で切れたりします。"
    how_to_fix = "文を短くするか、枠を大きくしてください。文字を最小サイズより小さくはしないでください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                message = self.overflow(shape, ctx)
                if message:
                    yield self.finding(ctx, message, slide, shape)

    def overflow(self, shape: Shape, ctx: LintContext) -> str | None:
        frame = shape.text
        if frame is None or not has_text(shape) or frame.vertical or frame.autofit == "shape" \
                or shape.kind != "shape":
            return None  # tables and charts lay out their own text in cells
        area = text_area(shape)
        width_pt = emu_to_pt(area.w)
        tolerance_pt = emu_to_pt(_tolerance(ctx))
        needed = measurer(ctx).frame_height_pt(frame, width_pt)
        if needed > emu_to_pt(area.h) + tolerance_pt:
            return (f"「{shape.name}」の文字が枠からあふれています（高さ {mm(pt_to_emu(needed)):g} mm"
                    f" 必要、枠は {mm(area.h):g} mm）。")
        widest = measurer(ctx).widest_line_pt(frame, width_pt)
        if not frame.wrap and widest > width_pt + tolerance_pt:
            return f"「{shape.name}」の文字が枠の横にあふれています（折り返しなし）。"
        return None


class TextOverlap(Rule):
    code = "M004"
    name = "text-overlap"
    summary = "文字どうしが重なっています"
    clause = "margins"
    what = "文字の入っている範囲（実際の行の高さで測ります）どうしが重なっていないかを調べます。"
    why = "重なった文字は読めません。"
    how_to_fix = "文字の枠を離すか、文を短くしてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        tolerance = _tolerance(ctx)
        for slide in deck.slides:
            texts = [(s, text_block(s, ctx)) for s in visible_shapes(slide)
                     if has_text(s) and s.text is not None and not s.text.vertical
                     and s.kind == "shape"]
            for i, (first, first_box) in enumerate(texts):
                for second, second_box in texts[i + 1:]:
                    if inset(first_box, tolerance).intersects(inset(second_box, tolerance)):
                        yield self.finding(
                            ctx, f"「{first.name}」と「{second.name}」の文字が重なっています。",
                            slide, second)
