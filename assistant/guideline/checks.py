"""Checks on a guideline that go beyond its schema: referenced files exist and the allowed
colour schemes are themselves readable (contrast), so the generator can never be told to use a
scheme the linter would reject."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.colour import contrast_ratio
from assistant.guideline.model import Guideline

Located = tuple[tuple[Any, ...], str, str]

# (text role, background role) pairs of a colour scheme that carry text.
TEXT_PAIRS = [
    ("band_text", "band"),
    ("title", "background"),
    ("text", "background"),
    ("accent", "background"),
    ("panel_text", "panel"),
]


def semantic_checks(g: Guideline) -> list[Located]:
    return [
        *_duplicate_palette_ids(g),
        *_unknown_references(g),
        *_roles_below_absolute_minimum(g),
        *_missing_files(g),
        *_scheme_contrast(g),
    ]


def _duplicate_palette_ids(g: Guideline) -> Iterator[Located]:
    seen: set[str] = set()
    for i, colour in enumerate(g.palette):
        if colour.id in seen:
            yield (("palette", i, "id"), f"palette ids are used twice: {colour.id!r}",
                   f"色のID「{colour.id}」が2回使われています")
        seen.add(colour.id)


def _unknown_references(g: Guideline) -> Iterator[Located]:
    ids = {c.id for c in g.palette}
    for i, scheme in enumerate(g.colour_schemes):
        for role, colour_id in scheme.roles().items():
            if colour_id not in ids:
                yield (("colour_schemes", i, role),
                       f"colour scheme {scheme.id!r}: {role} = {colour_id!r} is not a palette id",
                       f"配色「{scheme.name_ja}」の {role}「{colour_id}」はパレットにありません")
    positions = {p.id for p in g.logo.positions}
    for i, layout in enumerate(g.layouts):
        unknown = sorted(set(layout.logo_positions) - positions)
        if unknown:
            yield (("layouts", i, "logo_positions"),
                   f"layout {layout.id!r}: unknown logo positions {unknown}",
                   f"レイアウト「{layout.name_ja}」のロゴ位置 {unknown} は定義されていません")


def _roles_below_absolute_minimum(g: Guideline) -> Iterator[Located]:
    floor = g.typography.min_size.absolute_min_pt
    for name, role in g.typography.roles.items():
        if role.min_pt < floor:
            yield (("typography", "roles", name, "min_pt"),
                   f"role {name!r}: min_pt {role.min_pt} is below the absolute minimum {floor}",
                   f"「{role.name_ja}」の最小サイズ {role.min_pt}pt が、全体の最小 {floor}pt より小さいです")


def _missing_files(g: Guideline) -> Iterator[Located]:
    for i, variant in enumerate(g.logo.variants):
        if not g.asset_path(variant.file).is_file():
            yield (("logo", "variants", i, "file"), f"logo file not found: {variant.file}",
                   f"ロゴのファイルが見つかりません: {variant.file}")
    for key in ("regular", "bold"):
        rel = getattr(g.fonts.files, key)
        if not g.asset_path(rel).is_file():
            yield (("fonts", "files", key), f"font file not found: {rel}",
                   f"フォントのファイルが見つかりません: {rel}")


def _scheme_contrast(g: Guideline) -> Iterator[Located]:
    minimum = g.colour.contrast.text_min
    ids = {c.id for c in g.palette}
    for i, scheme in enumerate(g.colour_schemes):
        roles = scheme.roles()
        if not set(roles.values()) <= ids:
            continue  # reported by _unknown_references
        for fg_role, bg_role in TEXT_PAIRS:
            fg, bg = g.palette_colour(roles[fg_role]).hex, g.palette_colour(roles[bg_role]).hex
            ratio = contrast_ratio(fg, bg)
            if ratio < minimum:
                yield (
                    ("colour_schemes", i, fg_role),
                    f"colour scheme {scheme.id!r}: {fg_role} on {bg_role} has contrast "
                    f"{ratio:.2f}:1, below the minimum {minimum}:1",
                    f"配色「{scheme.name_ja}」: 文字と背景のコントラストが {ratio:.2f}:1 で、"
                    f"基準 {minimum}:1 より低いです",
                )
