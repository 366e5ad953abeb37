"""Split words ("po licy", "I t", "A s") found with the word list and joined where text is read.

Every phrase below is copied from a real sample (its file is named); the regression tests parse
the samples that showed the defect and compare the records with the issuance as printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.words import find_split_words, is_word, join_split_lines, join_split_words


@pytest.mark.parametrize(
    ("printed", "pieces"),
    [
        ("It is DoD po licy that:", [("po", "licy")]),  # DoDD 2140.02, para. 4
        ("4. POLICY.  I t is DoD policy", [("I", "t")]),  # DoDD 3160.01, para. 4
        ("Security Assistants.  A s warranted,", [("A", "s")]),  # DoDM 5200.01 Vol 1
        ("The Navy Encroachment Manage ment Pr ogram", [("Manage", "ment"), ("Pr", "ogram")]),
        ("USE OF CONT RACTORS IN SECURITY", [("CONT", "RACTORS")]),  # DoDM 5200.01 Vol 1
        ("CLASSIFYING NON-GOVE RNMENT RESEARCH", [("GOVE", "RNMENT")]),
        ("Exempting 25-Y ear-Old Information", [("Y", "ear")]),
        ("(b) An e xplanation of why", [("e", "xplanation")]),  # not "Ane xplanation"
        ("A de tailed description", [("de", "tailed")]),
    ],
)
def test_split_words_are_found(printed: str, pieces: list[tuple[str, str]]) -> None:
    assert [(s.left, s.right) for s in find_split_words(printed)] == pieces


@pytest.mark.parametrize(
    "printed",
    [
        "An application for a U.S. patent filed with the",  # DoDD 5535.02: "a U" is no "aU"
        "shall be E-7 or above; a civilian employee so designated shall be GS-11",  # 5200.01
        "DoD Components will submit an e-mail to the DDCMO",  # DoDM 4160.28
        "generated through DoD 7000.14-R and Deputy Chief Financial Officer",  # DoDI 4140.01
        "shall not store SRC I and II AA&E at their facilities",  # DoDM 5100.76
        "officials/defense attachés and to security cooperation",  # DoDD 5132.03
        "if the DAO\u2019s and the SCO\u2019s distinct missions",  # DoDD 5205.75
        "Acquisition Executive ISSM PM or SO UR ISO RMF TAG",  # DoDI 8510.01 (acronym table)
        "the development and operation of a G-TSCMIS",  # DoDI 5132.14
        "required for the U.S. to re-gain that tactical",  # DoDI 5200.39
        "shall be stowed",  # two words that also join into one ("bestowed")
        "an other than honorable conditions discharge",  # DoDM 5100.76
        "the IR&D or B&P requests",  # DoDM 5200.01: "the IR" is not "their"
    ],
)
def test_real_two_word_sequences_are_left_apart(printed: str) -> None:
    assert find_split_words(printed) == []
    assert join_split_words(printed) == printed


def test_one_letter_words_are_a_and_i_only() -> None:
    assert is_word("I") and is_word("a") and is_word("A")
    assert not is_word("t") and not is_word("s")
    assert is_word("policy") and not is_word("po") and not is_word("licy")


def test_a_split_across_a_line_end_moves_the_tail_up() -> None:
    # DoDM_5200.01_Vol1.pypdf.txt page 68 and DoDD_2140.02.pypdf.txt page 3 as extracted.
    assert join_split_lines(["(b) An e", "xplanation of why the information should be exempt"]) == [
        "(b) An explanation",
        "of why the information should be exempt",
    ]
    assert join_split_lines(["E", "NCLOSURE 1:  REFERENCES ....4"]) == [
        "ENCLOSURE 1:  REFERENCES ....4"
    ]
    assert join_split_lines(["[CL", "ASSIFICATION] ", "COM", "PONENT SENIOR AGENCY"]) == [
        "[CLASSIFICATION]",
        "COMPONENT SENIOR AGENCY",
    ]


# (sample file, path, start of the record's text as printed)
PRINTED = [
    ("old/DoDD_2140.02.pdf", "4", "It is DoD policy that:"),
    ("old/DoDD_2140.02.pypdf.txt", "4", "It is DoD policy that:"),
    ("old/DoDD_3160.01.pdf", "4", "It is DoD policy consistent with sections 901-908"),
    ("old/DoDD_3160.01.pypdf.txt", "4", "It is DoD policy consistent with sections 901-908"),
    ("old/DoDM_5200.01_Vol1.pdf", "E3.6.e.(2)", "As warranted, activities may assign U.S."),
    ("modern/DoDI_4715.13.pdf", "3.4.c.(4)", "The Navy Encroachment Management Program in"),
    ("modern/DoDI_4715.13.pypdf.txt", "3.4.c.(4)", "The Navy Encroachment Management Program"),
    ("old/DoDI_2030.08.pdf", "3.c", "DoD programs for the transfer"),  # "D"+"oD" stays one word
]


@pytest.fixture(scope="module")
def parsed(samples_dir: Path) -> dict[str, dict[str, str]]:
    """Record texts by path of each sample in PRINTED, parsed once."""
    out: dict[str, dict[str, str]] = {}
    for name in dict.fromkeys(name for name, _, _ in PRINTED):
        doc = parse_file(samples_dir / name)
        out[name] = {p.path: p.text for p in doc.paragraphs if p.term is None}
    return out


@pytest.mark.parametrize(("name", "path", "start"), PRINTED)
def test_records_read_as_printed(parsed: dict[str, dict[str, str]], name, path, start) -> None:
    assert parsed[name][path].startswith(start)
