"""Read-only, bounded access to an OPC package (.pptx): parts, content types, relationships.

Nothing here writes. Sizes are bounded before anything is inflated: a member whose declared
size or compression ratio is absurd is refused when the package is opened (zip bomb), and every
read stops at the limit even when the declared size lies.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from lxml import etree

from assistant.lint.xmlutil import XmlError, ns, parse_xml

# Technical safety limits (not brand rules): far above any real flyer, far below harm.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 500  # uncompressed / compressed (deflate tops out near 1030:1, i.e. one repeated byte)
RATIO_MIN_BYTES = 16 * 1024 * 1024  # small members may compress that well legitimately
MAX_MEMBERS = 20000

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PRESENTATION_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


class DeckReadError(Exception):
    """The file cannot be read as a presentation. The message is for the user (Japanese)."""


@dataclass(frozen=True)
class Relationship:
    rid: str
    type: str
    target: str  # absolute part name ("/ppt/slides/slide1.xml") or the external URL
    external: bool

    @property
    def type_name(self) -> str:
        return self.type.rsplit("/", 1)[-1]


def _sniff_not_zip(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        return "空のファイルです（0 バイト）。"
    if head == CFB_MAGIC:
        return (
            "パスワードで保護された .pptx か、古い形式（.ppt）のファイルです。"
            "パスワードを外すか、PowerPoint で .pptx として保存しなおしてください。"
        )
    if head.startswith(b"PK"):
        return "ZIP が壊れています（途中で切れている可能性があります）。"
    return ".pptx（ZIP 形式）ではありません。"


class Package:
    """An open .pptx. Use as a context manager; parts are cached once parsed."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DeckReadError("ファイルが見つかりません。")
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise DeckReadError(_sniff_not_zip(self.path)) from None
        try:
            self._names = self._check_members()
            self.content_types = self._read_content_types()
        except BaseException:
            self._zip.close()
            raise
        self._xml: dict[str, etree._Element] = {}
        self._rels: dict[str, dict[str, Relationship]] = {}

    # --- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- members --------------------------------------------------------------------------
    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DeckReadError(f"ZIP の中のファイルが多すぎます（{len(infos)} 個）。")
        total = 0
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise DeckReadError("ZIP が暗号化されています。パスワードを外してください。")
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
                    or (info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO)):
                raise DeckReadError(
                    "展開すると大きすぎるファイルです（ZIP 爆弾の可能性）。"
                    f"問題の部品: {info.filename}（{info.file_size:,} バイト）"
                )
            names["/" + info.filename.lstrip("/")] = info
        return names

    def has_part(self, part: str) -> bool:
        return part in self._names

    def part_size(self, part: str) -> int:
        return self._names[part].file_size

    def part_names(self) -> list[str]:
        return list(self._names)

    def read(self, part: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """The bytes of a part, never more than `limit` even if the declared size lies."""
        info = self._names.get(part)
        if info is None:
            raise DeckReadError(f"部品 {part} がありません（ファイルが壊れています）。")
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise DeckReadError(f"部品 {part} を読めません（ZIP が壊れています: {exc}）。") from None
        if len(data) > limit:
            raise DeckReadError(f"部品 {part} が大きすぎます（ZIP 爆弾の可能性）。")
        return data

    def xml(self, part: str) -> etree._Element:
        if part not in self._xml:
            try:
                self._xml[part] = parse_xml(self.read(part, MAX_XML_BYTES), part)
            except XmlError as exc:
                raise DeckReadError(f"XML を読めません: {exc}") from None
        return self._xml[part]

    def content_type(self, part: str) -> str:
        overrides, defaults = self.content_types
        if part in overrides:
            return overrides[part]
        ext = part.rsplit(".", 1)[-1].lower()
        return defaults.get(ext, "application/octet-stream")

    def _read_content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        if "/[Content_Types].xml" not in self._names:
            raise DeckReadError("[Content_Types].xml がありません。.pptx ではないようです。")
        root = self.xml_uncached("/[Content_Types].xml")
        ct = ns("ct")
        overrides = {o.get("PartName", ""): o.get("ContentType", "") for o in root.iter(ct + "Override")}
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(ct + "Default")
        }
        return overrides, defaults

    def xml_uncached(self, part: str) -> etree._Element:
        try:
            return parse_xml(self.read(part, MAX_XML_BYTES), part)
        except XmlError as exc:
            raise DeckReadError(f"XML を読めません: {exc}") from None

    # --- relationships --------------------------------------------------------------------
    def rels(self, part: str) -> dict[str, Relationship]:
        """Relationships of a part by rId ("/" for the package itself). Missing .rels = none."""
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> dict[str, Relationship]:
        directory, name = posixpath.split(part)
        rels_part = posixpath.join(directory, "_rels", name + ".rels")
        if not self.has_part(rels_part):
            return {}
        out: dict[str, Relationship] = {}
        for rel in self.xml(rels_part).iter(ns("pr") + "Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                base = directory if directory else "/"
                target = posixpath.normpath(posixpath.join(base, target))
                target = "/" + target.lstrip("/")
            out[rel.get("Id", "")] = Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external)
        return out

    def related(self, part: str, rid: str | None) -> str | None:
        """The internal part a relationship id points to, if it exists in the package."""
        if not rid:
            return None
        rel = self.rels(part).get(rid)
        if rel is None or rel.external or not self.has_part(rel.target):
            return None
        return rel.target

    def related_by_type(self, part: str, type_name: str) -> str | None:
        for rel in self.rels(part).values():
            if rel.type_name == type_name and not rel.external and self.has_part(rel.target):
                return rel.target
        return None

    def main_part(self) -> str:
        for rel in self.rels("/").values():
            is_main = rel.type == PRESENTATION_TYPE or rel.type_name == "officeDocument"
            if is_main and self.has_part(rel.target):
                return rel.target
        if self.has_part("/ppt/presentation.xml"):
            return "/ppt/presentation.xml"
        raise DeckReadError(
            "presentation.xml（スライドの一覧）がありません。.pptx ではないか、壊れています。"
        )
