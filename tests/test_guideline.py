"""The shipped guideline loads; its cross-references hold."""

from assistant.guideline import Guideline


def test_shipped_guideline_loads(guideline: Guideline) -> None:
    assert guideline.page.width_mm == 210
    assert guideline.page.height_mm == 297
    assert guideline.fonts.primary in guideline.fonts.allowed


def test_every_clause_id_is_unique(guideline: Guideline) -> None:
    clauses = guideline.clauses()
    assert len(clauses) >= 15
    assert all(cid.startswith("KC-") for cid in clauses)
