"""Small rule library, profiles and runners for the audit-cycle tests (store, diff, waivers, runs).

The rules are written here rather than taken from the bundled library, so these
tests do not move when the library grows. Between them they cover a duty, a
recommendation, a rule that leaves force, one that comes into force and one with
a dated parameter.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path


def _rule(title: str, strength: str, requires: dict, gap: str, remediation: str, *, stage: str = "complaints",
          area: str = "governance", likelihood: str = "possible", impact: str = "moderate", **extra) -> dict:
    return {"title": title, "refs": [{"document": "Demo Code", "clause": "1"}], "strength": strength, "stage": stage,
            "risk_area": area, "risk": {"likelihood": likelihood, "impact": impact, "consequences": ["financial"]},
            **extra, "requires": requires, "gap": gap, "remediation": remediation}


RULES = {
    "demo-phone-basic-rate": _rule(
        "Phone lines cost no more than a basic-rate call", "duty", {"fact": "channel.basic_rate", "eq": True},
        "{subject} ({channel.number}) costs more than a basic-rate call.", "Move the line to an 03 number.",
        stage="after_sales", area="legal_and_regulatory", likelihood="likely", subject="channel",
        applies_when={"fact": "channel.kind", "eq": "phone"}),
    "demo-complaints-published": _rule(
        "The complaints procedure is published", "recommendation",
        {"fact": "policies.complaints.published", "eq": True}, "The complaints procedure is not published.",
        "Publish the complaints procedure on the website."),
    "demo-adr-signposted": _rule(
        "The website names the ADR body", "duty",
        {"fact": "policies.complaints.external_redress.signposted_on_website", "eq": True},
        "The website does not name the ADR body.", "Name the ADR body on the website.",
        area="legal_and_regulatory", likelihood="likely", impact="major", valid_to=dt.date(2026, 4, 5)),
    "demo-customer-surveys": _rule(
        "Customers are surveyed", "good_practice", {"fact": "feedback.customer_surveys", "eq": True},
        "Customers are not surveyed.", "Survey customers after each contact.", stage="review",
        area="customer_insight", impact="minor", valid_from=dt.date(2026, 4, 6)),
    "demo-acknowledge-complaints": _rule(
        "Complaints are acknowledged promptly", "recommendation",
        {"fact": "policies.complaints.acknowledge_within_days", "le": {"param": "days"}},
        "Complaints are acknowledged in {policies.complaints.acknowledge_within_days} days, more than {params.days}.",
        "Acknowledge complaints sooner.", area="quality_and_consistency", likelihood="almost_certain",
        impact="major", params={"days": {"values": {dt.date(2020, 1, 1): {"value": 5},
                                                    dt.date(2026, 4, 6): {"value": 3}}}}),
}

PROFILE = """\
as_of: {as_of}
organisation: {{name: {org}, customers: [consumers]}}
channels:
{channels}
policies:
  complaints:
    published: {published}
    acknowledge_within_days: {ack}
    external_redress: {{signposted_on_website: false}}
feedback: {{customer_surveys: {surveys}}}
"""


def make_rules(root: Path, only: tuple[str, ...] | None = None, edits: dict[str, dict] | None = None) -> Path:
    """Write the demo rules below ``root/rules/demo`` (``edits`` replaces whole rules); return ``root/rules``."""
    import yaml

    folder = root / "rules" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    texts = {**RULES, **(edits or {})}
    for rule_id, rule in texts.items():
        if only is None or rule_id in only:
            (folder / f"{rule_id}.yaml").write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    return root / "rules"


def profile_yaml(*, as_of: str = "2026-03-31", org: str = "Shop Ltd", number: str = "0845 123 4567",
                 published: bool = False, ack: int = 4, surveys: bool = False, extra_channel: bool = False) -> str:
    channels = f'  - {{id: help, kind: phone, number: "{number}", purposes: [existing_contracts]}}\n'
    if extra_channel:
        channels += '  - {id: sales, kind: phone, number: "0871 234 5678", purposes: [sales]}\n'
    return PROFILE.format(as_of=as_of, org=org, channels=channels.rstrip("\n"), published=str(published).lower(),
                          ack=ack, surveys=str(surveys).lower())


def write_profile(folder: Path, name: str = "profile.yaml", **facts) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(profile_yaml(**facts), encoding="utf-8")
    return path


def waiver_yaml(*entries: dict) -> str:
    """A waivers.yaml with one block per entry (keys written in the order given)."""
    lines = ["waivers:"]
    for entry in entries:
        first = True
        for key, value in entry.items():
            lines.append(f"{'  - ' if first else '    '}{key}: {value}")
            first = False
    return "\n".join(lines) + "\n"


def invoke(*args: str, env: dict[str, str] | None = None):
    """Run the CLI in-process (click's runner); stdout and stderr are kept apart."""
    from click.testing import CliRunner
    from csaudit.cli.main import cli

    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSAUDIT_")}
    env.update(extra)
    return env


def spawn(*args: str, cwd: Path, **env: str) -> subprocess.Popen:
    """Start ``csaudit ARGS`` as its own process (for kill and concurrency tests)."""
    return subprocess.Popen([sys.executable, "-m", "csaudit.cli", *map(str, args)], cwd=cwd,
                            env=subprocess_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def table_dump(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for before/after comparisons."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        return {n: sorted(conn.execute(f'select * from "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


# --- synthetic runs for property tests -------------------------------------------------------------

SUBJECTS = (("organisation", "organisation", "Shop Ltd"), ("channel", "help", "Helpline"),
            ("channel", "sales", "Sales line"))
RULE_IDS = ("demo-a", "demo-b", "demo-c")


def finding(rule_id: str, subject: tuple[str, str, str], status: str, rating: str, waived: bool = False):
    """A small but complete finding; ``waived`` attaches a waiver (meaningful for gaps)."""
    from csaudit.engine.findings import Finding, fingerprint

    kind, key, name = subject
    waiver = {"subject": None, "justification": "Planned for next year", "approver": "COO",
              "granted": "2026-01-01", "expires": "2026-12-31", "source": "waivers.yaml:2"} if waived else None
    return Finding.model_validate({
        "fingerprint": fingerprint(rule_id, kind, key), "rule_id": rule_id, "title": f"Title of {rule_id}",
        "subject": {"kind": kind, "key": key, "name": name}, "status": status, "strength": "recommendation",
        "stage": "complaints", "risk_area": "governance", "refs": [{"document": "Demo Code", "clause": "1"}],
        "risk": {"likelihood": "possible", "impact": "moderate", "rating": rating, "consequences": ["financial"]},
        "message": f"{rule_id} is {status} for {name}.", "remediation": "Fix it.",
        "facts_used": [{"path": "organisation.size", "value": "small", "line": 3}], "missing_facts": [],
        "waiver": waiver,
    })


def findings_strategy():
    """Tuples of findings with distinct fingerprints, in report order."""
    from hypothesis import strategies as st

    state = st.tuples(st.sampled_from(["gap", "met", "unknown", "manual", "not_applicable"]),
                      st.sampled_from(["high", "medium", "low"]), st.booleans())
    keys = st.tuples(st.sampled_from(RULE_IDS), st.sampled_from(SUBJECTS))

    def build(chosen):
        found = [finding(rule_id, subject, status, rating, waived and status == "gap")
                 for (rule_id, subject), (status, rating, waived) in chosen.items()]
        return tuple(sorted(found, key=lambda f: f.sort_key()))

    return st.dictionaries(keys, state, max_size=6).map(build)


def stored_run(findings, *, run_id: int = 0, organisation: str = "Shop Ltd", cycle: str = "Q1",
               as_of: str = "2026-03-31"):
    """A stored run around ``findings`` with no profile facts, rules or waivers."""
    from csaudit.engine.audit.record import RunInfo, StoredRun
    from csaudit.engine.findings import Summary

    counts = {s: sum(1 for f in findings if f.status == s) for s in ("gap", "met", "not_applicable", "unknown")}
    summary = Summary(**counts, waived=sum(1 for f in findings if f.waiver is not None))
    info = RunInfo(id=run_id, organisation=organisation, cycle=cycle, profile_path="profile.yaml",
                   profile_as_of=as_of, evaluated_as_of=as_of, engine="python", csaudit_version="0.1.0",
                   library_version="test", library_source="test", library_digest="d", library_rules=3,
                   run_by="tester", started_at="t0", recorded_at="", summary=summary)
    return StoredRun(info, tuple(findings))


class Audit:
    """An auditor's working folder: the demo rules, one database, a profile folder per cycle."""

    def __init__(self, root: Path, org: str = "Shop Ltd"):
        self.root, self.org = root, org
        self.rules = make_rules(root)
        self.db = root / "audits.db"

    def check(self, cycle: str, *, waivers: str | None = None, extra: tuple[str, ...] = (), **facts):
        folder = self.root / self.org.replace(" ", "_") / cycle
        profile = write_profile(folder, org=self.org, **facts)
        if waivers is not None:
            (folder / "waivers.yaml").write_text(waivers, encoding="utf-8")
        result = invoke("check", profile, "--rules", self.rules, "--db", self.db, "--cycle", cycle,
                        "--engine", "python", *extra)
        assert result.exit_code in (0, 1), result.stderr
        return result

    def runs(self, *args: str):
        return invoke("runs", *args, "--db", self.db)

    def diff_json(self, old: str, new: str) -> dict:
        import json

        result = self.runs("diff", old, new, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    def entry(self, old: str, new: str, rule_id: str, subject: str = "organisation") -> dict:
        found = [e for e in self.diff_json(old, new)["entries"]
                 if e["rule_id"] == rule_id and e["subject"]["key"] == subject]
        assert len(found) == 1, found
        return found[0]
