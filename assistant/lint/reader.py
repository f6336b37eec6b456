"""Read a .pptx into a resolved, read-only `Deck` (what PowerPoint shows), never writing.

The package is opened with `assistant.lint.package` (bounded zip, safe XML), not python-pptx:
python-pptx getters may add XML to the parts they read. For each slide the reader walks the
master's and the layout's visible non-placeholder shapes (drawn beneath), then the slide's
shapes, resolving placeholder inheritance (slide -> layout -> master), group transforms,
theme colours through the colour map, theme fonts and p:style references.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from assistant.lint.context import LintContext
from assistant.lint.images import ImageTooLarge, image_header
from assistant.lint.model import Box, Deck, Fill, Picture, Shape, ShapeKind, Slide, TextFrame
from assistant.lint.package import DeckReadError, Package
from assistant.lint.styles import (
    StyleRefs,
    fill_child,
    fill_from,
    recolour_ops,
    resolve_effects,
    resolve_fill,
    resolve_line,
    style_refs,
    theme_fill,
)
from assistant.lint.text import TextInheritance, read_text_frame
from assistant.lint.theme import (
    DEFAULT_CLR_MAP,
    ColourContext,
    Theme,
    clr_map_from,
    parse_theme,
)
from assistant.lint.xmlutil import (
    DECORATIVE_EXT,
    URI_CHART,
    URI_OLE,
    URI_TABLE,
    A,
    P,
    R,
    bool_attr,
    int_attr,
    local_name,
    ns,
    resolve_alternate_content,
)

DEFAULT_SLIDE_SIZE = (9144000, 6858000)  # ECMA-376 default (10 x 7.5 in) when sldSz is absent
TITLE_TYPES = {"title", "ctrTitle"}
OTHER_TYPES = {"dt", "ftr", "sldNum", "hdr"}


# --- placeholders ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Placeholder:
    type: str
    idx: int | None
    el: etree._Element


def placeholder_of(el: etree._Element) -> tuple[str, int | None] | None:
    nv = _nv(el)
    ph = nv.find(f"{P}nvPr/{P}ph") if nv is not None else None
    if ph is None:
        return None
    return ph.get("type", "body"), int_attr(ph, "idx")


def _master_type(ph_type: str) -> str:
    if ph_type in TITLE_TYPES:
        return "title"
    return ph_type if ph_type in OTHER_TYPES else "body"


def find_placeholder(phs: list[Placeholder], ph_type: str, idx: int | None,
                     by_master_type: bool = False) -> Placeholder | None:
    """Layout match: same idx first, then same type; master match: by type class."""
    if by_master_type:
        wanted = _master_type(ph_type)
        return next((p for p in phs if _master_type(p.type) == wanted), None)
    if idx is not None:
        same = next((p for p in phs if (p.idx or 0) == idx), None)
        if same is not None:
            return same
    exact = next((p for p in phs if p.type == ph_type), None)
    if exact is not None:
        return exact
    wanted = _master_type(ph_type)
    if wanted == "title":
        return next((p for p in phs if p.type in TITLE_TYPES), None)
    return None


def _nv(el: etree._Element) -> etree._Element | None:
    return next((c for c in el if isinstance(c.tag, str) and local_name(c).startswith("nv")), None)


# --- masters and layouts --------------------------------------------------------------------
@dataclass
class Master:
    part: str
    root: etree._Element
    theme: Theme
    clr_map: dict[str, str]
    name: str | None
    placeholders: list[Placeholder]
    text_styles: dict[str, etree._Element | None]  # title, body, other


@dataclass
class Layout:
    part: str
    root: etree._Element
    master: Master | None
    name: str | None
    placeholders: list[Placeholder]
    show_master_shapes: bool


def _sp_tree(root: etree._Element) -> etree._Element | None:
    return root.find(f"{P}cSld/{P}spTree")


def _collect_placeholders(root: etree._Element) -> list[Placeholder]:
    tree = _sp_tree(root)
    out: list[Placeholder] = []
    if tree is None:
        return out
    for el in resolve_alternate_content(tree):
        found = placeholder_of(el)
        if found:
            out.append(Placeholder(found[0], found[1], el))
    return out


@dataclass
class Scope:
    """Where shapes are being read: the part (for relationships) and how they inherit."""

    part: str
    source: str  # slide | layout | master
    colours: ColourContext
    theme: Theme
    master: Master | None
    layout: Layout | None
    default_style: etree._Element | None
    resolve_part: Callable[[str | None], str | None]


@dataclass
class Frame:
    """A group's transform: child coordinates (chOff/chExt) onto its own box."""

    x: float
    y: float
    w: float
    h: float
    ch_x: float
    ch_y: float
    ch_w: float
    ch_h: float
    rotation: float
    flip_h: bool
    flip_v: bool


@dataclass
class Geometry:
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    rotation: float = 0.0
    flip_h: bool = False
    flip_v: bool = False

    def to_box(self) -> Box:
        return Box(
            x=round(self.x), y=round(self.y), w=round(self.w), h=round(self.h),
            rotation=round(self.rotation % 360, 3), flip_h=self.flip_h, flip_v=self.flip_v,
        )


def geometry_of(xfrm: etree._Element | None) -> Geometry | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(A + "off"), xfrm.find(A + "ext")
    return Geometry(
        x=int_attr(off, "x", 0) or 0, y=int_attr(off, "y", 0) or 0,
        w=int_attr(ext, "cx", 0) or 0, h=int_attr(ext, "cy", 0) or 0,
        rotation=(int_attr(xfrm, "rot", 0) or 0) / 60000,
        flip_h=bool(bool_attr(xfrm, "flipH")), flip_v=bool(bool_attr(xfrm, "flipV")),
    )


def apply_frames(geo: Geometry, frames: list[Frame]) -> Geometry:
    """Map a box in the innermost group's child space to slide space (innermost first)."""
    g = Geometry(geo.x, geo.y, geo.w, geo.h, geo.rotation, geo.flip_h, geo.flip_v)
    for f in reversed(frames):
        sx = f.w / f.ch_w if f.ch_w else 1.0
        sy = f.h / f.ch_h if f.ch_h else 1.0
        cx = f.x + (g.x + g.w / 2 - f.ch_x) * sx
        cy = f.y + (g.y + g.h / 2 - f.ch_y) * sy
        w, h = g.w * sx, g.h * sy
        gcx, gcy = f.x + f.w / 2, f.y + f.h / 2
        rot, fh, fv = g.rotation, g.flip_h, g.flip_v
        if f.flip_h:
            cx, fh, rot = 2 * gcx - cx, not fh, -rot
        if f.flip_v:
            cy, fv, rot = 2 * gcy - cy, not fv, -rot
        if f.rotation:
            rad = math.radians(f.rotation)
            dx, dy = cx - gcx, cy - gcy
            cx = gcx + dx * math.cos(rad) - dy * math.sin(rad)
            cy = gcy + dx * math.sin(rad) + dy * math.cos(rad)
            rot += f.rotation
        g = Geometry(cx - w / 2, cy - h / 2, w, h, rot, fh, fv)
    return g


def frame_of(grp_sp_pr: etree._Element | None) -> Frame:
    xfrm = grp_sp_pr.find(A + "xfrm") if grp_sp_pr is not None else None
    geo = geometry_of(xfrm) or Geometry()
    ch_off = xfrm.find(A + "chOff") if xfrm is not None else None
    ch_ext = xfrm.find(A + "chExt") if xfrm is not None else None
    return Frame(
        geo.x, geo.y, geo.w, geo.h,
        int_attr(ch_off, "x", int(geo.x)) or 0, int_attr(ch_off, "y", int(geo.y)) or 0,
        int_attr(ch_ext, "cx", int(geo.w)) or 0, int_attr(ch_ext, "cy", int(geo.h)) or 0,
        geo.rotation, geo.flip_h, geo.flip_v,
    )


# --- the reader -----------------------------------------------------------------------------
@dataclass
class ImageInfo:
    content_type: str
    sha256: str
    width: int
    height: int


@dataclass
class DeckReader:
    pkg: Package
    max_pixels: int
    masters: dict[str, Master] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    images: dict[str, ImageInfo] = field(default_factory=dict)
    z: int = 0

    def read(self) -> Deck:
        pres_part = self.pkg.main_part()
        pres = self.pkg.xml(pres_part)
        size = pres.find(P + "sldSz")
        width = int_attr(size, "cx", DEFAULT_SLIDE_SIZE[0]) or DEFAULT_SLIDE_SIZE[0]
        height = int_attr(size, "cy", DEFAULT_SLIDE_SIZE[1]) or DEFAULT_SLIDE_SIZE[1]
        default_style = pres.find(P + "defaultTextStyle")
        for rid in self._ids(pres, "sldMasterIdLst", "sldMasterId"):
            part = self.pkg.related(pres_part, rid)
            if part:
                self._master(part)
        slides = []
        for number, rid in enumerate(self._ids(pres, "sldIdLst", "sldId"), start=1):
            part = self.pkg.related(pres_part, rid)
            if part is None:
                raise DeckReadError(
                    f"スライド {number} の部品がありません（関係 {rid} の先が見つかりません）。"
                    "ファイルが壊れています。"
                )
            slides.append(self._slide(part, number, default_style))
        first = next(iter(self.masters.values()), None)
        theme = first.theme if first else Theme()
        return Deck(
            path=str(self.pkg.path), slide_width=width, slide_height=height, slides=slides,
            theme_name=theme.name, theme_colours=theme.colours, theme_fonts=theme.fonts,
            layout_names=self._all_layout_names(), master_names=[m.name or "" for m in self.masters.values()],
        )

    def _ids(self, pres: etree._Element, list_tag: str, item_tag: str) -> list[str]:
        lst = pres.find(P + list_tag)
        if lst is None:
            return []
        return [el.get(R + "id", "") for el in lst.findall(P + item_tag)]

    def _all_layout_names(self) -> list[str]:
        names: list[str] = []
        for master in self.masters.values():
            lst = master.root.find(P + "sldLayoutIdLst")
            for el in lst.findall(P + "sldLayoutId") if lst is not None else []:
                part = self.pkg.related(master.part, el.get(R + "id"))
                if part:
                    name = self._layout(part).name
                    if name and name not in names:
                        names.append(name)
        return names

    # --- parts ----------------------------------------------------------------------------
    def _master(self, part: str) -> Master:
        if part not in self.masters:
            root = self.pkg.xml(part)
            theme_part = self.pkg.related_by_type(part, "theme")
            theme = parse_theme(self.pkg.xml(theme_part) if theme_part else None)
            tx = root.find(P + "txStyles")
            styles = {
                key: tx.find(P + f"{key}Style") if tx is not None else None
                for key in ("title", "body", "other")
            }
            name = root.find(P + "cSld").get("name") if root.find(P + "cSld") is not None else None
            self.masters[part] = Master(
                part=part, root=root, theme=theme,
                clr_map=clr_map_from(root.find(P + "clrMap"), DEFAULT_CLR_MAP),
                name=name or theme.name, placeholders=_collect_placeholders(root),
                text_styles=styles,
            )
        return self.masters[part]

    def _layout(self, part: str) -> Layout:
        if part not in self.layouts:
            root = self.pkg.xml(part)
            master_part = self.pkg.related_by_type(part, "slideMaster")
            csld = root.find(P + "cSld")
            self.layouts[part] = Layout(
                part=part, root=root, master=self._master(master_part) if master_part else None,
                name=csld.get("name") if csld is not None else None,
                placeholders=_collect_placeholders(root),
                show_master_shapes=bool_attr(root, "showMasterSp") is not False,
            )
        return self.layouts[part]

    def _slide(self, part: str, number: int, default_style: etree._Element | None) -> Slide:
        root = self.pkg.xml(part)
        layout_part = self.pkg.related_by_type(part, "slideLayout")
        layout = self._layout(layout_part) if layout_part else None
        master = layout.master if layout else next(iter(self.masters.values()), None)
        theme = master.theme if master else Theme()
        clr_map = master.clr_map if master else dict(DEFAULT_CLR_MAP)
        if layout is not None:
            clr_map = clr_map_from(layout.root.find(P + "clrMapOvr"), clr_map)
        clr_map = clr_map_from(root.find(P + "clrMapOvr"), clr_map)
        colours = ColourContext(theme.colours, clr_map)
        self.z = 0
        shapes: list[Shape] = []
        show_beneath = bool_attr(root, "showMasterSp") is not False
        beneath: list[tuple[str, str, etree._Element]] = []
        if master and show_beneath and (layout is None or layout.show_master_shapes):
            beneath.append(("master", master.part, master.root))
        if layout and show_beneath:
            beneath.append(("layout", layout.part, layout.root))
        beneath.append(("slide", part, root))
        for source, owner, owner_root in beneath:
            scope = Scope(
                part=owner, source=source, colours=colours, theme=theme, master=master,
                layout=layout, default_style=default_style,
                resolve_part=self._resolver(owner),
            )
            tree = _sp_tree(owner_root)
            if tree is not None:
                shapes.extend(self._walk(tree, scope, [], [], None))
        background = self._background([(part, root)] + (
            [(layout.part, layout.root)] if layout else []) + (
            [(master.part, master.root)] if master else []), theme, colours)
        return Slide(
            index=number, layout_name=layout.name if layout else None,
            master_name=master.name if master else None, background=background,
            shapes=shapes, hidden=bool_attr(root, "show") is False,
        )

    def _resolver(self, owner: str) -> Callable[[str | None], str | None]:
        return lambda rid: self.pkg.related(owner, rid)

    def _background(self, parts: list[tuple[str, etree._Element]], theme: Theme,
                    colours: ColourContext) -> Fill:
        for owner, root in parts:
            bg = root.find(f"{P}cSld/{P}bg")
            if bg is None:
                continue
            resolver = self._resolver(owner)
            bg_pr, bg_ref = bg.find(P + "bgPr"), bg.find(P + "bgRef")
            found = fill_from(fill_child(bg_pr), colours, resolver) if bg_pr is not None else None
            if found is None and bg_ref is not None:
                found = theme_fill(bg_ref, theme, colours, resolver)
            if found is not None:
                return found
        return Slide.model_fields["background"].default

    # --- shapes ---------------------------------------------------------------------------
    def _walk(self, tree: etree._Element, scope: Scope, frames: list[Frame],
              groups: list[str], group_fill: Fill | None) -> Iterator[Shape]:
        for el in resolve_alternate_content(tree):
            tag = local_name(el)
            if tag not in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame"):
                continue
            if scope.source != "slide" and placeholder_of(el) is not None:
                continue  # layout/master placeholders only show through slide placeholders
            if tag == "grpSp":
                yield from self._group(el, scope, frames, groups, group_fill)
            else:
                yield self._shape(el, tag, scope, frames, groups, group_fill)

    def _group(self, el: etree._Element, scope: Scope, frames: list[Frame], groups: list[str],
               group_fill: Fill | None) -> Iterator[Shape]:
        grp_sp_pr = el.find(P + "grpSpPr")
        frame = frame_of(grp_sp_pr)
        geo = apply_frames(Geometry(frame.x, frame.y, frame.w, frame.h, frame.rotation,
                                    frame.flip_h, frame.flip_v), frames)
        fill = fill_from(fill_child(grp_sp_pr), scope.colours, scope.resolve_part, group_fill)
        group = self._base_shape(el, "group", scope, geo, groups)
        group = group.model_copy(update={"fill": fill or Fill()})
        yield group
        yield from self._walk(el, scope, [*frames, frame], [*groups, group.name], fill or group_fill)

    def _base_shape(self, el: etree._Element, kind: ShapeKind, scope: Scope, geo: Geometry,
                    groups: list[str]) -> Shape:
        nv = _nv(el)
        c_nv_pr = nv.find(P + "cNvPr") if nv is not None else None
        ph = placeholder_of(el) if scope.source == "slide" else None
        self.z += 1
        return Shape(
            id=int_attr(c_nv_pr, "id", 0) or 0,
            name=c_nv_pr.get("name", "") if c_nv_pr is not None else "",
            kind=kind, source=scope.source, box=geo.to_box(),  # type: ignore[arg-type]
            placeholder_type=ph[0] if ph else None, placeholder_idx=ph[1] if ph else None,
            hidden=bool(bool_attr(c_nv_pr, "hidden")) or self._inside_hidden_group(el),
            group_names=list(groups), z=self.z,
        )

    @staticmethod
    def _inside_hidden_group(el: etree._Element) -> bool:
        """A shape inside a hidden group is not drawn either."""
        for ancestor in el.iterancestors(P + "grpSp"):
            nv = _nv(ancestor)
            if nv is not None and bool_attr(nv.find(P + "cNvPr"), "hidden"):
                return True
        return False

    def _shape(self, el: etree._Element, tag: str, scope: Scope, frames: list[Frame],
               groups: list[str], group_fill: Fill | None) -> Shape:
        inherited = self._inherited(el, scope)
        sp_pr = el.find(P + "spPr")
        chain = [sp_pr, *[ph.el.find(P + "spPr") for ph in inherited]]
        if tag == "graphicFrame":
            xfrm_geo = geometry_of(el.find(P + "xfrm"))
        else:
            xfrm_geo = next((g for g in (geometry_of(s.find(A + "xfrm")) for s in chain
                                         if s is not None) if g is not None), None)
        geo = apply_frames(xfrm_geo or Geometry(), frames)
        kind = self._kind(el, tag)
        shape = self._base_shape(el, kind, scope, geo, groups)
        style_el = el.find(P + "style")
        if style_el is None:
            style_el = next((s for s in (ph.el.find(P + "style") for ph in inherited)
                             if s is not None), None)
        refs = style_refs(style_el)
        fill_chain = [sp_pr] if tag == "pic" else chain
        fill = resolve_fill(fill_chain, refs, scope.theme, scope.colours, scope.resolve_part, group_fill)
        line = resolve_line(chain, refs, scope.theme, scope.colours)
        effects = resolve_effects(sp_pr, refs, scope.theme, line, tag == "pic")
        updates: dict[str, object] = {"fill": fill, "line": line, "effects": effects}
        updates["text"] = self._text(el, tag, scope, inherited, refs)
        updates["layout_placeholder_name"] = _layout_placeholder_name(inherited, scope)
        if tag == "pic":
            updates["picture"] = self._picture(el, scope)
        return shape.model_copy(update=updates)

    def _kind(self, el: etree._Element, tag: str) -> ShapeKind:
        if tag == "pic":
            return "picture"
        if tag == "cxnSp":
            return "connector"
        if tag != "graphicFrame":
            return "shape"
        data = el.find(f"{A}graphic/{A}graphicData")
        uri = data.get("uri", "") if data is not None else ""
        if uri == URI_TABLE:
            return "table"
        if uri == URI_CHART or "chart" in uri:
            return "chart"
        if uri == URI_OLE:
            return "ole"
        return "graphic"

    def _inherited(self, el: etree._Element, scope: Scope) -> list[Placeholder]:
        """The layout and master placeholders a slide placeholder inherits from (high -> low)."""
        if scope.source != "slide":
            return []
        ph = placeholder_of(el)
        if ph is None:
            return []
        out: list[Placeholder] = []
        layout_ph = None
        if scope.layout is not None:
            layout_ph = find_placeholder(scope.layout.placeholders, ph[0], ph[1])
            if layout_ph is not None:
                out.append(layout_ph)
        if scope.master is not None:
            ph_type = effective_placeholder_type(el, layout_ph)
            master_ph = find_placeholder(scope.master.placeholders, ph_type, None, by_master_type=True)
            if master_ph is not None:
                out.append(master_ph)
        return out

    # --- text -----------------------------------------------------------------------------
    def _text(self, el: etree._Element, tag: str, scope: Scope, inherited: list[Placeholder],
              refs: StyleRefs) -> TextFrame | None:
        if tag == "graphicFrame":
            return self._table_text(el, scope)
        tx_body = el.find(P + "txBody")
        if tx_body is None:
            return None
        inh = TextInheritance(list_styles=[scope.default_style], font_ref=refs.font)
        if scope.source == "slide" and placeholder_of(el) is not None and scope.master is not None:
            layout_phs = scope.layout.placeholders if scope.layout is not None else []
            layout_ph = next((ph for ph in inherited if ph in layout_phs), None)
            ph_type = effective_placeholder_type(el, layout_ph)
            key = "title" if ph_type in TITLE_TYPES else "other" if ph_type in OTHER_TYPES else "body"
            inh.list_styles.append(scope.master.text_styles.get(key))
        for ph in reversed(inherited):
            ph_body = ph.el.find(P + "txBody")
            inh.list_styles.append(ph_body.find(A + "lstStyle") if ph_body is not None else None)
            inh.body_prs.append(ph_body.find(A + "bodyPr") if ph_body is not None else None)
        return read_text_frame(tx_body, inh, scope.theme, scope.colours)

    def _table_text(self, el: etree._Element, scope: Scope) -> TextFrame | None:
        tbl = el.find(f"{A}graphic/{A}graphicData/{A}tbl")
        if tbl is None:
            return None
        inh = TextInheritance(list_styles=[scope.default_style])
        paragraphs = []
        for tc in tbl.iter(A + "tc"):
            tx_body = tc.find(A + "txBody")
            if tx_body is not None:
                paragraphs.extend(read_text_frame(tx_body, inh, scope.theme, scope.colours).paragraphs)
        return TextFrame(paragraphs=paragraphs)

    # --- pictures -------------------------------------------------------------------------
    def _picture(self, el: etree._Element, scope: Scope) -> Picture | None:
        blip_fill = el.find(P + "blipFill")
        blip = blip_fill.find(A + "blip") if blip_fill is not None else None
        part = scope.resolve_part(blip.get(R + "embed")) if blip is not None else None
        if part is None:
            return None
        info = self._image(part)
        nv = _nv(el)
        c_nv_pr = nv.find(P + "cNvPr") if nv is not None else None
        src = blip_fill.find(A + "srcRect") if blip_fill is not None else None
        crop = tuple((int_attr(src, k, 0) or 0) / 100000 for k in ("l", "t", "r", "b"))
        return Picture(
            image_part=part, content_type=info.content_type, sha256=info.sha256,
            width_px=info.width, height_px=info.height, crop=crop,  # type: ignore[arg-type]
            alt_text=c_nv_pr.get("descr", "") if c_nv_pr is not None else "",
            title=c_nv_pr.get("title", "") if c_nv_pr is not None else "",
            decorative=_is_decorative(c_nv_pr), recolour=recolour_ops(blip),
        )

    def _image(self, part: str) -> ImageInfo:
        if part not in self.images:
            data = self.pkg.read(part)
            try:
                header = image_header(data, self.max_pixels)
            except ImageTooLarge as exc:
                raise DeckReadError(
                    f"画像 {part} が大きすぎます（{exc}。上限は {self.max_pixels:,} ピクセル）。"
                    "画像を小さくしてから入れなおしてください。"
                ) from None
            self.images[part] = ImageInfo(
                self.pkg.content_type(part), hashlib.sha256(data).hexdigest(),
                header.width, header.height,
            )
        return self.images[part]


def _layout_placeholder_name(inherited: list[Placeholder], scope: Scope) -> str | None:
    layout_phs = scope.layout.placeholders if scope.layout is not None else []
    layout_ph = next((ph for ph in inherited if ph in layout_phs), None)
    if layout_ph is None:
        return None
    nv = _nv(layout_ph.el)
    c_nv_pr = nv.find(P + "cNvPr") if nv is not None else None
    return c_nv_pr.get("name") if c_nv_pr is not None else None


def effective_placeholder_type(el: etree._Element, layout_ph: Placeholder | None) -> str:
    """The slide placeholder's own @type, else the type of the layout placeholder it matched."""
    own = _ph_el(el)
    if "type" in own.attrib:
        return own.get("type", "body")
    return layout_ph.type if layout_ph is not None else "body"


def _ph_el(el: etree._Element) -> etree._Element:
    nv = _nv(el)
    found = nv.find(f"{P}nvPr/{P}ph") if nv is not None else None
    return found if found is not None else etree.Element("ph")


def _is_decorative(c_nv_pr: etree._Element | None) -> bool:
    if c_nv_pr is None:
        return False
    for ext in c_nv_pr.iter(A + "ext"):
        if ext.get("uri") == DECORATIVE_EXT:
            flag = ext.find(ns("adec") + "decorative")
            return flag is not None and flag.get("val") in ("1", "true")
    return False


# --- public API -----------------------------------------------------------------------------
def read_deck(path: str | Path, max_pixels: int | None = None) -> Deck:
    """Read a .pptx into a resolved Deck. Raises DeckReadError with a Japanese message."""
    deck, _ = open_deck(path, max_pixels, keep_open=False)
    return deck


def open_deck(path: str | Path, max_pixels: int | None = None, keep_open: bool = True
              ) -> tuple[Deck, Package | None]:
    """Read a Deck; with keep_open the caller gets the open Package (and must close it)."""
    if max_pixels is None:
        from assistant.guideline import load_guideline

        max_pixels = load_guideline().images.max_pixels
    pkg = Package(path)
    try:
        deck = DeckReader(pkg, max_pixels).read()
    except RecursionError:
        pkg.close()
        raise DeckReadError("図形の入れ子が深すぎます。") from None
    except BaseException:
        pkg.close()
        raise
    if not keep_open:
        pkg.close()
        return deck, None
    return deck, pkg


def lint_context(pkg: Package, guideline) -> LintContext:  # noqa: ANN001 - Guideline
    """A LintContext whose part_bytes reads (bounded) from the open package."""
    return LintContext(guideline=guideline, part_bytes=pkg.read)
