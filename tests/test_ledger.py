"""The usage ledger: rows, kept files, fiscal-year counts of flyers with the logo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.ledger import Ledger, fiscal_months, fiscal_year_of, monthly_logo_counts


def test_records_rows_without_personal_data(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.record("make", "都市プロモーション課", True, 100.0, True, "v1")
    ledger.record("check", "", False, 55.0, False)
    rows = ledger.rows()
    assert [r.kind for r in rows] == ["check", "make"]
    assert rows[1].department == "都市プロモーション課" and rows[1].logo_used
    assert rows[0].passed is False and rows[0].score == 55.0
    columns = {c[1] for c in __import__("sqlite3").connect(ledger.path).execute(
        "PRAGMA table_info(usage)")}
    assert columns == {"id", "at", "kind", "department", "logo_used", "score", "passed",
                       "guideline_version", "kept_file"}


def test_keeps_only_the_newest_files(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger", keep_files=2)
    for i in range(4):
        src = tmp_path / f"f{i}.pptx"
        src.write_bytes(bytes([i]) * 10)
        ledger.record("make", "課", True, 100.0, True, keep=src)
    kept = ledger.kept_files()
    assert len(kept) == 2
    assert [p.read_bytes()[0] for p in kept] == [3, 2]
    assert len(list((tmp_path / "ledger" / "kept").iterdir())) == 2


def test_fiscal_year_counts_in_local_time(tmp_path: Path) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    ledger = Ledger(tmp_path)
    # 2026-03-31 20:00 UTC is already April 1st in Japan: fiscal year 2026
    ledger.record("make", "課", True, 100.0, True, at=datetime(2026, 3, 31, 20, tzinfo=UTC))
    ledger.record("make", "課", True, 100.0, True, at=datetime(2026, 3, 31, 10, tzinfo=UTC))
    ledger.record("make", "課", False, 90.0, True, at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    ledger.record("check", "課", True, 90.0, True, at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    counts = monthly_logo_counts(ledger.rows(), 2026, tokyo)
    assert counts[(2026, 4)] == 1 and counts[(2026, 5)] == 0
    assert sum(counts.values()) == 1
    assert fiscal_year_of(datetime(2027, 3, 1)) == 2026
    assert fiscal_months(2026)[0] == (2026, 4) and fiscal_months(2026)[-1] == (2027, 3)
