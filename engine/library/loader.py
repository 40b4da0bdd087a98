"""Find, parse and validate rule files; lower them to IR for an evaluation date.

One rule per file, the file stem is its id, the folder is its source. Every
problem in every file is collected before anything is reported, each with its
file and line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ...facts.located.problems import InputError, Problem
from ...facts.located.reader import Located, read_yaml
from ...facts.located.validation import dotted, problems_from_validation
from ..errors import LibraryError
from . import ir
from .lower import LoadedCondition, check_conditions, check_rule, lower
from .spec import ConditionsFile, RuleSpec

_RULE = TypeAdapter(RuleSpec)
_CONDITIONS = TypeAdapter(ConditionsFile)
CONDITIONS_DIR = "conditions"
TEST_SUFFIX = ".test.yaml"


@dataclass(frozen=True)
class LoadedRule:
    id: str
    path: Path
    spec: RuleSpec
    located: Located
    digest: str

    @property
    def source(self) -> str:
        return self.path.parent.name

    @property
    def test_path(self) -> Path:
        return self.path.with_name(self.path.name[: -len(".yaml")] + TEST_SUFFIX)


@dataclass(frozen=True)
class CompiledLibrary:
    """The library lowered for one evaluation date."""

    as_of: dt.date
    rules: tuple[ir.IRRule, ...]
    digest: str

    @cached_property
    def by_id(self) -> dict[str, ir.IRRule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def content_key(self) -> str:
        """The lowered rules' content: two dates whose rules lower alike share one plan (kept when cached)."""
        return hashlib.sha256(repr(self.rules).encode()).hexdigest()


@dataclass
class Library:
    rules: dict[str, LoadedRule]
    roots: tuple[Path, ...]
    conditions: dict[str, LoadedCondition] = field(default_factory=dict)
    _compiled: dict[dt.date, CompiledLibrary] = field(default_factory=dict, repr=False)
    cache_key: str = field(default="", repr=False)  # the on-disk cache's key (engine/library/cache.py), if any

    @cached_property
    def digest(self) -> str:
        """Digest of the whole library: changes whenever any rule's or named condition's content changes."""
        h = hashlib.sha256()
        for rule_id in sorted(self.rules):
            h.update(f"{rule_id}:{self.rules[rule_id].digest}\n".encode())
        for name in sorted(self.conditions):
            h.update(f"use {name}:{self.conditions[name].digest}\n".encode())
        return h.hexdigest()[:16]

    @cached_property
    def catalogues(self):
        """The clause catalogues beside the rules (``<root>/clauses/*.yaml``)."""
        from .clauses import load_catalogues

        catalogues, problems = load_catalogues(self.roots)
        if problems:
            raise LibraryError(f"clause catalogues: {len(problems)} problem(s)", problems)
        return catalogues

    @cached_property
    def successors(self) -> dict[str, str]:
        """For a rule another rule names as its predecessor (``preceded_by.rules``): the law that took its
        place, in words, for the message of a rule that is no longer in force."""
        out: dict[str, list[str]] = {}
        for rule_id in sorted(self.rules):
            spec = self.rules[rule_id].spec
            if spec.preceded_by is None or not spec.preceded_by.rules or not spec.refs:
                continue
            ref = spec.refs[0]
            name = ref.document if ref.document.lower().startswith("the ") else f"the {ref.document}"
            for old in spec.preceded_by.rules:
                words = f"{name} {ref.clause}"
                if words not in out.setdefault(old, []):
                    out[old].append(words)
        return {old: " and ".join(names) for old, names in out.items()}

    def compile(self, as_of: dt.date) -> CompiledLibrary:
        """Lower every rule for ``as_of``; a rule that does not type-check is a :class:`LibraryError`."""
        cached = self._compiled.get(as_of)
        if cached is not None:
            return cached
        if self.cache_key:
            from . import cache

            cached = cache.load("ir", f"{self.cache_key}-{as_of.isoformat()}")
            if isinstance(cached, CompiledLibrary) and cached.as_of == as_of and cached.digest == self.digest:
                self._compiled[as_of] = cached
                return cached
        lowered: list[ir.IRRule] = []
        problems: list[Problem] = []
        for rule_id in sorted(self.rules):
            loaded = self.rules[rule_id]
            rule, companions, issues = lower(loaded.spec, rule_id, as_of, self.conditions,
                                             successor=self.successors.get(rule_id))
            problems.extend(_issue_problem(loaded.located, i.key, i.message) for i in issues)
            lowered.append(rule)
            lowered.extend(companions)
        if problems:
            raise LibraryError(f"rule library: {len(problems)} problem(s)", problems)
        compiled = CompiledLibrary(as_of, tuple(lowered), self.digest)
        self._compiled[as_of] = compiled
        if self.cache_key:
            from . import cache

            compiled.content_key  # noqa: B018 - computed once, kept in the entry
            cache.store("ir", f"{self.cache_key}-{as_of.isoformat()}", compiled)
        return compiled


def _issue_problem(located: Located, key: tuple, message: str) -> Problem:
    line, col = located.position(key)
    return Problem(located.file, line, col, dotted(key), message)


def rule_digest(spec: RuleSpec) -> str:
    canonical = json.dumps(spec.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def rule_files(root: Path) -> list[Path]:
    """Rule files below ``root``: YAML, not test files, not clause catalogues."""
    return sorted(
        p for p in root.rglob("*.yaml")
        if not p.name.endswith(TEST_SUFFIX)
        and not {"clauses", CONDITIONS_DIR} & set(p.relative_to(root).parts)
    )


def _misnamed(root: Path) -> list[Problem]:
    """Files that look like rules but would be skipped: ``*.yml`` (csaudit reads ``*.yaml``)."""
    return [Problem(str(p), None, None, "", "csaudit reads rules, tests and catalogues from .yaml files only; "
                                           f"rename it to {p.with_suffix('.yaml').name}")
            for p in sorted(root.rglob("*.yml"))]


def parse_conditions(roots: tuple[Path, ...]) -> tuple[dict[str, LoadedCondition], list[Problem]]:
    """The named conditions in ``<root>/conditions/*.yaml``; every name unique across the library."""
    found: dict[str, LoadedCondition] = {}
    problems: list[Problem] = []
    for root in roots:
        for path in sorted((Path(root) / CONDITIONS_DIR).glob("*.yaml")):
            if path.name.endswith(TEST_SUFFIX):   # a conditions file's cases (fixture_runner runs them)
                continue
            try:
                located = read_yaml(path)
                spec = _CONDITIONS.validate_python(located.data)
            except InputError as exc:
                problems.extend(read_problems(path, exc))
                continue
            except ValidationError as exc:
                problems.extend(problems_from_validation(exc, located, ConditionsFile))
                continue
            for name, cond in spec.conditions.items():
                if name in found:
                    problems.append(_issue_problem(located, ("conditions", name),
                                                   f"condition '{name}' is also defined in {found[name].path}"))
                    continue
                canonical = json.dumps(cond.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True)
                found[name] = LoadedCondition(name, path, cond, located, hashlib.sha256(canonical.encode()).hexdigest()[:16])
    for name, key, message in check_conditions(found):
        problems.append(_issue_problem(found[name].located, key, message))
    return found, problems


def read_problems(path: Path, exc: InputError) -> list[Problem]:
    """The problems of a file that could not be read, each naming the file once."""
    return exc.problems or [Problem(str(path), None, None, "", exc.summary.removeprefix(f"{path}: "))]


def _number_problems(located: Located) -> list[Problem]:
    """Every number in a rule file that is not finite (``.inf``, ``.nan``, ``1e400``), wherever it is written:
    no engine compares one, and JSON cannot hold one (a parameter is recorded with each run)."""
    found: list[Problem] = []

    def visit(value, key: tuple) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(v, key + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                visit(v, key + (i,))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append(_issue_problem(located, key, f"expected a finite number, got {value}"))

    visit(located.data, ())
    return found


def parse_rule(path: Path) -> tuple[LoadedRule | None, list[Problem]]:
    """Parse and schema-check one rule file; problems instead of exceptions."""
    try:
        located = read_yaml(path)
    except InputError as exc:
        return None, read_problems(path, exc)
    if not isinstance(located.data, dict):
        return None, [Problem(str(path), 1, 1, "", "a rule file is a mapping (title, refs, strength, ...)")]
    numbers = _number_problems(located)
    if numbers:
        return None, numbers
    try:
        spec = _RULE.validate_python(located.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, located, RuleSpec)
    stem = path.name[: -len(".yaml")]
    problems = []
    if spec.id is not None and spec.id != stem:
        problems.append(_issue_problem(located, ("id",), f"id '{spec.id}' differs from the file name '{stem}'"))
    return LoadedRule(stem, path, spec, located, rule_digest(spec)), problems


def scan_library(roots: list[Path] | tuple[Path, ...] | None = None) -> tuple[Library, list[Problem]]:
    """Load every rule below ``roots`` (default: the bundled library) and every problem found.

    Rules with problems in their own file are left out of the library; the
    problems name file, line and key.
    """
    if not roots:
        from ...rules import LIBRARY_DIR

        roots = (LIBRARY_DIR,)
    rules: dict[str, LoadedRule] = {}
    conditions, problems = parse_conditions(tuple(Path(r) for r in roots))
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            raise LibraryError(f"{root}: not a directory of rules")
        problems.extend(_misnamed(root))
        files = rule_files(root)
        if not files:
            problems.append(Problem(str(root), None, None, "", "no rule files here: a rule is a .yaml file in a "
                                                               f"source folder, e.g. {root / 'mysource' / 'mysource-rule.yaml'}; "
                                                               "a library without rules would check nothing"))
        for path in files:
            loaded, found = parse_rule(path)
            problems.extend(found)
            if loaded is None:
                continue
            if loaded.id in rules:
                problems.append(Problem(str(path), 1, 1, "id",
                                        f"duplicate rule id '{loaded.id}' (also {rules[loaded.id].path})"))
                continue
            issues = check_rule(loaded.spec, loaded.id, conditions)
            problems.extend(_issue_problem(loaded.located, i.key, i.message) for i in issues)
            if not issues and not found:
                rules[loaded.id] = loaded
    return Library(rules, tuple(Path(r) for r in roots), conditions), problems


def load_library(roots: list[Path] | tuple[Path, ...] | None = None, *, use_cache: bool = True) -> Library:
    """The library below ``roots``; any problem raises :class:`LibraryError` listing them all.

    A library that loaded without problems is kept in the on-disk cache (``cache.py``), keyed by the bytes
    of every file below ``roots`` and the csaudit version; the next process loads it from there.
    """
    from . import cache

    key = ""
    if use_cache and cache.cache_dir() is not None:
        if not roots:
            from ...rules import LIBRARY_DIR

            key = cache.source_key((LIBRARY_DIR,))
        else:
            key = cache.source_key(tuple(Path(r) for r in roots))
        found = cache.load("library", key)
        if isinstance(found, Library) and found.cache_key == key:
            return found
    library, problems = scan_library(roots)
    if problems:
        raise LibraryError(f"rule library: {len(problems)} problem(s); run 'csaudit rules lint' for details",
                           problems)
    if key:
        library.cache_key = key
        cache.store("library", key, _for_cache(library))
    return library


def _for_cache(library: Library) -> Library:
    """A copy of ``library`` to keep on disk: positions read back from the files when asked for, the digest
    and catalogues computed once."""
    import dataclasses

    from .cache import LazyLocated

    slim = Library({rid: dataclasses.replace(r, located=LazyLocated(r.path)) for rid, r in library.rules.items()},
                   library.roots,
                   {n: dataclasses.replace(c, located=LazyLocated(c.path)) for n, c in library.conditions.items()},
                   cache_key=library.cache_key)
    slim.digest  # noqa: B018 - computed now, kept in the entry
    try:
        slim.catalogues  # noqa: B018
    except LibraryError:  # reported when the catalogues are used, as without a cache
        slim.__dict__.pop("catalogues", None)
    return slim
