"""Read back the QR codes a page shows, as a phone camera would: the inline SVG (segno's path
of horizontal runs) is drawn into an image and decoded with zxing-cpp, which tells a regular
QR code from a Micro QR code (issue #11: ordinary phone cameras cannot read Micro QR)."""

import re

import zxingcpp
from PIL import Image, ImageDraw

MODULE = 8  # pixels per module
QUIET = 4  # modules of white around the drawing, as a printed code has


def svg_to_image(svg: str) -> Image.Image:
    path = re.search(r'<path[^>]*\sd="([^"]+)"', svg)
    assert path, "no QR path in the SVG"
    cells: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", path.group(1)):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:  # h: a run of dark modules on row y
            length = numbers[0]
            row = int(y)
            cells.update((int(x) + i, row) for i in range(int(length)))
            x += length
    size = max(max(c[0] for c in cells), max(c[1] for c in cells)) + 1 + 2 * QUIET
    image = Image.new("L", (size * MODULE, size * MODULE), 255)
    draw = ImageDraw.Draw(image)
    for cx, cy in cells:
        left, top = (cx + QUIET) * MODULE, (cy + QUIET) * MODULE
        draw.rectangle((left, top, left + MODULE - 1, top + MODULE - 1), fill=0)
    return image


def decode(image: Image.Image) -> list[tuple[str, str]]:
    """(text, format name) of every code zxing-cpp finds."""
    return [(found.text, found.format.name) for found in zxingcpp.read_barcodes(image)]


def page_qr_codes(html: str) -> list[tuple[str, str]]:
    """Every QR code an HTML page shows inline, decoded."""
    found = []
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        if 'class="segno"' in svg:
            found.extend(decode(svg_to_image(svg)))
    return found
