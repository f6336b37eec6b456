"""Themes and DrawingML colours: scheme colours through the colour map, colour transforms.

Colour transforms follow ECMA-376 §20.1.2.3 the way PowerPoint and LibreOffice apply them:
lumMod/lumOff/satMod/hue... in HSL, tint/shade in linear RGB, alpha as a separate channel.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass, field

from lxml import etree

from assistant.lint.xmlutil import A, local_name

PRESET_COLOURS = {
    "black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF",
    "yellow": "FFFF00", "cyan": "00FFFF", "magenta": "FF00FF", "gray": "808080",
    "grey": "808080", "darkGray": "A9A9A9", "darkGrey": "A9A9A9", "dkGray": "A9A9A9",
    "dkGrey": "A9A9A9", "lightGray": "D3D3D3", "lightGrey": "D3D3D3", "ltGray": "D3D3D3",
    "ltGrey": "D3D3D3", "silver": "C0C0C0", "navy": "000080", "maroon": "800000",
    "olive": "808000", "purple": "800080", "teal": "008080", "lime": "00FF00",
    "orange": "FFA500", "pink": "FFC0CB", "brown": "A52A2A", "gold": "FFD700",
    "darkBlue": "00008B", "dkBlue": "00008B", "darkRed": "8B0000", "dkRed": "8B0000",
    "darkGreen": "006400", "dkGreen": "006400", "lightBlue": "ADD8E6", "ltBlue": "ADD8E6",
    "lightGreen": "90EE90", "ltGreen": "90EE90", "skyBlue": "87CEEB", "violet": "EE82EE",
    "indigo": "4B0082", "tan": "D2B48C", "beige": "F5F5DC", "ivory": "FFFFF0",
    "coral": "FF7F50", "salmon": "FA8072", "tomato": "FF6347", "crimson": "DC143C",
    "aqua": "00FFFF", "fuchsia": "FF00FF", "khaki": "F0E68C", "lavender": "E6E6FA",
}
SYSTEM_COLOURS = {"windowText": "000000", "window": "FFFFFF", "btnFace": "F0F0F0"}
SCHEME_SLOTS = (
    "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
    "accent6", "hlink", "folHlink",
)
DEFAULT_CLR_MAP = {
    "bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "accent1": "accent1",
    "accent2": "accent2", "accent3": "accent3", "accent4": "accent4", "accent5": "accent5",
    "accent6": "accent6", "hlink": "hlink", "folHlink": "folHlink",
}
COLOUR_TAGS = {"srgbClr", "schemeClr", "sysClr", "prstClr", "hslClr", "scrgbClr"}


@dataclass(frozen=True)
class Colour:
    hex: str  # "#RRGGBB"
    alpha: float = 1.0


@dataclass
class Theme:
    name: str | None = None
    colours: dict[str, str] = field(default_factory=dict)  # slot -> "#RRGGBB"
    fonts: dict[str, str] = field(default_factory=dict)  # major_latin, minor_ea, ...
    fill_styles: list[etree._Element] = field(default_factory=list)
    line_styles: list[etree._Element] = field(default_factory=list)
    effect_styles: list[etree._Element] = field(default_factory=list)
    bg_fill_styles: list[etree._Element] = field(default_factory=list)

    def font(self, typeface: str | None) -> str | None:
        """Resolve a theme font reference (+mj-lt, +mn-ea, ...) to a typeface name."""
        if not typeface:
            return None
        if typeface.startswith("+m") and len(typeface) >= 6:
            major = "major" if typeface[2] == "j" else "minor"
            script = {"lt": "latin", "ea": "ea", "cs": "cs"}.get(typeface[4:6], "latin")
            return self.fonts.get(f"{major}_{script}") or None
        return typeface


def parse_theme(root: etree._Element | None) -> Theme:
    theme = Theme()
    if root is None:
        return theme
    theme.name = root.get("name")
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    if scheme is not None:
        for slot in scheme:
            colour_el = next((c for c in slot if local_name(c) in COLOUR_TAGS), None)
            if colour_el is not None:
                colour = base_colour(colour_el, {}, {})
                if colour:
                    theme.colours[local_name(slot)] = colour
    font_scheme = root.find(f"{A}themeElements/{A}fontScheme")
    if font_scheme is not None:
        for major in ("major", "minor"):
            group = font_scheme.find(f"{A}{major}Font")
            for script in ("latin", "ea", "cs"):
                el = group.find(A + script) if group is not None else None
                if el is not None and el.get("typeface"):
                    theme.fonts[f"{major}_{script}"] = el.get("typeface", "")
            if group is not None:
                for el in group.findall(f"{A}font"):
                    if el.get("script") == "Jpan" and el.get("typeface"):
                        theme.fonts.setdefault(f"{major}_jpan", el.get("typeface", ""))
    fmt = root.find(f"{A}themeElements/{A}fmtScheme")
    if fmt is not None:
        theme.fill_styles = _children(fmt.find(f"{A}fillStyleLst"))
        theme.line_styles = _children(fmt.find(f"{A}lnStyleLst"))
        theme.effect_styles = _children(fmt.find(f"{A}effectStyleLst"))
        theme.bg_fill_styles = _children(fmt.find(f"{A}bgFillStyleLst"))
    return theme


def _children(el: etree._Element | None) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)] if el is not None else []


def clr_map_from(el: etree._Element | None, inherited: dict[str, str]) -> dict[str, str]:
    """A p:clrMap element, or a p:clrMapOvr (overrideClrMapping or masterClrMapping)."""
    if el is None:
        return dict(inherited)
    if local_name(el) == "clrMapOvr":
        override = next((c for c in el if local_name(c) == "overrideClrMapping"), None)
        return clr_map_from(override, inherited) if override is not None else dict(inherited)
    mapping = dict(inherited)
    mapping.update({k: v for k, v in el.attrib.items() if "}" not in k})
    return mapping


@dataclass(frozen=True)
class ColourContext:
    """What a schemeClr means where it is drawn: theme colours, colour map, placeholder colour."""

    theme_colours: dict[str, str]
    clr_map: dict[str, str]
    ph_colour: Colour | None = None

    def with_ph(self, ph: Colour | None) -> ColourContext:
        return ColourContext(self.theme_colours, self.clr_map, ph)


def base_colour(el: etree._Element, theme_colours: dict[str, str], clr_map: dict[str, str],
                ph: Colour | None = None) -> str | None:
    """The untransformed colour of a colour element, "#RRGGBB"."""
    kind = local_name(el)
    if kind == "srgbClr":
        return _hex(el.get("val"))
    if kind == "schemeClr":
        val = el.get("val", "")
        if val == "phClr":
            return ph.hex if ph else None
        slot = clr_map.get(val, DEFAULT_CLR_MAP.get(val, val))
        return theme_colours.get(slot)
    if kind == "sysClr":
        return _hex(el.get("lastClr")) or _hex(SYSTEM_COLOURS.get(el.get("val", ""), "000000"))
    if kind == "prstClr":
        return _hex(PRESET_COLOURS.get(el.get("val", ""), "000000"))
    if kind == "hslClr":
        hue = _pct(el.get("hue", "0")) * 100000 / 60000 / 360
        sat = _pct(el.get("sat", "0"))
        lum = _pct(el.get("lum", "0"))
        return _rgb_to_hex(colorsys.hls_to_rgb(hue % 1, _clamp(lum), _clamp(sat)))
    if kind == "scrgbClr":
        lin = [_pct(el.get(c, "0")) for c in ("r", "g", "b")]
        return _rgb_to_hex(tuple(_to_srgb(_clamp(v)) for v in lin))
    return None


def resolve_colour(el: etree._Element | None, ctx: ColourContext) -> Colour | None:
    """A colour element (srgbClr, schemeClr, ...) with its transforms applied."""
    if el is None:
        return None
    base = base_colour(el, ctx.theme_colours, ctx.clr_map, ctx.ph_colour)
    if base is None:
        return None
    alpha = 1.0
    if local_name(el) == "schemeClr" and el.get("val") == "phClr" and ctx.ph_colour:
        alpha = ctx.ph_colour.alpha
    rgb = [int(base[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    for op in el:
        if isinstance(op.tag, str):
            rgb, alpha = _transform(local_name(op), _pct(op.get("val", "0")), rgb, alpha)
    return Colour(_rgb_to_hex(tuple(rgb)), round(_clamp(alpha), 4))


def colour_of_fill_child(parent: etree._Element | None, ctx: ColourContext) -> Colour | None:
    """The colour held directly under parent (e.g. a:solidFill, a:fontRef)."""
    if parent is None:
        return None
    el = next((c for c in parent if local_name(c) in COLOUR_TAGS), None)
    return resolve_colour(el, ctx)


def _transform(op: str, v: float, rgb: list[float], alpha: float) -> tuple[list[float], float]:
    if op in ("alpha", "alphaMod", "alphaOff"):
        alpha = v if op == "alpha" else alpha * v if op == "alphaMod" else alpha + v
        return rgb, _clamp(alpha)
    if op in ("tint", "shade"):
        lin = [_to_linear(c) for c in rgb]
        lin = [1 - (1 - c) * v for c in lin] if op == "tint" else [c * v for c in lin]
        return [_to_srgb(_clamp(c)) for c in lin], alpha
    if op in ("lumMod", "lumOff", "lum", "satMod", "satOff", "sat", "hueMod", "hueOff", "hue"):
        return _hsl_transform(op, v, rgb), alpha
    if op == "comp":
        h, lum, s = colorsys.rgb_to_hls(*rgb)
        return list(colorsys.hls_to_rgb((h + 0.5) % 1, lum, s)), alpha
    if op == "inv":
        return [1 - c for c in rgb], alpha
    if op == "gray":
        grey = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2]
        return [grey] * 3, alpha
    channel = {"red": 0, "green": 1, "blue": 2}
    for name, idx in channel.items():
        if op in (name, name + "Mod", name + "Off"):
            lin = [_to_linear(c) for c in rgb]
            lin[idx] = v if op == name else lin[idx] * v if op.endswith("Mod") else lin[idx] + v
            return [_to_srgb(_clamp(c)) for c in lin], alpha
    return rgb, alpha  # gamma/invGamma and unknown ops: no visible change worth modelling


def _hsl_transform(op: str, v: float, rgb: list[float]) -> list[float]:
    h, lum, s = colorsys.rgb_to_hls(*rgb)
    if op == "lumMod":
        lum *= v
    elif op == "lumOff":
        lum += v
    elif op == "lum":
        lum = v
    elif op == "satMod":
        s *= v
    elif op == "satOff":
        s += v
    elif op == "sat":
        s = v
    elif op == "hueMod":
        h = (h * v) % 1
    elif op == "hueOff":
        h = (h + v * 100000 / 60000 / 360) % 1  # val is in 60000ths of a degree
    elif op == "hue":
        h = (v * 100000 / 60000 / 360) % 1
    return list(colorsys.hls_to_rgb(h, _clamp(lum), _clamp(s)))


def _pct(value: str) -> float:
    """ST_Percentage: 100000 = 100 %; also accepts "50%"."""
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else int(value) / 100000
    except (ValueError, OverflowError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _clamp(v: float) -> float:
    return min(1.0, max(0.0, v))


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _rgb_to_hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(_clamp(c) * 255):02X}" for c in rgb)


def _hex(value: str | None) -> str | None:
    if not value or len(value) != 6:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return "#" + value.upper()
