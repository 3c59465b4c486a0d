"""QR codes of the public survey links, as inline SVG (segno), for the printable posters."""

import io

import segno


def qr_svg(url: str) -> str:
    """An SVG QR code (error correction M) of `url`, scalable for an A4 or A5 poster."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        svgns=True,
        title="QR",
        svgclass="qr",
        lineclass=None,
    )
    return buffer.getvalue().decode()
