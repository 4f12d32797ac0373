"""Files that are broken, disguised or built to hurt: each is refused with a clear message."""

from __future__ import annotations

import struct
import zipfile

import openpyxl
import pytest

from dealbrain.ingest import FileRejected, ReadLimits, read_workbook
from dealbrain.ingest.file_kind import OLE2_SIGNATURE

MB = 1024 * 1024
CPU_ROWS = [["Name", "Cores"], ["i7", 8], ["i5", 6]]


def rejection(path, **kwargs) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        read_workbook(path, **kwargs)
    return caught.value


def test_xlsx_that_is_really_text(write_file):
    error = rejection(write_file("cpus.xlsx", "Name,Cores\ni7,8\n"))

    assert error.reason == "not_a_spreadsheet"
    assert "File 'cpus.xlsx'" in str(error)
    assert "plain text" in str(error) and "rename it to .csv" in str(error)


def test_truncated_xlsx_is_reported_as_damaged(write_xlsx, write_file):
    whole = write_xlsx("whole.xlsx", {"CPUs": CPU_ROWS * 200}).read_bytes()

    error = rejection(write_file("cut.xlsx", whole[: len(whole) // 2]))

    assert error.reason == "corrupt"
    assert "'cut.xlsx'" in str(error) and "damaged or incomplete" in str(error)
    assert "save it again" in str(error)


def test_xlsx_with_broken_sheet_xml_is_reported_as_damaged(write_xlsx, tmp_path):
    source = write_xlsx("good.xlsx", {"CPUs": CPU_ROWS})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for member in original.infolist():
            data = original.read(member.filename)
            if member.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            copy.writestr(member, data)

    error = rejection(broken)

    assert error.reason == "corrupt"
    assert "damaged" in str(error)


def test_zip_directory_claiming_gigabytes_is_refused_before_unpacking(write_xlsx, tmp_path):
    data = bytearray(write_xlsx("small.xlsx", {"CPUs": CPU_ROWS}).read_bytes())
    entry = data.find(b"PK\x01\x02")  # first central-directory record
    struct.pack_into("<I", data, entry + 24, 0xFFFF_FFF0)  # its claimed uncompressed size
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bytes(data))

    error = rejection(bomb)

    assert error.reason == "zip_bomb"
    assert "would unpack to 4,294,9" in str(error)
    assert "the limit is 1,073,741,824" in str(error)


def test_member_that_expands_too_many_times_is_a_zip_bomb(write_xlsx, tmp_path):
    source = write_xlsx("base.xlsx", {"CPUs": CPU_ROWS})
    bomb = tmp_path / "zeros.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in original.infolist():
            copy.writestr(member.filename, original.read(member.filename))
        copy.writestr("xl/media/padding.bin", bytes(4 * MB))
    limits = ReadLimits(ratio_check_min_bytes=1 * MB)

    error = rejection(bomb, limits=limits)

    assert error.reason == "zip_bomb"
    assert "'xl/media/padding.bin' would expand" in str(error)
    assert "more than 200 times" in str(error)


def test_stray_value_in_the_last_cell_is_refused_before_allocating(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "CPUs"
    sheet["A1"], sheet["A2"], sheet["XFD1048576"] = "Name", "i7", "oops"
    path = tmp_path / "stray.xlsx"
    workbook.save(path)

    error = rejection(path)

    assert error.reason == "too_many_cells"
    assert error.sheet == "CPUs"
    assert "used range is A1:XFD1048576" in str(error)
    assert "Ctrl+End" in str(error)


def test_declared_range_is_checked_against_the_cell_limit(write_xlsx):
    path = write_xlsx("cpus.xlsx", {"CPUs": CPU_ROWS, "Big": [["a", "b", "c"]] * 5})

    error = rejection(path, limits=ReadLimits(max_cells=10))

    assert (error.reason, error.sheet) == ("too_many_cells", "Big")
    assert "5 rows × 3 columns = 15 cells); the limit is 10 cells" in str(error)


def test_too_many_zip_members(write_xlsx):
    error = rejection(write_xlsx("book.xlsx", {"CPUs": CPU_ROWS}), limits=ReadLimits(max_zip_members=3))

    assert error.reason == "zip_bomb"
    assert "the limit is 3" in str(error)


def test_word_document_renamed_to_xlsx(tmp_path):
    path = tmp_path / "cpus.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")

    error = rejection(path)

    assert error.reason == "not_a_spreadsheet"
    assert "Word document" in str(error)


def ole2_file(path, marker: bytes = b""):
    path.write_bytes(OLE2_SIGNATURE + bytes(504) + marker + bytes(512))
    return path


def test_password_protected_workbook(tmp_path):
    path = ole2_file(tmp_path / "secret.xlsx", "EncryptedPackage".encode("utf-16-le"))

    error = rejection(path)

    assert error.reason == "password_protected"
    assert "'secret.xlsx'" in str(error) and "password" in str(error)
    assert "remove the password" in str(error)


def test_legacy_xls_content_with_xlsx_name(tmp_path):
    error = rejection(ole2_file(tmp_path / "old.xlsx"))

    assert error.reason == "legacy_format"
    assert "97-2003" in str(error) and "save it as an Excel Workbook (.xlsx)" in str(error)


@pytest.mark.parametrize("name", ["cpus.xls", "cpus.pdf", "cpus"])
def test_unsupported_extensions(write_file, name):
    error = rejection(write_file(name, "Name\ni7\n"))

    assert error.reason == "unsupported_extension"
    assert f"'{name}'" in str(error)


def test_csv_that_is_really_a_workbook(write_xlsx, write_file):
    workbook_bytes = write_xlsx("real.xlsx", {"CPUs": CPU_ROWS}).read_bytes()

    error = rejection(write_file("cpus.csv", workbook_bytes))

    assert error.reason == "not_a_spreadsheet"
    assert "rename it to .xlsx" in str(error)


def test_csv_that_is_an_ole2_file(tmp_path):
    error = rejection(ole2_file(tmp_path / "cpus.csv"))

    assert error.reason == "not_a_spreadsheet"


def test_nul_bytes_in_csv_are_refused_with_their_line(write_file):
    error = rejection(write_file("cpus.csv", b"Name,Cores\ni7,8\ni5,\x006\n"))

    assert error.reason == "nul_bytes"
    assert error.row == 3
    assert "File 'cpus.csv', row 3: the file contains NUL bytes" in str(error)


def test_text_in_no_known_encoding_is_refused(write_file):
    error = rejection(write_file("cpus.csv", b"Name\ni7\n\x81\x8d\xff\n"))

    assert error.reason == "bad_encoding"
    assert error.row == 3
    assert "CSV UTF-8" in str(error)


def test_ten_megabyte_cell_is_located(write_file):
    big = "x" * (10 * MB)
    error = rejection(write_file("listings.csv", f"title,notes\nPC,{big}\n"))

    assert error.reason == "cell_too_large"
    assert (error.row, error.column) == (2, "notes")
    assert "row 2, column 'notes'" in str(error)
    assert "10,485,760 characters; the limit is 32,767" in str(error)


@pytest.mark.parametrize(
    ("limits", "reason", "words"),
    [
        (ReadLimits(max_rows=2), "too_many_rows", "3 data rows; the limit is 2"),
        (ReadLimits(max_columns=1), "too_many_columns", "2 columns with data; the limit is 1"),
        (ReadLimits(max_file_bytes=10), "too_large", "the limit is 10"),
    ],
)
def test_csv_limits(write_file, limits, reason, words):
    error = rejection(write_file("cpus.csv", "Name,Cores\na,1\nb,2\nc,3\n"), limits=limits)

    assert error.reason == reason
    assert words in str(error) and "'cpus.csv'" in str(error)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_csv(write_file, content):
    error = rejection(write_file("cpus.csv", content))

    assert error.reason == "empty"
    assert "no data" in str(error)


def test_absurdly_wide_line_in_the_sample_is_refused(write_file):
    error = rejection(write_file("wide.csv", "Name,Cores\n" + "," * 60 + "\n"), limits=ReadLimits(max_columns=5))

    assert (error.reason, error.row) == ("too_many_columns", 2)
    assert "61 values; at most 50 can be read" in str(error)


def test_absurdly_wide_line_after_the_sample_is_refused_with_its_line(write_file):
    filler = "".join(f"cpu {i},{i}\n" for i in range(10_000))
    text = "Name,Cores\n" + filler + "," * 60 + "\n"

    error = rejection(write_file("wide.csv", text), limits=ReadLimits(max_columns=5))

    assert (error.reason, error.row) == ("too_many_columns", 10_002)


def test_separators_inside_quotes_do_not_count_towards_the_width(write_file):
    filler = "".join(f"cpu {i},{i}\n" for i in range(10_000))
    text = "Name,Cores\n" + filler + 'late,"' + "," * 60 + '",extra\n'

    sheet = read_workbook(write_file("quoted.csv", text), limits=ReadLimits(max_columns=5)).sheets[0]

    assert sheet.columns == ["Name", "Cores", "Column C"]
    assert sheet.frame.get_column("Cores")[-1] == "," * 60
