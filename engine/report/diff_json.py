"""A diff as JSON: both runs' headers, counts, and every entry with its causes."""

from __future__ import annotations

import json

from ..audit.diff import RunDiff


def render_diff_json(diff: RunDiff) -> str:
    return json.dumps(diff.to_json_dict(), indent=2, ensure_ascii=False)
