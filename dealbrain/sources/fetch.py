"""Fetching a URL source's file: with timeouts and a size limit, into a temporary file, named so the right reader opens it.

The bytes stream into a file in ``folder`` while their sha256 is computed;
a body larger than the limit is cut off at the limit (never read whole). The
file's name is the last part of the URL's path when its extension is one the
importer reads, else the source's name with the extension of the
``Content-Type``. An HTML page (a login or error page answered with 200) is
refused. Every failure is a `SourceFetchError` whose sentence says what
happened and whether retrying may help; on failure no file is left behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from dealbrain.errors import UserFacingError
from dealbrain.ingest.file_kind import FORMAT_BY_EXTENSION

CHUNK = 1024 * 1024
MAX_REDIRECTS = 5
EXTENSION_BY_CONTENT_TYPE = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "text/plain": ".txt",
}
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
NOTHING_WRITTEN = "Nothing was imported or stored"


class SourceFetchError(UserFacingError, RuntimeError):
    """A URL that could not be fetched; ``retry_may_help`` says whether the same run later may succeed."""

    def __init__(self, message: str, *, retry_may_help: bool) -> None:
        super().__init__(message)
        self.retry_may_help = retry_may_help


@dataclass(frozen=True)
class FetchedFile:
    """The fetched bytes in a temporary file (the caller keeps or deletes it), its name, digest and type."""

    path: Path
    name: str
    sha256: str
    size_bytes: int
    content_type: str


def _retry(transient: bool) -> str:
    if transient:
        return f"{NOTHING_WRITTEN}, so retrying is safe, and it may well succeed later."
    return f"{NOTHING_WRITTEN}, so retrying is safe, but it will fail the same way until this is fixed."


def file_name_for(url: str, content_type: str, source: str) -> str:
    """The name the fetched file is kept and read under (its extension picks the reader)."""
    last = PurePosixPath(unquote(urlsplit(url).path)).name
    if PurePosixPath(last).suffix.lower() in FORMAT_BY_EXTENSION:
        return last
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "text/html":
        raise SourceFetchError(
            f"Source {source!r}: {url} answered with an HTML page, not a data file (a login or error page?). "
            f"Point `files.url` at the file itself. {_retry(False)}", retry_may_help=False)
    extension = EXTENSION_BY_CONTENT_TYPE.get(kind)
    if extension is None:
        accepted = ", ".join(sorted(FORMAT_BY_EXTENSION))
        raise SourceFetchError(
            f"Source {source!r}: cannot tell what kind of file {url} is: its path has no extension the importer reads "
            f"({accepted}) and its Content-Type is {kind or 'missing'!r}. Use a URL ending in the file's extension, or "
            f"have the server send a Content-Type such as text/csv. {_retry(False)}", retry_may_help=False)
    return f"{source}{extension}"


def _status_error(source: str, url: str, response: httpx.Response) -> SourceFetchError:
    code = response.status_code
    transient = code in TRANSIENT_STATUSES
    what = {401: "asks for credentials", 403: "refuses access", 404: "has no such file", 410: "says the file is gone"}.get(
        code, "the server's trouble, likely temporary" if transient else "a refusal")
    return SourceFetchError(
        f"Source {source!r}: {url} answered HTTP {code} {response.reason_phrase} ({what}). {_retry(transient)}",
        retry_may_help=transient)


def fetch_url(url: str, folder: Path, *, source: str, timeout_seconds: float, max_bytes: int) -> FetchedFile:
    """Fetch ``url`` into a new file in ``folder``; a `SourceFetchError` (and no file) when that fails."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix="fetch-", suffix=".part")
    temp, kept = Path(temp_name), False
    megabytes = f"{max_bytes / (1024 * 1024):g} MB"
    too_large = SourceFetchError(
        f"Source {source!r}: {url} is larger than the {megabytes} this source accepts (files.max_megabytes). "
        f"Raise the limit in the source's file if the size is expected. {_retry(False)}", retry_may_help=False)
    try:
        with os.fdopen(handle, "wb") as out, httpx.Client(
            timeout=httpx.Timeout(timeout_seconds), follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": "dealbrain-importer (recurring source)"},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise _status_error(source, url, response)
            content_type = response.headers.get("content-type", "")
            name = file_name_for(str(response.url), content_type, source)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise too_large
            digest, size = hashlib.sha256(), 0
            for chunk in response.iter_bytes(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise too_large
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise SourceFetchError(f"Source {source!r}: {url} answered with an empty body. {_retry(True)}", retry_may_help=True)
        kept = True
        return FetchedFile(temp, name, digest.hexdigest(), size, content_type)
    except httpx.TimeoutException:
        raise SourceFetchError(
            f"Source {source!r}: {url} did not answer within {timeout_seconds:g} seconds (files.timeout_seconds). "
            f"{_retry(True)}", retry_may_help=True) from None
    except httpx.TooManyRedirects:
        raise SourceFetchError(
            f"Source {source!r}: {url} redirected more than {MAX_REDIRECTS} times. Use the file's final address. {_retry(False)}",
            retry_may_help=False) from None
    except httpx.TransportError as error:
        raise SourceFetchError(
            f"Source {source!r}: cannot reach {url} ({error.__class__.__name__}: {str(error) or 'no answer'}). "
            f"Check the address and that the server is up. {_retry(True)}", retry_may_help=True) from None
    finally:
        if not kept:
            temp.unlink(missing_ok=True)
