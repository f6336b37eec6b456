"""L: the KitaComing! logo (official files only, unchanged, big enough, free space, position)."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.colour import relative_luminance
from assistant.guideline.model import LogoVariant
from assistant.lint.context import LintContext
from assistant.lint.model import Box, Deck, Effect, Shape, Slide
from assistant.lint.rule import Finding, Rule
from assistant.lint.rules._common import (
    LogoPicture,
    dominant_backdrop,
    is_visible_content,
    logo_pictures,
    logo_zone_boxes,
    mm,
    official_logos_on,
)

# effects and recolour operations by the `logo.forbid` word that forbids them; bevel, 3-D and
# blur redraw the logo's colours, so they count as recolouring
EFFECT_FORBID: dict[Effect, str] = {
    "shadow": "shadow", "inner_shadow": "shadow", "preset_shadow": "shadow", "glow": "glow",
    "soft_edge": "soft_edge", "reflection": "reflection", "outline": "outline",
    "bevel": "recolour", "3d": "recolour", "blur": "recolour",
}
EFFECT_JA: dict[str, str] = {
    "shadow": "影", "inner_shadow": "内側の影", "preset_shadow": "影", "glow": "光彩",
    "soft_edge": "ぼかし（ソフトエッジ）", "reflection": "反射", "outline": "枠線",
    "bevel": "面取り", "3d": "3-D効果", "blur": "ぼかし",
}


class LogoRule(Rule):
    clause = "logo"

    def logos(self, deck: Deck, ctx: LintContext) -> Iterator[tuple[Slide, LogoPicture]]:
        for slide in deck.slides:
            for logo in logo_pictures(ctx, slide):
                yield slide, logo

    def official(self, deck: Deck, ctx: LintContext) -> Iterator[tuple[Slide, LogoPicture]]:
        for slide in deck.slides:
            for logo in official_logos_on(ctx, slide):
                yield slide, logo


class LogoMissing(LogoRule):
    code = "L001"
    name = "logo-missing"
    summary = "公式ロゴが入っていません"
    what = ("各スライドに、公式のロゴファイル（カラー・単色・白抜きのどれか）があるかを調べます。"
            "ロゴに似た画像（背景つきのコピーなど）しかないときも、公式ファイルがないと"
            "みなします。")
    why = "チラシにシティブランドのロゴを入れることで、北上市の発信だとひと目でわかります。"
    how_to_fix = ("assets/logos/ の公式ロゴファイル（PNG）を、そのまま挿入してください。"
                  "テンプレートのロゴの場所を使うと、位置と大きさもそろいます。")

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide in deck.slides:
            if official_logos_on(ctx, slide):
                continue
            lookalikes = [logo.shape.name for logo in logo_pictures(ctx, slide)]
            if lookalikes:
                names = "・".join(f"「{name}」" for name in lookalikes)
                yield self.finding(
                    ctx, f"公式のロゴファイルが入っていません。{names}はロゴに似ていますが"
                    "公式ファイルではありません（L002 の指摘を見て、差し替えてください）。",
                    slide)
            else:
                yield self.finding(ctx, "公式ロゴがありません。", slide)


class LogoUnofficial(LogoRule):
    code = "L002"
    name = "logo-unofficial"
    summary = "公式ファイルではないロゴ（背景つきのコピー・色変え・切り抜き・描き直し）があります"
    what = ("名前や代替テキスト、形がロゴに見える画像を、公式ロゴファイルと画素単位で比べます。"
            "色を変えたもの、切り抜いたもの、描き直したものは公式ではありません。"
            "背景まで一枚の画像になったもの（JPEG で保存した、ウェブページからコピーした、"
            "画面を切り取ったものなど）は、ふちの色を背景とみなし、その色の上に置いた公式ロゴと"
            "小さな画像で比べます。")
    why = ("ロゴは公式ファイルだけを使うきまりです。似せたロゴはブランドの信頼を下げます。"
           "背景つきのコピーは、ふちの色が見えたり、印刷でにじんだりします。")
    how_to_fix = ("その画像を消して、assets/logos/ の公式ロゴファイル（透明な背景の PNG）を"
                  "挿入するか、テンプレートのロゴの場所を使ってください。")

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide, logo in self.logos(deck, ctx):
            if logo.copy_of is not None:
                yield self.finding(ctx, copy_message(logo.shape.name, logo.copy_of),
                                   slide, logo.shape)
            elif logo.variant is None:
                yield self.finding(
                    ctx, f"「{logo.shape.name}」はロゴに見えますが、公式のロゴファイルと"
                    "一致しません（色・形・切り抜きが違います）。", slide, logo.shape)


def copy_message(name: str, variant: LogoVariant) -> str:
    return (f"「{name}」は「{variant.name_ja}」のロゴに見えますが、公式のロゴファイルでは"
            "ありません（背景ごと一枚の画像になったコピーです。JPEG で保存したものや、ウェブページ"
            "から貼り付けたものなど）。この画像を消して、"
            f"公式ファイル {variant.file} を挿入するか、テンプレートのロゴの場所を使って"
            "ください。")


def image_aspect(shape: Shape) -> float | None:
    pic = shape.picture
    if pic is None or not pic.width_px or not pic.height_px:
        return None
    left, top, right, bottom = pic.crop
    width = pic.width_px * (1 - left - right)
    height = pic.height_px * (1 - top - bottom)
    return width / height if width > 0 and height > 0 else None


class LogoDistorted(LogoRule):
    code = "L003"
    name = "logo-distorted"
    summary = "ロゴの縦横比が変わっています"
    what = "ロゴの表示枠の縦横比が、画像の縦横比（トリミング後）と同じかを調べます。"
    why = "ロゴを伸ばしたり縮めたりすると、別のマークに見えてしまいます。"
    how_to_fix = "ロゴを選び「縦横比を固定」して、元の比率に戻してください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        if "stretch" not in ctx.guideline.logo.forbid:
            return
        tolerance = ctx.guideline.logo.aspect_tolerance
        for slide, logo in self.official(deck, ctx):
            aspect = image_aspect(logo.shape)
            box = logo.shape.box
            if aspect is None or box.h == 0:
                continue
            shown = box.w / box.h
            if abs(shown / aspect - 1) > tolerance:
                yield self.finding(
                    ctx, f"ロゴの縦横比が元の画像と {abs(shown / aspect - 1):.0%} ちがいます。",
                    slide, logo.shape)


class LogoCropped(LogoRule):
    code = "L004"
    name = "logo-cropped"
    summary = "ロゴがトリミングされています"
    what = "ロゴの画像にトリミング（切り取り）が設定されていないかを調べます。"
    why = "ロゴの一部を切ると、正しいロゴではなくなります。"
    how_to_fix = "「図の書式」→「トリミング」を元に戻してください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        if "crop" not in ctx.guideline.logo.forbid:
            return
        for slide, logo in self.official(deck, ctx):
            pic = logo.shape.picture
            if pic is not None and any(abs(c) > 1e-4 for c in pic.crop):
                yield self.finding(ctx, "ロゴがトリミングされています。", slide, logo.shape)


class LogoRotated(LogoRule):
    code = "L005"
    name = "logo-rotated"
    summary = "ロゴが回転または反転しています"
    what = "ロゴに回転や左右・上下の反転がかかっていないかを調べます。"
    why = "ロゴは決められた向きで使います。"
    how_to_fix = "回転を 0 度にし、反転を解除してください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        forbid = ctx.guideline.logo.forbid
        for slide, logo in self.logos(deck, ctx):
            box = logo.shape.box
            rotated = "rotate" in forbid and round(box.rotation % 360, 2) not in (0.0, 360.0)
            flipped = "flip" in forbid and (box.flip_h or box.flip_v)
            if rotated:
                yield self.finding(ctx, f"ロゴが {box.rotation:g} 度回転しています。",
                                   slide, logo.shape)
            if flipped:
                yield self.finding(ctx, "ロゴが反転しています。", slide, logo.shape)


class LogoEffects(LogoRule):
    code = "L006"
    name = "logo-effects"
    summary = "ロゴに効果（影・光彩・枠線など）や色の変更がかかっています"
    what = "ロゴに影、光彩、ぼかし、反射、枠線、3-D などの効果や、色の変更がないかを調べます。"
    why = "効果や色の変更は、公式のロゴの見た目を変えてしまいます。"
    how_to_fix = "「図のリセット」で効果と色の変更を外してください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        forbid = set(ctx.guideline.logo.forbid)
        for slide, logo in self.logos(deck, ctx):
            names = [EFFECT_JA[e] for e in logo.shape.effects if EFFECT_FORBID[e] in forbid]
            if "outline" in forbid and logo.shape.line.width_emu > 0 and logo.shape.line.colour:
                names.append(EFFECT_JA["outline"])
            pic = logo.shape.picture
            if "recolour" in forbid and pic is not None and pic.recolour:
                names.append("色の変更")
            if names:
                unique = "・".join(dict.fromkeys(names))
                yield self.finding(ctx, f"ロゴに{unique}がかかっています。", slide, logo.shape)


class LogoTooSmall(LogoRule):
    code = "L007"
    name = "logo-too-small"
    summary = "ロゴが最小サイズより小さいです"
    what = "ロゴの表示幅が、ガイドラインの最小幅以上かを調べます。"
    why = "小さすぎるロゴは印刷でつぶれて読めません。"
    how_to_fix = "縦横比を固定したまま、ロゴを大きくしてください。"

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        minimum = ctx.guideline.logo.min_width_mm
        for slide, logo in self.logos(deck, ctx):
            width = mm(logo.shape.box.w)
            if width < minimum:
                yield self.finding(ctx, f"ロゴの幅が {width:g} mm です（{minimum:g} mm 以上）。",
                                   slide, logo.shape)


class LogoClearSpace(LogoRule):
    code = "L008"
    name = "logo-clear-space"
    summary = "ロゴのまわりの余白に、ほかの要素が入っています"
    what = ("ロゴの高さ×ガイドラインの比率の余白を四方にとり、その中にほかの文字・図形・写真が"
            "ないかを調べます。ロゴの下に敷いた背景（ロゴ全体を含む、文字のない図形）は除きます。")
    why = "まわりに余白があることで、ロゴが目立ち、読みやすくなります。"
    how_to_fix = "ロゴのまわりの要素を離してください（--fix で、場所があれば動かします）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide, logo in self.logos(deck, ctx):
            for other in intruders(logo.shape, slide.shapes, ctx.guideline.logo.clear_space_ratio):
                yield self.finding(
                    ctx, f"「{other.name}」がロゴのまわりの余白に入っています。", slide, other)


def clear_space_box(logo: Shape, ratio: float) -> Box:
    return logo.box.expanded(round(logo.box.h * ratio))


def is_backdrop_of(shape: Shape, logo: Shape) -> bool:
    """A textless shape painted under the logo that holds the whole logo: its background."""
    no_text = shape.text is None or not shape.text.text.strip()
    return shape.z < logo.z and no_text and shape.box.contains(logo.box)


def intruders(logo: Shape, shapes: list[Shape], ratio: float) -> list[Shape]:
    """Visible shapes inside the logo's clear space, except its own backdrop."""
    zone = clear_space_box(logo, ratio)
    return [
        s for s in shapes
        if s is not logo and not s.hidden and s.box.w > 0 and s.box.h > 0
        and is_visible_content(s) and s.box.intersects(zone) and not is_backdrop_of(s, logo)
    ]


class LogoPosition(LogoRule):
    code = "L009"
    name = "logo-position"
    summary = "ロゴが決められた位置にありません"
    what = ("ロゴ全体が、ガイドラインの配置位置のどれかに入っているかを調べます。公式の"
            "レイアウトを使っているスライドではそのレイアウトで使える位置、そうでなければ"
            "どれかの公式レイアウトで使える位置です。")
    why = "ロゴの位置をそろえると、市のチラシとして統一感が出ます。"
    how_to_fix = ("ロゴを決められた位置（右上・左上など）に移してください（--fix で、場所があれば"
                  "動かします）。")
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide, logo in self.logos(deck, ctx):
            zones = logo_zone_boxes(ctx.guideline, deck, slide)
            if not in_allowed_position(logo.shape.box, zones):
                names = "・".join(name for name, _zone in zones)
                yield self.finding(
                    ctx, f"ロゴの位置が決められた場所（{names}）に入っていません。",
                    slide, logo.shape)


def in_allowed_position(box: Box, zones: list[tuple[str, Box]]) -> bool:
    """The whole box lies inside one of the allowed zones (from `logo_zone_boxes`)."""
    return any(zone.contains(box) for _name, zone in zones)


class LogoWrongVariant(LogoRule):
    code = "L010"
    name = "logo-wrong-variant"
    summary = "背景の明るさに合わないロゴの種類を使っています"
    what = ("ロゴの後ろの色の明るさを調べ、暗い背景なら白抜き、明るい背景なら白抜き以外の"
            "ロゴかを調べます。")
    why = "背景に合わないロゴは見えにくく、読めなくなります。"
    how_to_fix = "背景に合うロゴファイルに差し替えてください（--fix で直せます）。"
    fixable = True

    def check(self, deck: Deck, ctx: LintContext) -> Iterator[Finding]:
        for slide, logo in self.official(deck, ctx):
            assert logo.variant is not None
            backdrop = dominant_backdrop(ctx, deck, slide, logo.shape)
            wanted = wanted_use(backdrop, ctx.guideline.logo.dark_background_luminance)
            if logo.variant.use_on not in (wanted, "any"):
                place = "暗い" if wanted == "dark" else "明るい"
                yield self.finding(
                    ctx, f"{place}背景（{backdrop}）に「{logo.variant.name_ja}」のロゴが"
                    "置かれています。", slide, logo.shape)


def wanted_use(backdrop: str, dark_threshold: float) -> str:
    return "dark" if relative_luminance(backdrop) < dark_threshold else "light"
