"""The CSV format's fixed parts: headers, number spelling, reversible formula escaping."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.store.csv_exchange import FILES, escape_text, format_number, unescape_text
from tests.unit.helpers import SPEC_HEADERS

SPEC_REQUIRED = {
    "nights.csv": {"date", "rls_severity"},
    "labs.csv": {"date", "test", "value", "unit"},
    "doses.csv": {"date", "medication", "amount", "unit"},
    "supplements.csv": {"date", "product", "amount_mg"},
    "infusions.csv": {"date", "product", "dose_mg"},
    "venesections.csv": {"date"},
}
DOCS = Path(__file__).resolve().parents[3] / "docs" / "csv-format.md"


def test_files_and_headers_are_the_specs_in_order() -> None:
    assert [spec.filename for spec in FILES] == list(SPEC_HEADERS)
    for spec in FILES:
        assert ",".join(spec.header) == SPEC_HEADERS[spec.filename]
        assert {c.name for c in spec.columns if c.required} == SPEC_REQUIRED[spec.filename]


def test_project_docs_list_the_same_columns() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for filename, header in SPEC_HEADERS.items():
        section = text.split(f"## {filename}", 1)[1].split("\n## ", 1)[0]
        rows = re.findall(r"^\| (\w+) \| (yes|no) \|", section, flags=re.MULTILINE)
        assert ",".join(name for name, _ in rows) == header
        assert {name for name, req in rows if req == "yes"} == SPEC_REQUIRED[filename]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (6.5, "6.5"),
        (1000.0, "1000"),
        (0.25, "0.25"),
        (325, "325"),
        (0, "0"),
        (-0.0, "0"),
        (1e-7, "0.0000001"),
        (1.5e-10, "0.00000000015"),
        (1e20, "100000000000000000000"),
        (1.25e16, "12500000000000000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (5.585, "5.585"),
        (65.0, "65"),
        (39.0, "39"),
        (10.0, "10"),
        (100.5, "100.5"),
    ],
)
def test_numbers_are_written_in_shortest_plain_form(value: float, text: str) -> None:
    assert format_number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_number_reads_back_exactly_and_plainly(value: float) -> None:
    text = format_number(value)
    assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", text), text
    assert float(text) == value


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_numbers_that_cannot_be_written_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="cannot be written as a number"):
        format_number(bad)


@pytest.mark.parametrize(
    ("stored", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 20 7946", "'+44 20 7946"),
        ("-2 hours", "'-2 hours"),
        ("@home", "'@home"),
        ("\tindented", "'\tindented"),
        ("\rodd", "'\rodd"),
        ("'=x", "''=x"),
        ("''-x", "'''-x"),
        ("'hello", "'hello"),
        ("'", "'"),
        ("plain = fine", "plain = fine"),
        ("", ""),
    ],
)
def test_formula_escaping_examples(stored: str, cell: str) -> None:
    assert escape_text(stored) == cell
    assert unescape_text(cell) == stored


@given(st.text())
def test_escaping_is_reversible_and_never_leaves_a_formula(text: str) -> None:
    cell = escape_text(text)
    assert unescape_text(cell) == text
    assert not cell or cell[0] not in "=+-@\t\r"


@given(st.text(alphabet="'=+-@\t\rab", max_size=8))
def test_escaping_is_reversible_on_quote_heavy_text(text: str) -> None:
    assert unescape_text(escape_text(text)) == text
