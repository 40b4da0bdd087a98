"""Who the organisation is: size, customers, what it supplies and how it contracts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, computed_field

from .base import Facts

Size = Literal["micro", "small", "medium", "large"]
CustomerType = Literal["consumers", "businesses"]
Supply = Literal["goods", "services", "digital_content"]
ContractChannel = Literal["on_premises", "distance", "off_premises"]
Nation = Literal["england", "wales", "scotland", "northern_ireland"]


class Organisation(Facts):
    name: str = Field(description="Trading name")
    legal_name: str | None = Field(None, description="Registered legal name")
    size: Size | None = Field(
        None, description="micro (<10 staff), small (<50), medium (<250) or large: decides BS 8477 concessions"
    )
    customers: frozenset[CustomerType] | None = Field(None, description="Whom it sells to")
    supplies: frozenset[Supply] | None = Field(None, description="What it supplies")
    contract_channels: frozenset[ContractChannel] | None = Field(
        None, description="How contracts are made: in person, at a distance, off premises (e.g. at the customer's home)"
    )
    nations: frozenset[Nation] | None = Field(None, description="UK nations it trades in")
    sector: str | None = Field(
        None, description="The trade in everyday words, e.g. 'plumbing and heating' (for readers; rules use offerings' sectors)"
    )
    regulators: frozenset[str] | None = Field(None, description="Sector regulators, e.g. Ofgem, FCA")
    home_visits: bool | None = Field(None, description="Staff or contractors visit customers' homes or premises")
    emergency_callouts: bool | None = Field(None, description="Offers emergency call-outs")
    counter_service: bool | None = Field(None, description="Serves customers in store or at a counter")
    registered_company: bool | None = Field(
        None, description="A company or LLP registered at Companies House (trading disclosure duties apply)"
    )
    vat_registered: bool | None = Field(None, description="Registered for VAT")

    DERIVED_FROM = {"sells_to_consumers": "customers", "sells_to_businesses": "customers"}

    @computed_field(description="Sells to consumers (individuals outside their trade)")
    @property
    def sells_to_consumers(self) -> bool | None:
        return None if self.customers is None else "consumers" in self.customers

    @computed_field(description="Sells to business customers")
    @property
    def sells_to_businesses(self) -> bool | None:
        return None if self.customers is None else "businesses" in self.customers
