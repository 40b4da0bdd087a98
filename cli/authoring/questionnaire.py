"""The questionnaire of 'csaudit init': questions as data (questions.yaml), walked topic by topic.

A question names the profile path its answer goes to (``set``); its wording defaults to the fact's own
description, its kind and choices to the field's type, and every answer is checked with the same
pydantic types and constraints the loader uses (``facts.editing.validate_value``). ``when`` asks a
question only when earlier answers make it relevant. Answers are kept in a plain mapping (the state
file and ``--answers`` share its shape: profile paths as keys, lists of items for repeated groups),
so a run can stop after any answer and carry on later.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ...facts.editing import AnswerError, kind_at, validate_value
from ...facts.glossary import SECTIONS, explain_path
from ...facts.located.problems import InputError, Problem
from .prompts import SKIP, Prompt

SCHEMA_FILE = "profile.schema.json"


@dataclass
class Question:
    key: str                       # the answers key: the profile path (relative inside a group), or an id
    set: str | None                # where the answer goes in the profile (None: a question that only steers)
    ask: str
    when: dict[str, Any] | None = None
    kind: str = "bool"
    choices: list[tuple[str, str]] = field(default_factory=list)
    help: list[str] = field(default_factory=list)
    required: bool = False
    default: Any = None
    base: tuple[str | int, ...] = ()   # the path of the group item it belongs to (for its type)

    def check(self, value: Any) -> Any:
        if self.set is None:
            if not isinstance(value, bool):
                raise AnswerError("answer yes or no")
            return value
        return validate_value(self.base + tuple(self.set.split(".")), value)

    def prompt(self) -> Prompt:
        return Prompt(self.ask, self.kind, self.check, self.choices, self.help, self.required, self.default)


@dataclass
class Group:
    key: str                       # the profile path of the list, e.g. 'channels' or 'authority.roles'
    noun: str                      # 'a way customers contact the organisation'
    more: str
    questions: list[Question]
    when: dict[str, Any] | None = None
    min: int = 0


@dataclass
class Topic:
    id: str
    title: str
    intro: str
    entries: list[Question | Group]
    when: dict[str, Any] | None = None
    evidence: list[str] = field(default_factory=list)   # parts of the profile a source document may cover


def _question(raw: dict[str, Any], base: tuple[str | int, ...], catalogue_prefix: str) -> Question:
    target = raw.get("set")
    key = raw.get("id") or target
    if key is None:
        raise ValueError(f"a question needs 'set' or 'id': {raw}")
    explained = explain_path(f"{catalogue_prefix}{target}") if target else None
    kind, values = ("bool", ())
    if target:
        found = kind_at(base + tuple(target.split(".")))
        if found is None:
            raise ValueError(f"questions.yaml: '{target}' is not a profile field with a simple value")
        kind, values = found
    words = explained.values if explained else {}
    help_lines = list(raw.get("help", "").splitlines()) if raw.get("help") else []
    if explained and not raw.get("help"):
        if explained.unit and kind not in ("money", "date"):
            help_lines.append(f"In {explained.unit}.")
        if kind in ("text", "int", "number", "money", "date") and explained.example is not None:
            help_lines.append(f"For example: {explained.example}")
    ask = raw.get("ask") or (explained.description if explained else key)
    if not ask.endswith("?") and kind == "bool":
        ask = f"Is this so? {ask}"
    default = raw.get("default")
    if default == "today":
        default = dt.date.today()
    return Question(key=key, set=target, ask=ask, when=raw.get("when"), kind=kind,
                    choices=[(v, words.get(v, v)) for v in values], help=help_lines,
                    required=bool(raw.get("required")), default=default, base=base)


def _entries(raw: list[dict[str, Any]]) -> list[Question | Group]:
    out: list[Question | Group] = []
    for item in raw:
        if "facts" in item:  # shorthand: several facts asked in their own words
            out += [_question({"set": path, "when": item.get("when")}, (), "") for path in item["facts"]]
        elif "list" in item:
            base = tuple(item["list"].split(".")) + (0,)
            prefix = _item_prefix(item["list"])
            out.append(Group(item["list"], item["noun"], item["more"],
                             [_question(q, base, prefix) for q in item["questions"]], item.get("when"),
                             int(item.get("min", 0))))
        else:
            out.append(_question(item, (), ""))
    return out


def _item_prefix(list_path: str) -> str:
    """How the catalogue names a list item's facts: 'channels' -> 'channels[x].', read as 'channel.'."""
    return f"{list_path}[x]."


def load_topics(text: str | None = None) -> list[Topic]:
    """The questionnaire (the packaged questions.yaml unless ``text`` is given)."""
    if text is None:
        text = resources.files(__package__).joinpath("questions.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return [Topic(t["id"], t["title"], t.get("intro", ""), _entries(t["questions"]), t.get("when"),
                  list(t.get("evidence", ()))) for t in data["topics"]]


def template_names() -> list[str]:
    folder = resources.files(__package__).joinpath("templates")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def template_text(name: str) -> str:
    from ...facts.located.problems import UsageError

    if name not in template_names():
        from ...facts.located.validation import suggest

        raise UsageError(f"--template {name}: no such template{suggest(name, template_names())}; "
                         f"there are: {', '.join(template_names())}")
    return resources.files(__package__).joinpath("templates", f"{name}.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ conditions
def holds(when: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """A ``when`` mapping against the answers so far: every key must match (an unanswered key does not)."""
    for key, want in (when or {}).items():
        if key == "any":  # any of several conditions
            if not any(holds(c, answers) for c in want):
                return False
            continue
        if isinstance(want, dict) and "not" in want:
            if key in answers and _matches(answers[key], want["not"]):
                return False
            continue
        if key not in answers or not _matches(answers[key], want):
            return False
    return True


def _matches(value: Any, want: Any) -> bool:
    wants = want if isinstance(want, list) else [want]
    values = value if isinstance(value, list) else [value]
    return any(v in wants for v in values)


# ------------------------------------------------------------------------------------------------ the walk
Asker = Callable[[Question], Any]   # returns the checked value or SKIP; raises prompts.Stop to stop


@dataclass
class Run:
    """The answers of one run of the questionnaire; ``save`` is called after every answer."""

    topics: list[Topic]
    answers: dict[str, Any]
    save: Callable[[dict[str, Any]], None] = lambda answers: None
    announce: Callable[[str], None] = lambda text: None
    skipped: set[str] = field(default_factory=set)   # asked and left out in this run (kept in the state)

    def walk(self, asker: Asker) -> None:
        for topic in self.topics:
            if not holds(topic.when, self.answers):
                continue
            pending = self._pending(topic)
            if pending:
                self.announce(f"\n{topic.title}" + (f"\n{topic.intro}" if topic.intro else ""))
            for entry in topic.entries:
                if isinstance(entry, Group):
                    self._group(entry, asker)
                else:
                    self._one(entry, self.answers, asker, entry.key)
            if topic.evidence and pending:
                self._evidence(topic, asker)

    def _pending(self, topic: Topic) -> bool:
        return any(isinstance(e, Group) and e.key not in self.answers
                   or isinstance(e, Question) and e.key not in self.answers and e.key not in self._skips()
                   and holds(e.when, self.answers) for e in topic.entries)

    def _skips(self) -> set[str]:
        return set(self.answers.get("_skipped", ())) | self.skipped

    def _one(self, q: Question, where: dict[str, Any], asker: Asker, skip_key: str) -> None:
        if q.key in where or skip_key in self._skips() or not holds(q.when, where):
            return
        value = asker(q)
        if value is SKIP:
            self.skipped.add(skip_key)
            self.answers["_skipped"] = sorted(self._skips())
        else:
            where[q.key] = value
        self.save(self.answers)

    def _group(self, group: Group, asker: Asker) -> None:
        if not holds(group.when, self.answers):
            return
        items = self.answers.get(group.key)
        if items is None:
            items = self.answers[group.key] = []
            self.answers.setdefault("_open", []).append(group.key)
        if group.key not in self.answers.get("_open", ()):
            return  # finished in an earlier run
        for n, item in enumerate(items):  # finish an item a stopped run left half answered
            for q in group.questions:
                self._one(q, item, asker, f"{group.key}[{n}].{q.key}")
        while True:
            if len(items) >= group.min:
                more = Question(key=f"{group.key}:more", set=None, ask=group.more if items else
                                f"Is there {group.noun} to describe?", kind="bool", required=True)
                if not asker(more):
                    break
            self.announce(f"  {group.noun[0].upper()}{group.noun[1:]}, number {len(items) + 1}:")
            item: dict[str, Any] = {}
            items.append(item)
            self.save(self.answers)
            for q in group.questions:
                self._one(q, item, asker, f"{group.key}[{len(items) - 1}].{q.key}")
        self.answers["_open"].remove(group.key)
        self.save(self.answers)

    def _evidence(self, topic: Topic, asker: Asker) -> None:
        key = f"evidence:{topic.id}"
        if key in self.answers or key in self._skips():
            return
        q = Question(key=key, set=None, ask="Where did these answers come from? Name the document, page or "
                     "person (Enter to leave it out)", kind="text")
        q.check = lambda value: str(value).strip()  # type: ignore[method-assign]
        value = asker(q)
        if value is SKIP or not value:
            self.skipped.add(key)
            self.answers["_skipped"] = sorted(self._skips())
        else:
            self.answers[key] = value
        self.save(self.answers)


# ----------------------------------------------------------------------------------- answers given in a file
def apply_answers(topics: list[Topic], given: dict[str, Any], positions: dict, file: str,
                  warn: Callable[[str], None]) -> dict[str, Any]:
    """The answers of a file (or template) checked question by question, in questionnaire order, asking
    nothing: relevant answers are kept, each wrong one is a located problem, irrelevant ones are noted."""
    answers: dict[str, Any] = {}
    problems: list[Problem] = []
    used: set[str] = set()

    def take(q: Question, source: dict[str, Any], target: dict[str, Any], path: tuple[Any, ...]) -> None:
        if q.key not in source:
            if q.required and q.default is not None and holds(q.when, target):
                target[q.key] = q.check(q.default)
            elif q.required and holds(q.when, target):
                line, col = positions.get(path[:-1], (None, None)) if len(path) > 1 else (1, 1)
                problems.append(Problem(file, line, col, ".".join(map(str, path)), "an answer is needed here"))
            return
        used.add(path[0])
        if not holds(q.when, target):
            warn(f"{file}: {'.'.join(map(str, path))}: not asked, earlier answers make it irrelevant; left out")
            return
        try:
            target[q.key] = q.check(source[q.key])
        except (AnswerError, ValueError) as exc:
            line, col = positions.get(path, (None, None))
            message = str(exc)
            if isinstance(source[q.key], int) and "string" in message:
                message += "; a number, code or phone number that is text must be written in quotes"
            problems.append(Problem(file, line, col, ".".join(map(str, path)), message))

    for topic in topics:
        for entry in topic.entries:
            if isinstance(entry, Question):
                take(entry, given, answers, (entry.key,))
            elif entry.key in given:
                used.add(entry.key)
                if not holds(entry.when, answers):
                    warn(f"{file}: {entry.key}: not asked, earlier answers make it irrelevant; left out")
                    continue
                items = given[entry.key]
                if not isinstance(items, list):
                    line, col = positions.get((entry.key,), (None, None))
                    problems.append(Problem(file, line, col, entry.key, "expected a list of items"))
                    continue
                answers[entry.key] = []
                for i, raw in enumerate(items):
                    item: dict[str, Any] = {}
                    answers[entry.key].append(item)
                    for q in entry.questions:
                        if isinstance(raw, dict):
                            take(q, raw, item, (entry.key, i, q.key))
                    for extra in sorted(set(raw) - {q.key for q in entry.questions} if isinstance(raw, dict) else ()):
                        line, col = positions.get((entry.key, i, extra), (None, None))
                        problems.append(Problem(file, line, col, f"{entry.key}[{i}].{extra}",
                                                "the questionnaire has no such question for this list"))
        key = f"evidence:{topic.id}"
        if key in given:
            used.add(key)
            answers[key] = str(given[key])
    if isinstance(given.get("_open"), list):  # a stopped run's lists not finished: not declared complete
        answers["_open"] = [str(k) for k in given["_open"]]
    for key in sorted(set(given) - used - {"_skipped", "_open"}):
        from ...facts.located.validation import suggest

        line, col = positions.get((key,), (None, None))
        known = [q.key for t in topics for q in t.entries]
        problems.append(Problem(file, line, col, str(key),
                                f"the questionnaire has no question '{key}'{suggest(str(key), known)}"))
    if problems:
        raise InputError(f"{file}: {len(problems)} problem(s) in the answers", problems)
    return answers


# --------------------------------------------------------------------------------------- writing the profile
def build_profile(topics: list[Topic], answers: dict[str, Any]) -> dict[str, Any]:
    """The profile the answers describe, as nested data in questionnaire order."""
    data: dict[str, Any] = {}
    covers: dict[str, list[str]] = {}
    for topic in topics:
        for entry in topic.entries:
            if isinstance(entry, Question):
                if entry.set and entry.key in answers:
                    _put(data, entry.set.split("."), answers[entry.key])
                    covers.setdefault(topic.id, [])
            elif answers.get(entry.key):
                items = []
                for given in answers[entry.key]:
                    item: dict[str, Any] = {}
                    for q in entry.questions:
                        if q.set and q.key in given:
                            _put(item, q.set.split("."), given[q.key])
                    if item:
                        items.append(item)
                if items:
                    _put(data, entry.key.split("."), items)
    complete = [name for name in ("channels", "offerings", "statements")
                if name in answers and name not in answers.get("_open", ()) and answers.get(name)]
    if answers.get("authority.roles") and "authority.roles" not in answers.get("_open", ()):
        complete.append("roles")
    if complete:
        data["complete_lists"] = complete
    records = []
    for topic in topics:
        source = answers.get(f"evidence:{topic.id}")
        if not source:
            continue
        present = [p for p in topic.evidence if _has(data, p.split("."))]
        if present:
            record = {"id": topic.id.replace("_", "-"), "covers": present, "document": source}
            if isinstance(data.get("as_of"), dt.date):
                record["seen"] = data["as_of"]
            records.append(record)
    if records:
        data["evidence"] = records
    return data


def _put(data: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _has(data: dict[str, Any], parts: list[str]) -> bool:
    for part in parts:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    plain = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=10**6)
    plain = plain.removesuffix("\n...\n").removesuffix("\n")
    if plain == text and not text[:1].isdigit() and text.lower() not in ("yes", "no", "on", "off", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(path: str, value: Any) -> str:
    """The meaning of an enum value beside it: '# a micro business (fewer than 10 staff)'."""
    explained = explain_path(path)
    if explained is None or not explained.values or isinstance(value, list):
        return ""
    words = explained.values.get(str(value), "")
    return f"   # {words}" if words and words != str(value).replace("_", " ") else ""


def _emit(data: dict[str, Any], indent: int, prefix: str, out: list[str], top: bool = False) -> None:
    pad = " " * indent
    for key, value in data.items():
        path = f"{prefix}{key}"
        if top:
            from ...facts.profile import Profile

            described = Profile.model_fields[key].description if key in Profile.model_fields else ""
            note = SECTIONS.get(key) or described or ""
            out.append("")
            if note:
                out.append(f"# {note}")
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit(value, indent + 2, f"{path}.", out)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append(f"{pad}{key}:")
            for item in value:
                lines: list[str] = []
                _emit(item, indent + 4, f"{path}[{item.get('id', 'x')}].", lines)
                lines[0] = f"{pad}  - {lines[0].lstrip()}"
                out += lines
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}{_comment(path, value)}")


def render_profile(data: dict[str, Any], schema_ref: str = SCHEMA_FILE, source: str = "") -> str:
    """The profile as commented YAML, with the modeline that lets editors complete and explain it."""
    head = [f"# yaml-language-server: $schema={schema_ref}",
            f"# Organisation profile for csaudit{': ' + source if source else ''}.",
            "# Check it with: csaudit check THIS_FILE; find out what is still unknown with: csaudit ask THIS_FILE",
            "# A fact left out is unknown, never taken as false. docs/profiles.md explains every section."]
    body: list[str] = []
    _emit(data, 0, "", body, top=True)
    return "\n".join(head + body) + "\n"


def dump_answers(answers: dict[str, Any]) -> str:
    """The state file: the answers so far, in the shape --answers reads."""
    return ("# csaudit init: answers so far (run the same command again to carry on, or use this file with "
            "--answers)\n" + yaml.safe_dump(answers, sort_keys=False, allow_unicode=True, width=100))
