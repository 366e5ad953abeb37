"""Responsibilities: who must do what, from each issuance's Responsibilities section.

One row per duty (organisation, paragraph, lead-in, duty, citation), for one issuance or all,
filtered by organisation ("everything the ATSD(PA) must do", by acronym or by name), and
exported as CSV or Markdown for a tasker or a brief.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from index.library import Library
from qa.duties import Duty, organisations, select
from qa.duty_table import to_csv
from webapp.markup import escape

ALL = ""  # the issuance selector's "every issuance" choice
_TABLE_HEIGHT = 640  # pixels; a longer table scrolls under its sticky header


def render(library: Library) -> None:
    """Issuance and organisation filters, the duty table, and the two downloads."""
    docs = sorted(library.documents)
    doc = st.selectbox(
        "Issuance",
        [ALL, *docs],
        key="duties_doc",
        format_func=lambda d: f"{d} — {library.documents[d].title}" if d else "All issuances",
    )
    org = st.text_input(
        "Organisation",
        key="duties_org",
        max_chars=200,
        placeholder="e.g. USD(P&R), or Under Secretary of Defense for Personnel and Readiness",
    ).strip()
    doc_ids = [doc] if doc else None
    rows = select(library, org or None, doc_ids)
    where = doc or "the loaded issuances"
    if not rows:
        known = "; ".join(organisations(select(library, None, doc_ids))[:15]) or "none"
        st.warning(
            escape(f"No duties of “{org}” in {where}. Organisations there: {known}.")
            if org
            else escape(f"{where} has no Responsibilities section.")
        )
        return
    count = len(organisations(rows))
    issuances = len({d.paragraph.doc_id for d in rows})
    st.caption(escape(f"{len(rows)} duties of {count} organisations in {issuances} issuance(s)."))
    # st.table wraps long duties where st.dataframe cuts them to one line; its cells are
    # Markdown, so every cell is escaped like all document text.
    cells = [{k: escape(v) for k, v in row.items()} for row in table(rows)]
    st.table(cells, hide_index=True, height=_TABLE_HEIGHT if len(rows) > 12 else "content")
    name = "policykb-duties"
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(rows), f"{name}.csv", mime="text/csv")
    right.download_button(
        "Download Markdown", to_markdown(rows, org), f"{name}.md", mime="text/markdown"
    )


def table(rows: Sequence[Duty]) -> list[dict[str, str]]:
    """The rows as the app shows them, as plain text."""
    return [
        {
            "organisation": d.organisation,
            "paragraph": f"{d.paragraph.doc_id} {d.paragraph.path}",
            "lead-in": " ".join(p.text for p in d.lead_in),
            "duty": d.paragraph.text or d.paragraph.title,
            "citation": d.citation,
        }
        for d in rows
    ]


def to_markdown(rows: Sequence[Duty], org: str = "") -> str:
    """The duties as Markdown: a heading per organisation, each lead-in once, each duty cited."""
    title = f"Responsibilities of {org}" if org else "Responsibilities"
    lines = [f"# {escape(title)}", ""]
    holders: set[tuple[str, str, str | None]] = set()
    leads: set[tuple[str, str, str | None]] = set()
    for d in rows:
        if d.holder.key not in holders:
            holders.add(d.holder.key)
            where = f"{d.paragraph.doc_id}, {d.holder.path}"
            lines += ["", f"## {escape(d.organisation)} ({escape(where)})", ""]
        for lead in d.lead_in:
            if lead.key not in leads:
                leads.add(lead.key)
                lines += ["", escape(lead.text), ""]  # blank lines: never part of a list item
        duty = escape(d.paragraph.text or d.paragraph.title)
        lines.append(f"- **{escape(d.paragraph.path)}** {duty} — *{escape(d.citation)}*")
    return "\n".join(lines).strip() + "\n"
