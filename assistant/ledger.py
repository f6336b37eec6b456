"""The usage ledger: which flyers were made and which files were checked, in SQLite.

One row per event: time (UTC), department, kind ("make" or "check"), whether the logo is on
the flyer, the compliance score and whether it passed. Nothing personal is stored: no names,
no phone numbers, no file names, only the department. Generated flyers may be kept (a copy of
the first variant, the newest `keep_files` only) so that PR staff can see how a rule change
would affect real flyers.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Literal

Kind = Literal["make", "check"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,               -- ISO 8601 UTC
    kind TEXT NOT NULL CHECK (kind IN ('make', 'check')),
    department TEXT NOT NULL DEFAULT '',
    logo_used INTEGER NOT NULL,     -- 0/1
    score REAL,
    passed INTEGER,                 -- 0/1, NULL if unknown
    guideline_version TEXT NOT NULL DEFAULT '',
    kept_file TEXT                  -- relative to the ledger's directory
);
CREATE INDEX IF NOT EXISTS usage_at ON usage (at);
"""


@dataclass(frozen=True)
class UsageRow:
    at: datetime
    kind: Kind
    department: str
    logo_used: bool
    score: float | None
    passed: bool | None
    guideline_version: str
    kept_file: Path | None


class Ledger:
    """A small SQLite ledger; safe to use from several threads (one connection per call)."""

    def __init__(self, directory: Path, keep_files: int = 50) -> None:
        self.directory = directory
        self.path = directory / "usage.sqlite3"
        self.kept_dir = directory / "kept"
        self.keep_files = keep_files
        self._write_lock = threading.Lock()
        directory.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            yield db
            db.commit()
        finally:
            db.close()

    def record(
        self,
        kind: Kind,
        department: str,
        logo_used: bool,
        score: float | None,
        passed: bool | None,
        guideline_version: str = "",
        keep: Path | None = None,
        at: datetime | None = None,
    ) -> int:
        """Add one row; `keep` is a file to copy into the ledger (generated flyers only)."""
        kept = self._keep(keep) if keep is not None and self.keep_files > 0 else None
        when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        with self._write_lock, self._connect() as db:
            cursor = db.execute(
                "INSERT INTO usage (at, kind, department, logo_used, score, passed,"
                " guideline_version, kept_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (when, kind, department.strip()[:60], int(logo_used), score,
                 None if passed is None else int(passed), guideline_version, kept),
            )
            row_id = int(cursor.lastrowid or 0)
            self._prune_kept(db)
        return row_id

    def _keep(self, source: Path) -> str:
        self.kept_dir.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex}{source.suffix}"
        shutil.copyfile(source, self.kept_dir / name)
        return f"kept/{name}"

    def _prune_kept(self, db: sqlite3.Connection) -> None:
        """Keep only the newest `keep_files` copies; older rows keep their numbers."""
        old = db.execute(
            "SELECT id, kept_file FROM usage WHERE kept_file IS NOT NULL"
            " ORDER BY id DESC LIMIT -1 OFFSET ?", (self.keep_files,),
        ).fetchall()
        for row_id, rel in old:
            (self.directory / rel).unlink(missing_ok=True)
            db.execute("UPDATE usage SET kept_file = NULL WHERE id = ?", (row_id,))

    def rows(self, since: datetime | None = None, limit: int | None = None) -> list[UsageRow]:
        """Rows, newest first."""
        query = "SELECT at, kind, department, logo_used, score, passed, guideline_version," \
                " kept_file FROM usage"
        params: list[object] = []
        if since is not None:
            query += " WHERE at >= ?"
            params.append(since.astimezone(UTC).isoformat(timespec="seconds"))
        query += " ORDER BY at DESC, id DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        with self._connect() as db:
            found = db.execute(query, params).fetchall()
        return [self._row(r) for r in found]

    def _row(self, r: tuple) -> UsageRow:
        return UsageRow(
            at=datetime.fromisoformat(r[0]),
            kind=r[1],
            department=r[2],
            logo_used=bool(r[3]),
            score=r[4],
            passed=None if r[5] is None else bool(r[5]),
            guideline_version=r[6],
            kept_file=(self.directory / r[7]) if r[7] else None,
        )

    def kept_files(self, limit: int = 20) -> list[Path]:
        """The newest kept flyers that still exist on disk."""
        with self._connect() as db:
            found = db.execute(
                "SELECT kept_file FROM usage WHERE kept_file IS NOT NULL ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        paths = [self.directory / rel for (rel,) in found]
        return [p for p in paths if p.is_file()]


def fiscal_year_of(moment: datetime) -> int:
    """Japanese fiscal year (April to March) that `moment` falls in, e.g. 2026-02 -> 2025."""
    return moment.year if moment.month >= 4 else moment.year - 1


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """(year, month) pairs from April of `fiscal_year` to March of the next year."""
    return [(fiscal_year + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(4, 16)]


def monthly_logo_counts(rows: list[UsageRow], fiscal_year: int, tz: tzinfo | None = None
                        ) -> dict[tuple[int, int], int]:
    """Flyers made with the logo, per month of the fiscal year (local time if `tz` given)."""
    counts = dict.fromkeys(fiscal_months(fiscal_year), 0)
    for row in rows:
        if row.kind != "make" or not row.logo_used:
            continue
        local = row.at.astimezone(tz) if tz is not None else row.at
        key = (local.year, local.month)
        if key in counts:
            counts[key] += 1
    return counts
