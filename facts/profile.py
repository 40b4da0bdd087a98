"""The whole organisation profile: one YAML file describing customer service as facts."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .access import Accessibility, DataProtection, Website
from .answers import Answers
from .authority import Authority
from .base import Facts
from .channels import Channel, Crm
from .controls import Controls
from .dataprotection import Privacy
from .governance import Feedback, Governance
from .organisation import Organisation
from .people import People
from .policies import Policies
from .trading import Trading


class Profile(Facts):
    as_of: dt.date = Field(description="The date the facts describe; the law in force on it is applied by default")
    organisation: Organisation
    channels: list[Channel] | None = Field(None, description="Every way customers can contact the organisation")
    crm: Crm | None = Field(None, description="How customer contacts are recorded, shared and followed up")
    policies: Policies | None = None
    authority: Authority | None = None
    people: People | None = None
    governance: Governance | None = None
    feedback: Feedback | None = None
    accessibility: Accessibility | None = None
    website: Website | None = None
    data_protection: DataProtection | None = None
    trading: Trading | None = Field(None, description="Contract terms, checkout, website disclosures, reviews, subscriptions")
    privacy: Privacy | None = Field(None, description="Data protection clocks and complaint handling (UK GDPR, DPA 2018)")
    controls: Controls | None = Field(None, description="Internal controls over customer service, by risk area")
    answers: Answers | None = Field(
        None, description="Answers to manual questions, keyed by question id (see 'csaudit rules coverage')"
    )
