"""The lint reader resolves what PowerPoint shows, from hand-written XML (tests/lint_package_builder).

Expected colours are PowerPoint's own palette values for Office theme colours (e.g. "Accent 1,
darker 25 %" of #4F81BD is #376092), not values computed by the code under test.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from assistant.lint import DeckReadError, read_deck
from assistant.lint.model import Deck, Shape
from tests.lint_package_builder import (
    build_pptx,
    layout_xml,
    master_xml,
    para,
    pic,
    slide_xml,
    sp,
    theme_xml,
    txbody,
)

MAX_PIXELS = 60_000_000
TITLE_PH = '<p:ph type="title"/>'
BODY_PH = '<p:ph idx="1"/>'
MASTER_PHS = (
    sp(2, "Master Title", (100, 200, 7000000, 1000000), TITLE_PH,
       tx_body=txbody(lst_style="", body_pr='<a:bodyPr anchor="b" lIns="0"/>'))
    + sp(3, "Master Body", (100, 1500000, 7000000, 5000000), '<p:ph type="body" idx="1"/>',
         tx_body=txbody(body_pr='<a:bodyPr><a:normAutofit/></a:bodyPr>'))
)
LAYOUT_PHS = (
    sp(2, "Layout Title", None, TITLE_PH, tx_body=txbody())
    + sp(3, "Layout Body", (500000, 2000000, 6000000, 4000000), BODY_PH, tx_body=txbody())
)


def png_bytes(size: tuple[int, int] = (40, 20), colour: str = "red") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def read(tmp_path: Path, **parts: object) -> Deck:
    return read_deck(build_pptx(tmp_path / "t.pptx", **parts), MAX_PIXELS)  # type: ignore[arg-type]


def shape(deck: Deck, name: str) -> Shape:
    return next(s for s in deck.slides[0].shapes if s.name == name)


# --- inheritance of text ------------------------------------------------------------------
def test_placeholder_text_inherits_master_txstyles_and_theme(tmp_path: Path) -> None:
    slide = slide_xml(
        sp(2, "Title", None, TITLE_PH, tx_body=txbody(para("見出し")))
        + sp(3, "Body", None, BODY_PH, tx_body=txbody(
            para("本文"), para("二段目", ppr='<a:pPr lvl="1"/>')))
    )
    deck = read(tmp_path, slide=slide, master=master_xml(MASTER_PHS), layout=layout_xml(LAYOUT_PHS),
                theme=theme_xml(major_ea="BIZ UDPゴシック", minor_ea="游ゴシック"))
    title = shape(deck, "Title").text.paragraphs[0]  # type: ignore[union-attr]
    run = title.runs[0]
    assert (run.size_pt, run.bold, run.colour) == (44.0, True, "#1F497D")  # titleStyle, tx2 -> dk2
    assert (run.font_latin, run.font_ea) == ("Arial", "BIZ UDPゴシック")  # +mj-lt, +mj-ea
    assert title.align == "ctr"
    body = shape(deck, "Body").text.paragraphs  # type: ignore[union-attr]
    assert (body[0].runs[0].size_pt, body[0].runs[0].colour) == (32.0, "#000000")  # sysClr lastClr
    assert (body[0].runs[0].font_latin, body[0].runs[0].font_ea) == ("Calibri", "游ゴシック")
    assert body[0].line_spacing == 1.5
    assert (body[1].level, body[1].runs[0].size_pt, body[1].runs[0].colour) == (1, 28.0, "#4F81BD")


def test_placeholder_geometry_and_body_properties_inherit(tmp_path: Path) -> None:
    slide = slide_xml(
        sp(2, "Title", None, TITLE_PH, tx_body=txbody(para("a")))
        + sp(3, "Body", None, BODY_PH, tx_body=txbody(para("b")))
    )
    deck = read(tmp_path, slide=slide, master=master_xml(MASTER_PHS), layout=layout_xml(LAYOUT_PHS))
    title, body = shape(deck, "Title"), shape(deck, "Body")
    assert (title.box.x, title.box.y, title.box.w, title.box.h) == (100, 200, 7000000, 1000000)
    assert (body.box.x, body.box.y) == (500000, 2000000)  # layout wins over master
    assert title.text.anchor == "b" and title.text.inset_left == 0  # type: ignore[union-attr]
    assert body.text.autofit == "normal"  # type: ignore[union-attr]
    assert (title.placeholder_type, body.placeholder_type, body.placeholder_idx) == ("title", "body", 1)


def test_layout_list_style_overrides_master_and_run_overrides_all(tmp_path: Path) -> None:
    layout = layout_xml(
        sp(3, "Layout Body", (0, 0, 100, 100), BODY_PH, tx_body=txbody(
            lst_style='<a:lvl1pPr><a:defRPr sz="2000"><a:solidFill><a:srgbClr val="00FF00"/>'
                      '</a:solidFill></a:defRPr></a:lvl1pPr>'))
    )
    slide = slide_xml(sp(3, "Body", None, BODY_PH, tx_body=txbody(
        para("layout"), para("own", rpr='sz="1100" b="1"'))))
    deck = read(tmp_path, slide=slide, master=master_xml(MASTER_PHS), layout=layout)
    runs = [p.runs[0] for p in shape(deck, "Body").text.paragraphs]  # type: ignore[union-attr]
    assert (runs[0].size_pt, runs[0].colour) == (20.0, "#00FF00")
    assert (runs[1].size_pt, runs[1].bold, runs[1].colour) == (11.0, True, "#00FF00")


def test_text_box_uses_default_text_style_and_18pt_default(tmp_path: Path) -> None:
    default_style = '<a:lvl1pPr><a:defRPr sz="1400"><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr>'
    slide = slide_xml(
        sp(5, "Box", (0, 0, 10, 10), tx_body=txbody(para("x")))
        + sp(6, "Plain", (0, 0, 10, 10), tx_body=txbody(para("y"), lst_style=""))
    )
    deck = read(tmp_path, slide=slide, default_text_style=default_style)
    run = shape(deck, "Box").text.paragraphs[0].runs[0]  # type: ignore[union-attr]
    assert (run.size_pt, run.font_latin, run.colour) == (14.0, "Calibri", "#000000")
    plain = read(tmp_path, slide=slide)
    assert shape(plain, "Plain").text.paragraphs[0].runs[0].size_pt == 18.0  # type: ignore[union-attr]


def test_theme_east_asian_font_falls_back_to_the_japanese_script_font(tmp_path: Path) -> None:
    theme = theme_xml(minor_ea="", extra_fonts='<a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/>')
    slide = slide_xml(sp(5, "Box", (0, 0, 10, 10), tx_body=txbody(
        '<a:p><a:r><a:rPr lang="ja-JP"><a:ea typeface="+mn-ea"/></a:rPr><a:t>x</a:t></a:r></a:p>')))
    deck = read(tmp_path, slide=slide, theme=theme)
    assert shape(deck, "Box").text.paragraphs[0].runs[0].font_ea == "ＭＳ Ｐゴシック"  # type: ignore[union-attr]


@pytest.mark.parametrize(("transform", "expected"), [
    ('<a:lumMod val="75000"/>', "#376092"),  # PowerPoint "Accent 1, darker 25 %"
    ('<a:lumMod val="60000"/><a:lumOff val="40000"/>', "#95B3D7"),  # "lighter 40 %"
    ('<a:lumMod val="50000"/>', "#254061"),  # "darker 50 %"
])
def test_theme_colour_transforms_match_powerpoint(tmp_path: Path, transform: str, expected: str) -> None:
    run = (f'<a:p><a:r><a:rPr lang="ja-JP"><a:solidFill><a:schemeClr val="accent1">{transform}'
           '</a:schemeClr></a:solidFill></a:rPr><a:t>x</a:t></a:r></a:p>')
    slide = slide_xml(sp(5, "Box", (0, 0, 10, 10), tx_body=txbody(run)))
    deck = read(tmp_path, slide=slide)
    assert shape(deck, "Box").text.paragraphs[0].runs[0].colour == expected  # type: ignore[union-attr]


def test_colour_map_override_and_alpha(tmp_path: Path) -> None:
    override = ('<a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" '
                'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
                'accent6="accent6" hlink="hlink" folHlink="folHlink"/>')
    slide = slide_xml(sp(5, "Box", (0, 0, 10, 10), tx_body=txbody(
        para("x"),
        '<a:p><a:r><a:rPr><a:solidFill><a:prstClr val="red"><a:alpha val="40000"/></a:prstClr>'
        '</a:solidFill></a:rPr><a:t>y</a:t></a:r></a:p>')), clr_map_ovr=override)
    deck = read(tmp_path, slide=slide)
    paragraphs = shape(deck, "Box").text.paragraphs  # type: ignore[union-attr]
    assert paragraphs[0].runs[0].colour == "#FFFFFF"  # tx1 -> lt1 on this slide
    assert (paragraphs[1].runs[0].colour, paragraphs[1].runs[0].alpha) == ("#FF0000", 0.4)


def test_normautofit_scales_fonts_and_line_spacing(tmp_path: Path) -> None:
    slide = slide_xml(sp(3, "Body", None, BODY_PH, tx_body=txbody(
        para("x"), body_pr='<a:bodyPr><a:normAutofit fontScale="62500" lnSpcReduction="20000"/></a:bodyPr>')))
    deck = read(tmp_path, slide=slide, master=master_xml(MASTER_PHS), layout=layout_xml(LAYOUT_PHS))
    frame = shape(deck, "Body").text
    assert frame is not None and frame.font_scale == 0.625
    assert frame.paragraphs[0].runs[0].size_pt == 20.0  # 32 pt x 62.5 %
    assert frame.paragraphs[0].line_spacing == pytest.approx(1.3)  # 150 % - 20 %


# --- shapes -------------------------------------------------------------------------------
def group(name: str, off: tuple[int, int], ext: tuple[int, int], ch_off: tuple[int, int],
          ch_ext: tuple[int, int], inner: str, xfrm_attrs: str = "") -> str:
    return (
        f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="90" name="{name}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm{xfrm_attrs}><a:off x="{off[0]}" y="{off[1]}"/><a:ext cx="{ext[0]}" cy="{ext[1]}"/>'
        f'<a:chOff x="{ch_off[0]}" y="{ch_off[1]}"/><a:chExt cx="{ch_ext[0]}" cy="{ch_ext[1]}"/></a:xfrm>'
        f'<a:solidFill><a:srgbClr val="ABCDEF"/></a:solidFill></p:grpSpPr>{inner}</p:grpSp>'
    )


def test_nested_group_transforms_scale_offset_rotate_and_flip(tmp_path: Path) -> None:
    leaf = sp(7, "Leaf", (100, 100, 200, 200), sp_pr="<a:grpFill/>")
    inner = group("Inner", (0, 0), (1000, 1000), (0, 0), (500, 500), leaf)
    outer = group("Outer", (1000, 1000), (2000, 2000), (0, 0), (1000, 1000), inner)
    turned = group("Turned", (0, 0), (1000, 1000), (0, 0), (1000, 1000),
                   sp(8, "Turned Leaf", (0, 0, 100, 100)), xfrm_attrs=' rot="5400000" flipH="1"')
    deck = read(tmp_path, slide=slide_xml(outer + turned))
    leaf_shape = shape(deck, "Leaf")
    # inner: x2 -> (200,200,400,400); outer: x2 plus offset 1000 -> (1400,1400,800,800)
    assert (leaf_shape.box.x, leaf_shape.box.y, leaf_shape.box.w, leaf_shape.box.h) == (1400, 1400, 800, 800)
    assert leaf_shape.group_names == ["Outer", "Inner"]
    assert leaf_shape.fill.colour == "#ABCDEF"  # grpFill takes the group's fill
    turned_leaf = shape(deck, "Turned Leaf")
    # flipH mirrors (0..100) to (900..1000); rotating 90° about (500,500) moves the centre
    # (950, 50) to (950, 950)
    assert (turned_leaf.box.x, turned_leaf.box.y) == (900, 900)
    assert (turned_leaf.box.rotation, turned_leaf.box.flip_h) == (90.0, True)
    assert [s.kind for s in deck.slides[0].shapes].count("group") == 3


def test_style_references_fill_line_effect_and_font(tmp_path: Path) -> None:
    style = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent2"/></a:lnRef>'
             '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
             '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
             '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')
    slide = slide_xml(sp(5, "Styled", (0, 0, 10, 10), style=style, tx_body=txbody(para("x"))))
    deck = read(tmp_path, slide=slide)
    styled = shape(deck, "Styled")
    assert styled.fill.kind == "solid" and styled.fill.colour is not None
    assert styled.fill.colour != "#4F81BD"  # shade 50 % of accent1 (fill style 3)
    assert (styled.line.colour, styled.line.width_emu) == ("#C0504D", 25400)
    assert styled.effects == ["shadow"]
    run = styled.text.paragraphs[0].runs[0]  # type: ignore[union-attr]
    assert (run.colour, run.font_latin) == ("#FFFFFF", "Calibri")


def test_explicit_properties_beat_the_style(tmp_path: Path) -> None:
    style = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent2"/></a:lnRef>'
             '<a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef>'
             '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
             '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')
    sp_pr = '<a:noFill/><a:ln><a:noFill/></a:ln><a:effectLst/>'
    deck = read(tmp_path, slide=slide_xml(sp(5, "Plain", (0, 0, 10, 10), sp_pr=sp_pr, style=style)))
    plain = shape(deck, "Plain")
    assert (plain.fill.kind, plain.line.colour, plain.effects) == ("none", None, [])


def test_picture_properties(tmp_path: Path) -> None:
    decorative = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                  '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
                  'val="1"/></a:ext></a:extLst>')
    picture = pic(
        10, "Photo", (1000, 2000, 3000, 1500), descr="桜の写真",
        blip_inner='<a:grayscl/><a:alphaModFix amt="100000"/><a:duotone><a:srgbClr val="000000"/>'
                   '<a:srgbClr val="FFFFFF"/></a:duotone>',
        src_rect='<a:srcRect l="10000" r="5000"/>',
        sp_pr='<a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>'
              '<a:effectLst><a:glow rad="50800"><a:srgbClr val="FF0000"/></a:glow>'
              '<a:softEdge rad="12700"/><a:reflection/></a:effectLst>',
    )
    deco = pic(11, "Deco", (0, 0, 100, 100), rid="rIdImg2", c_nv_pr_inner=decorative)
    deck = read(tmp_path, slide=slide_xml(picture + deco),
                media={"image1.png": png_bytes((40, 20)), "image2.png": png_bytes((8, 8))})
    photo = shape(deck, "Photo")
    assert photo.kind == "picture" and photo.picture is not None
    assert (photo.picture.width_px, photo.picture.height_px) == (40, 20)
    assert photo.picture.content_type == "image/png"
    assert photo.picture.crop == (0.1, 0.0, 0.05, 0.0)
    assert photo.picture.recolour == ["grayscale", "duotone"]  # alphaModFix 100 % is no change
    assert photo.picture.alt_text == "桜の写真"
    assert photo.effects == ["glow", "soft_edge", "reflection", "outline"]
    assert shape(deck, "Deco").picture.decorative is True  # type: ignore[union-attr]


def test_backgrounds_inherit_and_theme_background_styles(tmp_path: Path) -> None:
    layout_bg = '<p:bg><p:bgRef idx="1002"><a:schemeClr val="accent1"/></p:bgRef></p:bg>'
    master_bg = '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="FAF6EC"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    deck = read(tmp_path, layout=layout_xml(bg=layout_bg), master=master_xml(bg=master_bg))
    assert deck.slides[0].background.colour == "#254061"  # accent1 lumMod 50 % (bg style 2)
    deck = read(tmp_path, master=master_xml(bg=master_bg))
    assert deck.slides[0].background.colour == "#FAF6EC"
    gradient = ('<p:bg><p:bgPr><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
                '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst></a:gradFill></p:bgPr></p:bg>')
    deck = read(tmp_path, slide=slide_xml(bg=gradient), master=master_xml(bg=master_bg))
    assert (deck.slides[0].background.kind, deck.slides[0].background.colour) == ("gradient", "#808080")


def test_layout_and_master_shapes_drawn_beneath_without_placeholders(tmp_path: Path) -> None:
    master = master_xml(MASTER_PHS + sp(20, "Master Band", (0, 0, 500, 500)))
    layout = layout_xml(LAYOUT_PHS + sp(21, "Layout Logo", (0, 0, 50, 50)))
    slide = slide_xml(sp(5, "Mine", (0, 0, 10, 10), hidden=True))
    deck = read(tmp_path, slide=slide, master=master, layout=layout)
    shapes = deck.slides[0].shapes
    assert [(s.name, s.source) for s in shapes] == [
        ("Master Band", "master"), ("Layout Logo", "layout"), ("Mine", "slide")]
    assert [s.z for s in shapes] == [1, 2, 3]
    assert shapes[2].hidden is True
    hidden_master = read(tmp_path, slide=slide, master=master,
                         layout=layout_xml(LAYOUT_PHS + sp(21, "Layout Logo", (0, 0, 50, 50)),
                                           show_master_sp=False))
    assert [s.name for s in hidden_master.slides[0].shapes] == ["Layout Logo", "Mine"]


def test_tables_charts_and_ole_are_kinds_with_boxes(tmp_path: Path) -> None:
    def frame(uri: str, inner: str, name: str) -> str:
        return (
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="30" name="{name}"/><p:cNvGraphicFramePr/>'
            '<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="10" y="20"/><a:ext cx="300" cy="400"/></p:xfrm>'
            f'<a:graphic><a:graphicData uri="{uri}">{inner}</a:graphicData></a:graphic></p:graphicFrame>'
        )
    table = ('<a:tbl><a:tblGrid><a:gridCol w="300"/></a:tblGrid><a:tr h="400"><a:tc>'
             f'{txbody(para("会場"))}<a:tcPr/></a:tc></a:tr></a:tbl>').replace("p:txBody", "a:txBody")
    shapes = (frame("http://schemas.openxmlformats.org/drawingml/2006/table", table, "Table")
              + frame("http://schemas.openxmlformats.org/drawingml/2006/chart", "", "Chart")
              + frame("http://schemas.openxmlformats.org/presentationml/2006/ole", "", "OLE"))
    deck = read(tmp_path, slide=slide_xml(shapes))
    kinds = {s.name: s.kind for s in deck.slides[0].shapes}
    assert kinds == {"Table": "table", "Chart": "chart", "OLE": "ole"}
    table_shape = shape(deck, "Table")
    assert (table_shape.box.x, table_shape.box.y, table_shape.box.w, table_shape.box.h) == (10, 20, 300, 400)
    assert table_shape.text is not None and table_shape.text.text == "会場"


def test_hidden_slide_and_slide_size(tmp_path: Path) -> None:
    deck = read(tmp_path, slide=slide_xml(hidden=True))
    assert deck.slides[0].hidden is True
    assert (deck.slide_width, deck.slide_height) == (7560000, 10692000)
    assert deck.slides[0].layout_name == "Test Layout" and deck.master_names == ["Test Master"]
    assert deck.theme_colours["accent1"] == "#4F81BD"


# --- safety ---------------------------------------------------------------------------------
def huge_png(width: int, height: int) -> bytes:
    """A PNG header declaring width x height (only a tiny IDAT follows)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_picture_declaring_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    slide = slide_xml(pic(10, "Huge", (0, 0, 100, 100)))
    path = build_pptx(tmp_path / "huge.pptx", slide=slide, media={"image1.png": huge_png(30000, 30000)})
    with pytest.raises(DeckReadError, match="大きすぎ"):
        read_deck(path, MAX_PIXELS)


def test_read_deck_does_not_touch_the_file(tmp_path: Path, repo_root: Path) -> None:
    import hashlib
    import zipfile

    from assistant.guideline import load_guideline
    from assistant.lint.api import lint_file

    path = build_pptx(tmp_path / "t.pptx", slide=slide_xml(sp(5, "Box", (0, 0, 10, 10), tx_body=txbody(
        para("x")))), master=master_xml(MASTER_PHS), layout=layout_xml(LAYOUT_PHS))
    for file in (path, repo_root / "templates" / "pptx" / "kitakami-a4.pptx"):
        before = hashlib.sha256(file.read_bytes()).hexdigest()
        with zipfile.ZipFile(file) as zf:
            parts_before = {n: zf.read(n) for n in zf.namelist()}
        lint_file(file, load_guideline())
        read_deck(file, MAX_PIXELS)
        assert hashlib.sha256(file.read_bytes()).hexdigest() == before
        with zipfile.ZipFile(file) as zf:
            assert {n: zf.read(n) for n in zf.namelist()} == parts_before


def test_3d_shadow_variants_and_alternate_content(tmp_path: Path) -> None:
    effects = ('<a:effectLst><a:innerShdw blurRad="1"><a:srgbClr val="000000"/></a:innerShdw>'
               '<a:prstShdw prst="shdw1"><a:srgbClr val="000000"/></a:prstShdw></a:effectLst>'
               '<a:scene3d><a:camera prst="perspectiveFront"/><a:lightRig rig="threePt" dir="t"/></a:scene3d>'
               '<a:sp3d><a:bevelT/></a:sp3d>')
    flat = ('<a:scene3d><a:camera prst="orthographicFront"/><a:lightRig rig="threePt" dir="t"/>'
            '</a:scene3d>')
    alternate = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice Requires="a14">{sp(40, "Choice", (0, 0, 1, 1))}</mc:Choice>'
        f'<mc:Fallback>{sp(41, "Fallback", (0, 0, 1, 1))}</mc:Fallback></mc:AlternateContent>'
    )
    deck = read(tmp_path, slide=slide_xml(
        sp(5, "Fancy", (0, 0, 10, 10), sp_pr=effects) + sp(6, "Flat", (0, 0, 10, 10), sp_pr=flat)
        + alternate))
    assert shape(deck, "Fancy").effects == ["inner_shadow", "preset_shadow", "3d", "bevel"]
    assert shape(deck, "Flat").effects == []
    assert [s.name for s in deck.slides[0].shapes][-1] == "Fallback"


def test_picture_background_and_slide_hiding_master_shapes(tmp_path: Path) -> None:
    bg = ('<p:bg><p:bgPr><a:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch>'
          '</a:blipFill><a:effectLst/></p:bgPr></p:bg>')
    slide = slide_xml(bg=bg).replace("<p:sld ", '<p:sld showMasterSp="0" ')
    master = master_xml(sp(20, "Master Band", (0, 0, 500, 500)))
    deck = read(tmp_path, slide=slide, master=master, media={"image1.png": png_bytes()})
    background = deck.slides[0].background
    assert (background.kind, background.image_part) == ("picture", "/ppt/media/image1.png")
    assert deck.slides[0].shapes == []


def test_images_decode_bounded_and_thumbnails(tmp_path: Path, guideline) -> None:  # noqa: ANN001
    from assistant.lint.context import LintContext
    from assistant.lint.images import ImageTooLarge, decode_image, load_image, load_thumbnail

    with pytest.raises(ImageTooLarge):
        decode_image(huge_png(30000, 30000), MAX_PIXELS)
    parts = {"/big.png": png_bytes((400, 200)), "/bad.png": b"not an image"}
    ctx = LintContext(guideline=guideline, part_bytes=parts.__getitem__)
    assert load_image(ctx, "/big.png").size == (400, 200)  # type: ignore[union-attr]
    assert load_thumbnail(ctx, "/big.png", 100).size == (100, 50)  # type: ignore[union-attr]
    assert load_image(ctx, "/bad.png") is None and load_thumbnail(ctx, "/bad.png", 10) is None


def test_hyperlinks_unset_fonts_and_hidden_groups(tmp_path: Path) -> None:
    link = ('<a:p><a:r><a:rPr lang="ja-JP"><a:hlinkClick r:id="rIdLink"/></a:rPr><a:t>url</a:t></a:r>'
            '<a:r><a:rPr lang="ja-JP"><a:solidFill><a:srgbClr val="222222"/></a:solidFill>'
            '<a:hlinkClick r:id="rIdLink"/></a:rPr><a:t>own</a:t></a:r></a:p>')
    hidden_group = group("Hidden", (0, 0), (10, 10), (0, 0), (10, 10), sp(9, "Inside", (0, 0, 5, 5))
                         ).replace('name="Hidden"', 'name="Hidden" hidden="1"')
    deck = read(tmp_path, slide=slide_xml(sp(5, "Links", (0, 0, 10, 10), tx_body=txbody(link))
                                          + hidden_group),
                theme=theme_xml(minor_latin="Calibri", minor_ea="游ゴシック"))
    runs = shape(deck, "Links").text.paragraphs[0].runs  # type: ignore[union-attr]
    assert [r.colour for r in runs] == ["#0000FF", "#222222"]  # theme hlink unless set
    assert (runs[0].font_latin, runs[0].font_ea) == ("Calibri", "游ゴシック")  # theme minor font
    assert shape(deck, "Inside").hidden is True
