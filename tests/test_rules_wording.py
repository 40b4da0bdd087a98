"""Plain English in every message: no raw code, no 'None' or 'unknown' for a value, no printed boolean.

Every rule's message templates (gap, met, not_applicable, remediation) are rendered directly, with
the same words the engine uses (``describe.fill``), over every value of each fact they name and a
missing value, for subjects whose names end in 's' and in "'s". No profile is evaluated.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

import pytest

from csaudit.engine.library.describe import MessageContext, fill, placeholders
from csaudit.engine.library.loader import load_library
from csaudit.facts import wording
from csaudit.facts.catalogue import FactInfo, catalogue

FIELDS = ("gap", "met", "not_applicable", "remediation")
SUBJECTS = ("Brightside Appliances", "Hartley Plumbing", "Sam's mobile", "all channels")
OTHER_SUBJECTS = {("role", "team-leader"): "Care team leader", ("channel", "help"): "Customer care line",
                  ("offering", "fridges"): "Fridges and freezers"}
TEXT_SAMPLES = {"channel.number": "0845 123 4567", "controls.legal.horizon_scanning_owner": "the compliance team"}
MAX_COMBINATIONS = 3000

SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z_]+(?:\.[a-z_0-9]+)+\b")
RAW_WORDS = re.compile(r"\b(?:None|True|False|true|false|unknown|null|nan)\b")
DOUBLED_POSSESSIVE = re.compile(r"s['’]s\b|['’]s['’]")
EMPTY_SLOT = re.compile(r"\(\s*\)|:\s*[;,)]|:\s*$|,\s*[,;.)]|\s[,;]|\s\.(?!\.)|\s{2,}")
REPEATED_WORDS = re.compile(r"\b((?:\w+ ){0,3}\w+) \1\b", re.I)


REPO = Path(__file__).resolve().parent.parent
# The bundled library, and the rules the docs' walkthroughs run (their output is shown to readers too).
LIBRARIES = {"rules": None, **{str(p.relative_to(REPO)): p for p in sorted((REPO / "docs" / "examples").glob("*/rules"))}}


@lru_cache(maxsize=None)
def _library(name: str):
    root = LIBRARIES[name]
    return load_library() if root is None else load_library([root])


def _rule_ids() -> list[tuple[str, str]]:
    return [(name, rule_id) for name in LIBRARIES for rule_id in sorted(_library(name).rules)]


def _options(info: FactInfo) -> list:
    """Values to render a fact with, in engine form; None is 'not stated'."""
    kind = info.kind
    if kind == "bool":
        return [True, False, None]
    if kind == "enum":
        return [*info.values, None]
    if kind == "set":
        if info.values:
            return [(v,) for v in info.values] + [tuple(info.values), (), None]
        if info.path in wording.REFERENCES:
            return [(key,) for (k, key) in OTHER_SUBJECTS if k == wording.REFERENCES[info.path]] + [(), None]
        return [("Welsh",), ("Welsh", "Polish"), (), None]
    if kind == "int":
        return [0, 1, 14, None]
    if kind == "number":
        return [1.0, 37.5, None]
    if kind == "money":
        return [0, 2500, 1250, 100000, None]
    if kind == "date":
        return [20513, None]
    if info.path in wording.REFERENCES:
        return [key for (k, key) in OTHER_SUBJECTS if k == wording.REFERENCES[info.path]] + ["head-office", None]
    return [TEXT_SAMPLES.get(info.path, "Retail ADR"), None]


def _assignments(paths: list[str]):
    """Every combination of the facts' values, or each fact varied alone when that is too many."""
    cat = catalogue()
    options = [_options(cat[p]) for p in paths]
    total = 1
    for o in options:
        total *= len(o)
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*options):
            yield dict(zip(paths, combo))
        return
    base = {p: o[0] for p, o in zip(paths, options)}
    for p, o in zip(paths, options):
        for value in o:
            yield {**base, p: value}


def _problems(text: str) -> list[str]:
    found = []
    if "{" in text or "}" in text:
        found.append("an unfilled placeholder")
    found += [f"the raw code '{m}'" for m in SNAKE.findall(text)]
    found += [f"the fact path '{m}'" for m in DOTTED.findall(text) if m in catalogue()]
    found += [f"'{m}' standing for a value" for m in RAW_WORDS.findall(text)]
    found += [f"a doubled possessive '{m}'" for m in DOUBLED_POSSESSIVE.findall(text)]
    found += [f"an empty or broken slot {m!r}" for m in EMPTY_SLOT.findall(text)]
    found += [f"the repeated words '{m}'" for m in REPEATED_WORDS.findall(text)]
    return found


def test_every_enum_and_set_value_has_a_readers_wording():
    by_value: dict[str, list[str]] = {}
    for path, value in wording.unworded():
        by_value.setdefault(value, []).append(path)
    assert not by_value, "Values with no reader's words. In facts/wording.py add each to WORDS, as a noun phrase " \
        "that fits the messages that print the fact (or to BY_FACT[path] when one fact needs its own words):\n" + \
        "\n".join(f'    "{value}": "...",  # {", ".join(paths)}' for value, paths in by_value.items())


def test_wording_names_only_values_and_facts_that_exist():
    stale = wording.stale()
    assert not stale, "facts/wording.py has entries no fact in the catalogue uses; remove them: " + ", ".join(stale)


@pytest.mark.parametrize("library, rule_id", _rule_ids(), ids=lambda v: v if "/" not in v else "docs")
def test_rule_messages_read_as_plain_english(library, rule_id):
    loaded = _library(library).rules[rule_id]
    spec = loaded.spec
    cat = catalogue()
    params = {n: p.values[max(p.values)].value for n, p in spec.params.items()}
    units = {n: p.unit for n, p in spec.params.items()}
    failures: list[str] = []
    for field in FIELDS:
        template = getattr(spec, field)
        if not template:
            continue
        names = placeholders(template)
        for name in names:
            if name in cat and cat[name].kind == "bool":
                failures.append(f"{field}: {{{name}}} prints a yes/no fact; say in words what the rule found instead")
        static = re.sub(r"\{[^{}]*\}", "", template)
        for code in SNAKE.findall(static):
            failures.append(f"{field}: the template's own text has the raw code '{code}'; say it in words")
        if "{subject}'s" in template:
            failures.append(f"{field}: write {{subject's}}, not {{subject}}'s, so names ending in s read right")
        facts = sorted({n for n in names if n in cat and cat[n].kind != "bool"})
        seen: set[str] = set()
        for values in _assignments(facts):
            for subject in SUBJECTS:
                context = MessageContext(subject=subject, key="sample", values={k: v for k, v in values.items()
                                                                                 if v is not None},
                                         params=params, units=units, name_of=lambda k, i: OTHER_SUBJECTS.get((k, i)))
                text = fill(template, context)
                for problem in _problems(text):
                    if (field, problem) not in seen:
                        seen.add((field, problem))
                        failures.append(f"{field}: {problem} in: {text}")
    assert not failures, f"{loaded.path}:\n  " + "\n  ".join(failures[:12])


# ------------------------------------------------------------------------------------------- the words themselves
@pytest.mark.parametrize("name, expected", [
    ("Brightside Appliances", "Brightside Appliances'"),
    ("Hartley Plumbing", "Hartley Plumbing's"),
    ("Sam's mobile", "Sam's mobile's"),
    ("McDonald's", "McDonald's"),
    ("all channels", "all channels'"),
])
def test_possessive(name, expected):
    assert wording.possessive(name) == expected


def test_values_read_naturally():
    cat = catalogue()
    assert wording.say(cat["offering.faults.refund_fee"], 2500) == "£25"
    assert wording.say(cat["offering.faults.refund_fee"], 1250) == "£12.50"
    assert wording.say(cat["role.refund_limit"], 100000) == "£1,000"
    assert wording.say(cat["offering.faults.refund_within_days"], 14) == "14 days"
    assert wording.say(cat["offering.faults.refund_within_days"], 1) == "1 day"
    assert wording.say(cat["data_protection.breach_notification_hours"], 72) == "72 hours"
    assert wording.say(cat["channel.hours_per_week"], 37.5) == "37.5 hours a week"
    assert wording.say(cat["accessibility.alternative_formats"], ("audio", "braille", "large_print")) == (
        "audio, Braille and large print")
    assert wording.say(cat["offering.faults.refund_clock_starts"], "inspection_complete") == (
        "the returned goods being inspected")


def test_a_missing_value_is_said_as_missing():
    cat = catalogue()
    assert wording.say(cat["organisation.sector"], None) == "not stated"
    assert wording.say(cat["offering.faults.refund_within_days"], None) == "an unstated number of days"
    assert wording.say(cat["offering.faults.refund_fee"], None) == "an unstated amount"
    assert wording.say(cat["offering.faults.remedy"], None) == "a remedy the policy does not state"


def test_a_parameter_carries_its_unit():
    context = MessageContext(subject="Streamwell", params={"max_days": 14, "months": 1}, units={"max_days": "days",
                                                                                                  "months": "months"})
    assert fill("within {params.max_days}, every {params.months}", context) == "within 14 days, every 1 month"
