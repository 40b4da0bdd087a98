"""People: competency profiles, recruitment, training and identification."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

Competency = Literal[
    # behavioural competencies (BS 8477 5.2.2.3 a-h)
    "quality_focus", "communication", "handling_stress", "active_listening", "teamwork", "problem_solving",
    "flexibility", "proactivity",
    # skills, knowledge and experience (5.2.2.4 a-e)
    "product_knowledge", "empathy", "understanding_needs", "conveying_information", "role_expertise",
]


QualificationSupport = Literal["required_for_role", "fees_paid", "study_time", "recognised_in_pay"]
MotivationMeasure = Literal["service_in_job_descriptions", "incentives", "performance_pay", "recognition"]
RecruitmentMethod = Literal[
    "interview", "telephone_interview", "role_play", "assessment_centre", "work_trial", "written_test", "references",
]


class Training(Facts):
    induction: bool | None = Field(None, description="Customer-facing staff are trained before they start")
    products_and_prices: bool | None = Field(None, description="Staff are trained on the products, services and prices")
    systems_and_procedures: bool | None = Field(
        None, description="Staff are trained on the systems and procedures they use"
    )
    complaints_handling: bool | None = Field(None, description="Staff are trained to handle complaints")
    vulnerable_customers: bool | None = Field(None, description="Recognising and responding to customers in vulnerable circumstances")
    consumer_rights: bool | None = Field(None, description="Staff are trained in customers' legal rights")
    service_standards: bool | None = Field(
        None, description="What consistent, high-quality service means to customers and how to deliver it"
    )
    role_skills: bool | None = Field(None, description="Skills and knowledge specific to each customer service role")
    regular_updates: bool | None = Field(
        None, description="Staff are regularly updated on products and services, including prices, features and benefits"
    )
    ongoing_coaching: bool | None = Field(
        None, description="Continued training and coaching (communication, problem solving, teamwork) after induction"
    )
    refresher_months: int | None = Field(None, ge=0, description="Months between refresher sessions")
    evaluated: bool | None = Field(None, description="Training is evaluated and support documented")


class People(Facts):
    customer_facing_staff: int | None = Field(
        None, ge=0,
        description="People who deal with customers, owner and volunteers included (1 when the owner works alone)",
    )
    competency_profiles: bool | None = Field(None, description="Person specifications exist for each customer service role")
    recruitment_uses_profiles: bool | None = Field(
        None, description="Recruitment uses the competency profiles of customer-facing roles"
    )
    competency_profile_covers: frozenset[Competency] | None = Field(
        None, description="Competencies the person specifications for customer service roles require"
    )
    profiles_drive_development: bool | None = Field(
        None, description="Training, development and performance assessment are based on each role's competency profile"
    )
    service_monitoring: bool | None = Field(
        None, description="Staff's service is regularly checked, e.g. by mystery shopping, call listening or observation"
    )
    training: Training | None = None
    competence_assessed: bool | None = Field(None, description="Competence is assessed on an ongoing basis")
    visit_identification: bool | None = Field(None, description="Staff visiting homes or premises show proof of identity on arrival")
    identifiable_face_to_face: bool | None = Field(
        None, description="Staff who meet customers can be identified (name badge, uniform, ID card)"
    )
    supervision: bool | None = Field(None, description="Trained supervision is always available")
    stress_support: bool | None = Field(
        None, description="Staff have ways to relieve stress and avoid burnout (e.g. breaks after hard calls, wellbeing support)"
    )
    qualification_support: frozenset[QualificationSupport] | None = Field(
        None, description="How customer service staff are encouraged to gain relevant professional qualifications: "
                          "required for the role, fees paid, study time given, recognised in pay (list all; [] if not at all)"
    )
    motivation_measures: frozenset[MotivationMeasure] | None = Field(
        None, description="Measures used to motivate staff to give good service: customer service in every job "
                          "description, incentives, performance pay linked to service, recognition (list all; [] if none)"
    )
    recruitment_methods: frozenset[RecruitmentMethod] | None = Field(
        None, description="Selection techniques used when recruiting customer service staff (list all)"
    )
