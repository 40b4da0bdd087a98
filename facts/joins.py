"""Facts that join one part of the profile to another, computed once before matching.

An offering names the returns routes that apply to it (or takes the routes marked
default); the terms of each route are copied onto the offering, one slot per kind
of return, so a rule about an offering reads them as its own facts. Which lists
the profile declares complete becomes one fact per list. No legal judgement is
made here: only which stated terms belong to which offering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .offerings import Offering, ReturnsRoute
from .profile import Profile

_CANCELLABLE_SALES = frozenset({"distance", "off_premises"})
_ALL_SALES = frozenset({"on_premises", "distance", "off_premises"})
_SKIP = {"id", "name", "default", "reason", "sales", "excludes", "excludes_offerings"}


@dataclass
class Joined:
    """Derived values of one subject keyed by attribute path ('faults.window_days'), and their YAML key paths."""

    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, tuple] = field(default_factory=dict)


def _slot(route: ReturnsRoute, offering: Offering) -> list[str]:
    """The slots a route fills for an offering: only for the sales it covers that the offering makes."""
    sales = (route.sales or _ALL_SALES) & (offering.sold or _ALL_SALES)
    if not sales:
        return []
    if route.reason == "fault":
        return ["faults"]
    if route.reason == "trader_cancelled":
        return ["trader_cancellation"]
    slots = []
    if sales & _CANCELLABLE_SALES:
        slots.append("cancellation")
    if "on_premises" in sales:
        slots.append("store_returns")
    return slots


def routes_for(offering: Offering, routes: list[ReturnsRoute]) -> list[ReturnsRoute]:
    """The routes that apply to an offering: those it names, else those marked default."""
    if offering.returns is not None:
        return [r for r in routes if r.id in offering.returns]
    return [r for r in routes if r.default]


def slot_routes(offering: Offering, routes: list[ReturnsRoute]) -> dict[str, list[ReturnsRoute]]:
    """Each slot with the routes that fill it (more than one is a profile error, reported by the loader)."""
    out: dict[str, list[ReturnsRoute]] = {}
    for route in routes_for(offering, routes):
        for slot in _slot(route, offering):
            out.setdefault(slot, []).append(route)
    return out


def _excludes(route: ReturnsRoute, offering: Offering) -> bool | None:
    """Whether the route says the offering cannot be returned; None when that turns on traits not stated.

    A route that lists no exclusions excludes nothing."""
    if offering.id in (route.excludes_offerings or ()):
        return True
    if not route.excludes:
        return False
    if offering.traits is None:
        return None
    return bool(route.excludes & offering.traits)


def offering_joins(profile: Profile) -> dict[str, Joined]:
    """For each offering id, the terms of the routes that apply to it, slot by slot."""
    routes = (profile.policies.returns if profile.policies else None)
    complete = "returns" in (profile.complete_lists or ())
    out: dict[str, Joined] = {}
    for offering in profile.offerings or ():
        joined = Joined()
        if routes is None and not complete:   # declared complete with none listed: there are none
            out[offering.id] = joined
            continue
        filled = slot_routes(offering, routes or [])
        for slot in ("cancellation", "store_returns", "faults", "trader_cancellation"):
            chosen = filled.get(slot)
            if not chosen:
                if complete:
                    joined.values[f"{slot}.offered"] = False
                    joined.keys[f"{slot}.offered"] = ("complete_lists",)
                continue
            route = chosen[0]
            index = routes.index(route)
            base = ("policies", "returns", index)
            joined.values[f"{slot}.offered"] = True
            joined.keys[f"{slot}.offered"] = base
            joined.values[f"{slot}.route"] = route.id
            joined.keys[f"{slot}.route"] = base + ("id",)
            excludes = _excludes(route, offering)
            if excludes is not None:
                joined.values[f"{slot}.excludes_it"] = excludes
                joined.keys[f"{slot}.excludes_it"] = base + ("excludes",)
            for name in type(route).model_fields:
                value = getattr(route, name)
                if name in _SKIP or value is None:
                    continue
                joined.values[f"{slot}.{name}"] = value
                joined.keys[f"{slot}.{name}"] = base + (name,)
        out[offering.id] = joined
    return out


def list_facts(profile: Profile) -> Joined:
    """One fact per list declared complete: true when declared, absent otherwise (never false)."""
    joined = Joined()
    for name in sorted(profile.complete_lists or ()):
        joined.values[f"list_complete.{name}"] = True
        joined.keys[f"list_complete.{name}"] = ("complete_lists",)
    return joined
