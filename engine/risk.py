"""Risk rating from likelihood and impact, as NOS INSCS027 asks (probability x consequence).

The matrix is a product of two 1-5 scales cut into high / medium / low bands;
the cut-offs can be changed by an organisation whose risk appetite differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Rating = Literal["high", "medium", "low"]
LIKELIHOOD = {"rare": 1, "unlikely": 2, "possible": 3, "likely": 4, "almost_certain": 5}
IMPACT = {"negligible": 1, "minor": 2, "moderate": 3, "major": 4, "severe": 5}
RATING_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class RiskMatrix:
    """Score = likelihood x impact (1-25); at or above ``high`` is high, at or above ``medium`` medium."""

    high: int = 15
    medium: int = 6

    def rate(self, likelihood: str, impact: str) -> Rating:
        score = LIKELIHOOD[likelihood] * IMPACT[impact]
        if score >= self.high:
            return "high"
        return "medium" if score >= self.medium else "low"


DEFAULT_MATRIX = RiskMatrix()
