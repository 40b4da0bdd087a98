"""Where the facts come from: the documents, pages and people a profile's statements rest on.

An auditor files evidence with each conclusion. A profile lists its evidence once and
says which parts of the profile each record supports; findings then carry the evidence
of the facts they used.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import Facts


class Evidence(Facts):
    id: str = Field(description="Short identifier, unique among evidence records", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    covers: frozenset[str] = Field(
        min_length=1,
        description="Parts of the profile this supports, as paths: 'policies.returns[online-returns]', "
                    "'channels[helpline]', 'statements', 'governance.senior_manager'; a path covers all below it",
    )
    document: str | None = Field(None, description="What was read, e.g. 'Returns policy, version 4 (May 2026)'")
    url: str | None = Field(None, description="Where it can be read again")
    seen: dt.date | None = Field(None, description="The date it was seen")
    confirmed_by: str | None = Field(None, description="Who confirmed it (name and role)")
    note: str | None = Field(None, description="Anything else about it, e.g. which pages or which sample")
