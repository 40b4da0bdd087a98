"""Load a profile from YAML: every problem reported at once, each with its line and a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .catalogue import COLLECTIONS
from .flatten import FlatProfile, engine_value_problems, flatten
from .located.problems import Problem, ProfileError
from .located.reader import Located, parse_yaml, read_yaml
from .located.validation import dotted, problems_from_validation, suggest
from .profile import Profile

_ADAPTER = TypeAdapter(Profile)
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile with the source positions of its keys."""

    profile: Profile
    located: Located
    flattened: FlatProfile | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.located.file

    def flat(self) -> FlatProfile:
        """The profile as the engines read it, flattened once (validation already did it)."""
        if self.flattened is None:
            object.__setattr__(self, "flattened", flatten(self.profile, self.located.positions))
        return self.flattened


def _dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _ids(items: Any, key: str) -> list[tuple[int, str]]:
    if not isinstance(items, list):
        return []
    return [(i, item[key]) for i, item in enumerate(items) if isinstance(item, dict) and isinstance(item.get(key), str)]


# Pairs of facts where one value rules out another: (fact, value, other fact, value it excludes, why).
CONTRADICTIONS: tuple[tuple[tuple[str, ...], Any, tuple[str, ...], Any, str], ...] = (
    (
        ("trading", "checkout", "preticked_paid_extras"), True, ("governance", "opt_out_add_ons"), False,
        "a paid extra added by default is an add-on the customer must opt out of",
    ),
)


def contradictions(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Any, tuple[str, ...], str]]:
    """The CONTRADICTIONS that hold in raw profile data: (fact, its value, the contradicted fact, why)."""
    return [
        (first, value, second, why)
        for first, value, second, excluded, why in CONTRADICTIONS
        if _dig(data, first) is value and _dig(data, second) is excluded
    ]


def _cross_checks(data: dict[str, Any], located: Located) -> list[Problem]:
    """Problems no single field can see: duplicate ids, dangling references, contradictory facts.

    Run on the raw data, so they are reported together with schema problems.
    """
    problems: list[Problem] = []

    def add(path: tuple[Any, ...], message: str) -> None:
        line, col = located.position(path)
        problems.append(Problem(located.file, line, col, dotted(path), message))

    # A name or id is shown on one line in every report: a line break in one would start a line of its own
    # (a heading in Markdown, a fake summary line on a terminal).
    named = [(("organisation", "name"), _dig(data, ("organisation", "name")))]
    for coll in COLLECTIONS.values():
        items = _dig(data, coll.path)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict):
                named += [(coll.path + (i, attr), item.get(attr)) for attr in dict.fromkeys((coll.key, coll.label))]
    for path, value in named:
        if isinstance(value, str) and _LINE_BREAK.search(value):
            add(path, "a name or id is one line: write it without line breaks")
    for coll in COLLECTIONS.values():
        seen: dict[str, int] = {}
        for i, key in _ids(_dig(data, coll.path), coll.key):
            if key in seen:
                add(coll.path + (i, coll.key), f"duplicate {coll.kind} id '{key}' (first at item {seen[key]})")
            seen.setdefault(key, i)
    roles = _dig(data, ("authority", "roles"))
    role_ids = [key for _, key in _ids(roles, "id")]
    known_roles = set(role_ids)
    for i, target in _ids(roles, "escalates_to"):
        if target not in known_roles:
            add(("authority", "roles", i, "escalates_to"), f"no role has id '{target}'{suggest(target, role_ids)}")
    channel_ids = [key for _, key in _ids(data.get("channels"), "id")]
    known_channels = set(channel_ids)
    named = _dig(data, ("policies", "complaints", "channels"))
    for cid in sorted(c for c in named if isinstance(c, str)) if isinstance(named, list) else ():
        if cid not in known_channels:
            add(("policies", "complaints", "channels"), f"no channel has id '{cid}'{suggest(cid, channel_ids)}")
    problems += _offering_checks(data, located)
    from .evidence_checks import evidence_problems

    problems += evidence_problems(data, located)
    for first, value, second, why in contradictions(data):
        add(second, f"contradicts {'.'.join(first)}: {str(value).lower()} ({why}); correct one of the two")
    return problems


def _offering_checks(data: dict[str, Any], located: Located) -> list[Problem]:
    """Returns routes with unique ids, references to routes and offerings that exist, one route per slot."""
    problems: list[Problem] = []

    def add(path: tuple[Any, ...], message: str) -> None:
        line, col = located.position(path)
        problems.append(Problem(located.file, line, col, dotted(path), message))

    routes = _dig(data, ("policies", "returns"))
    sets: dict[str, set[str]] = {}  # ids by kind, for lookups in constant time (lists of 10,000 items)
    route_ids: list[str] = []
    for i, key in _ids(routes, "id"):
        if key in sets.setdefault("routes", set()):
            add(("policies", "returns", i, "id"), f"duplicate returns route id '{key}'")
        sets["routes"].add(key)
        route_ids.append(key)
    offering_ids = [key for _, key in _ids(data.get("offerings"), "id")]

    def check_refs(path: tuple[Any, ...], value: Any, known: list[str], what: str) -> None:
        found = sets.get(what)
        if found is None:
            found = sets[what] = set(known)
        for ref in sorted(v for v in value if isinstance(v, str)) if isinstance(value, list) else ():
            if ref not in found:
                add(path, f"no {what} has id '{ref}'{suggest(ref, known)}")

    for i, item in enumerate(data.get("offerings") or []):
        if isinstance(item, dict):
            check_refs(("offerings", i, "returns"), item.get("returns"), route_ids, "returns route")
    for i, item in enumerate(routes or []):
        if isinstance(item, dict):
            check_refs(("policies", "returns", i, "excludes_offerings"), item.get("excludes_offerings"),
                       offering_ids, "offering")
    for i, item in enumerate(data.get("statements") or []):
        if isinstance(item, dict):
            check_refs(("statements", i, "offerings"), item.get("offerings"), offering_ids, "offering")
    return problems


def slot_conflicts(loaded: Profile, located: Located) -> list[Problem]:
    """An offering with two routes of one kind: the policy would say two different things about one sale."""
    from .joins import slot_routes

    problems: list[Problem] = []
    routes = loaded.policies.returns if loaded.policies and loaded.policies.returns else []
    for i, offering in enumerate(loaded.offerings or ()):
        for slot, chosen in slot_routes(offering, routes).items():
            if len(chosen) > 1:
                path = ("offerings", i, "returns") if offering.returns is not None else ("offerings", i, "id")
                line, col = located.position(path)
                names = ", ".join(f"'{r.id}'" for r in chosen[:5]) + (
                    f" and {len(chosen) - 5:,} more" if len(chosen) > 5 else "")
                problems.append(Problem(
                    located.file, line, col, dotted(path),
                    f"routes {names} all cover the {slot.replace('_', ' ')} of offering '{offering.id}'; "
                    "name one of them in its returns, or split the offering by how it is sold"))
    return problems


def validate_located(located: Located) -> LoadedProfile:
    """Validate parsed YAML as a profile, raising :class:`ProfileError` listing every problem."""
    if not isinstance(located.data, dict):
        raise ProfileError(
            f"{located.file}: not a profile",
            [Problem(located.file, 1, 1, "", "expected a mapping with 'as_of' and 'organisation' at the top")],
        )
    problems = _cross_checks(located.data, located)
    flat = None
    try:
        profile = _ADAPTER.validate_python(located.data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, located, Profile) + problems
    else:
        if not problems:
            problems = slot_conflicts(profile, located)
        if not problems:  # values no engine compares exactly (non-finite, beyond 64 bits, too long)
            flat = flatten(profile, located.positions)
            problems = engine_value_problems(profile, located, flat)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.key))
        raise ProfileError(f"{located.file}: {len(problems)} problem(s) in the profile", problems)
    return LoadedProfile(profile, located, flat)


def load_profile(path: str | Path) -> LoadedProfile:
    """Read, parse and validate a profile file, with the base profiles it ``extends:`` (facts/extends.py)."""
    from .extends import read_profile

    located, origins = read_profile(path)
    try:
        return validate_located(located)
    except ProfileError as exc:  # each problem in the file that holds it
        raise origins.relocate(exc) from None


def load_profile_text(text: str, name: str = "<profile>") -> LoadedProfile:
    """Validate a profile given as YAML text (used by rule test cases)."""
    return validate_located(parse_yaml(text, name))


def load_profile_data(data: dict[str, Any], name: str, positions: dict | None = None) -> LoadedProfile:
    """Validate a profile already parsed (used by rule test cases inside a larger file)."""
    return validate_located(Located(data, positions or {}, name))


def profile_json_schema() -> dict[str, Any]:
    """JSON Schema of the profile, for editors and other tools."""
    schema = _ADAPTER.json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "csaudit organisation profile"
    schema.setdefault("properties", {})["extends"] = {  # resolved before validation (facts/extends.py)
        "description": "Base profile(s) this one builds on, relative to this file; later ones and this file win.",
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
    from .glossary import annotate_schema

    return annotate_schema(schema)
