"""Governance, performance review and feedback."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .base import Facts


class SeniorManager(Facts):
    name: str | None = Field(None, description="Name of the senior manager responsible for customer service")
    role: str | None = Field(None, description="Job title of the senior manager responsible for customer service")
    designated: bool | None = Field(None, description="Formally named as responsible for customer service")
    sufficient_authority: bool | None = Field(None, description="Has the authority to achieve the desired outcomes")


class Audits(Facts):
    customer_service_audited: bool | None = Field(
        None, description="Customer service is audited (internally or externally)"
    )
    last_audit: dt.date | None = Field(None, description="The date of the last customer-service audit")
    frequency_months: int | None = Field(None, ge=0, description="Months between customer-service audits")


TimelineFor = Literal["enquiries", "orders", "delivery", "appointments", "complaints"]
ReviewSource = Literal["customer_feedback", "employee_feedback", "audits", "complaints"]


class Timelines(Facts):
    """Published service timelines (BS 8477 6.3.1)."""

    enquiries_days: int | None = Field(None, ge=0, description="Days within which enquiries are answered")
    orders_days: int | None = Field(None, ge=0, description="Days within which orders are processed")
    delivery_days: int | None = Field(None, ge=0, description="Days within which deliveries are promised")
    appointments: bool | None = Field(None, description="Appointment times are set and kept to a stated timeline")
    reviewed: bool | None = Field(None, description="Timelines are regularly reviewed")
    set_for: frozenset[TimelineFor] | None = Field(
        None, description="Activities for which a service timeline has been set (list them all; omitted ones have none)"
    )
    measured: frozenset[TimelineFor] | None = Field(
        None, description="Activities whose actual times are measured against their timeline (list them all; omitted "
                          "ones are not measured)"
    )


StrategyRecord = Literal["target_service_level", "competitor_review"]
CustomerMeasure = Literal[
    "retention", "referral_source", "satisfaction", "complaint_volumes", "first_contact_resolution", "answer_times",
    "response_times",
]
QualityMethod = Literal[
    "iso_9001", "iso_10002", "customer_service_excellence", "servicemark", "process_mapping", "lean", "six_sigma",
    "statistical_process_control",
]
ValuesAudience = Literal["staff", "volunteers", "key_suppliers", "contractors"]
ProblemReportTells = Literal["action", "timescales"]
OrderInformationItem = Literal[
    "delivery_options_and_costs", "order_confirmation", "payment_options_and_costs", "complaints_procedure",
    "dispute_resolution", "help_and_follow_up",
]
OrderChangeHandling = Literal["confirmed_to_customer", "recorded_on_order"]
InformationShows = Literal["contact_details", "last_updated_date"]
KeepingMeans = Literal["download", "print", "email_copy", "paper_copy"]
RepairEstimate = Literal["time", "cost"]
RepairApproval = Literal["in_writing", "verbal", "not_sought"]
ProblemUpdates = Literal["at_each_stage", "on_request", "not_given"]
ProblemExplanation = Literal["cause", "work_done", "prevention_advice"]
RepairPaperwork = Literal["job_record", "receipt", "warranty_documents", "safety_certificate"]
VisitTimes = Literal["customer_chooses", "agreed_with_customer", "set_by_organisation"]
LateVisitContact = Literal["as_soon_as_known", "at_slot_start", "only_if_customer_calls"]
BookingTells = Literal["contact_number", "arranger_contact", "preparation_advice", "expected_duration",
                       "expected_completion"]
JobSheetRecords = Literal["work_agreed_at_start", "work_done", "contact_details", "premises_condition"]


class Ordering(Facts):
    """What customers are told about ordering, paying and delivery, and how orders are changed (BS 8477 6.3.4)."""

    delivery_options: int | None = Field(
        None, ge=0, description="Ways customers can choose to receive what they order (e.g. standard or next-day "
                                "delivery, click and collect, installation): how many are offered"
    )
    information_covers: frozenset[OrderInformationItem] | None = Field(
        None, description="What the information customers get about ordering, paying and delivery covers (order pages, "
                          "quotes and order confirmations; list all, unlisted items are not covered)"
    )
    changes_handling: frozenset[OrderChangeHandling] | None = Field(
        None, description="What happens when a customer changes an order: the change is confirmed to them, recorded on "
                          "the order (list all; [] if neither)"
    )


class CustomerInformation(Facts):
    """Leaflets, web pages, letters and terms given to customers about products and services (BS 8477 6.3.2)."""

    shows: frozenset[InformationShows] | None = Field(
        None, description="What customer information shows, document by document: contact details for further "
                          "enquiries, the date it was last updated (list all; unlisted ones are not shown)"
    )
    review_months: int | None = Field(
        None, ge=0, description="Months between checks that customer information is still up to date (0: never checked)"
    )
    customer_can_keep: frozenset[KeepingMeans] | None = Field(
        None, description="How customers can keep the information they are given: download it, print it, have a copy "
                          "emailed, take a paper copy (list all; [] if none)"
    )


class Repairs(Facts):
    """How repairs are estimated, agreed and documented (BS 8477 5.2.7.2 and 5.2.7.4)."""

    carried_out: bool | None = Field(
        None, description="It repairs or fixes customers' products, property or installations"
    )
    estimate_covers: frozenset[RepairEstimate] | None = Field(
        None, description="What the customer is given an estimate of before a repair starts: the time, the cost "
                          "(list all; [] if no estimate)"
    )
    approval_before_work: RepairApproval | None = Field(
        None, description="How the customer's go-ahead is obtained before repair work starts: in writing, by word of "
                          "mouth, or not sought"
    )
    paperwork_given: frozenset[RepairPaperwork] | None = Field(
        None, description="Documents the customer is given when a repair is finished (list all; [] if none)"
    )


class Appointments(Facts):
    """Visits to customers' homes or premises: booking and the visit itself (BS 8477 6.3.8)."""

    times_set: VisitTimes | None = Field(
        None, description="How the time of a visit is fixed: the customer chooses a slot, it is agreed with them, or the "
                          "organisation sets it"
    )
    late_running_contact: LateVisitContact | None = Field(
        None, description="When a visit will be late, the customer is contacted: as soon as the delay is known, only "
                          "once the slot has started, or only if they call"
    )
    booking_tells: frozenset[BookingTells] | None = Field(
        None, description="What customers are told when a visit is booked, in the confirmation or at booking: a number "
                          "for queries, who arranged it and how to reach them, any preparation needed, how long the "
                          "work will take, when it will be finished (list all)"
    )
    preparation_sometimes_needed: bool | None = Field(
        None, description="Some visits need the customer to do something first (clear access, be in, isolate a supply)"
    )
    job_sheet_records: frozenset[JobSheetRecords] | None = Field(
        None, description="What the job sheet or visit record left with the customer records: the work agreed at the "
                          "start, the work done, contact details for queries, the condition the premises were left in "
                          "(list all; [] if no record is left)"
    )


class Governance(Facts):
    senior_manager: SeniorManager | None = None
    owner_responsible: bool | None = Field(None, description="In a micro or small business, the owner holds the role")
    customer_service_strategy: bool | None = Field(None, description="A written customer-service strategy exists")
    kpis: frozenset[str] | None = Field(None, description="Key performance indicators monitored")
    performance_reviewed: bool | None = Field(
        None, description="Customer-service performance is reviewed by management at set intervals"
    )
    audits: Audits | None = None
    benchmarking: bool | None = Field(None, description="Service is compared with other organisations' (benchmarking)")
    resource_plan: bool | None = Field(None, description="People and resources are planned against forecast demand")
    timelines: Timelines | None = None
    emergency_procedures: bool | None = Field(
        None, description="Procedures and equipment keep customer service going in an emergency until normal service resumes"
    )
    strategy_objectives: bool | None = Field(
        None, description="The objectives needed to achieve the customer service strategy are identified"
    )
    resource_plan_covers_vulnerable: bool | None = Field(
        None, description="Resource planning includes what is needed to identify and meet the needs of vulnerable customers"
    )
    staffing_plan: bool | None = Field(
        None, description="A plan sets how many people, with which skills, are to be recruited and trained in each period"
    )
    staffing_reviewed: bool | None = Field(
        None, description="Staffing, recruitment and training needs are reviewed regularly (the micro or small business form)"
    )
    resource_timescales: bool | None = Field(
        None, description="The plan says which other resources (systems, equipment, premises, money) are needed and by when"
    )
    root_cause_analysis: bool | None = Field(
        None, description="Once a customer's problem is resolved, staff analyse its root cause and decide remedial action"
    )
    root_causes_reported: bool | None = Field(
        None, description="The causes and outcomes of those analyses are reported to senior management"
    )
    third_parties_serve_customers: bool | None = Field(
        None, description="Contractors, agents, suppliers or volunteers deal with customers on its behalf"
    )
    contractor_competence_checked: bool | None = Field(
        None, description="Competence is a criterion when contractors, agents and volunteers are selected"
    )
    service_levels_monitored: bool | None = Field(
        None, description="Departments, suppliers and third parties serving customers have service levels that are monitored"
    )
    ownership_communicated: bool | None = Field(
        None, description="Customers are told which person or department owns their request, problem or complaint"
    )
    proactive_contact_reviewed: bool | None = Field(
        None, description="Chances to contact customers first (e.g. to warn of a delay and offer options) are reviewed"
    )
    service_standards_published: bool | None = Field(
        None, description="Customers are told what service quality to expect and how the service process works"
    )
    opt_out_add_ons: bool | None = Field(
        None, description="Sales include extra goods or services the customer did not ask for unless they opt out"
    )
    interim_response_on_delay: bool | None = Field(
        None, description="Customers get a prompt interim response when an unavoidable delay is likely"
    )
    problem_procedures: bool | None = Field(
        None, description="Written procedures say how staff respond to problems customers report"
    )
    problem_reference_given: bool | None = Field(
        None, description="A customer reporting a problem gets a reference number and a number to call with queries"
    )
    performance_monitoring: bool | None = Field(
        None, description="A system monitors and measures customer service performance"
    )
    improvement_actions: bool | None = Field(
        None, description="Performance reviews lead to recorded improvement and corrective actions"
    )
    review_sources: frozenset[ReviewSource] | None = Field(
        None, description="Sources of information used in performance reviews"
    )
    benchmarking_acted_on: bool | None = Field(
        None, description="Benchmarking results are used to decide improvements and to track service quality"
    )
    strategy_sets_out: frozenset[StrategyRecord] | None = Field(
        None, description="What the written customer service strategy records it was prepared from: the level of "
                          "service sought, a review of competitors and comparable businesses (list all)"
    )
    customer_measures: frozenset[CustomerMeasure] | None = Field(
        None, description="Customer measures tracked and reported to management, or to the owner in a small business "
                          "(list all; unlisted ones are not tracked)"
    )
    quality_methods: frozenset[QualityMethod] | None = Field(
        None, description="Quality management standards and techniques applied to customer service (list all; [] if none)"
    )
    values_communicated_to: frozenset[ValuesAudience] | None = Field(
        None, description="Who has been given the customer service vision and values, e.g. at induction, in briefings "
                          "or in supplier and contractor agreements (list all)"
    )
    problem_report_tells: frozenset[ProblemReportTells] | None = Field(
        None, description="What a customer reporting a problem is told, by script or template: the action to be taken, "
                          "the timescales for investigating and resolving it (list all)"
    )
    problem_progress_updates: ProblemUpdates | None = Field(
        None, description="How customers hear how the investigation or repair of their problem is going: told at each "
                          "stage, only when they ask, or not at all"
    )
    problem_resolved_tells: frozenset[ProblemExplanation] | None = Field(
        None, description="What a customer is told once their problem is resolved: its cause, the work done, how to stop "
                          "it happening again (list all)"
    )
    ordering: Ordering | None = None
    information: CustomerInformation | None = None
    repairs: Repairs | None = None
    appointments: Appointments | None = None


class Feedback(Facts):
    customer_surveys: bool | None = Field(None, description="Customers are surveyed about the service they had")
    focus_groups: bool | None = Field(None, description="Focus groups of customers are held")
    social_media_monitoring: bool | None = Field(
        None, description="What customers say on social media and review sites is read and acted on"
    )
    employee_feedback: bool | None = Field(
        None, description="Staff are asked for their view of the service customers get"
    )
    mystery_shopping: bool | None = Field(None, description="Mystery shopping tests the service")
    competitor_perception: bool | None = Field(
        None, description="How customers see it compared with competitors is assessed"
    )
    owner_direct_contact: bool | None = Field(
        None, description="The owner or their representative talks directly with customers to hear their views"
    )
    rapid_insight: bool | None = Field(
        None, description="Feedback is seen quickly enough (real time or within days) to act early on frustrations"
    )
    used_for_improvement: bool | None = Field(None, description="Feedback is fed into service and quality improvement")
    praise_invited: bool | None = Field(None, description="Customers are encouraged to say when service was excellent")
    praise_passed_to_staff: bool | None = Field(
        None, description="Staff who gave excellent service are told and recognised"
    )
    team_meetings: bool | None = Field(None, description="Regular team meetings gather staff and volunteers' views")
    suggestions_answered: bool | None = Field(
        None, description="Staff and volunteers are told what was done about their suggestions"
    )
    issues_raised_to_senior_management: bool | None = Field(
        None, description="Customer service staff report issues they meet to senior management"
    )
