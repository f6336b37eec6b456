"""Effective text: paragraph and run properties through the whole inheritance chain.

Lowest to highest priority, for a paragraph at level N (lvl{N+1}pPr in each list style):
presentation defaultTextStyle -> master txStyles (title/body/other, placeholders only) ->
master placeholder lstStyle -> layout placeholder lstStyle -> p:style fontRef -> the shape's
own lstStyle -> the paragraph's pPr -> the run's rPr. Body properties (insets, anchor, wrap,
autofit) inherit master -> layout -> shape. normAutofit fontScale / lnSpcReduction are applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

from assistant.lint.model import DEFAULT_INSET_X, DEFAULT_INSET_Y, Paragraph, Run, TextFrame
from assistant.lint.theme import Colour, ColourContext, Theme, colour_of_fill_child
from assistant.lint.xmlutil import A, int_attr, local_name

DEFAULT_SIZE_PT = 18.0  # ECMA-376: a:rPr/@sz defaults to 1800
VERTICAL = {"vert", "vert270", "eaVert", "wordArtVert", "mongolianVert", "wordArtVertRtl"}
FILL_TAGS = ("solidFill", "gradFill", "noFill", "pattFill", "blipFill")


@dataclass(frozen=True)
class RunProps:
    size: float | None = None
    bold: bool = False
    italic: bool = False
    colour: Colour | None = None
    visible: bool = True
    latin: str | None = None
    ea: str | None = None
    cs: str | None = None
    lang: str | None = None
    highlight: str | None = None


@dataclass(frozen=True)
class ParaProps:
    align: str | None = None
    spacing_pct: float | None = None
    spacing_pts: float | None = None
    before: tuple[str, float] | None = None  # ("pct" | "pts", value)
    after: tuple[str, float] | None = None


@dataclass
class TextInheritance:
    """What a text body inherits. list_styles and body_prs are ordered low -> high priority."""

    list_styles: list[etree._Element | None] = field(default_factory=list)
    body_prs: list[etree._Element | None] = field(default_factory=list)
    font_ref: etree._Element | None = None


def apply_rpr(props: RunProps, rpr: etree._Element | None, ctx: ColourContext) -> RunProps:
    if rpr is None:
        return props
    changes: dict[str, object] = {}
    if rpr.get("sz") is not None:
        changes["size"] = (int_attr(rpr, "sz", 1800) or 1800) / 100
    for attr, key in (("b", "bold"), ("i", "italic")):
        if rpr.get(attr) is not None:
            changes[key] = rpr.get(attr) in ("1", "true")
    if rpr.get("lang"):
        changes["lang"] = rpr.get("lang")
    fill = next((c for c in rpr if local_name(c) in FILL_TAGS), None)
    if fill is not None:
        changes.update(_text_fill(fill, ctx))
    for script in ("latin", "ea", "cs"):
        el = rpr.find(A + script)
        if el is not None and el.get("typeface") is not None:
            changes[script] = el.get("typeface")
    highlight = colour_of_fill_child(rpr.find(A + "highlight"), ctx)
    if highlight is not None:
        changes["highlight"] = highlight.hex
    return replace(props, **changes)  # type: ignore[arg-type]


def _text_fill(fill: etree._Element, ctx: ColourContext) -> dict[str, object]:
    kind = local_name(fill)
    if kind == "noFill":
        return {"visible": False}
    if kind == "solidFill":
        colour = colour_of_fill_child(fill, ctx)
        return {"colour": colour, "visible": True} if colour else {}
    if kind == "gradFill":
        stops = [colour_of_fill_child(gs, ctx) for gs in fill.iter(A + "gs")]
        stops = [s for s in stops if s]
        if stops:
            mean = [sum(int(s.hex[i : i + 2], 16) for s in stops) / len(stops) for i in (1, 3, 5)]
            alpha = sum(s.alpha for s in stops) / len(stops)
            hex_colour = "#" + "".join(f"{round(v):02X}" for v in mean)
            return {"colour": Colour(hex_colour, round(alpha, 4)), "visible": True}
    return {}


def apply_ppr(props: ParaProps, ppr: etree._Element | None) -> ParaProps:
    if ppr is None:
        return props
    changes: dict[str, object] = {}
    if ppr.get("algn"):
        changes["align"] = ppr.get("algn")
    spacing = _spacing(ppr.find(A + "lnSpc"))
    if spacing is not None:
        kind, value = spacing
        changes["spacing_pct"] = value if kind == "pct" else None
        changes["spacing_pts"] = value if kind == "pts" else None
    for tag, key in (("spcBef", "before"), ("spcAft", "after")):
        found = _spacing(ppr.find(A + tag))
        if found is not None:
            changes[key] = found
    return replace(props, **changes)  # type: ignore[arg-type]


def _spacing(el: etree._Element | None) -> tuple[str, float] | None:
    if el is None:
        return None
    pct, pts = el.find(A + "spcPct"), el.find(A + "spcPts")
    if pct is not None:
        return "pct", (int_attr(pct, "val", 100000) or 0) / 100000
    if pts is not None:
        return "pts", (int_attr(pts, "val", 0) or 0) / 100
    return None


def apply_font_ref(props: RunProps, font_ref: etree._Element | None, ctx: ColourContext) -> RunProps:
    """p:style/a:fontRef: theme major/minor fonts and a text colour for the shape."""
    if font_ref is None:
        return props
    which = {"major": "+mj", "minor": "+mn"}.get(font_ref.get("idx", ""))
    changes: dict[str, object] = {}
    if which:
        changes.update(latin=f"{which}-lt", ea=f"{which}-ea", cs=f"{which}-cs")
    colour = colour_of_fill_child(font_ref, ctx)
    if colour is not None:
        changes.update(colour=colour, visible=True)
    return replace(props, **changes)  # type: ignore[arg-type]


def _level_styles(inh: TextInheritance, own_list: etree._Element | None, level: int
                  ) -> list[tuple[str, etree._Element]]:
    tag = f"{A}lvl{level + 1}pPr"
    layers: list[tuple[str, etree._Element]] = []
    for lst in inh.list_styles:
        el = lst.find(tag) if lst is not None else None
        if el is not None:
            layers.append(("lvl", el))
    if inh.font_ref is not None:
        layers.append(("fontRef", inh.font_ref))
    own = own_list.find(tag) if own_list is not None else None
    if own is not None:
        layers.append(("lvl", own))
    return layers


@dataclass(frozen=True)
class BodyProps:
    autofit: str = "none"
    font_scale: float = 1.0
    line_space_reduction: float = 0.0
    wrap: bool = True
    vertical: bool = False
    insets: tuple[int, int, int, int] = (DEFAULT_INSET_X, DEFAULT_INSET_Y, DEFAULT_INSET_X,
                                         DEFAULT_INSET_Y)
    anchor: str = "t"


def body_props(chain: list[etree._Element | None]) -> BodyProps:
    """bodyPr attributes merged low -> high; the autofit of the highest level that has one."""
    attrs: dict[str, str] = {}
    autofit_el: etree._Element | None = None
    for body in chain:
        if body is None:
            continue
        attrs.update({k: v for k, v in body.attrib.items() if "}" not in k})
        found = next((c for c in body if local_name(c) in ("normAutofit", "spAutoFit", "noAutofit")),
                     None)
        if found is not None:
            autofit_el = found
    autofit, scale, reduction = "none", 1.0, 0.0
    if autofit_el is not None and local_name(autofit_el) == "normAutofit":
        autofit = "normal"
        scale = (int_attr(autofit_el, "fontScale", 100000) or 100000) / 100000
        reduction = (int_attr(autofit_el, "lnSpcReduction", 0) or 0) / 100000
    elif autofit_el is not None and local_name(autofit_el) == "spAutoFit":
        autofit = "shape"
    defaults = BodyProps().insets
    insets = tuple(
        _int(attrs.get(k), d) for k, d in zip(("lIns", "tIns", "rIns", "bIns"), defaults, strict=True)
    )
    return BodyProps(
        autofit=autofit, font_scale=scale, line_space_reduction=reduction,
        wrap=attrs.get("wrap", "square") != "none", vertical=attrs.get("vert", "horz") in VERTICAL,
        insets=insets, anchor=attrs.get("anchor", "t"),  # type: ignore[arg-type]
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_text_frame(tx_body: etree._Element, inh: TextInheritance, theme: Theme,
                    ctx: ColourContext) -> TextFrame:
    body = body_props([*inh.body_prs, tx_body.find(A + "bodyPr")])
    own_list = tx_body.find(A + "lstStyle")
    paragraphs = [
        _paragraph(p, inh, own_list, body, theme, ctx) for p in tx_body.findall(A + "p")
    ]
    left, top, right, bottom = body.insets
    return TextFrame(
        paragraphs=paragraphs, autofit=body.autofit,  # type: ignore[arg-type]
        font_scale=body.font_scale, line_space_reduction=body.line_space_reduction,
        wrap=body.wrap, vertical=body.vertical, inset_left=left, inset_top=top,
        inset_right=right, inset_bottom=bottom, anchor=body.anchor,
    )


def _paragraph(p: etree._Element, inh: TextInheritance, own_list: etree._Element | None,
               body: BodyProps, theme: Theme, ctx: ColourContext) -> Paragraph:
    ppr = p.find(A + "pPr")
    level = min(max(int_attr(ppr, "lvl", 0) or 0, 0), 8)
    para, base = ParaProps(), RunProps()
    for kind, el in _level_styles(inh, own_list, level):
        if kind == "fontRef":
            base = apply_font_ref(base, el, ctx)
        else:
            para = apply_ppr(para, el)
            base = apply_rpr(base, el.find(A + "defRPr"), ctx)
    para = apply_ppr(para, ppr)
    runs = [
        _run(el, base, body, theme, ctx) for el in p
        if local_name(el) in ("r", "fld", "br")
    ]
    first_size = runs[0].size_pt if runs else (base.size or DEFAULT_SIZE_PT) * body.font_scale
    spacing_pct = para.spacing_pct
    if spacing_pct is not None and body.line_space_reduction:
        spacing_pct = max(spacing_pct - body.line_space_reduction, 0.0)
    return Paragraph(
        runs=runs, level=level, align=para.align,
        line_spacing=round(spacing_pct, 4) if spacing_pct is not None else None,
        line_spacing_pt=para.spacing_pts,
        space_before_pt=_space_pt(para.before, first_size),
        space_after_pt=_space_pt(para.after, first_size),
    )


def _space_pt(space: tuple[str, float] | None, size_pt: float) -> float:
    if space is None:
        return 0.0
    kind, value = space
    return round(value * size_pt if kind == "pct" else value, 2)


def _run(el: etree._Element, base: RunProps, body: BodyProps, theme: Theme,
         ctx: ColourContext) -> Run:
    rpr = el.find(A + "rPr")
    props = apply_rpr(base, rpr, ctx)
    text = "\n" if local_name(el) == "br" else (el.findtext(A + "t") or "")
    colour = props.colour or _default_text_colour(ctx)
    if _is_hyperlink_without_own_colour(rpr):
        colour = _scheme(ctx, "hlink") or colour
    size = (props.size if props.size is not None else DEFAULT_SIZE_PT) * body.font_scale
    return Run(
        text=text, size_pt=round(size, 2), bold=props.bold, italic=props.italic,
        colour=colour.hex if colour else None,
        alpha=0.0 if not props.visible else (colour.alpha if colour else 1.0),
        font_latin=_typeface(props.latin, theme, "latin"), font_ea=_typeface(props.ea, theme, "ea"),
        font_cs=theme.font(props.cs), lang=props.lang, highlight=props.highlight,
    )


def _typeface(name: str | None, theme: Theme, script: str) -> str | None:
    """A run's typeface; unset means the theme's minor (body) font, as PowerPoint draws it.
    An empty theme East Asian font falls back to the theme's Japanese script font."""
    major = bool(name and name.startswith("+mj"))
    resolved = theme.font(name or f"+mn-{'lt' if script == 'latin' else script}")
    if not resolved and script == "ea":
        resolved = theme.fonts.get(("major" if major else "minor") + "_jpan")
    return resolved or None


def _is_hyperlink_without_own_colour(rpr: etree._Element | None) -> bool:
    """PowerPoint draws link text in the theme's hlink colour unless the run sets a colour."""
    if rpr is None or rpr.find(A + "hlinkClick") is None:
        return False
    return rpr.find(A + "solidFill") is None and rpr.find(A + "gradFill") is None


def _scheme(ctx: ColourContext, name: str) -> Colour | None:
    hex_colour = ctx.theme_colours.get(ctx.clr_map.get(name, name))
    return Colour(hex_colour) if hex_colour else None


def _default_text_colour(ctx: ColourContext) -> Colour | None:
    """Text with no colour anywhere in its chain is drawn in tx1."""
    slot = ctx.clr_map.get("tx1", "dk1")
    hex_colour = ctx.theme_colours.get(slot)
    return Colour(hex_colour) if hex_colour else None
