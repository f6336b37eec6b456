"""The web app's parts without a server: form mapping, names, login, admin edits, usage."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.event import EventError, event_from_dict
from assistant.guideline.io import DEFAULT_GUIDELINE
from assistant.ledger import Ledger
from assistant.web.admin import (
    apply_common_values,
    check_draft,
    common_values_spec,
    diff_text,
    read_common_values,
)
from assistant.web.auth import AuthConfigError, Sessions, hash_password, load_credentials
from assistant.web.form import (
    FIELDS,
    GENERAL,
    GROUPS,
    errors_by_field,
    event_data,
    example_values,
)
from assistant.web.settings import WebSettings
from assistant.web.usage import SERIES_ACTUAL, SERIES_TARGET, usage_view
from assistant.web.workdir import download_name, request_dir, safe_name


def test_every_group_has_fields_and_required_ones_are_marked() -> None:
    assert {f.group for f in FIELDS} == set(GROUPS)
    required = {f.key for f in FIELDS if f.required}
    assert required == {"title", "organizer", "date", "start_time", "venue", "contact.department"}
    assert all(f.shown_label.endswith("（必須）") for f in FIELDS if f.required)


def test_example_fills_a_valid_event() -> None:
    event = event_from_dict(event_data(example_values()))
    assert event.title and event.contact.department


def test_errors_land_next_to_their_fields() -> None:
    values = example_values() | {"title": "", "date": "2026-02-30", "contact.phone": "",
                                 "contact.email": "", "end_time": "09:00"}
    with pytest.raises(EventError) as info:
        event_from_dict(event_data(values))
    grouped = errors_by_field(info.value.messages)
    assert set(grouped) >= {"title", "date", "contact.phone", "contact.email"}
    assert GENERAL not in grouped
    assert all("\u3001" in m or "。" in m for ms in grouped.values() for m in ms)  # Japanese


def test_download_names_are_safe_and_japanese() -> None:
    assert download_name("チラシ", "夏の 自然観察会", 1, ".pptx") == "チラシ_夏の_自然観察会_1.pptx"
    assert safe_name('a/b\\c:d*e?"<>|') == "abcde"
    assert safe_name("../../etc") == "etc"
    assert safe_name("   ") == "チラシ"
    assert len(safe_name("あ" * 200)) <= 40


def test_request_dir_is_removed(tmp_path: Path) -> None:
    with request_dir("t") as work:
        (work / "x.txt").write_text("x")
        kept = work
    assert not kept.exists()


def test_login_from_env_and_file(tmp_path: Path) -> None:
    with pytest.raises(AuthConfigError, match="FLYER_ADMIN_USER"):
        load_credentials(WebSettings(admin_user=None, admin_password=None, admin_file=None))
    secrets_file = tmp_path / "admins.txt"
    secrets_file.write_text(f"# comment\npr:{hash_password('s3cret')}\nplain:pw\n")
    settings = WebSettings(admin_file=secrets_file)
    sessions = Sessions(settings)
    token = sessions.login("pr", "s3cret")
    assert sessions.user_for(token) == "pr"
    assert sessions.user_for(sessions.login("plain", "pw")) == "plain"
    with pytest.raises(AuthConfigError, match="違います"):
        sessions.login("pr", "wrong")
    sessions.logout(token)
    assert sessions.user_for(token) is None
    assert sessions.user_for("forged") is None


def test_admin_file_inside_the_repository_is_refused() -> None:
    with pytest.raises(AuthConfigError, match="リポジトリの外"):
        load_credentials(WebSettings(admin_file=DEFAULT_GUIDELINE))


def test_repeated_failures_lock_the_user_out(tmp_path: Path) -> None:
    sessions = Sessions(WebSettings(admin_user="pr", admin_password="pw", admin_file=None))
    for _ in range(5):
        with pytest.raises(AuthConfigError):
            sessions.login("pr", "nope")
    with pytest.raises(AuthConfigError, match="しばらく"):
        sessions.login("pr", "pw")


def test_form_edits_keep_comments_and_validate(guideline) -> None:  # type: ignore[no-untyped-def]
    text = DEFAULT_GUIDELINE.read_text(encoding="utf-8")
    spec = common_values_spec(guideline)
    values = read_common_values(text, spec)
    assert values["safe_mm"] == guideline.margins.safe_mm
    values |= {"safe_mm": 12.0, "palette.ajisai_blue": "#3a56a6", "role.body": 13.0}
    edited = apply_common_values(text, spec, values)
    changed = [line for line in diff_text(text, edited, "v1").splitlines()
               if line.startswith("+") and not line.startswith("+++")]
    assert len(changed) == 3
    assert any('hex: "#3A56A6"' in line for line in changed)
    assert any("safe_mm: 12  " in line and "# everything" in line for line in changed)
    parsed, problems = check_draft(edited)
    assert parsed is not None and not problems
    assert parsed.typography.roles["body"].min_pt == 13


def test_draft_problems_are_reported_by_line_in_japanese() -> None:
    text = DEFAULT_GUIDELINE.read_text(encoding="utf-8").replace("safe_mm: 10", "safe_mm: x")
    parsed, problems = check_draft(text)
    assert parsed is None
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "safe_mm: x" in t)
    assert problems[0][0] == line
    assert "数値" in problems[0][2]


def test_usage_counts_made_flyers_with_logo_against_the_kpi(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    settings = WebSettings(data_dir=tmp_path, kpi_target_per_year=60)
    for month in (4, 4, 5):
        ledger.record("make", "課", True, 100.0, True, at=datetime(2026, month, 10, tzinfo=UTC))
    ledger.record("check", "課", True, 90.0, True, at=datetime(2026, 4, 11, tzinfo=UTC))
    summary, frame, months, recent = usage_view(ledger, settings, 2026)
    assert "**3件**" in summary and "目標 60件" in summary and "令和8年度" in summary
    actual = frame[frame["系列"] == SERIES_ACTUAL]["件数"].tolist()
    assert actual[:3] == [2, 3, 3] and actual[-1] == 3
    assert frame[frame["系列"] == SERIES_TARGET]["件数"].tolist()[-1] == 60
    assert months[0][:3] == ["2026年4月", 2, 2]
    assert len(recent) == 4 and [r[2] for r in recent[:2]] == ["チラシ作成", "チェック"]
