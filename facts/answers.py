"""Answers to the manual questions of the clause catalogues (the auditor's checklist)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BeforeValidator, Field

from .base import Facts


def _yaml_bool(value: object) -> object:
    """YAML reads a bare yes/no as a boolean; take it back as the word the user wrote."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


AnswerValue = Annotated[Literal["yes", "no", "not_applicable"], BeforeValidator(_yaml_bool)]


class Answer(Facts):
    answer: AnswerValue = Field(description="yes: the practice is in place; no: it is not; not_applicable")
    note: str | None = Field(None, description="Anything the auditor wants to add, e.g. what was sampled")
    evidence: str | None = Field(None, description="Where the evidence is (document, interview, observation)")
    url: str | None = Field(None, description="Where the evidence can be read again (a link or a file path)")
    answered_by: str | None = Field(None, description="Who answered or confirmed it (name and role)")
    date: dt.date | None = Field(None, description="The date the answer was given or the evidence seen")


Answers = dict[str, Union[AnswerValue, Answer]]
