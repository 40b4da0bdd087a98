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
from .loader import LoadedRule, read_problems
from .spec import TestFile

DEFAULT_CASE_DATE = dt.date(2026, 11, 23)
_TESTS = TypeAdapter(TestFile)


def load_cases(rule: LoadedRule) -> tuple[TestFile | None, Located | None, list[Problem]]:
    path = rule.test_path
    if not path.exists():
        return None, None, [Problem(str(path), None, None, "", "missing test file: every rule needs gap and met cases")]
    try:
        located = read_yaml(path)
    except InputError as exc:
        return None, None, read_problems(path, exc)
    if not isinstance(located.data, dict):
        return None, located, [Problem(str(path), 1, 1, "", "a test file is a mapping with a 'cases' list")]
    try:
        return _TESTS.validate_python(located.data), located, []
    except ValidationError as exc:
        return None, located, problems_from_validation(exc, located, TestFile)
