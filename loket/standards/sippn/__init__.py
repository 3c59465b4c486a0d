"""Reading service standards written in the text layout of the national catalogue SIPPN."""

from .notes import Note, render
from .reader import MAX_BYTES, ParsedDocument, ParsedHeader, ParsedStandard, decode, parse

__all__ = [
    "MAX_BYTES",
    "Note",
    "ParsedDocument",
    "ParsedHeader",
    "ParsedStandard",
    "decode",
    "parse",
    "render",
]
