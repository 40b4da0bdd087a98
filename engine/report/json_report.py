"""The stable JSON shape of a check."""

from __future__ import annotations

import json

from ..findings import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_json_dict(), indent=2, ensure_ascii=False)
