"""csaudit init: the questionnaire in a real terminal (stopped and carried on), templates and answers files;
every profile it writes loads, validates and checks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from terminal_helpers import CSAUDIT, ENTER, answer, choose, default_keys, next_question, spawn, tick

TEMPLATES = ["online-retailer", "subscription-service", "sole-trader-home-visits", "high-street-shop"]


def _csaudit(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CSAUDIT, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
                          input=stdin if stdin is not None else "")


def _valid_and_checked(path: Path) -> None:
    assert path.read_text().startswith("# yaml-language-server: $schema=profile.schema.json\n")
    assert (path.parent / "profile.schema.json").exists()
    validated = _csaudit("facts", "validate", path.name, cwd=path.parent)
    assert validated.returncode == 0, validated.stderr
    checked = _csaudit("check", path.name, "--format", "json", "--fail-on", "none", cwd=path.parent)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["summary"]["met"] > 0
    import jsonschema  # the editor's schema accepts what init wrote

    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(data, json.loads((path.parent / "profile.schema.json").read_text()))


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_writes_a_profile_that_loads_and_checks(tmp_path, name):
    result = _csaudit("init", f"{name}.yaml", "--template", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {name}.yaml: a valid profile" in result.stdout
    _valid_and_checked(tmp_path / f"{name}.yaml")


def test_templates_are_listed(run_cli):
    out = run_cli("init", "--list-templates").stdout
    assert [line.split("\t")[0] for line in out.splitlines()] == sorted(TEMPLATES)


def test_the_written_profile_is_commented_and_explains_its_values(tmp_path):
    _csaudit("init", "p.yaml", "--template", "sole-trader-home-visits", cwd=tmp_path)
    text = (tmp_path / "p.yaml").read_text()
    assert "# Who the organisation is" in text
    assert "size: micro   # a micro business (fewer than 10 staff)" in text
    assert 'number: "07700 900 123"' in text        # text that starts with a digit is quoted


def test_answers_file_replaces_template_answers_and_wrong_answers_are_located(tmp_path):
    (tmp_path / "a.yaml").write_text("organisation.name: Hartley Plumbing\norganisation.size: tiny\n"
                                     "channels:\n  - id: mobile\n    kind: phone\n    number: 03456001234\n")
    result = _csaudit("init", "p.yaml", "--template", "sole-trader-home-visits", "--answers", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "a.yaml:2:1: organisation.size: Input should be 'micro', 'small', 'medium' or 'large'" in result.stderr
    assert "a.yaml:6:5: channels.0.number" in result.stderr and "in quotes" in result.stderr
    assert not (tmp_path / "p.yaml").exists()
    (tmp_path / "a.yaml").write_text("organisation.name: Hartley Plumbing\n")
    result = _csaudit("init", "p.yaml", "--template", "sole-trader-home-visits", "--answers", "a.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "name: Hartley Plumbing" in (tmp_path / "p.yaml").read_text()


def test_answers_that_earlier_answers_make_irrelevant_are_left_out(tmp_path):
    (tmp_path / "a.yaml").write_text("organisation.name: Shop\norganisation.home_visits: false\n"
                                     "organisation.emergency_callouts: true\norganisation.supplys: [goods]\n")
    result = _csaudit("init", "p.yaml", "--answers", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "no question 'organisation.supplys' (did you mean 'organisation.supplies'?)" in result.stderr
    (tmp_path / "a.yaml").write_text("organisation.name: Shop\norganisation.home_visits: false\n"
                                     "organisation.emergency_callouts: true\n")
    result = _csaudit("init", "p.yaml", "--answers", "a.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "organisation.emergency_callouts: not asked" in result.stderr
    assert "emergency_callouts" not in (tmp_path / "p.yaml").read_text()


def test_init_refuses_to_overwrite_and_needs_a_terminal_to_ask(tmp_path):
    (tmp_path / "p.yaml").write_text("as_of: 2026-01-01\n")
    result = _csaudit("init", "p.yaml", "--template", "online-retailer", cwd=tmp_path)
    assert result.returncode == 2 and "exists" in result.stderr
    result = _csaudit("init", "q.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "--template NAME or --answers FILE" in result.stderr
    result = _csaudit("init", "q.yaml", "--template", "online-retaler", cwd=tmp_path)
    assert result.returncode == 2 and "did you mean 'online-retailer'" in result.stderr


# What the person at the keyboard answers, by a phrase of the question; anything else they leave out
# ("Not sure", Enter) or, asked for another item, say no.
SHOP = {
    "What name do customers": "Corner Hardware" + ENTER,
    "How many people work there": ("choose", "micro"),
    "Whom does it sell to": ("tick", "consumers"),
    "What does it supply": ("tick", "goods"),
    "How are contracts made": ("tick", "on_premises"),
    "In which UK nations": ("tick", "england"),
    "Do staff or contractors visit": ("choose", "No"),
    "in a shop, branch": ("choose", "Yes"),
    "A short id for this line": "tools" + ENTER,
    "Its name as customers see it": "Hand tools" + ENTER,
    "What kind of thing is it": ("choose", "goods"),
    "How is it sold": ("tick", "on_premises"),
    "sold to consumers": ("choose", "Yes"),
    "A typical price": "12.50" + ENTER,
    "A short id for it (lower case": "counter" + ENTER,
    "What kind of channel is it": ("choose", "face_to_face"),
    "When is it staffed": "Mon-Sat 09:00-17:30" + ENTER,
    "Is it published to customers": ("choose", "Yes"),
    "Is there a written complaints procedure": ("choose", "No"),
    "How many people deal with customers": "2" + ENTER,
    "Is the owner personally responsible": ("choose", "Yes"),
}


def _keys(screen, script: dict) -> str:
    for phrase, keys in script.items():
        if phrase in screen.question:
            if isinstance(keys, tuple):
                return choose(screen, keys[1]) if keys[0] == "choose" else tick(screen, *keys[1:])
            return keys
    return default_keys(screen)


def test_the_questionnaire_in_a_terminal_stops_resumes_and_writes_a_profile_that_checks(tmp_path):
    child = spawn("init", "shop.yaml", cwd=tmp_path)
    asked: list[str] = []
    while True:
        screen = next_question(child)
        asked.append(screen.question)
        if "Is there another line of what it sells" in screen.question:
            break
        answer(child, _keys(screen, SHOP))
    child.sendcontrol("c")                                  # stop in the middle of the questionnaire
    child.expect("Stopped. Your answers are kept in shop.init-answers.yaml")
    child.expect(__import__("pexpect").EOF)
    state = yaml.safe_load((tmp_path / "shop.init-answers.yaml").read_text())
    assert state["organisation.name"] == "Corner Hardware"
    assert state["offerings"] == [{"id": "tools", "name": "Hand tools", "kind": "goods", "sold": ["on_premises"],
                                   "to_consumers": True, "traits": [], "typical_price": 12.5}]
    assert not (tmp_path / "shop.yaml").exists()
    # only what earlier answers make relevant: no call-outs without home visits, no distance questions
    assert not any("emergency call-outs" in q for q in asked)
    assert not any("How are distance sales made" in q for q in asked)

    child = spawn("init", "shop.yaml", cwd=tmp_path)       # carry on where it stopped
    child.expect("Carrying on from shop.init-answers.yaml")
    again: list[str] = []
    while True:
        index = child.expect([r"\x1b\[0;38;5;67m\?\x1b\[0;1m ", "Wrote shop.yaml"])
        if index == 1:
            break
        child.buffer = child.match.group(0) + child.buffer   # let next_question read the whole prompt
        screen = next_question(child)
        again.append(screen.question)
        if "When is it staffed" in screen.question:            # a wrong answer is refused as it is typed
            child.send("whenever" + ENTER)
            child.expect("'whenever': expected days then times")
            child.send("\x15")                                  # clear the line, then answer properly
        answer(child, _keys(screen, SHOP))
    child.expect(__import__("pexpect").EOF)
    assert not any("What name do customers" in q for q in again)    # answered before: not asked again
    assert any("Is there another line of what it sells" in q for q in again)
    assert not any("number as published" in q for q in again)       # a counter has no phone number
    assert not (tmp_path / "shop.init-answers.yaml").exists()
    _valid_and_checked(tmp_path / "shop.yaml")
    text = (tmp_path / "shop.yaml").read_text()
    assert "name: Corner Hardware" in text and "opening_hours: Mon-Sat 09:00-17:30" in text
    assert "complete_lists: [channels, offerings]" in text
