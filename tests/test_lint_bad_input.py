"""Bad input: every broken file gets exit 2 and one clear message, the other files are still
linted, memory stays bounded and no traceback is printed. Each bad file is made in its test."""

from __future__ import annotations

import resource
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tests.lint_package_builder import build_pptx, pic, slide_xml, sp
from tests.test_lint_reader import huge_png

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return build_pptx(tmp_path / "good.pptx", slide=slide_xml(sp(2, "Box", (0, 0, 10, 10))))


def lint_bad_and_good(bad: Path, good: Path, expected_message: str) -> None:
    result = run_cli("lint", bad, good, "--jobs", "1")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert expected_message in result.stderr
    assert f"{bad}: 読めません" in result.stderr
    assert f"{good}:" in result.stdout  # the good file was linted and scored
    assert f"{good}: 読めないファイル" not in result.stdout


def test_not_a_zip(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "notes.pptx"
    bad.write_text("これは PowerPoint ではありません\n", encoding="utf-8")
    lint_bad_and_good(bad, good, "（ZIP 形式）ではありません")


def test_truncated_zip(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "cut.pptx"
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    lint_bad_and_good(bad, good, "ZIP が壊れています")


def test_zip_bomb_with_absurd_ratio(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("ppt/slides/slide1.xml", "w") as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(64):  # 64 MiB of zeros: about 64 KiB compressed
                fh.write(block)
    assert bad.stat().st_size < 1024 * 1024
    lint_bad_and_good(bad, good, "ZIP 爆弾")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 400 * 1024  # never inflated the 64 MiB (or anything like it)


def test_zip_bomb_declaring_an_enormous_size(tmp_path: Path, good: Path) -> None:
    """A tiny file whose central directory claims a 4 GB member."""
    bad = tmp_path / "liar.pptx"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<x/>")
    data = bytearray(bad.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # last central directory entry: ppt/presentation.xml
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)  # uncompressed size field
    bad.write_bytes(bytes(data))
    assert bad.stat().st_size < 4096
    lint_bad_and_good(bad, good, "ZIP 爆弾")


def test_external_entity(tmp_path: Path, good: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE p:sld [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&x;</p:sld>')
    bad = build_pptx(tmp_path / "xxe.pptx", slide=xxe)
    lint_bad_and_good(bad, good, "DTD")
    assert "TOP-SECRET" not in run_cli("lint", bad, "--format", "json").stdout


def test_billion_laughs(tmp_path: Path, good: Path) -> None:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE p:sld [{entities}]>'
            '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&l9;</p:sld>')
    bad = build_pptx(tmp_path / "laughs.pptx", slide=bomb)
    lint_bad_and_good(bad, good, "DTD")


def test_missing_presentation_part(tmp_path: Path, good: Path) -> None:
    bad = build_pptx(tmp_path / "nopres.pptx", omit=("ppt/presentation.xml",))
    lint_bad_and_good(bad, good, "presentation.xml")


def test_slide_relationship_pointing_nowhere(tmp_path: Path, good: Path) -> None:
    bad = build_pptx(tmp_path / "dangling.pptx", slide_id_target="slides/slide9.xml")
    lint_bad_and_good(bad, good, "スライド 1 の部品がありません")


def test_encrypted_pptx(tmp_path: Path, good: Path) -> None:
    """A password-protected .pptx is an OLE compound file, not a zip."""
    bad = tmp_path / "locked.pptx"
    bad.write_bytes(CFB_MAGIC + b"\0" * 504 + b"EncryptedPackage".ljust(512, b"\0"))
    lint_bad_and_good(bad, good, "パスワード")


def test_legacy_ppt(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "old.ppt"
    bad.write_bytes(CFB_MAGIC + b"\0" * 504 + "PowerPoint Document".encode("utf-16-le").ljust(512, b"\0"))
    lint_bad_and_good(bad, good, "古い形式（.ppt）")


def test_empty_file(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "empty.pptx"
    bad.write_bytes(b"")
    lint_bad_and_good(bad, good, "空のファイル")


def test_huge_image(tmp_path: Path, good: Path) -> None:
    bad = build_pptx(tmp_path / "huge.pptx", slide=slide_xml(pic(10, "Huge", (0, 0, 100, 100))),
                     media={"image1.png": huge_png(30000, 30000)})
    assert bad.stat().st_size < 10000
    lint_bad_and_good(bad, good, "画像 /ppt/media/image1.png が大きすぎます")


def test_missing_file_and_directory_of_mixed_files(tmp_path: Path, good: Path) -> None:
    (tmp_path / "empty.pptx").write_bytes(b"")
    result = run_cli("lint", tmp_path, tmp_path / "nothing.pptx", "--jobs", "2")
    assert result.returncode == 2
    assert "ファイルが見つかりません" in result.stderr and "空のファイル" in result.stderr
    assert f"{good}:" in result.stdout
    assert "Traceback" not in result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.text(alphabet="0123456789-+.eE xyz%#naif", max_size=12),
    cut=st.integers(min_value=0, max_value=4000),
    attribute=st.sampled_from(["x", "y", "cx", "sz", "val", "rot", "lvl", "idx", "fontScale"]),
)
def test_reader_only_ever_returns_a_deck_or_a_read_error(tmp_path: Path, value: str, cut: int,
                                                          attribute: str) -> None:
    """Garbage attribute values and truncated XML never crash the reader."""
    from assistant.lint import DeckReadError, read_deck
    from tests.lint_package_builder import para, txbody

    body = txbody(para("テキスト", rpr='sz="1200"'), body_pr='<a:bodyPr><a:normAutofit fontScale="90000"/></a:bodyPr>')
    slide = slide_xml(
        sp(2, "Box", (10, 20, 30, 40), tx_body=body, sp_pr='<a:solidFill><a:schemeClr val="accent1">'
           '<a:lumMod val="75000"/></a:schemeClr></a:solidFill>')
        + sp(3, "Title", None, '<p:ph type="title" idx="0"/>'))
    slide = slide.replace(f'{attribute}="', f'{attribute}="{value}', 1)
    for variant in (slide, slide[:cut]):
        path = build_pptx(tmp_path / "fuzz.pptx", slide=variant)
        try:
            deck = read_deck(path, 60_000_000)
        except DeckReadError as exc:
            assert str(exc)
        else:
            assert deck.slides


def test_a_large_flat_but_plausible_part_is_accepted(tmp_path: Path) -> None:
    """The bomb limits leave real files alone: an 8 MiB flat image part compresses ~1000:1."""
    from assistant.lint import read_deck

    path = build_pptx(tmp_path / "flat.pptx", media={"flat.bmp": b"\xff" * (8 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    assert read_deck(path, 60_000_000).slides
