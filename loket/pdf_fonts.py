"""The fonts of every PDF Loket renders (the standard, the disposition sheet, the monthly
report): DejaVu or Liberation Sans where the system has them (Debian's fonts-dejavu-core,
fonts-liberation), registered with reportlab once per process; Helvetica otherwise, so a
PDF renders anywhere without shipping font files. Both sans fonts carry the Indonesian
letters and the dashes and ellipses the texts use, which Helvetica's built-in encoding
lacks in part."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
]
REGULAR, BOLD = "LoketSans", "LoketSans-Bold"


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names to use in reportlab styles."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            if REGULAR not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(REGULAR, regular))
                pdfmetrics.registerFont(TTFont(BOLD, bold))
            return REGULAR, BOLD
    return "Helvetica", "Helvetica-Bold"
