"""csaudit ask: the open points ranked by what they settle; --interactive in a real terminal writes the answers
(and their evidence) into the profile, every other byte of it kept."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil

import pexpect
from conftest import REPO
from csaudit.engine.ask import open_points, weight
from csaudit.engine.findings import Report
from terminal_helpers import ENTER, answer, choose, next_question, spawn, tick

HARTLEY = REPO / "facts" / "examples" / "hartley-plumbing.yaml"


def _report(run_cli, path) -> Report:
    data = json.loads(run_cli("check", str(path), "--format", "json", "--fail-on", "none").stdout)
    data.pop("$schema", None)
    return Report.model_validate(data)


def test_points_are_ranked_by_the_weight_of_the_findings_they_settle(run_cli):
    report = _report(run_cli, HARTLEY)
    points = open_points(report)
    undecided = [f for f in report.findings if f.status in ("unknown", "manual")]
    assert points and undecided
    assert [p.score for p in points] == sorted((p.score for p in points), reverse=True)
    for p in points[:10]:  # each score is the sum, over the findings it may settle, of strength x risk
        findings = [f for f in undecided if f"{f.rule_id} @ {f.subject.key}" in p.findings]
        assert p.score == sum(weight(f) for f in findings) and p.settles == len(findings)
    questions = {p.key for p in points if p.kind == "question"}
    assert questions == {f.rule_id for f in report.findings if f.status == "manual"}


def test_ask_lists_the_points_and_json_carries_them(run_cli):
    out = run_cli("ask", str(HARTLEY), "--limit", "3").stdout
    assert out.startswith("What to find out next about Sam Hartley Plumbing & Heating")
    assert "  1. " in out and "  4. " not in out and "csaudit ask" in out.splitlines()[-1]
    data = json.loads(run_cli("ask", str(HARTLEY), "--format", "json", "--only", "questions", "--limit", "0").stdout)
    assert data["points"] and all(p["kind"] == "question" for p in data["points"])


def test_check_points_at_ask_when_it_leaves_findings_undecided(run_cli):
    out = run_cli("check", str(HARTLEY), "--fail-on", "none", env={"COLUMNS": "200"}).stdout
    assert "undecided: 'csaudit ask " in out.rstrip().splitlines()[-1]
    assert out.rstrip().splitlines()[-1].endswith("hartley-plumbing.yaml' names what settles most of them.")
    narrow = run_cli("check", str(HARTLEY), "--fail-on", "none", env={"COLUMNS": "60"}).stdout
    assert len(narrow.rstrip().splitlines()[-1]) <= 60 and "csaudit ask" in narrow.rstrip().splitlines()[-1]
    assert "csaudit ask" not in run_cli("check", str(HARTLEY), "--format", "json", "--fail-on", "none").stdout


def test_ask_interactive_needs_a_terminal(run_cli):
    result = run_cli("ask", str(HARTLEY), "--interactive")
    assert result.exit_code == 2 and "on a terminal" in result.stderr


def _only_insertions(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` was changed or moved."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


_TYPED = {"int": "3", "number": "3", "money": "10", "text": "Seen on site"}


def _answer_any(child, screen, kind: str) -> str:
    """Answer the question on screen with its first choice (or a value of its kind); what the YAML will say."""
    if screen.kind == "checkbox":
        answer(child, tick(screen, _first(screen)))
        return f"[{_first(screen).split(':')[0]}]"
    if screen.kind == "select":
        first = _first(screen)
        answer(child, choose(screen, first))
        return {"Yes": "true", "No": "false"}.get(first, first.split(":")[0])
    value = _TYPED.get(kind, dt.date.today().isoformat())
    answer(child, value + ENTER)
    return value


def _first(screen) -> str:
    from terminal_helpers import _choices

    return _choices(screen)[0]


def test_ask_interactive_writes_answers_and_evidence_keeping_every_other_byte(tmp_path, run_cli):
    from csaudit.facts.glossary import explain_path

    profile = tmp_path / "hartley.yaml"
    shutil.copy(HARTLEY, profile)
    original = profile.read_text()
    assert "\nevidence:" not in original and "\nanswers:" not in original
    first = open_points(_report(run_cli, profile))
    facts = [p for p in first if p.kind == "fact" and p.askable][:2]
    question = next(p for p in first if p.kind == "question")

    child = spawn("ask", "hartley.yaml", "--interactive", "--only", "facts", "--limit", "2", cwd=tmp_path)
    written = []
    for n, point in enumerate(facts):
        screen = next_question(child)
        assert screen.question.startswith(point.text[:40])
        written.append(_answer_any(child, screen, explain_path(point.key).kind))
        screen = next_question(child)
        assert screen.question.startswith("Where did you see or hear this?")
        if n == 0:                                      # the first with its evidence, the second without
            answer(child, "Sales scripts, March 2026" + ENTER)
            screen = next_question(child)
            assert screen.question.startswith("Who confirmed it?")
            answer(child, "Sam Hartley, owner" + ENTER)
        else:
            answer(child, ENTER)
    child.expect("Wrote 2 answer\\(s\\) into hartley.yaml")
    child.expect(pexpect.EOF)

    child = spawn("ask", "hartley.yaml", "--interactive", "--only", "questions", "--limit", "1", cwd=tmp_path)
    screen = next_question(child)
    assert screen.question.startswith(question.text[:40])
    answer(child, choose(screen, "yes"))
    answer(child, "Outbound call script v2" + ENTER)
    next_question(child)
    answer(child, "J. Okafor, internal audit" + ENTER)
    child.expect("Wrote 1 answer")
    child.expect(pexpect.EOF)

    today = dt.date.today().isoformat()
    after = profile.read_text()
    added = _only_insertions(original, after)           # every line of the original kept, in order
    for point, value in zip(facts, written):
        leaf = point.key.rsplit(".", 1)[1]
        assert any(line.strip() == f"{leaf}: {value}" for line in added), (leaf, value, added)
    assert added[-12:] == [
        "evidence:\n",
        f"  - id: seen-{today}-1\n",
        f"    covers: [{facts[0].key}]\n",
        "    document: Sales scripts, March 2026\n",
        f"    seen: {today}\n",
        "    confirmed_by: Sam Hartley, owner\n",
        "answers:\n",
        f"  {question.key}:\n",
        "    answer: yes\n",
        "    evidence: Outbound call script v2\n",
        "    answered_by: J. Okafor, internal audit\n",
        f"    date: {today}\n",
    ]
    found = {(f["rule_id"], f["subject"]["key"]): f for f in json.loads(
        run_cli("check", str(profile), "--format", "json", "--fail-on", "none").stdout)["findings"]}
    settled = found[(question.key, "organisation")]
    assert settled["status"] == "met"
    assert settled["evidence"][0]["document"] == "Outbound call script v2"
    covered = [f for f in found.values() if any(e.get("id") == f"seen-{today}-1" for e in f["evidence"])]
    assert covered
