"""Common base for every profile model: unknown keys are errors, values are immutable."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Facts(BaseModel):
    """A part of the organisation profile.

    Every field is optional unless the profile cannot make sense without it:
    an absent fact is *unknown*, never silently false.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # computed field name -> the input field it is derived from (for line numbers)
    DERIVED_FROM: ClassVar[dict[str, str]] = {}
