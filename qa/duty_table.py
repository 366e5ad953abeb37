"""Duties as table rows for programs and spreadsheets: JSON objects and CSV.

One row per duty, the same columns everywhere (`policykb duties --json/--csv` and the app's
CSV download), so a table exported from either opens the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from qa.duties import Duty

COLUMNS = (
    "doc_id",
    "organisation",
    "holder",
    "paragraph",
    "pages",
    "lead_in",
    "text",
    "citation",
)


def duty_row(duty: Duty) -> dict[str, object]:
    """One duty as a JSON object.

    Keys: doc_id, organisation (as printed), holder (path of the paragraph naming the
    organisation), paragraph (the duty's path), pages (1-indexed), lead_in (texts that
    introduce the duty, outermost first), text (the duty, verbatim), citation.
    """
    p = duty.paragraph
    return {
        "doc_id": p.doc_id,
        "organisation": duty.organisation,
        "holder": duty.holder.path,
        "paragraph": p.path,
        "pages": list(p.pages),
        "lead_in": [q.text for q in duty.lead_in],
        "text": p.text,
        "citation": duty.citation,
    }


def to_csv(duties: Iterable[Duty]) -> str:
    """The duties as CSV with a header row; lead-ins joined by a space, pages by ";"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for duty in duties:
        row = duty_row(duty)
        row["pages"] = ";".join(str(n) for n in duty.paragraph.pages)
        row["lead_in"] = " ".join(q.text for q in duty.lead_in)
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue()
