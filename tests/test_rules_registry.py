"""The registry: every rule is documented, cites a real clause, and the compliant flyer is clean."""

from __future__ import annotations

import re

from assistant.lint.rules import REGISTRY, all_rules
from tests.lint_fixtures import compliant_flyer, run_all

FAMILIES = "LMCTIAF"


def test_every_rule_is_registered_and_documented(guideline):
    rules = all_rules()
    assert {r.code[0] for r in rules} == set(FAMILIES)
    for rule in rules:
        assert re.fullmatch(r"[LMCTIAF]\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        for doc in (rule.summary, rule.what, rule.why, rule.how_to_fix):
            assert doc and re.search(r"[ぁ-んァ-ヶ一-龯]", doc), rule.code
        assert rule.clause_id(guideline) in guideline.clauses(), rule.code
        assert rule.severity(guideline) in ("error", "warning", "info")


def test_names_are_unique():
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))


def test_selection_by_prefix():
    assert [r.code for r in REGISTRY.select(["L00"], ["L001"])][:1] == ["L002"]
    assert all(r.code.startswith("T") for r in REGISTRY.select(["T"]))


def test_compliant_flyer_lints_clean(guideline):
    assert run_all(compliant_flyer(guideline), guideline) == []
