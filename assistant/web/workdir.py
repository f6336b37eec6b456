"""Per-request working folders and download names.

Each request works in its own folder under one root; the folder is removed when the request
is done (Gradio has by then copied the files it serves into its own cache, which it cleans
with `delete_cache`). Folders left behind by a crashed request are swept after an hour.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STALE_SECONDS = 3600
MAX_NAME_CHARS = 40
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"[\s\u3000]+")


def work_root() -> Path:
    root = Path(tempfile.gettempdir()) / "kitacoming-web"
    root.mkdir(parents=True, exist_ok=True)
    return root


def sweep_stale(root: Path | None = None, max_age: float = STALE_SECONDS) -> None:
    root = root or work_root()
    now = time.time()
    for child in root.iterdir():
        try:
            if now - child.stat().st_mtime > max_age:
                shutil.rmtree(child, ignore_errors=True)
        except FileNotFoundError:
            continue


@contextmanager
def request_dir(prefix: str) -> Iterator[Path]:
    """A fresh folder for one request, removed afterwards whatever happens."""
    sweep_stale()
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=work_root()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def safe_name(text: str, fallback: str = "チラシ") -> str:
    """A file-name part that works on Windows, macOS and Linux, keeping Japanese."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("", text)
    text = _SPACES.sub("_", text).strip("._ ")
    return text[:MAX_NAME_CHARS].rstrip("._ ") or fallback


def download_name(prefix: str, title: str, index: int | None, suffix: str) -> str:
    """「チラシ_夏の自然観察会_1.pptx」."""
    parts = [prefix, safe_name(title)]
    if index is not None:
        parts.append(str(index))
    return "_".join(parts) + suffix
