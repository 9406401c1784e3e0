"""Print-ready sheets of QR stamps for a lot (issue 14 item 8, D168).

A sheet is an A4 page of self-adhesive labels of a common size; each label carries the lot's
QR code (the Digital Link or the short trace URL, optionally with a serial number per stamp)
and the GS1 human-readable lines `(10) lot` and `(21) serial`. The QR's modules come from
`segno` (as every QR of the exchange) and are drawn as vector rectangles, one per run of dark
modules in a row, so the sheet prints sharp at any printer resolution:

- SVG: one sheet, written here as text;
- PDF: as many sheets as the stamps need, drawn with ReportLab (the texts are ASCII: lot codes
  and serials are, so the PDF's standard Helvetica needs no embedded font).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from core.errors import Conflict
from traceability import codes
from traceability.models import Lot, LotStatus

PAGE_W, PAGE_H = 210.0, 297.0  # A4, millimetres
QUIET_ZONE = 4  # modules of white around a QR code, as ISO/IEC 18004 asks
MAX_SERIAL = 999_999_999
MAX_STAMPS = 2000  # per request (PDF); an SVG holds one sheet


@dataclass(frozen=True)
class Paper:
    """A sheet of `cols` × `rows` labels of `width` × `height` mm with gaps between them,
    centred on an A4 page."""

    name: str
    cols: int
    rows: int
    width: float
    height: float
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of the label at `index` on a sheet."""
        col, row = index % self.cols, index // self.cols
        left = (PAGE_W - self.cols * self.width - (self.cols - 1) * self.gap_x) / 2
        top = (PAGE_H - self.rows * self.height - (self.rows - 1) * self.gap_y) / 2
        return left + col * (self.width + self.gap_x), top + row * (self.height + self.gap_y)


# Label papers sold everywhere (the Avery/Tomy/Decal codes name the same sizes).
PAPERS = {
    "a4-24": Paper("a4-24", cols=3, rows=8, width=70.0, height=37.0),  # L7159-like, 70 × 37
    "a4-40": Paper("a4-40", cols=4, rows=10, width=52.5, height=29.7),  # 3651-like
    "a4-65": Paper("a4-65", cols=5, rows=13, width=38.1, height=21.2, gap_x=2.5),  # L7651
}


@dataclass(frozen=True)
class Stamp:
    url: str  # what the QR carries
    lines: tuple[str, ...]  # the human-readable lines beside it


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules across, with the quiet zone; the dark runs as (row, first column, length))."""
    matrix = segno.make(url, error="m", micro=False).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r + QUIET_ZONE, start + QUIET_ZONE, c - start))
            else:
                c += 1
    return size, runs


@dataclass(frozen=True)
class Placed:
    """A stamp on a page: where its QR goes, its module size, where its text goes (mm)."""

    stamp: Stamp
    qr_x: float
    qr_y: float
    module: float
    modules: int
    runs: list[tuple[int, int, int]]
    text_x: float
    text_y: float
    text_size: float  # mm


def layout(paper: Paper, stamps: list[Stamp]) -> Iterator[list[Placed]]:
    """The stamps placed sheet by sheet."""
    pad = min(paper.height, paper.width) * 0.06
    for first in range(0, len(stamps), paper.per_sheet):
        sheet = []
        for index, stamp in enumerate(stamps[first : first + paper.per_sheet]):
            x, y = paper.origin(index)
            qr_side = min(paper.height - 2 * pad, paper.width * 0.55)
            modules, runs = qr_runs(stamp.url)
            text_width = paper.width - qr_side - 2.5 * pad
            longest = max((len(line) for line in stamp.lines), default=1)
            # Helvetica's digits are 0.556 em wide: the longest line fits beside the QR.
            text_size = min(3.2, paper.height / 7, text_width / (0.6 * longest))
            sheet.append(
                Placed(
                    stamp=stamp,
                    qr_x=x + pad,
                    qr_y=y + (paper.height - qr_side) / 2,
                    module=qr_side / modules,
                    modules=modules,
                    runs=runs,
                    text_x=x + pad + qr_side + pad / 2,
                    text_y=y + paper.height / 2 - text_size * (len(stamp.lines) - 1) * 0.65,
                    text_size=text_size,
                )
            )
        yield sheet


def sheet_svg(paper: Paper, stamps: list[Stamp]) -> bytes:
    """One A4 sheet (the first `paper.per_sheet` stamps) as SVG, in millimetre units."""
    [placed] = list(layout(paper, stamps[: paper.per_sheet])) or [[]]
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{PAGE_H}mm" '
        f'viewBox="0 0 {PAGE_W} {PAGE_H}">'
    ]
    for p in placed:
        d = "".join(f"M{c},{r}h{n}v1h-{n}z" for r, c, n in p.runs)
        parts.append(
            f'<g transform="translate({p.qr_x:.3f},{p.qr_y:.3f}) scale({p.module:.5f})">'
            f'<rect width="{p.modules}" height="{p.modules}" fill="#fff"/>'
            f'<path d="{d}" fill="#000"/></g>'
        )
        for i, line in enumerate(p.stamp.lines):
            y = p.text_y + i * p.text_size * 1.3
            parts.append(
                f'<text x="{p.text_x:.3f}" y="{y:.3f}" font-family="sans-serif" '
                f'font-size="{p.text_size:.2f}">{escape(line)}</text>'
            )
    parts.append("</svg>\n")
    return "".join(parts).encode()


def sheets_pdf(paper: Paper, stamps: list[Stamp], *, title: str) -> bytes:
    """Every stamp, sheet after sheet, as one PDF (A4 pages)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setCreator("giaothuong")
    for sheet in layout(paper, stamps):
        for p in sheet:
            pdf.setFillColorRGB(0, 0, 0)
            for r, c, n in p.runs:
                # PDF's origin is the bottom-left corner; the layout's is the top-left.
                pdf.rect(
                    (p.qr_x + c * p.module) * mm,
                    (PAGE_H - p.qr_y - (r + 1) * p.module) * mm,
                    n * p.module * mm,
                    p.module * mm,
                    stroke=0,
                    fill=1,
                )
            pdf.setFont("Helvetica", p.text_size * mm)
            for i, line in enumerate(p.stamp.lines):
                y = p.text_y + i * p.text_size * 1.3
                pdf.drawString(p.text_x * mm, (PAGE_H - y) * mm, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def lot_stamps(lot: Lot, *, count: int, serials: bool, start: int) -> list[Stamp]:
    """The lot's stamps: its Digital Link (or short trace URL) in each QR, the GS1 lines beside
    it, a serial number per stamp when asked (from `start`)."""
    gtin = lot.product.gtin
    head = [f"(01) {codes.gtin14(gtin)}"] if gtin else []
    tail = [] if gtin else [lot.public_code]
    made = []
    for i in range(count):
        serial = start + i if serials else None
        url = codes.trace_url(
            gtin=gtin, lot_code=lot.code, public_code=lot.public_code, serial=serial
        )
        lines = [*head, f"(10) {lot.code}", *([f"(21) {serial}"] if serial else []), *tail]
        made.append(Stamp(url=url, lines=tuple(lines)))
    return made


def lot_stamp_sheet(
    lot: Lot, *, paper: str, file: str, count: int, serials: bool, start: int
) -> tuple[bytes, str, str]:
    """A print-ready sheet of the lot's stamps (the API's `stamps/` and the seller center's
    download, D168, D237): body, content type, file name. A recalled lot gets none (409)."""
    if lot.status == LotStatus.RECALLED:
        raise Conflict(
            _("A recalled lot gets no more stamps."),
            errors={"status": [_("A recalled lot gets no more stamps.")]},
        )
    made = lot_stamps(lot, count=count, serials=serials, start=start)
    name = f"lot-{lot.code}-stamps.{file}"
    if file == "svg":
        return sheet_svg(PAPERS[paper], made), "image/svg+xml", name
    title = f"{lot.product.name} ({lot.code})"
    return sheets_pdf(PAPERS[paper], made, title=title), "application/pdf", name
