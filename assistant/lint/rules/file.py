"""F: the file itself (page size, number of slides, built on the official template)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.guideline.model import EMU_PER_MM
from assistant.lint.context import LintContext
from assistant.lint.model import Deck
from assistant.lint.rule import Finding, Rule


class PageSize(Rule):
    code = "F001"
    name = "page-size"
    summary = "スライドの大きさがチラシの用紙サイズと違います"
    clause = "page"
    what = "スライドの大きさが、ガイドラインの用紙サイズ（A4 縦など）と同じかを調べます。"
    why = "用紙サイズが違うと、印刷で拡大・縮小され、文字の大きさや余白がくずれます。"
    how_to_fix = "公式テンプレートから作り直すか、「スライドのサイズ」を用紙サイズに合わせてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        page = ctx.guideline.page
        width, height = deck.slide_width / EMU_PER_MM, deck.slide_height / EMU_PER_MM
        if abs(width - page.width_mm) > page.tolerance_mm or \
                abs(height - page.height_mm) > page.tolerance_mm:
            yield self.finding(
                ctx, f"スライドの大きさが {width:.1f} × {height:.1f} mm です"
                f"（{page.width_mm:g} × {page.height_mm:g} mm にしてください）。")


class TooManySlides(Rule):
    code = "F002"
    name = "too-many-slides"
    summary = "スライドの枚数が多すぎます"
    clause = "page"
    severity_field = "max_slides_severity"
    what = "ファイルのスライドの枚数が、ガイドラインの上限以下かを調べます。"
    why = "チラシは1枚に1つのお知らせです。ページが多いと印刷や配布でまちがいが起きます。"
    how_to_fix = "チラシごとに別のファイルにしてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.guideline.page.max_slides
        if len(deck.slides) > limit:
            yield self.finding(ctx, f"スライドが {len(deck.slides)} 枚あります（{limit} 枚まで）。")


class NotOfficialTemplate(Rule):
    code = "F003"
    name = "not-official-template"
    summary = "公式テンプレートから作られていません"
    clause = "template"
    what = ("スライドのレイアウトの名前が、公式テンプレートのレイアウト（「KC 標準」など）かを"
            "調べます。")
    why = "公式テンプレートを使うと、ロゴの位置・余白・フォントが最初から正しくなります。"
    how_to_fix = "公式テンプレート（templates/pptx/）の新しいスライドに、内容を移してください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        official = {layout.template_layout for layout in ctx.guideline.layouts}
        if not official & set(deck.layout_names):
            yield self.finding(ctx, "公式テンプレートのレイアウトが入っていません。")
            return
        for slide in deck.slides:
            if slide.layout_name not in official:
                yield self.finding(
                    ctx, f"スライドのレイアウト「{slide.layout_name or '不明'}」は公式テンプレートの"
                    "レイアウトではありません。", slide)
