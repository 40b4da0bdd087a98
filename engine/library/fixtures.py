"""Read a rule's sibling ``*.test.yaml`` cases: small profiles with the status each must give.

Running them is the front door's job (:mod:`csaudit.engine.fixture_runner`);
reading and schema-checking them belongs with the rules they test.
"""

from __future__ import annotations

import datetime as dt

from pydantic import TypeAdapter, ValidationError

from ...facts.located.problems import InputError, Problem
from ...facts.located.reader import Located, read_yaml
from ...facts.located.validation import problems_from_validation
from pathlib import Path

from .loader import TEST_SUFFIX, LoadedRule, read_problems
from .spec import ConditionTestFile, TestFile

DEFAULT_CASE_DATE = dt.date(2026, 11, 23)
_TESTS = TypeAdapter(TestFile)
_CONDITION_TESTS = TypeAdapter(ConditionTestFile)


def _read(path: Path, adapter: TypeAdapter, model: type, missing: str):
    if not path.exists():
        return None, None, [Problem(str(path), None, None, "", f"missing test file: {missing}")]
    try:
        located = read_yaml(path)
    except InputError as exc:
        return None, None, read_problems(path, exc)
    if not isinstance(located.data, dict):
        return None, located, [Problem(str(path), 1, 1, "", "a test file is a mapping with a 'cases' list")]
    try:
        return adapter.validate_python(located.data), located, []
    except ValidationError as exc:
        return None, located, problems_from_validation(exc, located, model)


def load_cases(rule: LoadedRule) -> tuple[TestFile | None, Located | None, list[Problem]]:
    return _read(rule.test_path, _TESTS, TestFile, "every rule needs gap and met cases")


def condition_test_path(conditions_file: Path) -> Path:
    return conditions_file.with_name(conditions_file.name[: -len(".yaml")] + TEST_SUFFIX)


def load_condition_cases(conditions_file: Path) -> tuple[ConditionTestFile | None, Located | None, list[Problem]]:
    """The cases of a ``conditions/<source>.yaml`` file, from its sibling ``<source>.test.yaml``."""
    return _read(condition_test_path(conditions_file), _CONDITION_TESTS, ConditionTestFile,
                 "every named condition needs cases where it holds and where it fails")
