"""T: typography (allowed fonts, minimum sizes by role, line spacing, number of sizes)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.lint.context import LintContext
from assistant.lint.model import Deck, Paragraph, Run, Shape
from assistant.lint.roles import role_of
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import has_text, measurer, text_area, visible_shapes
from assistant.lint.text_metrics import SINGLE_LINE, emu_to_pt


def text_runs(shape: Shape) -> Iterator[tuple[Paragraph, Run]]:
    """Runs that show something (runs of spaces only do not count)."""
    if shape.text is None:
        return
    for paragraph in shape.text.paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                yield paragraph, run


def needs_east_asian(text: str) -> bool:
    return any(ord(c) > 0x2E7F for c in text)


def needs_latin(text: str) -> bool:
    return any(c.isascii() and not c.isspace() for c in text)


def run_fonts(run: Run) -> list[str]:
    """The typefaces PowerPoint uses for the characters in the run."""
    fonts = []
    if needs_latin(run.text) and run.font_latin:
        fonts.append(run.font_latin)
    if needs_east_asian(run.text) and run.font_ea:
        fonts.append(run.font_ea)
    if run.font_cs and any(0x0590 <= ord(c) <= 0x08FF or 0x0E00 <= ord(c) <= 0x0E7F
                           for c in run.text):
        fonts.append(run.font_cs)
    return fonts


class FontNotAllowed(Rule):
    code = "T001"
    name = "font-not-allowed"
    summary = "決められたフォント以外を使っています"
    clause = "fonts"
    what = ("文字に使われるフォント（英数字用・日本語用・その他の文字用を、テーマの設定まで"
            "たどって）が、ガイドラインで決められたフォントかを調べます。")
    why = "UD（ユニバーサルデザイン）フォントは、誰にでも読みやすく、市のパソコンで同じに表示されます。"
    how_to_fix = "フォントを決められたもの（BIZ UDPゴシックなど）に変えてください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        allowed = set(ctx.guideline.fonts.allowed)
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                bad = {f for _p, run in text_runs(shape) for f in run_fonts(run)
                       if f not in allowed}
                if bad:
                    yield self.finding(
                        ctx, f"「{shape.name}」で使えないフォント（{'、'.join(sorted(bad))}）を"
                        "使っています。", slide, shape)


class TextTooSmall(Rule):
    code = "T002"
    name = "text-too-small"
    summary = "文字が小さすぎます"
    clause = "typography.min_size"
    what = ("文字の大きさが、その役割（タイトル・本文・問い合わせなど）の最小サイズ以上か、"
            "そしてどの文字もガイドラインの絶対最小サイズ以上かを調べます。役割は"
            "プレースホルダーの種類と図形の名前から決めます（わからなければ本文）。")
    why = "小さい文字は、高齢の方や弱視の方には読めません。"
    how_to_fix = "文字を最小サイズ以上にしてください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                smallest = min((run.size_pt for _p, run in text_runs(shape)), default=None)
                if smallest is None:
                    continue
                role_name, minimum = minimum_size(shape, ctx)
                if smallest < minimum:
                    yield self.finding(
                        ctx, f"「{shape.name}」（{role_name}）の文字が {smallest:g} pt です"
                        f"（{minimum:g} pt 以上）。", slide, shape)


def minimum_size(shape: Shape, ctx: LintContext) -> tuple[str, float]:
    """(role name in Japanese, smallest allowed size in pt) for the shape's text."""
    typography = ctx.guideline.typography
    role = typography.roles[role_of(shape, ctx.guideline)]  # type: ignore[index]
    return role.name_ja, max(role.min_pt, typography.min_size.absolute_min_pt)


class LineSpacingTight(Rule):
    code = "T003"
    name = "line-spacing-tight"
    summary = "行間がせますぎます"
    clause = "typography.line_spacing"
    what = ("2行以上になる段落の行間が、その役割の最小の行間（文字の大きさの何倍か）以上かを"
            "調べます。")
    why = "行間がせまいと、次の行を読みまちがえやすくなります。"
    how_to_fix = "「段落」→「行間」を倍数にして、決められた値以上にしてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                found = self.tightest(shape, ctx)
                if found is not None:
                    spacing, needed, role_name = found
                    yield self.finding(
                        ctx, f"「{shape.name}」（{role_name}）の行間が {spacing:.2f} 倍です"
                        f"（{needed:g} 倍以上）。", slide, shape)

    def tightest(self, shape: Shape, ctx: LintContext) -> tuple[float, float, str] | None:
        if not has_text(shape) or shape.text is None or shape.kind != "shape":
            return None  # table cells wrap in their own widths
        role = ctx.guideline.typography.roles[role_of(shape, ctx.guideline)]  # type: ignore[index]
        width = emu_to_pt(text_area(shape).w)
        frame = shape.text
        worst = None
        for paragraph in frame.paragraphs:
            size = max((r.size_pt for r in paragraph.runs if r.text.strip()), default=0)
            if not size or len(measurer(ctx).wrap(paragraph, width, frame.wrap)) < 2:
                continue
            spacing = effective_spacing(paragraph, size, frame.line_space_reduction)
            if spacing < role.line_spacing_min - 1e-6 and (worst is None or spacing < worst):
                worst = spacing
        return (worst, role.line_spacing_min, role.name_ja) if worst is not None else None


def effective_spacing(paragraph: Paragraph, size_pt: float, reduction: float = 0.0) -> float:
    """Line spacing as a multiple of the font size (a fixed spcPts is divided by the size,
    measured like PowerPoint's single spacing). An explicit spcPct already has the autofit
    reduction taken off by the reader; single spacing has not."""
    if paragraph.line_spacing_pt is not None:
        return paragraph.line_spacing_pt / (size_pt * SINGLE_LINE)
    if paragraph.line_spacing is not None:
        return paragraph.line_spacing
    return 1.0 - reduction


class TooManySizes(Rule):
    code = "T004"
    name = "too-many-sizes"
    summary = "文字の大きさの種類が多すぎます"
    clause = "typography.max_sizes"
    what = "チラシの中で使っている文字の大きさの種類を数えます。"
    why = "大きさの種類が多いと、情報の大事さの順番がわかりにくくなります。"
    how_to_fix = "役割（タイトル・見出し・本文など）ごとに大きさをそろえてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.typography.max_sizes.limit
        for slide in deck.slides:
            sizes = {round(run.size_pt * 2) / 2 for s in visible_shapes(slide)
                     for _p, run in text_runs(s)}
            if len(sizes) > limit:
                listed = "・".join(f"{v:g}" for v in sorted(sizes))
                yield self.finding(
                    ctx, f"文字の大きさを {len(sizes)} 種類使っています（{limit} 種類まで）: "
                    f"{listed} pt。", slide)
