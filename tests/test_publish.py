"""Versioned guideline publishing: atomic, with history and rollback, read on every request."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.guideline import GuidelineError
from assistant.guideline import publish as pub
from assistant.guideline.io import DEFAULT_GUIDELINE, dump_document, read_document


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLYER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def shipped_text() -> str:
    return DEFAULT_GUIDELINE.read_text(encoding="utf-8")


def with_min_body_pt(text: str, size: float) -> str:
    doc = read_document(text)
    doc["typography"]["roles"]["body"]["min_pt"] = size
    return dump_document(doc)


def test_shipped_guideline_is_in_force_until_something_is_published() -> None:
    assert pub.current_version() is None
    assert pub.current_guideline_path() == DEFAULT_GUIDELINE
    assert pub.history() == []


def test_data_dir_defaults_outside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLYER_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert pub.data_dir() == Path.home() / ".local" / "share" / "kitacoming"
    assert DEFAULT_GUIDELINE.parent.parent not in pub.data_dir().parents


def test_publish_takes_effect_on_next_load_and_keeps_comments(data_dir: Path) -> None:
    before = pub.load_current_guideline()
    text = with_min_body_pt(shipped_text(), 13)
    version = pub.publish(text, author="pr", note="本文を13ptに")
    assert version.number == 1
    assert pub.load_current_guideline().typography.roles["body"].min_pt == 13
    assert before.typography.roles["body"].min_pt != 13
    assert "# 北上市シティブランド" in pub.current_text()
    assert pub.current_guideline_path().is_relative_to(data_dir)


def test_invalid_text_is_refused_and_nothing_changes() -> None:
    pub.publish(shipped_text(), author="pr")
    bad = shipped_text().replace("safe_mm: 10", "safe_mm: -1")
    with pytest.raises(GuidelineError) as info:
        pub.publish(bad, author="pr")
    assert info.value.problems and info.value.problems[0].line > 1
    assert pub.current_version().number == 1
    assert len(pub.history()) == 1


def test_rollback_restores_old_text_as_a_new_version() -> None:
    first = pub.publish(shipped_text(), author="pr")
    pub.publish(with_min_body_pt(shipped_text(), 14), author="pr")
    back = pub.rollback(first.number, author="pr")
    assert back.number == 3 and back.rollback_of == 1
    assert pub.current_text() == shipped_text()
    assert [v.number for v in pub.history()] == [3, 2, 1]
    with pytest.raises(pub.PublishError):
        pub.rollback(99, author="pr")


def test_concurrent_publishes_get_distinct_versions() -> None:
    errors: list[BaseException] = []

    def publish_one(size: int) -> None:
        try:
            pub.publish(with_min_body_pt(shipped_text(), size), author=f"u{size}")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=publish_one, args=(12 + i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(v.number for v in pub.history()) == [1, 2, 3, 4]
    assert pub.load_current_guideline().typography.roles["body"].min_pt in {12, 13, 14, 15}
