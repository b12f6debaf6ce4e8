"""A CSV header row is skipped; later non-numbers are refused with the file's line and column."""

import pytest

from exactrelu.cli import main
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_matrix, parse_data_text, read_data


@pytest.mark.parametrize(
    "header",
    ["x,y", "x1, x2", '"x","y"', "_a;b", "# comment\nx y", "feature one,feature two"],
)
def test_header_row_is_skipped(header):
    assert parse_data_text(f"{header}\n1,2\n3,1/2\n", "csv") == [["1", "2"], ["3", "1/2"]]


@pytest.mark.parametrize(
    "text, where",
    [
        ("x,y\n1,2\n3,z\n", "line 3, column 2"),
        ("1,2\nx,y\n", "line 2, column 1"),  # only the first row may be a header
        ("x,y\n\n# c\n1,abc\n", "line 4, column 2"),
        ("1,abc\n", "line 1, column 2"),  # a row with a number is data, not a header
    ],
)
def test_non_numbers_after_the_header_name_line_and_column(text, where):
    with pytest.raises(InvalidDataError, match=where):
        parse_data_text(text, "csv")


def test_words_that_are_values_are_not_a_header():
    cases = [("True,False\n", "line 1, column 1: cannot read .True."), ("nan,inf\n", "finite")]
    for text, words in [*cases, ("\u0661,2\n", "ARABIC")]:
        with pytest.raises(InvalidDataError, match=words):
            exact_matrix(parse_data_text(text, "csv"))


def test_header_only_is_empty(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("x,y\n")
    with pytest.raises(InvalidDataError, match="empty"):
        exact_matrix(read_data(str(path)))


def test_cli_reads_a_csv_with_a_header(tmp_path, capsys):
    path = tmp_path / "with_header.csv"
    path.write_text("x,y\n0,0\n1,0\n0,1\n")
    assert main(["arrangement", str(path), "--no-progress"]) == 0
    plain = tmp_path / "plain.csv"
    plain.write_text("0,0\n1,0\n0,1\n")
    first = capsys.readouterr().out
    assert main(["arrangement", str(plain), "--no-progress"]) == 0
    assert capsys.readouterr().out.replace(str(plain), "F") == first.replace(str(path), "F")
