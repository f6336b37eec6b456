"""Versioned publishing of the brand guideline, outside the repository.

PR staff edit a draft in the web app and publish it. Every published text is kept as
`<data dir>/guideline/history/v0001.yaml`, `v0002.yaml`, ... with a small JSON sidecar
(time, who, note). The file `<data dir>/guideline/CURRENT` names the version in force; it is
replaced atomically, so a reader sees the old or the new version, never a mix. Rolling back
publishes the text of an older version again as a new version: history only grows.

The generator and the linter of the web app call `load_current_guideline()` on every request,
so a publish takes effect on the next request without a restart. With nothing published yet,
the shipped `brand_guidelines/kitakami.yaml` is in force.

The data directory is `$FLYER_DATA_DIR`, else `$XDG_DATA_HOME/kitacoming`, else
`~/.local/share/kitacoming` (never inside the repository by default).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.guideline.io import (
    DEFAULT_GUIDELINE,
    parse_guideline,
    write_text_atomic,
)
from assistant.guideline.model import Guideline
from assistant.paths import PROJECT_ROOT

VERSION_DIGITS = 4
_cache_lock = threading.Lock()
_cache: dict[tuple[str, int], Guideline] = {}


def data_dir() -> Path:
    """The directory for published guidelines, the usage ledger and kept flyers."""
    configured = os.environ.get("FLYER_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "kitacoming"


def _guideline_dir() -> Path:
    return data_dir() / "guideline"


def _history_dir() -> Path:
    return _guideline_dir() / "history"


def _pointer() -> Path:
    return _guideline_dir() / "CURRENT"


class PublishError(Exception):
    """A publishing request cannot be done; the message is Japanese, for the PR staff."""


@dataclass(frozen=True)
class Version:
    """One published version of the guideline."""

    number: int
    published_at: str  # ISO 8601, UTC
    author: str
    note: str
    meta_version: str  # the YAML's own meta.version at publish time
    rollback_of: int | None = None

    @property
    def label(self) -> str:
        return f"v{self.number}"


def _yaml_path(number: int) -> Path:
    return _history_dir() / f"v{number:0{VERSION_DIGITS}d}.yaml"


def _meta_path(number: int) -> Path:
    return _history_dir() / f"v{number:0{VERSION_DIGITS}d}.json"


def current_version() -> Version | None:
    """The version in force, or None while the shipped guideline is in force."""
    try:
        number = int(_pointer().read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError):
        return None
    return _read_version(number)


def _read_version(number: int) -> Version | None:
    try:
        data = json.loads(_meta_path(number).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return Version(**data)


def current_guideline_path() -> Path:
    """The YAML file in force now: the latest publish, or the shipped guideline."""
    version = current_version()
    if version is not None and _yaml_path(version.number).is_file():
        return _yaml_path(version.number)
    return DEFAULT_GUIDELINE


def load_current_guideline() -> Guideline:
    """Parse the guideline in force (cached by file and modification time)."""
    path = current_guideline_path()
    key = (str(path), path.stat().st_mtime_ns)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    guideline = parse_guideline(path.read_text(encoding="utf-8"), str(path), base_dir=PROJECT_ROOT)
    with _cache_lock:
        _cache.clear()
        _cache[key] = guideline
    return guideline


def current_text() -> str:
    return current_guideline_path().read_text(encoding="utf-8")


def history() -> list[Version]:
    """Every published version, newest first."""
    if not _history_dir().is_dir():
        return []
    versions = []
    for meta in _history_dir().glob("v*.json"):
        version = _read_version(int(meta.stem[1:]))
        if version is not None:
            versions.append(version)
    return sorted(versions, key=lambda v: v.number, reverse=True)


def version_text(number: int) -> str:
    path = _yaml_path(number)
    if not path.is_file():
        raise KeyError(number)
    return path.read_text(encoding="utf-8")


def _claim_next_number() -> int:
    """Create the next history file exclusively, so two publishers never share a number."""
    _history_dir().mkdir(parents=True, exist_ok=True)
    existing = [int(p.stem[1:]) for p in _history_dir().glob("v*.yaml") if p.stem[1:].isdigit()]
    number = max(existing, default=0) + 1
    while True:
        try:
            fd = os.open(_yaml_path(number), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            number += 1
            continue
        os.close(fd)
        return number


def publish(text: str, author: str, note: str = "", rollback_of: int | None = None) -> Version:
    """Validate `text` and make it the guideline in force. Raises GuidelineError if invalid."""
    guideline = parse_guideline(text, "<draft>", base_dir=PROJECT_ROOT)
    number = _claim_next_number()
    write_text_atomic(_yaml_path(number), text)
    version = Version(
        number=number,
        published_at=datetime.now(UTC).isoformat(timespec="seconds"),
        author=author,
        note=note,
        meta_version=guideline.meta.version,
        rollback_of=rollback_of,
    )
    write_text_atomic(_meta_path(number), json.dumps(asdict(version), ensure_ascii=False))
    write_text_atomic(_pointer(), f"{number}\n")
    return version


def rollback(number: int, author: str) -> Version:
    """Put an older version back in force (as a new version with the old text)."""
    try:
        text = version_text(number)
    except KeyError:
        raise PublishError(f"v{number} という版はありません") from None
    return publish(text, author, note=f"v{number} に戻しました", rollback_of=number)


__all__ = [
    "PublishError",
    "Version",
    "current_guideline_path",
    "current_text",
    "current_version",
    "data_dir",
    "history",
    "load_current_guideline",
    "publish",
    "rollback",
    "version_text",
]
