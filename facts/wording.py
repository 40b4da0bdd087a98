"""A reader's words for fact values: what a message says in place of a code, a number or a gap.

A rule's messages (``gap``, ``met``, ``not_applicable``, ``remediation``) name facts as
``{fact.path}`` placeholders. What fills a placeholder comes from here, never the raw value:

- an enum or set value is said in words: ``WORDS`` by value (shared by every fact that takes
  the value), ``BY_FACT`` where one fact needs its own words for it; a set is a list in English
  ("audio and large print"), an empty set says ``EMPTY`` (or its ``EMPTY_BY_FACT`` words);
- a count of days, hours, months ... carries its unit ("14 days", "1 month"): ``UNITS`` by the
  end of the fact's name, ``UNIT_BY_FACT`` for the rest, so a template writes
  ``within {policies.faulty_goods.refund_within_days} of`` and never "days" after it;
- money reads "£25" or "£12.50", a date "1 March 2026";
- a fact the profile does not state says ``MISSING`` ("not stated"), or its ``MISSING_BY_FACT``
  words where a sentence needs them ("an unstated number of days" for a quantity);
- a fact naming another subject by id (``REFERENCES``) says that subject's name.

Each word list is a noun phrase that fits the templates that use it: "refunds are made by
{...refund_method}" takes "store credit", "paid within 14 days of {...refund_clock_starts}" takes
"the returned goods being inspected". Booleans have no words here: a message says in its own
words what is true rather than print "yes" or "no".

``tests/test_rules_wording.py`` fails when a value in the fact catalogue has no words here and
renders every rule's messages over every value of the facts they read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable, Iterable

from .catalogue import FactInfo, catalogue

MISSING = "not stated"
EMPTY = "none"

# ---------------------------------------------------------------------------------------- enum and set values
WORDS: dict[str, str] = {
    # accessibility.alternative_formats
    "large_print": "large print",
    "braille": "Braille",
    "audio": "audio",
    "easy_read": "Easy Read",
    "accessible_pdf": "accessible PDF",
    # channel.cost_class: "{subject} ({channel.number}) is {channel.cost_class}" (the number shows the prefix)
    "geographic": "a geographic number",
    "uk_wide": "an 03 number, charged like a geographic call",
    "freephone": "a freephone number",
    "mobile": "a mobile number",
    "service_charge": "a service-charge number",
    "premium": "a premium-rate number",
    "personal": "a personal number",
    "pager": "a pager number",
    # channel.kind
    "phone": "phone",
    "textphone": "textphone",
    "email": "email",
    "webchat": "web chat",
    "web_form": "web form",
    "post": "post",
    "face_to_face": "face to face",
    "social_media": "social media",
    "app": "app",
    "sms": "text message",
    "in_app": "in-app message",
    "voicemail": "voicemail",
    "video": "video call",
    # channel.purposes (complaints, returns, appointments and delivery are shared with other facts)
    "sales": "sales",
    "existing_contracts": "existing contracts",
    "complaints": "complaints",
    "technical_support": "technical support",
    "returns": "returns",
    "billing": "billing",
    "general_enquiries": "general enquiries",
    "emergencies": "emergencies",
    "appointments": "appointments",
    # controls.crisis.resilience_scenarios
    "cyber_attack": "a cyber attack",
    "customer_data_loss": "a loss of customer data",
    "system_outage": "a system outage",
    "product_contamination": "product contamination",
    "product_recall": "a product recall",
    "supplier_failure": "a supplier's failure",
    "severe_weather": "severe weather",
    "pandemic": "a pandemic",
    # controls.risk_assessment.risk_types
    "financial": "financial",
    "reputational": "reputational",
    "health_and_safety": "health and safety",
    "sub_standard_service": "sub-standard service",
    # governance.review_sources
    "customer_feedback": "customer feedback",
    "employee_feedback": "employee and volunteer feedback",
    "audits": "audits and management checks",
    # governance.timelines.set_for
    "enquiries": "enquiries",
    "orders": "orders",
    # organisation.contract_channels
    "on_premises": "on its premises",
    "distance": "at a distance",
    "off_premises": "off its premises",
    # organisation.customers
    "consumers": "consumers",
    "businesses": "businesses",
    # organisation.nations
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
    # organisation.size
    "micro": "a micro business (fewer than 10 staff)",
    "small": "a small business (fewer than 50 staff)",
    "medium": "a medium-sized business (fewer than 250 staff)",
    "large": "a large organisation (250 staff or more)",
    # organisation.supplies
    "goods": "goods",
    "services": "services",
    "digital_content": "digital content",
    # people.competency_profile_covers
    "quality_focus": "a focus on quality",
    "communication": "communication",
    "handling_stress": "handling stress",
    "active_listening": "active listening",
    "teamwork": "teamwork",
    "problem_solving": "problem solving",
    "flexibility": "flexibility",
    "proactivity": "being proactive",
    "product_knowledge": "product knowledge",
    "empathy": "empathy",
    "understanding_needs": "understanding customers' needs",
    "conveying_information": "conveying information clearly",
    "role_expertise": "the role's specialist skills",
    # offering traits, and a returns route's exclusions: "The route excludes {...}"
    "perishable": "perishable goods",
    # refund clocks: "refunds are paid within 14 days of {...refund_clock_starts}"
    "earlier_of_return_or_proof_of_postage": "the goods coming back or the customer's proof of sending them, "
                                             "whichever is earlier",
    "cancellation_notified": "the trader being told of the cancellation",
    "goods_received": "the goods coming back",
    "inspection_complete": "the returned goods being inspected",
    "entitlement_agreed": "the trader agreeing the customer is entitled to a refund",
    "manufacturer_report": "the manufacturer reporting on the fault",
    "supplier_refunds_trader": "the trader's own supplier (an airline or hotel) refunding the trader",
    # refund methods: "refunds are made by {...refund_method}"
    "original_payment": "the original means of payment",
    "customer_choice": "a means the customer chooses",
    "store_credit": "store credit",
    "credit_note": "a credit note",
    "exchange_only": "exchange only",
    # who pays: "return costs are paid by {...return_costs_paid_by}"
    "trader": "the trader",
    "customer": "the customer",
    # events a period counts from: "counted from {...}", "at the customer's risk from {...}"
    "order": "the order",
    "contract": "the contract being made",
    "payment": "payment",
    "dispatch": "dispatch",
    "delivery": "delivery",
    "handover_to_carrier": "handover to the carrier",
    "physical_possession": "the customer taking physical possession",
    # policies.complaints.external_redress.adr_obligations: "it must use ADR because of {...}"
    "legislation": "legislation",
    "contract_term": "a term of its contracts",
    "trade_association": "its trade association's rules",
    "other_contract": "another contract",
    # privacy.breach.clock_starts: "reported within 72 hours of {...}"
    "awareness": "becoming aware of the breach",
    "confirmation": "the breach being confirmed",
    "investigation_complete": "the investigation ending",
    # role.over_limit_action: "above its limit it responds with {...}"
    "escalate": "an escalation to a higher role",
    "refuse": "a refusal",
    "refer_to_manufacturer": "a referral to the manufacturer",
    # trading.terms.clause_tags: "the terms include terms {...}"
    "excl_negligence_death_injury": "excluding liability for death or injury caused by negligence",
    "excl_or_limit_implied_terms": "excluding or limiting the rights the Act implies",
    "no_refund_any_circumstances": "refusing a refund in any circumstances",
    "excessive_cancellation_fee": "charging a disproportionate cancellation fee",
    "termination_without_notice": "letting the trader end the contract without reasonable notice",
    "auto_renewal_early_optout_deadline": "renewing automatically unless the customer opts out unreasonably early",
    "terms_not_available_precontract": "binding the customer to terms they could not read before the contract",
    "unilateral_variation_no_reason": "letting the trader change the terms without a valid reason",
    "price_increase_no_exit": "raising the price without letting the customer cancel",
    "trader_decides_conformity": "letting the trader decide whether what it supplied conforms to the contract",
    "agent_commitments_not_binding": "disowning commitments made by the trader's agents",
    "compulsory_arbitration": "requiring disputes to go to arbitration",
    "burden_of_proof_on_consumer": "putting a burden of proof on the consumer",
    "fault_report_time_limit": "setting a time limit for reporting faults",
    "risk_on_dispatch": "putting goods at the customer's risk from dispatch",
    "refund_as_credit_only": "refunding only as credit",
    "restocking_fee_faulty": "charging a restocking fee on faulty goods",
    "excl_reasonable_care_skill": "excluding the duty to perform services with reasonable care and skill",
    "excl_device_damage_liability": "excluding liability for damage digital content does to a device",
    # complete_lists: which lists the profile declares complete ("returns" is shared with channel.purposes)
    "channels": "channels",
    "roles": "roles",
    "offerings": "offerings",
    "statements": "statements",
    "barriers": "barriers",
    # offerings: offering.kind takes goods, services, digital_content; offering.sold takes the contract channels
    "general": "ordinary consumer sales",
    "banking": "banking",
    "credit": "credit",
    "insurance": "insurance",
    "pensions": "pensions",
    "investment": "investments",
    "payment_services": "payment services",
    "gambling": "gambling",
    "package_travel": "package travel",
    "timeshare": "timeshare",
    "passenger_transport": "passenger transport",
    "residential_letting": "residential letting",
    "property": "land and property",
    "new_building": "new building work",
    "household_rounds": "regular household delivery rounds",
    "prescription_health": "prescription medicines and NHS products",
    "energy": "energy",
    "telecoms": "telecoms",
    "water": "water",
    "postal": "postal services",
    # offering.traits ("perishable" is shared with the cancellation exclusions)
    "sealed_hygiene": "goods sealed for hygiene",
    "sealed_media": "sealed recordings or software",
    "made_to_specification": "goods made to the customer's specification",
    "special_order": "goods ordered in specially",
    "installed_by_trader": "goods the trader installs",
    "second_hand": "second-hand goods",
    "sale_or_clearance": "sale or clearance goods",
    "motor_vehicle": "motor vehicles",
    "inseparably_mixed": "goods that become mixed with others after delivery",
    "market_priced": "goods priced by the financial market",
    "alcohol_future_delivery": "alcohol delivered after 30 days at a market-set value",
    "newspaper_or_magazine": "a single newspaper or magazine",
    "dated_leisure": "accommodation, catering or leisure for a set date",
    "urgent_repair": "an urgent repair the customer asked for",
    "auction": "goods sold at public auction",
    "tangible_medium": "digital content on a physical medium",
    "renews_automatically": "a contract that renews until the customer ends it",
    # offering.early_start: "supply starts within the cancellation period {...}"
    "never": "never",
    "on_express_request": "only at the customer's express request",
    "by_default": "by default",
    # returns routes: conditions, deadlines, remedies, clocks ("order", "contract", "payment", "dispatch",
    # "delivery", "store_credit", "credit_note", "exchange_only" and the refund clocks are shared above)
    "unopened": "unopened goods",
    "original_packaging": "the original packaging",
    "with_receipt": "a receipt",
    "proof_of_purchase": "proof of purchase",
    "unused": "unused goods",
    "tags_attached": "tags still attached",
    "resaleable": "goods in a resaleable condition",
    "in_store_only": "a return in store",
    "not_sale_items": "the item not being a sale item",
    "reason_given": "a reason for the return",
    "telling_us": "telling the trader",
    "sending_back": "getting the goods back to the trader",
    "calendar_days": "calendar days",
    "working_days": "working days",
    "refund_same_means": "a refund to the original means of payment",
    "refund_customer_choice": "a refund by a means the customer chooses",
    "voucher": "a voucher",
    "repair_or_replacement": "a repair or replacement",
    "proof_of_postage": "the customer's proof of sending the goods",
    "installation": "installation",
    "notice": "the customer's notice",
    # statement.says: "the statement says {...}"
    "no_refunds": "no refunds are given in any circumstances",
    "no_refunds_on_sale_items": "sale items are never refunded",
    "receipt_only_proof_of_purchase": "there is no refund or repair without the original receipt",
    "faults_go_to_manufacturer": "faults are for the manufacturer to deal with",
    "warranty_is_only_remedy": "there is no remedy once the warranty or returns period ends",
    "faults_reported_within_days": "faults must be reported within a set number of days",
    "faults_credit_note_only": "faulty goods get only a credit note or an exchange",
    "faults_original_packaging_required": "faulty goods are taken back only in their original packaging",
    "faults_customer_pays_postage": "customers pay to send faulty goods back",
    "opened_goods_not_returnable": "opened goods cannot be returned",
    "online_orders_not_cancellable": "online orders cannot be cancelled",
    "digital_purchases_non_refundable": "digital purchases are never refunded",
    "services_not_cancellable_once_booked": "services cannot be cancelled once booked",
    "deposits_never_refundable": "deposits are never refunded",
    "statutory_rights_not_affected": "statutory rights are not affected",
    "rights_as_own_offer": "rights the law gives everyone are the trader's own offer",
    "cancellation_period_days": "online orders can be cancelled or returned only within a set number of days",
    "trader_identity": "who the trader is, where it is based or what it has achieved",
    "trader_approval": "the trader or product is approved, accredited, trust-marked or bound by a code of conduct",
    "described_as_free": "something is free",
    "closing_down": "the trader is closing down or moving",
    "product_feature": "the product has a particular feature or benefit",
    "price_saving": "the price is a saving on another price",
    # statement.where ("email" is shared with channel.kind)
    "website": "the website",
    "receipt": "receipts",
    "in_store_sign": "signs in store",
    "terms": "the terms",
    "script": "staff scripts",
    "advert": "adverts",
    "invoice": "invoices",
    "said_by_staff": "what staff tell customers",
    "flyer": "flyers and leaflets",
    "listing": "product listings",
    # regulated.fca.activities ("payment_services" and "pensions" are shared with offering.sector)
    "credit_broking": "credit broking",
    "consumer_credit_lending": "consumer credit lending",
    "consumer_hire": "consumer hire",
    "debt_collection": "debt collection",
    "debt_advice": "debt adjusting or counselling",
    "insurance_distribution": "insurance distribution",
    "insurance_underwriting": "insurance underwriting",
    "home_finance": "mortgages and other home finance",
    "deposit_taking": "deposit taking",
    "e_money": "issuing e-money",
    "investment_services": "investment services",
    "ucits_management": "managing UCITS funds",
    "claims_management": "claims management",
    # regulated.fca.customers, regulated.communications.customers ("consumers" is shared with organisation.customers)
    "micro_enterprises": "micro-enterprises",
    "small_businesses": "small businesses",
    "small_charities": "small charities",
    "small_trusts": "small trusts",
    "larger_businesses": "larger businesses",
    # regulated.energy.licences and customers
    "gas_supply": "gas supply",
    "electricity_supply": "electricity supply",
    "gas_transportation": "gas transportation",
    "electricity_distribution": "electricity distribution",
    "domestic": "domestic customers",
    "micro_business": "micro businesses",
    "other_business": "other businesses",
    # regulated.energy.guaranteed_standards_missed: "guaranteed standards missed: {...}"
    "final_bill_after_switch": "the final bill within six weeks of a switch",
    "switch_completed_on_time": "completing a switch on time",
    "erroneous_switch_put_right": "putting right a switch made in error",
    "credit_refund_after_switch": "refunding a credit balance after a switch",
    "appointment_kept": "keeping an agreed appointment",
    # regulated.air.licence and flights
    "caa": "the UK Civil Aviation Authority",
    "eu_state": "an EU member state",
    "other_state": "a country outside the UK and the EU",
    "departing_uk": "flights departing from the UK",
    "arriving_uk": "flights arriving in the UK from abroad",
    "outside_uk": "flights wholly outside the UK",
    # offering.distance_means ("website", "app", "email", "social_media", "phone", "post" are shared)
    "marketplace": "an online marketplace",
    # privacy.notice.items: "the privacy information gives {...}"
    "controller_identity": "the controller's identity and contact details",
    "dpo_contact": "the data protection officer's contact details",
    "purposes_and_lawful_basis": "the purposes and lawful basis of the processing",
    "legitimate_interests": "the legitimate interests relied on",
    "recipients": "who receives the data",
    "international_transfers": "transfers outside the UK",
    "retention_period": "how long the data is kept",
    "rights": "the individual's rights",
    "right_to_withdraw_consent": "the right to withdraw consent",
    "right_to_complain_to_ico": "the right to complain to the ICO",
    "statutory_or_contractual_requirement": "whether giving the data is required, and what happens if it is not",
    "automated_decisions": "any automated decision-making",
    "source_of_data": "where the data came from",
    # trading.direct_marketing.electronic_mail_basis: "marketing e-mails are sent on the basis of {...}"
    "consent": "consent",
    "soft_opt_in": "the soft opt-in for existing customers",
    # trading.information.*: "customers are told {...} before they are bound"
    "identity": "the trader's identity",
    "geographic_address": "the trader's geographic address",
    "phone_number": "a phone number",
    "email_address": "an email address",
    "main_characteristics": "the main characteristics of what is sold",
    "total_price": "the total price",
    "delivery_charges": "delivery charges",
    "additional_charges": "any additional charges",
    "per_period_cost": "the cost per billing period",
    "communication_cost": "the cost of contacting the trader where above the basic rate",
    "payment_arrangements": "payment arrangements",
    "delivery_arrangements": "delivery or performance arrangements",
    "complaint_handling_policy": "the complaint handling policy",
    "adr": "access to alternative dispute resolution",
    "legal_guarantee_reminder": "a reminder of the legal duty to supply goods that conform",
    "after_sales_services": "after-sales services",
    "commercial_guarantees": "commercial guarantees",
    "codes_of_conduct": "codes of conduct",
    "contract_duration": "the contract's duration",
    "termination_conditions": "the conditions for ending the contract",
    "minimum_duration": "the minimum duration of the customer's obligations",
    "deposits": "deposits or other financial guarantees",
    "digital_functionality": "how the digital content works",
    "digital_compatibility": "what the digital content works with",
    "cancellation_right": "the right to cancel, its conditions, time limit and procedure",
    "model_cancellation_form": "the model cancellation form",
    "return_costs": "that the customer pays to return goods, and the cost",
    "no_cancellation_right": "that there is no right to cancel, or when it is lost",
    "cancellation_costs_services": "what a customer who cancels after an early start pays",
    "legal_status": "the provider's legal status and form",
    "trade_register": "the register it is entered in and its number there",
    "vat_number": "its VAT number",
    # channel.performance_seen: "how the line was answered: {...}"
    "long_waits": "long waits to be answered",
    "many_calls_abandoned": "many callers giving up before they were answered",
    "calls_cut_off": "calls cut off",
    "callbacks_missed": "promised call-backs not made",
    # trading.practices_seen: "practices seen: {...}"
    "countdown_resets": "countdown timers that restart or are false",
    "low_stock_claim_unfounded": "unfounded low-stock claims",
    "bait_pricing": "bait pricing",
    "reference_price_not_charged": "'was' prices never genuinely charged",
    "free_trial_paid_hidden": "free trials that turn paid without clear notice",
    "cancellation_obstructed": "obstacles to cancelling",
    "complaints_obstructed": "obstacles to complaining",
    "reviews_bought": "bought or staff-written reviews",
    "negative_reviews_hidden": "hidden negative reviews",
    "pressure_at_home": "staying at a customer's home after being asked to leave",
    "persistent_unwanted_contact": "persistent unwanted calls or messages",
    "mandatory_fee_added_late": "unavoidable fees shown late in the purchase",
    # policies.complaints.practices_seen: "complaint handling seen: {...}"
    "put_on_hold": "complaints put on hold",
    "rejected_without_investigation": "complaints rejected without being investigated",
    "complainant_evidence_disregarded": "complainants' own accounts disregarded or never asked for",
    "presumption_for_firm": "complaint handlers told to presume the organisation was right",
    "responses_late": "complaints left past the deadline without a reply",
    "upheld_without_redress": "upheld complaints left without redress",
    "closed_unresolved": "complaints closed while the problem was still open",
    "not_logged_as_complaints": "complaints not logged as complaints",
    "adr_decisions_not_implemented": "ombudsman or ADR decisions not put into effect in time",
    # business.name.legal_form: "{subject} trades as {...}"
    "sole_trader": "a sole trader",
    "partnership": "a partnership",
    "company": "a registered company",
    "llp": "a limited liability partnership",
    "other_body": "another kind of body",
    # business.electrical_takeback.routes: "old equipment can be handed back {...}"
    "in_store": "in store",
    "collection_on_delivery": "by collection when the new item is delivered",
    "distributor_takeback_scheme": "at public recycling sites through the Distributor Take-back Scheme",
    # business.product_safety.roles: "it is {...} of the products it sells"
    "manufacturer": "the manufacturer",
    "own_brander": "an own-brander",
    "importer": "the importer",
    "distributor": "a distributor",
    # policies.services.charge_when_no_price_agreed: "the charge is set {...}"
    "published_rates": "from the trader's published rates",
    "within_estimate": "within an estimate given beforehand",
    "set_after_work": "by the trader after the work, with no published rates or estimate",
    # offering.service_conduct_seen: "seen in the work: {...}"
    "substandard_work": "work not done to a proper standard",
    "work_abandoned": "work left unfinished",
    "unreasonable_delay": "work that took far longer than it should have",
    "statements_not_honoured": "what customers were told about the trader or the work not honoured",
    "charged_above_agreed_price": "charges above the agreed price",
    "charged_above_assessed_value": "charges far above what the work was assessed to be worth",
    "materials_paid_not_supplied": "materials paid for and never supplied",
    "repeat_performance_refused": "requests to put poor work right refused or charged for",
    "price_reduction_refused": "money back refused where poor work was not put right",
    # BS 8477 facts. channel.queueing: "queueing at {subject}: {...}"
    "single_queue": "one queue served in order",
    "ticket_numbers": "ticket numbers called in order",
    "appointments_only": "appointments only",
    "unmanaged": "no managed queue",
    # channel.on_site_help: "on site there are {...}"
    "signage": "signs",
    "help_desk": "a help desk",
    "opening_hours_displayed": "opening hours on display",
    "floor_staff": "staff on hand to help",
    # governance.strategy_sets_out: "the strategy records {...}"
    "target_service_level": "the level of service it aims for",
    "competitor_review": "a review of what competitors and comparable businesses do",
    # governance.customer_measures: "management sees {...}"
    "retention": "customer retention",
    "referral_source": "how new customers came to it",
    "satisfaction": "customer satisfaction",
    "complaint_volumes": "complaint volumes",
    "first_contact_resolution": "first-contact resolution",
    "answer_times": "answer times",
    "response_times": "response times",
    # governance.quality_methods: "it applies {...}"
    "iso_9001": "an ISO 9001 quality management system",
    "iso_10002": "ISO 10002 complaints handling",
    "customer_service_excellence": "the Customer Service Excellence standard",
    "servicemark": "the Institute of Customer Service ServiceMark",
    "process_mapping": "process mapping",
    "lean": "lean methods",
    "six_sigma": "Six Sigma",
    "statistical_process_control": "statistical process control",
    # governance.values_communicated_to: "the vision and values have been given to {...}"
    "staff": "staff",
    "volunteers": "volunteers",
    "key_suppliers": "key suppliers",
    "contractors": "contractors",
    # governance.problem_report_tells: "a customer reporting a problem is told {...}"
    "action": "the action to be taken",
    "timescales": "the timescales for investigating and resolving it",
    # governance.ordering.information_covers: "order information covers {...}"
    "delivery_options_and_costs": "the delivery options and their costs",
    "order_confirmation": "how orders are confirmed",
    "payment_options_and_costs": "the payment options with their costs and processes",
    "complaints_procedure": "the complaints procedure",
    "dispute_resolution": "the external dispute resolution available",
    "help_and_follow_up": "what to do for help, and any follow-up information",
    # governance.ordering.changes_handling: "a changed order is handled by {...}"
    "confirmed_to_customer": "confirming the change to the customer",
    "recorded_on_order": "recording the change on the order",
    # governance.information.shows and governance.appointments.job_sheet_records ("contact_details" is shared)
    "contact_details": "contact details for further queries",
    "last_updated_date": "the date it was last updated",
    # governance.information.customer_can_keep: "customers can keep it by {...}"
    "download": "downloading it",
    "print": "printing it",
    "email_copy": "having a copy emailed",
    "paper_copy": "taking a paper copy",
    # governance.repairs
    "time": "the time it will take",
    "cost": "the cost",
    "in_writing": "given in writing",
    "verbal": "given by word of mouth",
    "not_sought": "not sought",
    "at_each_stage": "updates at each stage",
    "on_request": "updates only when they ask",
    "not_given": "no updates",
    "cause": "the cause",
    "work_done": "the work done",
    "prevention_advice": "how to stop it happening again",
    "job_record": "a record of the work",
    "warranty_documents": "warranty documents",
    "safety_certificate": "a safety certificate",
    # governance.appointments
    "customer_chooses": "chosen by the customer",
    "agreed_with_customer": "agreed with the customer",
    "set_by_organisation": "set by the organisation without the customer",
    "as_soon_as_known": "as soon as it is known",
    "at_slot_start": "only once the booked slot has started",
    "only_if_customer_calls": "only if they call",
    "contact_number": "a number to call with queries",
    "arranger_contact": "who arranged the visit and how to reach them",
    "preparation_advice": "any preparation needed",
    "expected_duration": "how long the work will take",
    "expected_completion": "when the work will be finished",
    "work_agreed_at_start": "the work agreed at the start",
    "premises_condition": "the condition the premises were left in",
    # people.qualification_support: "qualifications are encouraged by {...}"
    "required_for_role": "requiring them for the role",
    "fees_paid": "paying the fees",
    "study_time": "giving study time",
    "recognised_in_pay": "recognising them in pay",
    # people.motivation_measures: "staff are motivated by {...}"
    "service_in_job_descriptions": "customer service in every job description",
    "incentives": "incentives",
    "performance_pay": "performance pay linked to service",
    "recognition": "recognition",
    # people.recruitment_methods: "recruitment uses {...}"
    "interview": "interviews",
    "telephone_interview": "telephone interviews",
    "role_play": "role play",
    "assessment_centre": "assessment centres",
    "work_trial": "work trials",
    "written_test": "written tests",
    "references": "references",
    # barrier.kind: "{subject} is {barrier.kind}"
    "practice": "a rule or way of working",
    "physical_feature": "a physical feature",
    "missing_aid": "an aid or service not provided",
    # barrier.affects: "it affects {barrier.affects}"
    "wheelchair_users": "wheelchair users",
    "mobility": "people with limited mobility",
    "sight": "blind and partially sighted people",
    "hearing": "deaf people and people with hearing loss",
    "speech": "people with speech impairments",
    "dexterity": "people with limited use of their hands",
    "learning": "people with learning disabilities",
    "mental_health": "people with mental health conditions",
    "neurodivergent": "neurodivergent people",
    "long_term_illness": "people with long-term illnesses",
    # barrier.effect: "the effect is that {barrier.effect}"
    "cannot_use": "they cannot use the service",
    "much_harder": "the service is much harder for them to use",
    "costs_more": "they pay more than other customers",
    "long_delay": "they wait much longer than other customers",
    # barrier.found_by: "known from {barrier.found_by}"
    "complaint": "a complaint",
    "incident": "an incident",
    "access_audit": "an access audit",
    "legal_claim": "a legal claim",
    "regulator": "a regulator",
    "own_review": "the organisation's own review",
    # barrier.response: "about it, {barrier.response}"
    "request_only": "staff only ask others to make way, and do no more if they refuse",
    "on_insistence": "a change is made only for a customer who insists or complains",
    "alternative_method": "the service is offered another way",
    "further_steps": "staff ask and, if refused, take further steps",
    "changed": "the practice is changed, the feature removed or altered, or the aid provided",
}

# Where one fact needs its own words for a value (a value many facts share, or one that reads
# differently in that fact's sentences).
BY_FACT: dict[str, dict[str, str]] = {
    "channel.cost_class": {"other": "a number outside the usual UK price classes"},
    "channel.cost_classes": {"other": "a number outside the usual UK price classes"},
    "channel.number_kinds": {"other": "a number outside the usual UK price classes"},
    "barrier.response": {"nothing": "nothing is done"},
    "policies.complaints.external_redress.adr_obligations": {"none": "no obligation to use ADR"},
    "policies.complaints.external_redress.adr_obligations": {"none": "no obligation to use ADR"},
    "trading.direct_marketing.electronic_mail_basis": {"none": "neither consent nor the soft opt-in"},
    # "how consent is asked for: {trading.direct_marketing.consent_request}"
    "trading.direct_marketing.consent_request": {
        "separate_opt_in": "a separate unticked box or other active step, for marketing alone",
        "pre_ticked_box": "a box already ticked",
        "bundled_with_other_confirmation": "one box that also confirms something else, such as the person's age",
        "bundled_with_terms": "sign-up, purchase or acceptance of its terms taken as agreement",
        "not_asked": "not at all",
    },
    "statement.where": {"app": "the app"},
    # "when the law prevents supply the trader keeps {offering.kept_when_prohibited}"
    "offering.kept_when_prohibited": {
        "nothing": "nothing (every payment is refunded)",
        "costs_incurred": "only the costs it had already incurred for the booking",
        "share_of_price": "a share of the price fixed in advance",
        "everything": "every payment",
        "voucher_or_rebooking_only": "every payment, offering only a voucher or a new date",
    },
}

# What an empty set says, where "none" does not fit the sentence.
EMPTY_BY_FACT: dict[str, str] = {
    "policies.complaints.practices_seen": "nothing unfair",
    "trading.direct_marketing.consent_channels_named": "no channel",
    "offering.service_conduct_seen": "none of these problems",
    "controls.risk_assessment.risk_types": "no kind of risk",
    "governance.repairs.estimate_covers": "nothing",
    "governance.problem_resolved_tells": "nothing",
    "governance.repairs.paperwork_given": "nothing",
    "governance.appointments.booking_tells": "nothing",
    "governance.appointments.job_sheet_records": "nothing",
    "governance.information.shows": "neither",
    "governance.information.customer_can_keep": "no means",
    "governance.ordering.information_covers": "none of these",
    "governance.ordering.changes_handling": "neither",
    "governance.values_communicated_to": "no one",
    "governance.problem_report_tells": "neither",
    "governance.strategy_sets_out": "neither",
    "governance.customer_measures": "no customer measure",
    "governance.quality_methods": "no quality method",
    "people.qualification_support": "no means",
    "people.motivation_measures": "no measure",
    "people.recruitment_methods": "no technique",
    "channel.on_site_help": "nothing",
    "trading.information.on_premises": "nothing",
    "trading.information.distance": "nothing",
    "trading.information.off_premises": "nothing",
    "trading.information.on_premises_not_given": "nothing",
    "trading.information.distance_not_given": "nothing",
    "trading.information.off_premises_not_given": "nothing",
    "trading.information.services": "nothing",
    "privacy.notice.items": "nothing",
}

# ----------------------------------------------------------------------------------------------- quantities
# Units by the end of a fact's name: (one, many).
UNITS: dict[str, tuple[str, str]] = {
    "days": ("day", "days"),
    "hours": ("hour", "hours"),
    "months": ("month", "months"),
    "seconds": ("second", "seconds"),
    "rings": ("ring", "rings"),
}
UNIT_BY_FACT: dict[str, tuple[str, str]] = {
    "channel.hours_per_week": ("hour a week", "hours a week"),
    "privacy.subject_access.answered_late_percent": ("per cent", "per cent"),
    "channel.ivr.max_menu_levels": ("level", "levels"),
    "channel.ivr.options_per_level": ("choice", "choices"),
    "channel.wait_target_minutes": ("minute", "minutes"),
    "governance.ordering.delivery_options": ("delivery option", "delivery options"),
    "people.customer_facing_staff": ("person", "people"),
    "offering.faults.repairs_before_final_remedy": ("repair or replacement attempt", "repair or replacement attempts"),
}

# What a fact the profile does not state says, where "not stated" does not fit its sentences.
MISSING_BY_FACT: dict[str, str] = {
    "policies.complaints.practices_seen": "nothing the profile records",
    "trading.direct_marketing.electronic_mail_basis": "a basis it does not state",
    "trading.direct_marketing.consent_request": "not described",
    "offering.service_conduct_seen": "nothing the profile records",
    "channel.number": "number not stated",
    "channel.cost_class": "a number whose price class is not stated",
    "channel.answer_target_rings": "none stated",
    "channel.answer_target_seconds": "none stated",
    "channel.wait_target_minutes": "none stated",
    "governance.audits.frequency_months": "not stated",
    "policies.delivery.risk_passes_on": "a point the terms do not state",
    "privacy.breach.clock_starts": "a starting point not stated",
    "role.over_limit_action": "an action not stated",
    "role.escalates_to": "no one",
    "role.refund_limit": "not stated",
    "role.goodwill_limit": "not stated",
    "policies.digital_content.refund_method": "a means the policy does not state",
    "policies.services.refund_method": "a means the policy does not state",
    "policies.complaints.external_redress.adr_provider": "not named in the profile",
    "offering.kept_when_prohibited": "an amount the profile does not state",
    "statement.deadline_for": "a step the statement does not name",
    "offering.fees_after_end_days": "an unstated number of days",
}
# The terms of a returns route, in each slot an offering carries them in (see facts/joins.py).
for _slot in ("cancellation", "store_returns", "faults", "trader_cancellation"):
    MISSING_BY_FACT[f"offering.{_slot}.refund_clock_starts"] = "a starting point the policy does not state"
    MISSING_BY_FACT[f"offering.{_slot}.window_counts_from"] = "a starting point the policy does not state"
    MISSING_BY_FACT[f"offering.{_slot}.remedy"] = "a remedy the policy does not state"

# Facts whose value is the id of another subject: the message says that subject's name.
REFERENCES: dict[str, str] = {
    "role.escalates_to": "role",
    "policies.complaints.channels": "channel",
    "statement.offerings": "offering",
}

_EPOCH = dt.date(1970, 1, 1)


def value_words(path: str, value: str) -> str | None:
    """The reader's words for one enum or set value of a fact, or None if it has none."""
    own = BY_FACT.get(path, {})
    return own[value] if value in own else WORDS.get(value)


def unworded(facts: Iterable[FactInfo] | None = None) -> list[tuple[str, str]]:
    """(fact path, value) for every enum or set value that has no words here."""
    facts = catalogue().values() if facts is None else facts
    return [(info.path, v) for info in facts if info.kind in ("enum", "set") for v in info.values
            if value_words(info.path, v) is None]


def stale() -> list[str]:
    """Entries here that no fact in the catalogue uses (a value or a fact that has gone)."""
    cat = catalogue()
    used = {v for info in cat.values() for v in info.values}
    out = [f"WORDS[{v!r}]" for v in WORDS if v not in used]
    for table, name in ((BY_FACT, "BY_FACT"), (EMPTY_BY_FACT, "EMPTY_BY_FACT"), (UNIT_BY_FACT, "UNIT_BY_FACT"),
                        (MISSING_BY_FACT, "MISSING_BY_FACT"), (REFERENCES, "REFERENCES")):
        for path in table:
            if path not in cat:
                out.append(f"{name}[{path!r}]")
            elif table is BY_FACT:
                out += [f"BY_FACT[{path!r}][{v!r}]" for v in BY_FACT[path] if v not in cat[path].values]
    return out


def unit(info: FactInfo) -> tuple[str, str] | None:
    """The unit a count is in, from the fact's own entry or the end of its name."""
    if info.path in UNIT_BY_FACT:
        return UNIT_BY_FACT[info.path]
    if info.kind not in ("int", "number"):
        return None
    last = info.path.rsplit(".", 1)[-1]
    return UNITS.get(last.rsplit("_", 1)[-1])


def number(value: Any) -> str:
    """12, 37.5, 1,250: no trailing '.0'."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def quantity(value: Any, units: tuple[str, str] | str | None) -> str:
    """'14 days', '1 day'; a unit given as one plural word ('days') is made singular by dropping the s."""
    if units is None:
        return number(value)
    if isinstance(units, str):
        units = (units[:-1] if units.endswith("s") and len(units) > 1 else units, units)
    one, many = units
    return f"{number(value)} {one if Decimal(str(value)) == 1 else many}"


def money(pence: int) -> str:
    """'£25', '£12.50', '£1,250'."""
    pounds = Decimal(int(pence)) / 100
    return f"£{int(pounds):,}" if pounds == pounds.to_integral_value() else f"£{pounds:,.2f}"


def date(days: int) -> str:
    """'1 March 2026'."""
    d = _EPOCH + dt.timedelta(days=int(days))
    return f"{d.day} {d:%B %Y}"


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def missing(info: FactInfo) -> str:
    """What a message says for a fact the profile does not state."""
    if info.path in MISSING_BY_FACT:
        return MISSING_BY_FACT[info.path]
    units = unit(info)
    if units is not None:
        return f"an unstated number of {units[1]}"
    if info.kind == "money":
        return "an unstated amount"
    return MISSING


def say(info: FactInfo, value: Any, name_of: Callable[[str, str], str | None] | None = None) -> str:
    """A fact's value (in its engine form, as flattened; None when not stated) in a reader's words."""
    if value is None:
        return missing(info)
    kind = info.kind
    if kind == "bool":
        return "yes" if value else "no"  # messages never print a boolean; this is only a fallback
    if kind == "money":
        return money(value)
    if kind == "date":
        return date(value)
    if kind in ("int", "number"):
        return quantity(value, unit(info))
    target = REFERENCES.get(info.path)
    if kind == "set":
        items = list(value)
        if not items:
            return EMPTY_BY_FACT.get(info.path, EMPTY)
        return join([_one(info, str(v), target, name_of) for v in items])
    return _one(info, str(value), target, name_of)


def _one(info: FactInfo, value: str, target: str | None, name_of: Callable[[str, str], str | None] | None) -> str:
    if target is not None:
        return (name_of(target, value) if name_of else None) or value
    if info.values:
        return value_words(info.path, value) or value.replace("_", " ")
    return value


def possessive(name: str) -> str:
    """'Brightside Appliances'', 'Hartley Plumbing's'; a name already ending in 's ('McDonald's') is left as it is."""
    name = name.rstrip()
    if name.endswith(("'s", "’s")):
        return name
    if name.endswith(("s", "S")):
        return name + "'"
    return name + "'s"
