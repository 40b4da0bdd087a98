"""The whole organisation profile: one YAML file describing customer service as facts."""

from __future__ import annotations

import datetime as dt

from typing import Literal

from pydantic import Field

from .access import Accessibility, DataProtection, Website
from .answers import Answers
from .authority import Authority
from .base import Facts
from .channels import Channel, Crm
from .controls import Controls
from .dataprotection import Privacy
from .evidence import Evidence
from .governance import Feedback, Governance
from .obligations import Business
from .offerings import Offering, Statement
from .organisation import Organisation
from .people import People
from .policies import Policies
from .regulated import Regulated
from .trading import Trading


ListName = Literal["channels", "roles", "offerings", "statements", "returns", "barriers"]


class Profile(Facts):
    as_of: dt.date = Field(description="The date the facts describe; the law in force on it is applied by default")
    organisation: Organisation
    channels: list[Channel] | None = Field(None, description="Every way customers can contact the organisation")
    offerings: list[Offering] | None = Field(
        None, description="What the organisation sells, line by line: each product line, service, digital content "
                          "or subscription with the traits the law turns on"
    )
    statements: list[Statement] | None = Field(
        None, description="What customers are told about their rights: on pages, receipts, signs, terms and scripts"
    )
    complete_lists: frozenset[ListName] | None = Field(
        None, description="The lists that name every item the organisation has (every channel, every offering, "
                          "every statement made ...). A conclusion drawn from something missing from a list is "
                          "unknown unless the list is declared complete here"
    )
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
    regulated: Regulated | None = Field(
        None, description="Sector regulation: FCA authorisation, Ofcom-regulated communications services, Ofgem "
                          "licences, package organising, flights operated (the facts sector rules turn on)"
    )
    controls: Controls | None = Field(None, description="Internal controls over customer service, by risk area")
    business: Business | None = Field(
        None, description="Legal form and business name, price marking, taking back old electrical equipment, "
                          "dealing with unsafe products (the facts further trading duties turn on)"
    )
    evidence: list[Evidence] | None = Field(
        None, description="The documents, pages and people the profile's facts rest on, and which facts each supports"
    )
    answers: Answers | None = Field(
        None, description="Answers to manual questions, keyed by question id (see 'csaudit rules coverage')"
    )
