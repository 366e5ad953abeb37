"""Query cleaning (bounded work, no control characters) and glossary acronym expansion."""

from __future__ import annotations

import pytest

from index.errors import EmptyQueryError
from index.query import acronyms, clean, expand
from ingest.records import Kind, Paragraph

TABLE = {"FPWG": "Fictional Plant Working Group", "PA": "Public Affairs"}


def test_clean_strips_controls_and_bounds_length() -> None:
    assert clean("who\x00 waters\x1b[0m\tthe\u200b ficus?", 100) == "who waters [0m the ficus?"
    assert len(clean("x" * 10_000, 2_000)) == 2_000


@pytest.mark.parametrize("query", ["", "   ", "\x00\x07", "?!"])
def test_clean_refuses_nothing_to_search(query: str) -> None:
    with pytest.raises(EmptyQueryError, match="question is empty"):
        clean(query, 100)


def test_expand_both_directions() -> None:
    assert expand("Who chairs the FPWG?", TABLE) == (
        "Who chairs the FPWG? (Fictional Plant Working Group)"
    )
    assert expand("who chairs the fictional plant working group", TABLE).endswith("(FPWG)")
    assert expand("Who may post photos?", TABLE) == "Who may post photos?"


def test_acronym_table_from_glossary_records() -> None:
    records = [
        Paragraph("DoDI 9999.01", "G.1", Kind.ACRONYM, (), "", "Plant Keeper", (8,), term="PK"),
        Paragraph("DoDI 9999.01", "G.2", Kind.DEFINITION, (), "", "A pot.", (8,), term="pot"),
    ]
    assert acronyms(records) == {"PK": "Plant Keeper"}
