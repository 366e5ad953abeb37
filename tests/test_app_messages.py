"""Messages shown in the browser name no server path, yet keep the problem and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import ingest_paths
from index.errors import IndexLoadError, IngestFailedError
from index.library import Library
from index.settings import Settings
from webapp.messages import public
from webapp.resources import Paths


def _paths(root: Path) -> Paths:
    data = root / "data"
    return Paths(data / "index", data, data / "uploads", data / "feedback.jsonl")


def test_a_failed_ingest_of_an_upload_names_the_upload_not_its_path(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    stored = paths.uploads / "memo.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.7\nnot really a PDF")
    with pytest.raises(IngestFailedError) as err:
        ingest_paths([stored], paths.index_dir, Settings(index_dir=paths.index_dir))
    assert str(stored) in str(err.value)  # the command line shows the full path …
    shown = public(str(err.value), paths, {stored: "My memo.pdf"})
    assert "My memo.pdf" in shown and str(tmp_path) not in shown  # … the browser does not


def test_an_index_error_keeps_its_file_and_fix_under_the_variable(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    with pytest.raises(IndexLoadError) as err:
        Library.load(paths.index_dir)
    shown = public(str(err.value), paths)
    assert shown.startswith("$POLICYKB_INDEX: no index has been built here yet")
    assert "`policykb ingest --index $POLICYKB_INDEX corpus/`" in shown


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/srv/other/x.pdf: cannot read the file", "x.pdf: cannot read the file"),
        ("see https://www.esd.whs.mil/DD/ for it", "see https://www.esd.whs.mil/DD/ for it"),
        ("Change 1, 05/24/2017 and/or A&S", "Change 1, 05/24/2017 and/or A&S"),
    ],
)
def test_other_absolute_paths_lose_their_directories_and_nothing_else(
    tmp_path: Path, message: str, expected: str
) -> None:
    assert public(message, _paths(tmp_path)) == expected
