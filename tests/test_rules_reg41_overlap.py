"""One telephone line, one judgement: the CCR 2013 reg. 41 duty or the BS 8477 6.2.1 good practice, never both.

bs8477-6-2-1-standard-rate-numbers leaves to ccr2013-reg41-basic-rate-helpline every line that rule judges. The CCR
rule reads the named condition ccr2013-reg41-existing-customer-line; the BS rule holds its negation written out
(durable-rules cannot compile the negated condition). This test keeps the two equal over every combination of the
facts they read, so a change to the reg. 41 scope that is not made in both places fails here.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from csaudit.engine.evaluate import run_check
from csaudit.engine.library.loader import Library, load_library
from csaudit.engine.match.backends import get_backend
from csaudit.facts.loader import load_profile_data

CCR, BS = "ccr2013-reg41-basic-rate-helpline", "bs8477-6-2-1-standard-rate-numbers"
PURPOSES = ["sales", "existing_contracts", "complaints", "technical_support", "returns", "billing",
            "general_enquiries", "emergencies", "appointments"]
CUSTOMERS = [None, ["consumers"], ["businesses"], ["consumers", "businesses"]]
KINDS = ["phone", "textphone", "email"]
# every single purpose, none, a mixed pair, and purposes not stated
PURPOSE_SETS = [None, []] + [[p] for p in PURPOSES] + [["sales", "billing"]]

_LIBRARY = load_library()


def _status(library: Library, rule_id: str, profile: dict, backend) -> str:
    single = Library({rule_id: library.rules[rule_id]}, library.roots, library.conditions)
    report = run_check(load_profile_data(profile, "overlap"), single, as_of=profile["as_of"], backend=backend,
                       include_manual=False)
    [finding] = [f for f in report.findings if f.subject.key == "line"]
    return finding.status


def _profile(customers, kind, purposes) -> dict:
    org = {"name": "Overlap test"}
    if customers is not None:
        org["customers"] = customers
    line = {"id": "line", "kind": kind}
    if kind != "email":
        line["number"] = "0871 123 4567"       # a service-charge number: each rule that applies finds a gap
    else:
        line["address"] = "help@example.org"
    if purposes is not None:
        line["purposes"] = purposes
    return {"as_of": dt.date(2026, 11, 23), "organisation": org, "channels": [line]}


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_each_telephone_line_is_judged_by_exactly_one_rule(engine):
    backend = get_backend(engine, warn=lambda m: None)
    wrong = []
    for customers, kind, purposes in itertools.product(CUSTOMERS, KINDS, PURPOSE_SETS):
        profile = _profile(customers, kind, purposes)
        ccr, bs = _status(_LIBRARY, CCR, profile, backend), _status(_LIBRARY, BS, profile, backend)
        if kind == "email":
            ok = ccr == bs == "not_applicable"
        else:
            ok = (ccr, bs) in {("gap", "not_applicable"), ("not_applicable", "gap"), ("unknown", "unknown")}
        if not ok:
            wrong.append(f"customers={customers} kind={kind} purposes={purposes}: {CCR} {ccr}, {BS} {bs}")
    assert not wrong, "\n".join(wrong)
