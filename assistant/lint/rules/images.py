"""A: pictures and accessibility (alternative text, print resolution)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.guideline.model import EMU_PER_MM
from assistant.lint.context import LintContext
from assistant.lint.model import Deck, Shape
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import visible_shapes

MM_PER_INCH = 25.4


class AltTextMissing(Rule):
    code = "A001"
    name = "alt-text-missing"
    summary = "画像に代替テキストがありません"
    clause = "images.alt_text"
    what = ("写真・ロゴ・QRコードなどの画像に、代替テキスト（画像の説明）があるかを調べます。"
            "「装飾用」にした画像は除きます。")
    why = "読み上げソフトを使う人や、PDF・ウェブで見る人に、画像の内容を伝えるためです。"
    how_to_fix = "画像を右クリック →「代替テキストを表示」で、画像の説明を書いてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                pic = shape.picture
                if shape.kind != "picture" or pic is None or pic.decorative:
                    continue
                if not (pic.alt_text.strip() or pic.title.strip()):
                    yield self.finding(ctx, f"画像「{shape.name}」に代替テキストがありません。",
                                       slide, shape)


def printed_dpi(shape: Shape) -> float | None:
    """Pixels shown (after the crop) per inch of the displayed box, the lower of both axes."""
    pic = shape.picture
    if pic is None or not pic.width_px or not pic.height_px or shape.box.w <= 0:
        return None
    left, top, right, bottom = pic.crop
    shown_w = pic.width_px * max(0.0, 1 - left - right)
    shown_h = pic.height_px * max(0.0, 1 - top - bottom)
    inches_w = shape.box.w / EMU_PER_MM / MM_PER_INCH
    inches_h = shape.box.h / EMU_PER_MM / MM_PER_INCH
    if inches_w <= 0 or inches_h <= 0:
        return None
    return min(shown_w / inches_w, shown_h / inches_h)


class LowResolution(Rule):
    code = "A002"
    name = "low-resolution"
    summary = "画像の解像度が低く、印刷でぼやけます"
    clause = "images.resolution"
    what = ("画像の画素数（トリミング後）を、チラシ上の大きさ（インチ）で割って、"
            "印刷したときの解像度（dpi）を調べます。")
    why = "解像度が低い画像は、印刷するとぼやけたり、ギザギザになったりします。"
    how_to_fix = "もっと画素数の多い画像に差し替えるか、画像を小さく配置してください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        minimum = ctx.guideline.images.resolution.min_dpi
        for slide in deck.slides:
            for shape in visible_shapes(slide):
                if shape.kind != "picture":
                    continue
                dpi = printed_dpi(shape)
                if dpi is not None and dpi < minimum:
                    yield self.finding(
                        ctx, f"画像「{shape.name}」の解像度は約 {dpi:.0f} dpi です"
                        f"（{minimum:g} dpi 以上）。", slide, shape)
