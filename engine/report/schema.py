"""The published JSON Schema of csaudit's JSON report (``check --format json``), version 1.

The schema is generated from the :class:`..findings.Report` model and shipped as
``schemas/report-1.schema.json``; ``csaudit report schema`` prints it and a test keeps the file equal to
the model. Version 1 holds for as long as fields are only added: objects allow properties the schema does
not name, so a version-1 consumer keeps validating the output of later csaudit releases. Removing or
renaming a field would make version 2, with a new ``$id``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from ..findings import REPORT_SCHEMA_ID, Report

SCHEMA_FILE = "schemas/report-1.schema.json"


def _open(node: Any) -> Any:
    """Drop ``additionalProperties: false`` everywhere: fields are only ever added within a version."""
    if isinstance(node, dict):
        return {k: _open(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
    if isinstance(node, list):
        return [_open(v) for v in node]
    return node


def report_schema() -> dict[str, Any]:
    schema = _open(Report.model_json_schema(mode="serialization"))
    schema["properties"] = {"$schema": {"const": REPORT_SCHEMA_ID, "description": "This schema's id and version"},
                            **schema["properties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": REPORT_SCHEMA_ID,
            "title": "csaudit report, version 1",
            "description": "The output of 'csaudit check --format json'. Fields are only ever added within a "
                           "version; fingerprint identifies a finding across runs.",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


def published_schema_text() -> str:
    return files("csaudit.engine.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
