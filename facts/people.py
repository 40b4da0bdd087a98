"""People: competency profiles, recruitment, training and identification."""

from __future__ import annotations

from pydantic import Field

from .base import Facts


class Training(Facts):
    induction: bool | None = Field(None, description="Customer-facing staff are trained before they start")
    products_and_prices: bool | None = None
    systems_and_procedures: bool | None = None
    complaints_handling: bool | None = None
    vulnerable_customers: bool | None = Field(None, description="Recognising and responding to customers in vulnerable circumstances")
    consumer_rights: bool | None = None
    refresher_months: int | None = Field(None, ge=0, description="Months between refresher sessions")
    evaluated: bool | None = Field(None, description="Training is evaluated and support documented")


class People(Facts):
    customer_facing_staff: int | None = Field(None, ge=0)
    competency_profiles: bool | None = Field(None, description="Person specifications exist for each customer service role")
    recruitment_uses_profiles: bool | None = None
    training: Training | None = None
    competence_assessed: bool | None = Field(None, description="Competence is assessed on an ongoing basis")
    visit_identification: bool | None = Field(None, description="Staff visiting homes or premises show proof of identity on arrival")
    identifiable_face_to_face: bool | None = None
    supervision: bool | None = Field(None, description="Trained supervision is always available")
