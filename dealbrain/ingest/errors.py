"""The one error an operator can cause by uploading a file we cannot import."""

from __future__ import annotations

import unicodedata

from dealbrain.errors import UserFacingError


class FileRejected(UserFacingError):
    """An uploaded file that cannot be imported, explained for the person who sent it.

    The message says what was wrong, where (file, sheet, row, column when
    known) and what to do about it. ``reason`` is a short machine-readable
    code such as ``"corrupt"``, ``"zip_bomb"`` or ``"cell_too_large"``.
    """

    def __init__(
        self,
        problem: str,
        *,
        reason: str,
        fix: str = "",
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problem = problem
        self.reason = reason
        self.fix = fix
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = _compose(problem, fix, describe_location(file, sheet, row, column))
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Keyword-only arguments need help to survive pickling (e.g. between processes)."""
        return _rebuild, (self.problem, self.reason, self.fix, self.file, self.sheet, self.row, self.column)


def _rebuild(
    problem: str,
    reason: str,
    fix: str,
    file: str | None,
    sheet: str | None,
    row: int | None,
    column: str | None,
) -> FileRejected:
    return FileRejected(problem, reason=reason, fix=fix, file=file, sheet=sheet, row=row, column=column)


def describe_location(
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> str:
    """Human wording of a place in an upload, e.g. ``file 'a.xlsx', sheet 'CPUs', row 4``."""
    parts = []
    if file is not None:
        parts.append(f"file '{shown_name(file)}'")
    if sheet is not None:
        parts.append(f"sheet '{shown_name(sheet)}'")
    if row is not None:
        parts.append(f"row {row:,}")
    if column is not None:
        parts.append(f"column '{shown_name(column)}'")
    return ", ".join(parts)


def shown_name(name: str) -> str:
    """A name from inside a file, safe to put in a message: control and bidi characters are escaped."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in name)


def _compose(problem: str, fix: str, location: str) -> str:
    text = f"{_capitalise(location)}: {problem}" if location else _capitalise(problem)
    text = text.rstrip()
    if not text.endswith((".", "!", "?")):
        text += "."
    if fix:
        text += " " + _capitalise(fix.strip())
        if not text.endswith((".", "!", "?")):
            text += "."
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
