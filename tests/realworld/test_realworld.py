"""The real-world case suite: every expected outcome agrees, or the case says why it does not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import case_files, evaluate_case, load_case  # noqa: E402
from report import render  # noqa: E402

from csaudit.engine.library.loader import load_library  # noqa: E402

_LIBRARY = load_library()
_FILES = case_files()


def test_the_suite_has_at_least_thirty_cases_each_with_a_source():
    assert len(_FILES) >= 30
    for path in _FILES:
        case = load_case(path)
        assert case["source"]["url"].startswith("http") and case["source"]["published"], path.name
        assert case["expected"], path.name
        assert isinstance(case.get("profile"), dict), f"{path.name}: no profile of the published facts"


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_each_outcome_agrees_or_the_difference_is_explained(path):
    for outcome in evaluate_case(path, _LIBRARY):
        if outcome.agrees:
            assert outcome.difference is None, (f"{outcome.provision}: agrees now; remove its entry from "
                                                "tests/realworld/differences.yaml")
        else:
            assert outcome.difference, (f"{outcome.law} {outcome.provision} on {outcome.subject}: expected "
                                        f"{outcome.expected}, csaudit gives {outcome.actual} {outcome.rules}; "
                                        "explain it in tests/realworld/differences.yaml")


def test_the_published_agreement_figure_is_current():
    """docs/realworld.md states the agreement and lists every difference; it must match what csaudit does now."""
    outcomes = [o for path in _FILES for o in evaluate_case(path, _LIBRARY)]
    page = Path(__file__).resolve().parents[2] / "docs" / "realworld.md"
    assert page.read_text() == render(outcomes), "run: python tests/realworld/report.py"
