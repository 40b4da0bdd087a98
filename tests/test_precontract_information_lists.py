"""trading.information: the items given and the items known not to be given, and how the per-item rules read them."""

from __future__ import annotations

import pytest
from conftest import write
from csaudit.engine.evaluate import run_check
from csaudit.engine.library.loader import load_library
from csaudit.facts.loader import load_profile, load_profile_data
from csaudit.facts.located.problems import ProfileError

BOTH = """\
as_of: 2026-11-23
organisation: {name: X}
trading:
  information:
    distance: [identity, total_price]
    distance_not_given: [total_price]
"""


def test_an_item_both_given_and_not_given_is_a_located_problem(tmp_path):
    path = write(tmp_path, "p.yaml", BOTH)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.key) == (4, "trading.information")
    assert "total_price" in problem.message and "distance_not_given" in problem.message


def _status(info: dict, rule_id: str) -> str:
    profile = {
        "as_of": "2026-11-23",
        "organisation": {"name": "X"},
        "offerings": [{"id": "films", "name": "Films", "kind": "digital_content", "sector": "general",
                       "sold": ["distance"], "distance_means": ["website"], "to_consumers": True,
                       "traits": ["renews_automatically"], "early_start": "never"}],
        "trading": {"information": info},
    }
    report = run_check(load_profile_data(profile, "p.yaml"), load_library(), engine="python")
    (finding,) = [f for f in report.findings if f.rule_id == rule_id and f.subject.key == "films"]
    return finding.status


@pytest.mark.parametrize(("info", "expected"), [
    ({"distance_not_given": ["termination_conditions"]}, "gap"),
    ({"distance": ["identity", "total_price"]}, "gap"),
    ({"distance": ["termination_conditions"]}, "met"),
    ({"distance": ["termination_conditions"], "distance_not_given": ["adr"]}, "met"),
    ({"distance_not_given": ["adr"]}, "unknown"),
    ({}, "unknown"),
])
def test_one_omission_decides_its_own_item_only(info, expected):
    assert _status(info, "ccr2013-reg13-sch2-s-conditions-for-ending") == expected


def test_an_omission_of_one_item_leaves_the_others_unknown():
    assert _status({"distance_not_given": ["termination_conditions"]}, "ccr2013-reg13-sch2-h-cost-per-billing-period") == "unknown"
