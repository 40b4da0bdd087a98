"""What the business is and does that further trading duties turn on.

Observable facts only: the legal form it trades in and the name it trades under, what its
documents and premises say about who it is, how it marks prices, how customers can hand back
old electrical equipment, and how it deals with unsafe products. Whether a duty applies, and
whether it is met, is decided by the rules (Companies Act 2006 Part 41, the E-Commerce
Regulations 2002, the Price Marking Order 2004, the WEEE Regulations 2013, the General
Product Safety Regulations 2005), never here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

LegalForm = Literal["sole_trader", "partnership", "company", "llp", "other_body"]
TakebackRoute = Literal["in_store", "collection_on_delivery", "distributor_takeback_scheme"]
SupplyChainRole = Literal["manufacturer", "own_brander", "importer", "distributor"]


class BusinessName(Facts):
    """Who is behind the business and what its documents and premises say about it."""

    legal_form: LegalForm | None = Field(
        None, description="The legal form it trades in: a sole trader, a partnership (not an LLP), a registered "
                          "company, a limited liability partnership or another kind of body"
    )
    trades_under_other_name: bool | None = Field(
        None, description="It trades under a name other than the owner's surname, or the surnames of all the partners, "
                          "with nothing added but forenames or initials, an 's' for partners sharing a surname, or words "
                          "saying the business is carried on in succession to a former owner"
    )
    partners: int | None = Field(None, ge=0, description="How many partners the partnership has")
    names_and_address_on_documents: bool | None = Field(
        None, description="Business letters, written orders for goods or services, invoices, receipts and written "
                          "demands for payment state, legibly, the owner's name or the name of every partner, and for "
                          "each a UK address where documents about the business can be served"
    )
    partner_list_at_principal_place: bool | None = Field(
        None, description="A list of all the partners' names is kept at the principal place of business, and the "
                          "partnership's documents name no partner except in the text or as a signatory and state that "
                          "address and that the list can be inspected there"
    )
    names_and_address_notice_at_premises: bool | None = Field(
        None, description="A notice giving those names and addresses is displayed prominently, where it can easily be "
                          "read, at the premises where customers or suppliers are served"
    )


class PriceIndications(Facts):
    """How prices are shown to customers, in store and online."""

    selling_price_shown: bool | None = Field(
        None, description="Every product offered for sale to consumers has its final price (VAT and other taxes "
                          "included) shown in writing, on or near the goods, the shelf, the catalogue or the web page"
    )
    sells_loose_from_bulk: bool | None = Field(
        None, description="Some goods are sold loose, weighed or measured in front of the customer (fruit and "
                          "vegetables, pick-and-mix, fabric by the metre)"
    )
    sells_prepacked_by_quantity: bool | None = Field(
        None, description="Some pre-packed goods are sold by weight, volume, length or area (their packs are marked "
                          "with a quantity)"
    )
    unit_price_shown: bool | None = Field(
        None, description="Goods sold loose or pre-packed by quantity also show their price per kilogram, litre, metre, "
                          "square metre, cubic metre or item"
    )
    largest_shop_sales_area_sq_m: float | None = Field(
        None, ge=0, description="Internal sales area of its largest shop, in square metres (0 if it has no shop)"
    )
    online_prices_say_if_tax_included: bool | None = Field(
        None, description="Prices on its website or app say whether they include VAT and other taxes"
    )
    online_prices_say_if_delivery_included: bool | None = Field(
        None, description="Prices on its website or app say whether delivery costs are included, or what they are"
    )


class ElectricalTakeback(Facts):
    """Old electrical and electronic equipment handed back by household customers."""

    sells_new_electrical_to_households: bool | None = Field(
        None, description="It supplies new electrical or electronic equipment to household customers, in store, online, "
                          "by phone or by post"
    )
    routes: frozenset[TakebackRoute] | None = Field(
        None, description="How a customer buying new equipment can hand back an old item of the same kind free of "
                          "charge (list them all; an empty list if none): in store, collected when the new item is "
                          "delivered, or at the public recycling sites funded through the Distributor Take-back Scheme, "
                          "of which it is a paid-up member"
    )
    electrical_sales_area_sq_m: float | None = Field(
        None, ge=0, description="Sales area given to electrical and electronic equipment in its largest store, in square "
                                "metres (0 if it has no store)"
    )
    very_small_items_taken_without_purchase: bool | None = Field(
        None, description="Very small old electrical items (no outside dimension over 25 cm) are taken back free at or "
                          "next to the store, without the customer having to buy anything"
    )
    information_in_writing: bool | None = Field(
        None, description="Customers are told in writing (in store, online or with the goods) how they can return old "
                          "equipment free, why it should be kept out of household waste, how it is reused and recycled, "
                          "the harm hazardous substances in it can do, and what the crossed-out wheeled bin symbol means"
    )


class ProductSafety(Facts):
    """How the business deals with consumer products that turn out to be unsafe."""

    roles: frozenset[SupplyChainRole] | None = Field(
        None, description="What it is in the supply chain of the consumer products it sells (list them all): their "
                          "manufacturer, an own-brander putting its name or mark on them, the importer bringing them "
                          "into the UK, or a distributor selling products made and marked by others"
    )
    recall_procedure: bool | None = Field(
        None, description="A written procedure says how an unsafe product is taken off sale, how customers who bought "
                          "it are warned and, where needed, how it is recalled from them"
    )
    complaints_and_incidents_investigated: bool | None = Field(
        None, description="Customer complaints and reported incidents about product safety are investigated and "
                          "recorded, and the findings acted on"
    )
    traceability_records: bool | None = Field(
        None, description="Records show where each product or batch came from and, for its own products, to whom it "
                          "was supplied, so that an unsafe product can be traced"
    )
    acts_on_supplier_and_authority_recalls: bool | None = Field(
        None, description="Recalls and safety warnings from suppliers or the authorities are acted on at once: stock is "
                          "taken off sale, customers are told, and the supplier and the authority are given what they "
                          "need to trace the product"
    )
    authority_told_of_unsafe_products: bool | None = Field(
        None, description="The procedure says that when it learns that a product it has supplied is unsafe, the "
                          "enforcement authority (Trading Standards or the Office for Product Safety and Standards) is "
                          "told in writing at once, with the action taken to protect customers"
    )


class Business(Facts):
    name: BusinessName | None = Field(None, description="Legal form, business name and what documents and premises say")
    prices: PriceIndications | None = Field(None, description="How selling prices and unit prices are shown")
    electrical_takeback: ElectricalTakeback | None = Field(
        None, description="Taking back old electrical equipment from household customers"
    )
    product_safety: ProductSafety | None = Field(None, description="Withdrawing, recalling and reporting unsafe products")
