"""Public data says it may be reused under CC BY 4.0; private downloads say nothing."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from clair_portal.licence import LICENCE_URL, link_header
from clair_portal.tabular.writing import download

LINK = f'<{LICENCE_URL}>; rel="license"'


def test_the_link_header_names_the_licence_relation():
    assert link_header() == LINK


def test_a_public_csv_carries_the_licence_link_and_a_private_one_does_not():
    assert download([["a"], [1]], filename="x.csv", fmt="csv", public=True)["Link"] == LINK
    assert "Link" not in download([["a"], [1]], filename="x.csv", fmt="csv")


@pytest.mark.parametrize(
    ("language", "sheet", "credit"),
    [("en", "Licence", "Council of Local Authorities"), ("ja", "ライセンス", "自治体国際化協会")],
)
def test_a_public_xlsx_says_its_licence_in_the_readers_language(language, sheet, credit):
    with translation.override(language):
        response = download([["a"], [1]], filename="x.xlsx", fmt="xlsx", public=True)
    assert response["Link"] == LINK
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert credit in book.properties.creator
    assert LICENCE_URL in book.properties.description
    # the data stays the first sheet; the licence comes after it
    assert book.sheetnames[-1] == sheet and len(book.sheetnames) == 2
    assert list(book.worksheets[0].iter_rows(values_only=True)) == [("a",), (1,)]
    notes = [row[0] for row in book[sheet].iter_rows(values_only=True)]
    assert "CC BY 4.0" in notes[0] and credit in notes[0] and notes[1] == LICENCE_URL


def test_a_private_xlsx_has_no_licence_sheet():
    response = download([["a"], [1]], filename="x.xlsx", fmt="xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Link" not in response and len(book.sheetnames) == 1
