"""Shape appearance: fills, lines, effects and recolouring, with theme style references.

Each function takes the XML as written plus what it inherits (placeholder chain, p:style) and
returns what PowerPoint draws. Nothing here looks at text; see `assistant.lint.text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from assistant.lint.model import Effect, Fill, Line, Recolour
from assistant.lint.theme import ColourContext, Theme, colour_of_fill_child
from assistant.lint.xmlutil import A, R, int_attr, local_name

FILL_TAGS = {"noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"}
DEFAULT_LINE_EMU = 9525  # a drawn line without @w is 0.75 pt (ECMA-376 ST_LineWidth default)

EFFECT_TAGS: dict[str, Effect] = {
    "outerShdw": "shadow", "innerShdw": "inner_shadow", "prstShdw": "preset_shadow",
    "glow": "glow", "softEdge": "soft_edge", "reflection": "reflection", "blur": "blur",
}
RECOLOUR_TAGS: dict[str, Recolour] = {
    "grayscl": "grayscale", "duotone": "duotone", "clrChange": "colour_change",
    "biLevel": "bi_level", "lum": "luminance", "alphaModFix": "alpha_mod", "hsl": "hsl",
    "tint": "tint", "clrRepl": "colour_replace", "alphaBiLevel": "other",
    "alphaCeiling": "other", "alphaFloor": "other", "alphaInv": "other", "alphaMod": "other",
    "alphaRepl": "other", "fillOverlay": "other", "blur": "other", "grayscale": "grayscale",
}

# Resolves an r:embed id of the part being read to a package part name (None if dangling).
PartResolver = Callable[[str | None], str | None]


@dataclass(frozen=True)
class StyleRefs:
    """A shape's p:style: (index, colour element holder) per reference."""

    fill: etree._Element | None = None
    line: etree._Element | None = None
    effect: etree._Element | None = None
    font: etree._Element | None = None


def style_refs(style: etree._Element | None) -> StyleRefs:
    if style is None:
        return StyleRefs()
    return StyleRefs(
        fill=style.find(A + "fillRef"), line=style.find(A + "lnRef"),
        effect=style.find(A + "effectRef"), font=style.find(A + "fontRef"),
    )


def fill_child(sp_pr: etree._Element | None) -> etree._Element | None:
    if sp_pr is None:
        return None
    return next((c for c in sp_pr if local_name(c) in FILL_TAGS), None)


def fill_from(el: etree._Element | None, ctx: ColourContext, resolve_part: PartResolver,
              group_fill: Fill | None = None) -> Fill | None:
    """A fill element (solidFill, gradFill, ...) as a Fill; None if el is None."""
    if el is None:
        return None
    kind = local_name(el)
    if kind == "noFill":
        return Fill(kind="none")
    if kind == "solidFill":
        colour = colour_of_fill_child(el, ctx)
        return Fill(kind="solid", colour=colour.hex if colour else None,
                    alpha=colour.alpha if colour else 1.0)
    if kind == "gradFill":
        stops = [colour_of_fill_child(gs, ctx) for gs in el.iter(A + "gs")]
        return _average_fill("gradient", [s for s in stops if s])
    if kind == "pattFill":
        stops = [colour_of_fill_child(el.find(A + t), ctx) for t in ("fgClr", "bgClr")]
        return _average_fill("pattern", [s for s in stops if s])
    if kind == "blipFill":
        blip = el.find(A + "blip")
        part = resolve_part(blip.get(R + "embed")) if blip is not None else None
        return Fill(kind="picture", image_part=part)
    if kind == "grpFill":
        return group_fill.model_copy(update={}) if group_fill else Fill(kind="group")
    return Fill(kind="unknown")


def _average_fill(kind: str, colours: list) -> Fill:
    if not colours:
        return Fill(kind=kind)  # type: ignore[arg-type]
    channels = [sum(int(c.hex[i : i + 2], 16) for c in colours) / len(colours) for i in (1, 3, 5)]
    hex_colour = "#" + "".join(f"{round(v):02X}" for v in channels)
    alpha = round(sum(c.alpha for c in colours) / len(colours), 4)
    return Fill(kind=kind, colour=hex_colour, alpha=alpha)  # type: ignore[arg-type]


def theme_fill(ref: etree._Element | None, theme: Theme, ctx: ColourContext,
               resolve_part: PartResolver) -> Fill | None:
    """The fill a fillRef / bgRef points to (idx 0 = none, 1..999 fill styles, 1001+ bg)."""
    if ref is None:
        return None
    idx = int_attr(ref, "idx", 0) or 0
    if idx == 0:
        return Fill(kind="none")
    styles, pos = (theme.bg_fill_styles, idx - 1001) if idx >= 1001 else (theme.fill_styles, idx - 1)
    if not 0 <= pos < len(styles):
        return None
    ph = colour_of_fill_child(ref, ctx)
    return fill_from(styles[pos], ctx.with_ph(ph), resolve_part)


def resolve_fill(sp_prs: list[etree._Element | None], refs: StyleRefs, theme: Theme,
                 ctx: ColourContext, resolve_part: PartResolver,
                 group_fill: Fill | None = None) -> Fill:
    """First explicit fill in sp_prs (own spPr first, then inherited), else the style's."""
    for sp_pr in sp_prs:
        found = fill_from(fill_child(sp_pr), ctx, resolve_part, group_fill)
        if found is not None:
            return found
    return theme_fill(refs.fill, theme, ctx, resolve_part) or Fill()


def resolve_line(sp_prs: list[etree._Element | None], refs: StyleRefs, theme: Theme,
                 ctx: ColourContext) -> Line:
    """Explicit a:ln over inherited a:ln over the theme line style of lnRef."""
    lns = [sp_pr.find(A + "ln") for sp_pr in sp_prs if sp_pr is not None]
    style_ln, style_ctx = None, ctx
    if refs.line is not None:
        idx = int_attr(refs.line, "idx", 0) or 0
        if 0 < idx <= len(theme.line_styles):
            style_ln = theme.line_styles[idx - 1]
            style_ctx = ctx.with_ph(colour_of_fill_child(refs.line, ctx))
    chain = [(ln, ctx) for ln in lns if ln is not None]
    if style_ln is not None:
        chain.append((style_ln, style_ctx))
    width = next((int_attr(ln, "w") for ln, _ in chain if ln.get("w") is not None), None)
    for ln, lctx in chain:
        fill = next((c for c in ln if local_name(c) in FILL_TAGS), None)
        if fill is None:
            continue
        resolved = fill_from(fill, lctx, lambda _rid: None)
        if resolved is None or resolved.kind == "none" or resolved.colour is None:
            return Line()
        return Line(colour=resolved.colour, alpha=resolved.alpha,
                    width_emu=width if width is not None else DEFAULT_LINE_EMU)
    return Line()


def resolve_effects(sp_pr: etree._Element | None, refs: StyleRefs, theme: Theme,
                    line: Line, is_picture: bool) -> list[Effect]:
    """Visible effects: own effectLst (even empty) wins over the theme effect style."""
    effects: list[Effect] = []
    own = sp_pr.find(A + "effectLst") if sp_pr is not None else None
    dag = sp_pr.find(A + "effectDag") if sp_pr is not None else None
    source: etree._Element | None = own if own is not None else dag
    style_3d: list[etree._Element | None] = []
    if source is None and refs.effect is not None:
        idx = int_attr(refs.effect, "idx", 0) or 0
        if 0 < idx <= len(theme.effect_styles):
            style = theme.effect_styles[idx - 1]
            source = style.find(A + "effectLst")
            style_3d = [style.find(A + "scene3d"), style.find(A + "sp3d")]
    if source is not None:
        for el in source.iter():
            name = EFFECT_TAGS.get(local_name(el))
            if name and name not in effects and _visible_effect(el):
                effects.append(name)
    own_3d = [sp_pr.find(A + "scene3d"), sp_pr.find(A + "sp3d")] if sp_pr is not None else []
    for name in three_d_effects([*own_3d, *style_3d]):
        if name not in effects:
            effects.append(name)
    if is_picture and line.colour is not None and line.width_emu > 0:
        effects.append("outline")
    return effects


def _visible_effect(el: etree._Element) -> bool:
    """Zero-size effects (blurRad=0 and dist=0 shadows are still visible; rad=0 glow is not)."""
    name = local_name(el)
    if name in ("glow", "softEdge"):
        return (int_attr(el, "rad", 0) or 0) > 0
    if name == "blur":
        return (int_attr(el, "rad", 0) or 0) > 0
    return True


def three_d_effects(elements: list[etree._Element | None]) -> list[Effect]:
    out: list[Effect] = []
    for el in elements:
        if el is None:
            continue
        if local_name(el) == "sp3d":
            if el.find(A + "bevelT") is not None or el.find(A + "bevelB") is not None:
                out.append("bevel")
            if (int_attr(el, "extrusionH", 0) or 0) > 0 or (int_attr(el, "contourW", 0) or 0) > 0:
                out.append("3d")
        elif local_name(el) == "scene3d":
            camera = el.find(A + "camera")
            if camera is not None and (
                camera.get("prst", "orthographicFront") != "orthographicFront"
                or camera.find(A + "rot") is not None
            ):
                out.append("3d")
    return out


def recolour_ops(blip: etree._Element | None) -> list[Recolour]:
    ops: list[Recolour] = []
    if blip is None:
        return ops
    for el in blip:
        name = local_name(el)
        op = RECOLOUR_TAGS.get(name)
        if name == "alphaModFix" and (int_attr(el, "amt", 100000) or 0) >= 100000:
            op = None  # 100 % opacity: no change
        if name == "extLst" and _has_artistic_effect(el):
            op = "other"
        if op and op not in ops:
            ops.append(op)
    return ops


def _has_artistic_effect(ext_lst: etree._Element) -> bool:
    return any(local_name(e) in ("imgEffect", "artisticBlur") or local_name(e).startswith("artistic")
               for e in ext_lst.iter() if isinstance(e.tag, str))

