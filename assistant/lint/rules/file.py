"""F: the file itself (page size, number of slides, built on the official template)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

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
    what = ("テーマとスライド マスターの名前が公式テンプレート（guideline の template.file）と"
            "同じか、スライドのレイアウトの名前が公式テンプレートのレイアウト（「KC 標準」など）かを"
            "調べます。")
    why = "公式テンプレートを使うと、ロゴの位置・余白・フォントが最初から正しくなります。"
    how_to_fix = "公式テンプレート（templates/pptx/）の新しいスライドに、内容を移してください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        template = template_names(ctx.guideline.asset_path(ctx.guideline.template.file))
        if template is not None:
            theme, masters = template
            if theme and deck.theme_name != theme:
                yield self.finding(ctx, f"テーマ「{deck.theme_name or '不明'}」は公式テンプレートの"
                                   f"テーマ「{theme}」ではありません。")
            elif masters and not set(masters) & set(deck.master_names):
                yield self.finding(ctx, "スライド マスターが公式テンプレートのものではありません。")
        official = {layout.template_layout for layout in ctx.guideline.layouts}
        if not official & set(deck.layout_names):
            yield self.finding(ctx, "公式テンプレートのレイアウトが入っていません。")
            return
        for slide in deck.slides:
            if slide.layout_name not in official:
                yield self.finding(
                    ctx, f"スライドのレイアウト「{slide.layout_name or '不明'}」は公式テンプレートの"
                    "レイアウトではありません。", slide)


def template_names(path: Path) -> tuple[str | None, tuple[str, ...]] | None:
    """(theme name, master names) of the shipped template; None when it cannot be read."""
    try:
        return _template_names(str(path), path.stat().st_mtime)
    except OSError:
        return None


@lru_cache(maxsize=4)
def _template_names(path: str, mtime: float) -> tuple[str | None, tuple[str, ...]] | None:
    from assistant.lint.reader import read_deck  # the reader is only needed for this rule

    try:
        deck = read_deck(path)
    except Exception:  # noqa: BLE001 - a broken template is reported by `flyer template check`
        return None
    return deck.theme_name, tuple(n for n in deck.master_names if n)
