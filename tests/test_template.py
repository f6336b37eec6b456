"""The official template: built from the guideline, reproducible, and the committed file is what
a fresh build gives (so it cannot drift from the guideline or the logo)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from assistant.colour import delta_e
from assistant.guideline import EMU_PER_MM, Guideline
from assistant.pptx.template_build import (
    NS,
    THEME_COLOUR_SLOTS,
    THEME_NAME,
    build_preview,
    build_template,
    layout_specs,
    logo_aspect,
    safe_rect,
    zone_rect,
)
from assistant.pptx.template_check import check_template
from tests.conftest import has_libreoffice, run_cli


@pytest.fixture(scope="module")
def fresh(guideline: Guideline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "fresh.pptx"
    path.write_bytes(build_template(guideline))
    return path


@pytest.fixture(scope="module")
def prs(fresh: Path) -> Presentation:
    return Presentation(str(fresh))


def structure(path: Path) -> dict[str, object]:
    """What other stages rely on: size, theme, layouts, placeholder names, types and geometry."""
    deck = Presentation(str(path))
    theme = deck.slide_master.part.part_related_by(RT.THEME).blob
    layouts = []
    for layout in deck.slide_layouts:
        shapes = [(s.name, s.is_placeholder and s.placeholder_format.type,
                   s.is_placeholder and s.placeholder_format.idx,
                   s.left, s.top, s.width, s.height) for s in layout.shapes]
        layouts.append((layout.name, shapes))
    return {"size": (deck.slide_width, deck.slide_height), "theme": theme, "layouts": layouts,
            "styles": etree.tostring(deck.slide_master._element.find("p:txStyles", NS))}


def test_committed_template_equals_fresh_build(guideline: Guideline, fresh: Path) -> None:
    committed = guideline.asset_path(guideline.template.file)
    assert committed.is_file(), "run `flyer template build` and commit the template"
    assert structure(committed) == structure(fresh), (
        "templates/pptx/kitakami-a4.pptx is out of date (the guideline or the logo file "
        "changed): run `flyer template build` and commit the template")


def test_build_is_byte_for_byte_reproducible(guideline: Guideline) -> None:
    assert build_template(guideline) == build_template(guideline)


def test_cli_build_writes_a_template_that_checks_clean(guideline: Guideline, tmp_path: Path
                                                       ) -> None:
    out = tmp_path / "built.pptx"
    result = run_cli("template", "build", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == build_template(guideline)
    assert check_template(out, guideline) == []


def test_slide_size_is_a4_portrait_exactly(prs: Presentation, guideline: Guideline) -> None:
    assert (prs.slide_width, prs.slide_height) == (guideline.page.width_emu,
                                                   guideline.page.height_emu)
    assert (prs.slide_width, prs.slide_height) == (7560000, 10692000)


def _theme(prs: Presentation) -> etree._Element:
    return etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)


def test_theme_colours_are_the_palette(prs: Presentation, guideline: Guideline) -> None:
    theme = _theme(prs)
    assert theme.get("name") == THEME_NAME
    for slot, colour_id in THEME_COLOUR_SLOTS.items():
        value = theme.find(f".//a:clrScheme/a:{slot}/a:srgbClr", NS).get("val")
        assert delta_e(f"#{value}", guideline.palette_colour(colour_id).hex) == 0


def test_theme_fonts_latin_and_ea_are_the_primary_font(prs: Presentation, guideline: Guideline
                                                       ) -> None:
    theme = _theme(prs)
    for group in ("majorFont", "minorFont"):
        for script in ("latin", "ea"):
            node = theme.find(f".//a:fontScheme/a:{group}/a:{script}", NS)
            assert node.get("typeface") == guideline.fonts.primary


def test_master_text_styles_meet_the_guideline(prs: Presentation, guideline: Guideline) -> None:
    styles = prs.slide_master._element.find("p:txStyles", NS)
    roles = guideline.typography.roles
    for style, role in (("titleStyle", "title"), ("bodyStyle", "body"), ("otherStyle", "body")):
        rprs = styles.findall(f"p:{style}/*/a:defRPr[@sz]", NS)
        assert rprs, style
        assert all(int(r.get("sz")) / 100 >= roles[role].min_pt for r in rprs), style
        assert all(r.get("lang") == "ja-JP" for r in rprs), style
    spacing = styles.findall("p:bodyStyle/*/a:lnSpc/a:spcPct", NS)
    assert len(spacing) == 9
    assert all(int(s.get("val")) / 100000 >= roles["body"].line_spacing_min for s in spacing)


def test_one_layout_per_guideline_layout(prs: Presentation, guideline: Guideline) -> None:
    assert [lay.name for lay in prs.slide_layouts] == [
        lay.template_layout for lay in guideline.layouts]


def test_placeholders_by_role(prs: Presentation, guideline: Guideline) -> None:
    for wanted, layout in zip(guideline.layouts, prs.slide_layouts, strict=True):
        by_name = {ph.name: ph.placeholder_format.type for ph in layout.placeholders}
        assert set(guideline.template.required_placeholders) <= set(by_name), wanted.id
        pictures = {n for n, t in by_name.items() if t == PP_PLACEHOLDER.PICTURE}
        expected = {"QR", "Logo"} | ({"Photo"} if wanted.photo != "none" else set())
        assert pictures == expected, wanted.id
        assert len(by_name) == len(list(layout.placeholders)), "placeholder names are unique"


def test_placeholders_have_japanese_prompts(prs: Presentation) -> None:
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            assert ph._element.find("p:nvSpPr/p:nvPr/p:ph", NS).get("hasCustomPrompt") == "1"
            assert ph.text_frame.text.strip(), (layout.name, ph.name)
            langs = {r.get("lang") for r in ph._element.iter(f"{{{NS['a']}}}rPr")}
            assert langs == {"ja-JP"}, (layout.name, ph.name)


def _mm(shape: object) -> tuple[float, float, float, float]:
    return tuple(getattr(shape, a) / EMU_PER_MM for a in ("left", "top", "width", "height"))  # type: ignore[return-value]


def test_every_placeholder_inside_the_safe_area(prs: Presentation, guideline: Guideline) -> None:
    safe = safe_rect(guideline)
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            x, y, w, h = _mm(ph)
            assert x >= safe.x - 0.01 and y >= safe.y - 0.01, (layout.name, ph.name)
            assert x + w <= safe.right + 0.01 and y + h <= safe.bottom + 0.01, (layout.name, ph.name)


def test_only_full_bleed_backgrounds_leave_the_safe_area(prs: Presentation,
                                                        guideline: Guideline) -> None:
    safe = safe_rect(guideline)
    for layout in prs.slide_layouts:
        names = [shape.name for shape in layout.shapes]
        assert len(names) == len(set(names)), layout.name
        for shape in layout.shapes:
            x, y, w, h = _mm(shape)
            inside = (x >= safe.x - 0.01 and y >= safe.y - 0.01
                      and x + w <= safe.right + 0.01 and y + h <= safe.bottom + 0.01)
            full_bleed = x <= 0 and x + w >= guideline.page.width_mm and not shape.is_placeholder
            assert inside or full_bleed, (layout.name, shape.name)


def test_logo_slot_geometry(prs: Presentation, guideline: Guideline) -> None:
    aspect = logo_aspect(guideline)
    assert aspect is not None, "the colour logo file exists"
    for wanted, layout in zip(guideline.layouts, prs.slide_layouts, strict=True):
        logo = next(ph for ph in layout.placeholders if ph.name == "Logo")
        x, y, w, h = _mm(logo)
        zone = zone_rect(guideline, wanted.logo_positions[0])
        assert zone.x <= x and x + w <= zone.right + 0.01, wanted.id
        assert zone.y <= y and y + h <= zone.bottom + 0.01, wanted.id
        assert w >= guideline.logo.min_width_mm
        assert abs(w / h - aspect) / aspect < guideline.logo.aspect_tolerance
        clear = guideline.logo.clear_space_ratio * h
        for other in layout.placeholders:
            if other.name == "Logo":
                continue
            ox, oy, ow, oh = _mm(other)
            apart = (ox >= x + w + clear or ox + ow <= x - clear
                     or oy >= y + h + clear or oy + oh <= y - clear)
            assert apart, (wanted.id, other.name)


@pytest.mark.parametrize("position", ["top_left", "bottom_right", "bottom_left"])
def test_other_logo_positions_build_clean_templates(guideline: Guideline, position: str,
                                                    tmp_path: Path) -> None:
    """The grids are made for any allowed logo corner, not only the shipped ones."""
    layouts = [lay.model_copy(update={"logo_positions": [position]}) for lay in guideline.layouts]
    moved = guideline.model_copy(update={"layouts": layouts})
    out = tmp_path / f"{position}.pptx"
    out.write_bytes(build_template(moved))
    assert check_template(out, moved) == []
    assert all(spec.logo_position == position for spec in layout_specs(moved))


def test_core_properties_are_fixed(prs: Presentation, guideline: Guideline) -> None:
    core = prs.core_properties
    assert core.created == core.modified
    assert core.created.year == 2026 and core.revision == 1
    assert guideline.meta.version in core.comments


@pytest.mark.render
@pytest.mark.skipif(not has_libreoffice(), reason="LibreOffice is not installed")
def test_render_one_slide_per_layout(guideline: Guideline, fresh: Path, tmp_path: Path) -> None:
    preview = build_preview(fresh, guideline, tmp_path / "preview.pptx", tmp_path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(preview)],
        check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "preview.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(guideline.layouts)
    for page in pages:
        image = Image.open(io.BytesIO(page.read_bytes())).convert("RGB")
        assert abs(image.width / image.height - guideline.page.width_mm / guideline.page.height_mm) < 0.01
        colours = image.getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 20, f"{page.name} looks blank"


def test_cli_build_with_a_broken_guideline_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("page: [not, a, mapping\n", encoding="utf-8")
    result = run_cli("template", "build", "--out", tmp_path / "x.pptx", "--guideline", broken)
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_cli_build_into_an_unwritable_place_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run_cli("template", "build", "--out", blocker / "template.pptx")
    assert result.returncode == 2
    assert "書き込めません" in result.stderr and "Traceback" not in result.stderr
