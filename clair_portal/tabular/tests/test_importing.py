"""The import every app runs: headers in any language, every error at once, all or
nothing, idempotent, a preview of what changes, constant queries per chunk."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook

from clair_portal.accounts.models import User
from clair_portal.tabular.tests.people import PeopleImport

pytestmark = pytest.mark.django_db


def csv(text: str, encoding="utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def run(data, *, name="people.csv", dry_run=False, user=None):
    return PeopleImport(user=user).run(data, name=name, dry_run=dry_run)


def test_a_cp932_file_from_japanese_excel_imports_with_its_japanese_intact():
    data = csv(
        "メールアドレス,氏名,言語,管理サイトの利用\r\n"
        "hanako@example.jp,山田 花子,日本語,はい\r\n"
        "bob@example.jp,Bob Smith,英語,いいえ\r\n",
        "cp932",
    )
    result = run(data)
    assert result.ok, result.errors
    assert result.format == "CSV, Shift_JIS (CP932)"
    hanako = User.objects.get(email="hanako@example.jp")
    assert (hanako.full_name, hanako.language, hanako.is_staff) == ("山田 花子", "ja", True)
    assert User.objects.get(email="bob@example.jp").language == "en"


@pytest.mark.parametrize(
    "header",
    [
        "email,full_name,language",  # codes
        "e-mail address,full name,language",  # English labels
        "メールアドレス,氏名,言語",  # Japanese labels
        "ＥＭＡＩＬ, Full  Name ,LANGUAGE",  # full-width, spaced, in capitals
    ],
)
def test_columns_are_found_by_code_or_label_in_either_language(header):
    result = run(csv(f"{header}\na@example.jp,A,ja\n"))
    assert result.ok and result.added == 1, (result.refused, result.errors)


def test_coded_values_are_read_as_codes_or_labels_in_either_language():
    result = run(csv("email,language\na@example.jp,EN\nb@example.jp,Japanese\nc@example.jp,英語\n"))
    assert result.ok
    assert dict(User.objects.values_list("email", "language")) == {
        "a@example.jp": "en",
        "b@example.jp": "ja",
        "c@example.jp": "en",
    }


def test_a_code_column_beside_the_labels_is_the_one_read():
    result = run(csv("email,言語,言語（コード）\na@example.jp,日本語,en\n"))
    assert result.ok and User.objects.get().language == "en"


def test_a_missing_column_is_refused_naming_it_and_an_optional_one_may_be_left_out():
    result = run(csv("full_name,language\nA,ja\n"))
    assert result.refused is not None and not User.objects.exists()
    assert "lacks the columns: e-mail address (email)" in str(result.refused)
    assert run(csv("email\na@example.jp\n")).ok  # language and is_staff take their defaults
    assert User.objects.get().language == "ja"


def test_a_column_named_twice_is_refused():
    result = run(csv("email,e-mail address\na@example.jp,b@example.jp\n"))
    assert "has the column “e-mail address” twice (columns A and B)" in str(result.refused)


def test_every_error_is_named_by_row_and_column_and_nothing_is_imported():
    data = csv(
        "e-mail address,full name,language\n"
        "good@example.jp,Good,ja\n"
        "not-an-address,Bad,fr\n"
        ",No address,en\n"
        "good@example.jp,Twice,ja\n"
    )
    result = run(data)
    assert not result.ok and not User.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "email"),
        (3, "language"),
        (4, "email"),
        (5, "email"),
    ]
    assert [str(e) for e in result.errors] == [
        "Row 3, e-mail address: “not-an-address” is not an e-mail address.",
        "Row 3, language: “fr” is not one of: English (en), Japanese (ja).",
        "Row 4, e-mail address: This field is required.",
        "Row 5, e-mail address: The same record is already in row 2.",
    ]
    assert result.message() == "Nothing was imported: 4 problems in the file."


def test_errors_read_in_japanese_for_a_japanese_reader():
    result = run(csv("メールアドレス,言語\nx@,fr\n"))
    with translation.override("ja"):
        assert [str(e) for e in result.errors] == [
            "2行目、メールアドレス：「x@」はメールアドレスではありません。",
            "2行目、言語：「fr」は次のいずれでもありません：英語 (en), 日本語 (ja)。",
        ]
        assert result.message() == "ファイルに2件の問題があるため、何も取り込んでいません。"


def test_a_bad_row_in_a_later_chunk_rolls_back_the_chunks_already_written(monkeypatch):
    monkeypatch.setattr(PeopleImport, "chunk_size", 2)
    lines = [f"p{i}@example.jp,P{i}" for i in range(5)] + ["broken,X"]
    result = run(csv("email,full_name\n" + "\n".join(lines) + "\n"))
    assert [(e.row, e.column) for e in result.errors] == [(7, "email")]
    assert not User.objects.exists()


def test_the_preview_states_what_is_added_changed_and_unchanged_and_writes_nothing():
    run(csv("email,full_name,language\nkept@example.jp,Kept,ja\nmoved@example.jp,Moved,ja\n"))
    data = "email,full_name,language\nkept@example.jp,Kept,ja\nmoved@example.jp,Moved,en\nnew@example.jp,New,ja\n"
    preview = run(csv(data), dry_run=True)
    assert (preview.added, preview.changed, preview.unchanged) == (1, 1, 1)
    assert [(c.row, c.record, c.fields, c.labels) for c in preview.changes] == [
        (3, "moved@example.jp", ("language",), ("language",)),
        (4, "new@example.jp", (), ()),
    ]
    assert User.objects.count() == 2 and User.objects.get(email="moved@example.jp").language == "ja"
    done = run(csv(data))
    assert (done.added, done.changed, done.unchanged) == (1, 1, 1)
    assert User.objects.get(email="moved@example.jp").language == "en"


def test_importing_the_same_file_again_writes_nothing():
    data = "email,full_name\n" + "".join(f"p{i}@example.jp,P{i}\n" for i in range(30))
    run(csv(data))
    with CaptureQueriesContext(connection) as queries:
        again = run(csv(data))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 30)
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_queries_per_chunk_do_not_grow_with_its_rows():
    def queries(n, start):
        data = "email,full_name\n" + "".join(
            f"p{i}@example.jp,P{i}\n" for i in range(start, start + n)
        )
        with CaptureQueriesContext(connection) as captured:
            assert run(csv(data)).ok
        return len(captured)

    # A savepoint, the existing users, one INSERT, the savepoint's release.
    assert queries(5, 0) == queries(400, 100) == 4


def test_an_xlsx_imports_like_a_csv():
    book = Workbook()
    book.active.append(["メールアドレス", "氏名", "管理サイトの利用"])
    book.active.append(["a@example.jp", "山田 花子", True])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer, name="people.xlsx")
    assert result.ok and result.format == "XLSX"
    assert User.objects.get().is_staff is True


def test_a_refused_file_is_a_result_not_an_exception():
    result = run(io.BytesIO("email\na@example.jp\n".encode("utf-16")))
    assert not result.ok and result.has_errors()
    assert "UTF-16" in result.message()
