"""Gold files: validation names file and line; the shipped sets are well formed and honest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.gold import GoldError, GoldQuestion, Ref, load_gold, split_of
from ingest.parse import parse_file

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold"
# Sample issuances the gold set asks about -> their pypdf page text (see MANIFEST.md).
PAGE_TEXT = {
    "DoDI 4715.13": "modern/DoDI_4715.13.pypdf.txt",
    "DoDD 5132.03": "modern/DoDD_5132.03.pypdf.txt",
    "DoDM 4160.28, Volume 1": "modern/DoDM_4160.28_Vol1.pypdf.txt",
    "DoDD 5535.4": "old/DoDD_5535.04.pypdf.txt",
    "DoDD 6000.6": "old/DoDD_6000.6.pypdf.txt",
    "DoDD 3160.01": "old/DoDD_3160.01.pypdf.txt",
    "DoDI 1015.13": "old/DoDI_1015.13.pypdf.txt",
    "DoDI 2030.08": "old/DoDI_2030.08.pypdf.txt",
    "DoDD 5535.02": "old/DoDD_5535.02.pypdf.txt",
}
GOOD = {"id": "q1", "question": "Can I?", "expect": [{"doc_id": "DoDI 1.1", "paragraph": "3.2.a"}]}


def write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_loads_a_valid_question(tmp_path: Path) -> None:
    (q,) = load_gold(write(tmp_path, {**GOOD, "verdict": "Permitted", "quote": "x"}))
    assert q.expect == (Ref("DoDI 1.1", "3.2.a"),)
    assert (q.verdict, q.quote, q.unanswerable, q.line, q.labelled) == (
        "Permitted",
        "x",
        False,
        1,
        True,
    )


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ({**GOOD, "extra": 1}, "unknown key"),
        ({**GOOD, "question": ""}, '"question" must be'),
        ({**GOOD, "expect": "3.2"}, '"expect" must be a list'),
        ({**GOOD, "expect": [{"doc_id": "DoDI 1.1", "paragraph": "3.2.b(3)"}]}, "path convention"),
        ({**GOOD, "expect": [{"doc": "DoDI 1.1"}]}, '"expect" item'),
        ({**GOOD, "verdict": "Allowed"}, "not one of"),
        ({**GOOD, "unanswerable": True}, "cannot have"),
        ({**GOOD, "unanswerable": "no"}, "true or false"),
        ({"id": "q1", "question": "?", "expect": [], "quote": "x"}, "needs the"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, row: object, fragment: str) -> None:
    path = write(tmp_path, {**GOOD, "id": "q0"}, row)
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert fragment in str(info.value)


def test_duplicate_ids_point_at_both_lines(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r":2: id \"q1\" already used on line 1"):
        load_gold(write(tmp_path, GOOD, GOOD))


def test_samples_gold_set_meets_the_issue() -> None:
    questions = load_gold(GOLD / "samples.jsonl")
    per_doc: dict[str, int] = {}
    for q in questions:
        for doc in {e.doc_id for e in q.expect}:
            per_doc[doc] = per_doc.get(doc, 0) + 1
    assert len(questions) >= 60
    assert sum(q.unanswerable for q in questions) >= 10
    for modern in ("DoDI 4715.13", "DoDD 5132.03", "DoDM 4160.28, Volume 1"):
        assert per_doc[modern] >= 8
    assert all(q.labelled for q in questions)


def test_samples_quotes_are_verbatim_in_the_page_text(samples_dir: Path) -> None:
    joined = {}
    for doc, name in PAGE_TEXT.items():
        lines = (samples_dir / name).read_text(encoding="utf-8").splitlines()
        joined[doc] = " ".join(s.strip() for s in lines if s.strip())
    for q in load_gold(GOLD / "samples.jsonl"):
        if q.quote:
            assert any(q.quote in joined[e.doc_id] for e in q.expect), q.id


def test_samples_expectations_match_the_parsed_paragraphs(samples_dir: Path) -> None:
    """Every expected path exists as parsed and holds its quote in its own text."""
    parsed = {}
    for doc, name in PAGE_TEXT.items():
        pdf = samples_dir / name.replace(".pypdf.txt", ".pdf")
        parsed[doc] = {(p.path, " ".join(p.text.split())) for p in parse_file(pdf).paragraphs}
    for q in load_gold(GOLD / "samples.jsonl"):
        texts = []
        for e in q.expect:
            found = [t for path, t in parsed[e.doc_id] if path == e.paragraph]
            assert found, f"{q.id}: {e.doc_id} {e.paragraph} is not parsed"
            texts += found
        assert q.quote is None or any(q.quote in t for t in texts), f"{q.id}: quote not in text"


def test_mission_set_is_unlabelled_and_asks_the_like_question() -> None:
    questions = load_gold(GOLD / "mission.jsonl")
    assert len(questions) >= 30
    assert not any(q.labelled for q in questions)
    assert "Can I like an official post from my personal account?" in {
        q.question for q in questions
    }


FULL = {
    **GOOD,
    "type": "who",
    "verdicts": ["Required", "Prohibited"],
    "quote": "x",
    "key_phrase": "for official purposes only",
    "actor": "USD(P)",
    "actor_aliases": ["Under Secretary of Defense for Policy"],
}


def test_loads_the_library_labels(tmp_path: Path) -> None:
    glossary = {"doc_id": "DoDI 1.1", "paragraph": "G.2", "term": "encroachment"}
    unanswerable = {"id": "u", "question": "?", "expect": [], "unanswerable": True,
                    "type": "may", "absent_doc": "DoDI 5400.17"}  # fmt: skip
    full, gloss, none = load_gold(
        write(tmp_path, FULL, {**GOOD, "id": "g", "expect": [glossary]}, unanswerable)
    )
    assert (full.type, full.verdicts, full.key_phrase, full.actor, full.actor_aliases) == (
        "who",
        ("Required", "Prohibited"),
        "for official purposes only",
        "USD(P)",
        ("Under Secretary of Defense for Policy",),
    )
    assert full.verdict is None
    assert gloss.expect[0].term == "encroachment"
    assert gloss.expect[0] == Ref("DoDI 1.1", "G.2")  # retrieval is judged by path alone
    assert (none.absent_doc, none.type, none.unanswerable) == ("DoDI 5400.17", "may", True)


def test_single_verdict_still_means_a_one_item_list(tmp_path: Path) -> None:
    (q,) = load_gold(write(tmp_path, {**GOOD, "verdict": "Permitted"}))
    assert (q.verdict, q.verdicts) == ("Permitted", ("Permitted",))


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({**FULL, "verdict": "Required"}, "not both"),
        ({**FULL, "verdicts": []}, "non-empty list"),
        ({**FULL, "verdicts": ["Allowed"]}, "not in"),
        ({**FULL, "verdicts": ["Stated", "Stated"]}, "twice"),
        ({**FULL, "type": "why"}, '"type"'),
        ({**FULL, "actor": None}, 'needs its "actor"'),
        ({**FULL, "key_phrase": "official"}, "has 1 words"),
        ({**FULL, "key_phrase": " ".join(["word"] * 13)}, "has 13 words"),
        ({**GOOD, "actor_aliases": ["x"]}, 'needs the "actor"'),
        ({**FULL, "actor_aliases": "x"}, "list of non-empty strings"),
        ({**GOOD, "absent_doc": "DoDI 5400.17"}, "unanswerable"),
        ({"id": "q", "question": "?", "expect": [], "key_phrase": "a b c"}, "needs the"),
        ({"id": "q", "question": "?", "expect": [], "unanswerable": True, "actor": "x"}, "cannot"),
        ({**GOOD, "expect": [{"doc_id": "D", "paragraph": "3.2", "term": "x"}]}, "glossary"),
        ({**GOOD, "expect": [{"doc_id": "D", "paragraph": "G.2", "term": ""}]}, "glossary"),
        ({**GOOD, "expect": [{"doc_id": "D", "paragraph": "G.2", "x": 1}]}, '"expect" item'),
    ],
)
def test_library_label_errors_name_file_line_and_fix(
    tmp_path: Path, row: object, fragment: str
) -> None:
    path = write(tmp_path, {**GOOD, "id": "q0"}, row)
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "paragraph", ["E3", "E3.a", "E2.4.a.(1)", "E2.3.a.(2)(a)1", "3.3.b.(3)(a)1", "E10.2.c"]
)
def test_enclosure_and_fifth_level_paths_follow_the_convention(
    tmp_path: Path, paragraph: str
) -> None:
    (q,) = load_gold(write(tmp_path, {**GOOD, "expect": [{"doc_id": "D", "paragraph": paragraph}]}))
    assert q.expect[0].paragraph == paragraph


def test_split_is_a_fixed_function_of_the_id() -> None:
    # sha256("q3") starts with 0x58 (< 0x80): dev; sha256("q1") with 0xc7: test.
    assert (split_of("q3"), split_of("q1")) == ("dev", "test")
    assert GoldQuestion("q1", "?", ()).split == "test"
    splits = [split_of(f"lib-{i}") for i in range(400)]
    assert 160 < splits.count("dev") < 240
