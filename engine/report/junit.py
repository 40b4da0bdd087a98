"""JUnit XML, the format CI systems show as test results: one test case per rule and subject.

A gap is a failure (legal duties and high risks first in the message), an unknown is skipped with the
facts it needs, a waived gap is skipped with its justification, an unanswered auditor question and a
not-applicable finding are skipped with their reason, and met is a pass. Test suites are the rules'
sources (BS 8477, CRA 2015 ...). Written with the standard library's ElementTree, which escapes markup;
text XML cannot hold at all is shown as escapes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import OrderedDict

from ..findings import Finding, Report
from .escape import xml_text
from .views import STRENGTH_WORDS, owner_text, refs_text


def _suite_name(f: Finding) -> str:
    return f.refs[0].document if f.refs else "csaudit"


def _case(suite: ET.Element, f: Finding, profile: str) -> str:
    case = ET.SubElement(suite, "testcase", {
        "name": xml_text(f"{f.rule_id} [{f.subject.kind}:{f.subject.key}]"),
        "classname": xml_text(f"csaudit.{f.rule_id}"),
        "file": xml_text(profile), "time": "0",
    })
    line = next((u.line for u in f.facts_used if u.path in f.deciding and u.line), None)
    if line:
        case.set("line", str(line))
    detail = (f"{f.title}\nSubject: {f.subject.kind} {f.subject.name}\n{STRENGTH_WORDS[f.strength]}, risk "
              f"{f.risk.rating} ({f.risk.likelihood.replace('_', ' ')} x {f.risk.impact})\n{refs_text(f)}")
    if f.evidence:
        from .tabular import evidence_text

        detail += f"\nEvidence: {evidence_text(f)}"
    if f.status == "gap" and f.waiver is None:
        el = ET.SubElement(case, "failure", {"message": xml_text(f.message), "type": f"{f.strength}:{f.risk.rating}"})
        el.text = xml_text(f"{f.message}\nFix: {f.remediation}\nOwner: {owner_text(f)}\n{detail}")
        return "failure"
    if f.status == "met":
        return "pass"
    if f.status == "gap":
        w = f.waiver
        message = f"waived until {w.expires}, approved by {w.approver}: {w.justification}"
    elif f.status == "unknown":
        message = "unknown: " + f.message
    elif f.status == "manual":
        message = "auditor question: " + f.message.removeprefix("Auditor question: ")
    else:
        message = f.message
    el = ET.SubElement(case, "skipped", {"message": xml_text(message)})
    el.text = xml_text(detail)
    return "skipped"


def render_junit(report: Report) -> str:
    root = ET.Element("testsuites", {"name": xml_text(f"csaudit: {report.profile.name}")})
    groups: OrderedDict[str, list[Finding]] = OrderedDict()
    for f in sorted(report.findings, key=lambda f: (_suite_name(f), f.rule_id, f.subject.key)):
        groups.setdefault(_suite_name(f), []).append(f)
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for name, findings in groups.items():
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(name)})
        props = ET.SubElement(suite, "properties")
        for key, value in (("profile", report.profile.path), ("organisation", report.profile.name),
                           ("evaluated_as_of", report.evaluated_as_of), ("engine", report.engine),
                           ("library_digest", report.library.digest)):
            ET.SubElement(props, "property", {"name": key, "value": xml_text(value)})
        counts = {"failure": 0, "skipped": 0, "pass": 0}
        for f in findings:
            counts[_case(suite, f, report.profile.path)] += 1
        suite.set("tests", str(len(findings)))
        suite.set("failures", str(counts["failure"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", "0")
        totals["tests"] += len(findings)
        totals["failures"] += counts["failure"]
        totals["skipped"] += counts["skipped"]
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
