"""Reading spreadsheets of answers (CSV or XLSX) into rows of strings, with row numbers as a
person sees them in a spreadsheet (the header is row 1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 20_000


class SheetError(ValueError):
    """A one-line, human message naming the row and the column."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("row 1: the file is not text (UTF-8) nor an XLSX workbook")


def _csv_rows(text: str) -> Iterator[list[str]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetError("row 1: the XLSX workbook cannot be read") from exc
    sheet = book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if v is None else _cell(v) for v in values]
    book.close()


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(row number, {column: value})]) of a CSV or XLSX file; blank rows skipped.
    Column names are stripped; element codes are upper-cased."""
    rows = _xlsx_rows(data) if data[:4] == XLSX_MAGIC else _csv_rows(_decode(data))
    header: list[str] | None = None
    body: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=1):
        if header is None:
            header = [_column(v) for v in values]
            continue
        if not any(str(v).strip() for v in values):
            continue
        if len(body) >= MAX_ROWS:
            raise SheetError(f"row {number}: more than {MAX_ROWS} rows")
        body.append(
            (number, {name: str(v).strip() for name, v in zip(header, values, strict=False)})
        )
    if header is None or not any(header):
        raise SheetError("row 1: the file is empty")
    return header, body


def _column(value) -> str:
    name = str(value or "").strip()
    return name.upper() if name.upper() in {f"U{i}" for i in range(1, 10)} else name.lower()
