"""A small library and profile for the report tests: gaps of each strength, an unknown, a met finding, a
rule that names its owner, an auditor question answered with evidence, and evidence records covering
stated, derived and nested facts. Written here so the report tests do not move when the bundled
library grows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

RULES = {
    "rep-helpline-basic-rate": {
        "title": "Helplines cost no more than a basic-rate call", "strength": "duty", "stage": "after_sales",
        "risk_area": "legal_and_regulatory", "subject": "channel",
        "refs": [{"document": "Test Regulations 2013", "edition": "SI 2013/1", "clause": "reg. 41",
                  "url": "https://example.org/reg41"}],
        "risk": {"likelihood": "almost_certain", "impact": "moderate", "consequences": ["financial", "legal"]},
        "applies_when": {"fact": "channel.kind", "eq": "phone"},
        "requires": {"fact": "channel.basic_rate", "eq": True},
        "gap": "{subject} ({channel.number}) costs more than a basic-rate call.",
        "remediation": "Move {subject} to an 03 number.",
    },
    "rep-complaints-published": {
        "title": "The complaints procedure is published", "strength": "recommendation", "stage": "complaints",
        "risk_area": "quality_and_consistency", "refs": [{"document": "Test Code", "clause": "6.1"}],
        "risk": {"likelihood": "possible", "impact": "moderate", "consequences": ["reputational"]},
        "requires": {"fact": "policies.complaints.published", "eq": True},
        "gap": "The complaints procedure is not published.", "remediation": "Publish the complaints procedure.",
        "owner": "complaints-lead",
    },
    "rep-surveys": {
        "title": "Customers are surveyed", "strength": "good_practice", "stage": "review",
        "risk_area": "customer_insight", "refs": [{"document": "Test Guide", "clause": "risk 2"}],
        "risk": {"likelihood": "possible", "impact": "minor", "consequences": ["reputational"]},
        "requires": {"fact": "feedback.customer_surveys", "eq": True},
        "gap": "Customers are not surveyed.", "remediation": "Survey customers.", "owner": "Head of insight",
    },
    "rep-acknowledge": {
        "title": "Complaints are acknowledged within 5 days", "strength": "recommendation", "stage": "complaints",
        "risk_area": "quality_and_consistency", "refs": [{"document": "Test Code", "clause": "6.2"}],
        "risk": {"likelihood": "likely", "impact": "moderate", "consequences": ["reputational"]},
        "requires": {"fact": "policies.complaints.acknowledge_within_days", "le": 5},
        "gap": "Complaints are acknowledged late.", "remediation": "Acknowledge complaints within 5 days.",
    },
}
CATALOGUE = {
    "source": "testcode", "document": "Test Code", "strength": "recommendation", "stage": "review",
    "risk_area": "governance",
    "items": [{"clause": "9.1", "title": "Staff are briefed on risks", "manual": "Are staff briefed on the risks?"},
              {"clause": "9.2", "title": "Risks are reviewed", "manual": "Are risks reviewed each quarter?"}],
}

PROFILE = """\
as_of: 2026-11-23
organisation: {{name: {name}, customers: [consumers]}}
channels:
  - {{id: help, name: {channel}, kind: phone, number: "0845 123 4567"}}
  - {{id: mail, kind: email}}
policies:
  complaints:
    published: false
feedback:
  customer_surveys: false
governance:
  senior_manager: {{name: Priya Natarajan, role: Customer Experience Director}}
authority:
  roles:
    - {{id: complaints-lead, title: Complaints lead}}
evidence:
  - id: tariff-sheet
    covers: ["channels[help]"]
    document: {document}
    url: https://example.org/tariff
    seen: 2026-10-01
    confirmed_by: J. Okafor, internal audit
  - id: complaints-page
    covers: [policies.complaints]
    document: Website complaints page, screenshot 2026-10-02
answers:
  testcode-9-1:
    answer: "no"
    note: Nobody briefs the staff.
    evidence: {answer_evidence}
    answered_by: J. Okafor
    date: 2026-10-20
"""


def make_library(root: Path) -> Path:
    for rule_id, rule in RULES.items():
        path = root / "test" / f"{rule_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    (root / "clauses").mkdir(parents=True, exist_ok=True)
    (root / "clauses" / "testcode.yaml").write_text(yaml.safe_dump(CATALOGUE, sort_keys=False), encoding="utf-8")
    return root


def _q(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly (control characters included)."""
    import json

    return json.dumps(text)


def make_profile(path: Path, *, name: str = "Test Shop", channel: str = "Helpline",
                 document: str = "Tariff sheet, version 3", answer_evidence: str = "Interview with the team lead.",
                 drop: tuple[str, ...] = (), replace: dict[str, str] | None = None) -> Path:
    text = PROFILE.format(name=_q(name), channel=_q(channel), document=_q(document),
                          answer_evidence=_q(answer_evidence))
    for line in drop:
        text = text.replace(line + "\n", "")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def label(fact: str) -> str:
    """How explanations name a fact (from its catalogue description, which may be reworded)."""
    from csaudit.engine.explain import fact_label
    from csaudit.facts.catalogue import catalogue

    return fact_label(catalogue()[fact])


@pytest.fixture
def lib(tmp_path):
    """The small library above, written to a folder (import the fixture by name)."""
    return make_library(tmp_path / "lib")


@pytest.fixture
def profile(tmp_path):
    """The small profile above, written to a file (import the fixture by name)."""
    return make_profile(tmp_path / "shop.yaml")
