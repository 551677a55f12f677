"""Reading uploads: CSV in the encodings Excel writes, XLSX as a stream, bad files named."""

import io
import random
import re
import tracemalloc
import types
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from clair_portal.tabular.reading import CP932, UTF8, UTF8_BOM, TableError, open_table

HEADER = "メールアドレス,氏名,言語\r\n"
ROWS = "hanako@example.jp,山田 花子,日本語\r\ntaro@example.jp,鈴木 太郎,英語\r\n"


def read(data: bytes, name="people.csv"):
    with open_table(io.BytesIO(data), name=name) as table:
        return table.encoding, table.header, list(table.rows)


def refusal(data: bytes, name="people.csv") -> str:
    with pytest.raises(TableError) as caught:
        read(data, name)
    return str(caught.value)


def xlsx(rows, *, sheet=True) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if sheet:
        return buffer.getvalue()
    # The same workbook with its worksheet taken out, as a damaged or odd program leaves it.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    stripped = io.BytesIO()
    with zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if item.filename.startswith("xl/worksheets/"):
                continue
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            target.writestr(item, data)
    return stripped.getvalue()


def test_a_cp932_csv_as_japanese_excel_saves_it_keeps_its_japanese():
    encoding, header, rows = read((HEADER + ROWS).encode("cp932"))
    assert encoding == CP932 == "Shift_JIS (CP932)"
    assert header == ["メールアドレス", "氏名", "言語"]
    assert rows == [
        (2, ["hanako@example.jp", "山田 花子", "日本語"]),
        (3, ["taro@example.jp", "鈴木 太郎", "英語"]),
    ]


def test_cp932_holds_the_characters_shift_jis_lacks():
    # ① and 髙 are in Windows' code page 932, not in plain Shift_JIS.
    encoding, _header, rows = read("a,b\r\n①,髙橋\r\n".encode("cp932"))
    assert encoding == CP932 and rows == [(2, ["①", "髙橋"])]


@pytest.mark.parametrize(("prefix", "expected"), [(b"", UTF8), (b"\xef\xbb\xbf", UTF8_BOM)])
def test_utf8_with_or_without_byte_order_mark(prefix, expected):
    encoding, header, rows = read(prefix + (HEADER + ROWS).encode("utf-8"))
    assert encoding == expected
    assert header[0] == "メールアドレス"  # no byte-order mark left on the first header
    assert rows[1] == (3, ["taro@example.jp", "鈴木 太郎", "英語"])


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ((HEADER + ROWS).encode("utf-16"), "UTF-16"),  # with its byte-order mark
        ((HEADER + ROWS).encode("utf-16-le"), "UTF-16"),  # without
        ((HEADER + ROWS).encode("utf-32"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_refused_by_name(data, named):
    message = refusal(data)
    assert f"“people.csv” is {named} text" in message
    assert "UTF-8 or Shift_JIS (CP932)" in message


def test_random_bytes_are_refused_naming_the_encodings_read():
    noise = bytes(b for b in random.Random(7).randbytes(8192) if b)  # no NUL: an encoding question
    message = refusal(noise, name="noise.csv")
    assert message.startswith("“noise.csv” is neither UTF-8 nor Shift_JIS (CP932) text")


def test_a_nul_byte_is_refused_naming_its_line():
    message = refusal(b"email,name\na@example.jp,A\nb@example.jp,B\x00\n")
    assert "has a NUL character on line 3" in message


def test_the_refusal_is_translated():
    with translation.override("ja"):
        message = refusal((HEADER + ROWS).encode("utf-16"))
    assert "UTF-16" in message and "UTF-8" in message and "保存" in message


def test_commas_semicolons_and_tabs_separate_columns():
    for separator in (",", ";", "\t"):
        _encoding, header, rows = read(f"a{separator}b\nx{separator}y\n".encode())
        assert (header, rows) == (["a", "b"], [(2, ["x", "y"])])


def test_blank_rows_and_note_rows_are_skipped_but_counted():
    data = b"a,b\n\n,\n# a note\nx,y\n"
    assert read(data)[2] == [(5, ["x", "y"])]


def test_the_apostrophe_a_download_put_before_a_formula_is_taken_off():
    assert read(b"a,b\n'=SUM(A1),'+81\n")[2] == [(2, ["=SUM(A1)", "+81"])]


def test_an_xlsx_is_read_as_a_stream_of_typed_cells():
    import datetime

    data = xlsx([["email", "joined", "years"], ["a@example.jp", datetime.date(2026, 8, 1), 3]])
    with open_table(io.BytesIO(data), name="people.xlsx") as table:
        assert table.format == "XLSX" and table.header == ["email", "joined", "years"]
        assert isinstance(table.rows, types.GeneratorType)  # read lazily, row by row
        rows = list(table.rows)
    assert rows == [(2, ["a@example.jp", datetime.datetime(2026, 8, 1), 3])]


def test_a_long_xlsx_is_read_without_holding_it_in_memory():
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["email", "name", "note"])
    for i in range(40_000):
        sheet.append([f"person{i}@example.jp", f"Person {i}", "x" * 40])
    buffer = io.BytesIO()
    book.save(buffer)
    tracemalloc.start()
    try:
        with open_table(buffer, name="long.xlsx") as table:
            count = sum(1 for _row in table.rows)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    # Loaded whole, 120,000 cells take well over 30 MB; streamed, a few MB at most.
    assert peak < 12 * 1024 * 1024, peak


def test_an_xlsx_without_a_worksheet_is_refused():
    message = refusal(xlsx([["a"]], sheet=False), name="empty.xlsx")
    assert (
        message == "“empty.xlsx” has no worksheet: put the rows on the first sheet of the workbook."
    )


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + random.Random(3).randbytes(2000),  # a zip in name only
        xlsx([["a"], ["b"]])[:-200],  # a workbook cut short
    ],
)
def test_a_damaged_xlsx_is_refused(data):
    assert "is not an Excel workbook the portal can read" in refusal(data, name="bad.xlsx")


def test_an_old_xls_workbook_is_refused_with_what_to_do():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    assert "old Excel workbook (.xls)" in refusal(data, name="old.xls")


def test_an_empty_file_is_refused():
    assert refusal(b"", name="nothing.csv") == "“nothing.csv” is empty."


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    message = refusal(b"a,b\n" + b"x,y\n" * 300, name="big.csv")
    assert message.startswith("“big.csv” is 1.2\xa0KB; an import may be at most 1.0\xa0KB")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(settings, fmt):
    settings.IMPORT_MAX_ROWS = 10
    rows = [["a", "b"], *([f"x{i}", "y"] for i in range(11))]
    data = "".join(f"{a},{b}\n" for a, b in rows).encode() if fmt == "csv" else xlsx(rows)
    message = refusal(data, name=f"long.{fmt}")
    assert "has more than 10 rows; an import may have at most 10" in message
    settings.IMPORT_MAX_ROWS = 11
    assert len(read(data, name=f"long.{fmt}")[2]) == 11


def test_a_csv_that_might_be_too_long_is_counted_before_any_row_is_used(settings):
    settings.IMPORT_MAX_ROWS = 3
    # Six line feeds but three rows: two cells hold line breaks.
    data = b'a,b\n"one\ntwo",x\n"three\nfour",y\nz,w\n'
    assert [n for n, _cells in read(data)[2]] == [2, 3, 4]
    data += b"v,u\n"
    with pytest.raises(TableError), open_table(io.BytesIO(data), name="long.csv"):
        pass  # refused on opening, before a row is read
