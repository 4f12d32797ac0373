"""The content-addressed upload store and display-name sanitizing."""

from __future__ import annotations

import hashlib
import stat

import pytest

from dealbrain.ingest import FileRejected, UploadStore, sanitize_display_name


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(root):
    return sorted(path.name for path in (root / ".incoming").iterdir())


def test_upload_is_stored_under_its_sha256(tmp_path, write_file):
    source = write_file("upload.tmp", b"Name,Cores\ni7,8\n")
    store = UploadStore(tmp_path / "store")

    stored = store.store(source, "CPUs Nov.CSV")

    digest = sha256_of(source.read_bytes())
    assert stored.sha256 == digest
    assert stored.path == tmp_path / "store" / digest[:2] / f"{digest}.csv"
    assert stored.path.read_bytes() == source.read_bytes()
    assert (stored.original_name, stored.size_bytes, stored.already_present) == ("CPUs Nov.CSV", 16, False)
    assert stat.S_IMODE(stored.path.stat().st_mode) == 0o644
    assert leftovers(tmp_path / "store") == []


def test_same_bytes_uploaded_again_are_recognised(tmp_path, write_file):
    store = UploadStore(tmp_path / "store")
    first = store.store(write_file("a.csv", b"x,y\n1,2\n"))

    again = store.store(write_file("b.csv", b"x,y\n1,2\n"), "copy of a.csv")

    assert again.already_present is True
    assert again.path == first.path and again.sha256 == first.sha256
    assert again.original_name == "copy of a.csv"
    assert len(list(first.path.parent.iterdir())) == 1
    assert leftovers(tmp_path / "store") == []


def test_different_bytes_are_stored_separately(tmp_path, write_file):
    store = UploadStore(tmp_path / "store")

    one = store.store(write_file("a.csv", b"1\n"))
    two = store.store(write_file("b.csv", b"2\n"))

    assert one.sha256 != two.sha256 and not two.already_present


def test_name_defaults_to_the_source_name_and_is_sanitized(tmp_path, write_file):
    store = UploadStore(tmp_path / "store")

    stored = store.store(write_file("gpus.xlsx", b"PK\x03\x04 pretend"), "../../etc/passwd")

    assert stored.original_name == "passwd"
    assert stored.path.name == stored.sha256
    assert store.store(write_file("gpus.xlsx", b"other")).original_name == "gpus.xlsx"


def test_failed_copy_leaves_nothing_behind(tmp_path):
    store = UploadStore(tmp_path / "store")

    with pytest.raises(FileNotFoundError):
        store.store(tmp_path / "missing.csv", "missing.csv")

    assert leftovers(tmp_path / "store") == []
    assert [path.name for path in (tmp_path / "store").iterdir()] == [".incoming"]


def test_path_for_and_discard(tmp_path, write_file):
    store = UploadStore(tmp_path / "store")
    stored = store.store(write_file("a.tsv", b"x\ty\n"))

    assert store.path_for(stored.sha256) == stored.path
    assert store.discard(stored.sha256) is True
    assert store.path_for(stored.sha256) is None
    assert store.discard(stored.sha256) is False
    assert store.path_for("0" * 64) is None


@pytest.mark.parametrize("bad", ["../etc", "ABC", "g" * 64, "A" * 64])
def test_lookups_refuse_anything_but_a_sha256(tmp_path, bad):
    with pytest.raises(ValueError):
        UploadStore(tmp_path).path_for(bad)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ops\\Desktop\\cpus.xlsx", "cpus.xlsx"),
        ("cp\x00us\x1b[31m.csv", "cpus[31m.csv"),
        ("  .hidden.csv  ", "hidden.csv"),
        ("Prix €/CPU.xlsx", "CPU.xlsx"),
        ("Café list.csv", "Café list.csv"),
        ("report.csv.", "report.csv"),
    ],
)
def test_sanitize_display_name(given, expected):
    assert sanitize_display_name(given) == expected


def test_sanitize_display_name_shortens_but_keeps_the_extension():
    name = sanitize_display_name("a" * 400 + ".xlsx")

    assert len(name) == 255 and name.endswith(".xlsx")


@pytest.mark.parametrize("bad", ["", "   ", "..", "../..", "/", "\x00\x01"])
def test_unusable_names_are_rejected(bad):
    with pytest.raises(FileRejected) as caught:
        sanitize_display_name(bad)

    assert caught.value.reason == "bad_name"
    assert "rename the file" in str(caught.value).lower()


def test_a_file_of_the_store_is_recognised_without_a_second_copy(tmp_path, write_file):
    store = UploadStore(tmp_path / "store")
    stored = store.store(write_file("a.csv", b"x,y\n1,2\n"), "prices.csv")

    again = store.already_stored(stored.path, "prices (2).csv")

    assert again is not None and (again.sha256, again.path, again.original_name) == (stored.sha256, stored.path, "prices (2).csv")
    assert again.size_bytes == 8 and not again.already_present
    assert sorted(p.name for p in (tmp_path / "store" / stored.sha256[:2]).iterdir()) == [stored.path.name]
    assert store.already_stored(write_file("b.csv", b"x,y\n1,2\n")) is None, "a file outside the store is not one of it"
    assert store.already_stored(tmp_path / "elsewhere" / stored.path.name) is None
