"""The receipt as a PDF of one A4 page: what was sealed, the platform's signature, a QR code to the
public check. Chinese is set in reportlab's built-in CID font STSong-Light, which the PDF viewer
supplies (Adobe's Asian font packs, every common viewer), so neither the image nor the PDF needs a
font file; hashes and numbers are set in Courier so that they copy out exactly."""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from kit.clock import SHANGHAI
from workflow.receipt import schemas as s

CJK = "STSong-Light"
MONO = "Courier"
pdfmetrics.registerFont(UnicodeCIDFont(CJK))

_WIDTH, _HEIGHT = A4
_LEFT = 20 * mm
_LABEL_WIDTH = 38 * mm
_VALUE_WIDTH = _WIDTH - 2 * _LEFT - _LABEL_WIDTH
_QR = 40 * mm


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


class _Page:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = _HEIGHT - 25 * mm

    def lines(self, text: str, font: str, size: float, x: float, width: float) -> int:
        parts = simpleSplit(text, font, size, width) or [""]
        self.canvas.setFont(font, size)
        for i, part in enumerate(parts):
            self.canvas.drawString(x, self.y - i * size * 1.35, part)
        return len(parts)

    def row(self, label: str, value: str, font: str = CJK, size: float = 10) -> None:
        self.canvas.setFont(CJK, 10)
        self.canvas.drawString(_LEFT, self.y, label)
        n = self.lines(value, font, size, _LEFT + _LABEL_WIDTH, _VALUE_WIDTH)
        self.y -= max(n * size * 1.35, 14) + 4

    def gap(self, points: float) -> None:
        self.y -= points


def render(receipt: s.SignedReceipt) -> bytes:
    st = receipt.statement
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"回执 {st.receipt_no}")
    canvas.setAuthor("视谷机会平台 Shigu Exchange")
    page = _Page(canvas)
    page.lines("视谷机会平台 · 密封申报回执", CJK, 18, _LEFT, _WIDTH)
    page.gap(18)
    page.lines("Shigu Exchange · Receipt of a sealed application", "Helvetica", 10, _LEFT, _WIDTH)
    page.gap(24)
    page.row("回执号 Receipt No.", st.receipt_no, MONO, 11)
    page.row("密封内容 SHA-256", st.sha256, MONO, 8.5)
    page.row("服务器时间（北京时间）", f"{st.submitted_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S} (UTC+8)", MONO, 10)
    page.row("榜单编号 Challenge No.", st.challenge_id, MONO, 10)
    page.row("榜单名称 Challenge", st.challenge_title)
    page.row("申报单位 Applicant", st.organisation)
    page.gap(6)
    page.lines(f"附件 Attached files（{len(st.files)}）", CJK, 11, _LEFT, _WIDTH)
    page.gap(18)
    if not st.files:
        page.row("", "无附件 None")
    for f in st.files:
        page.row(f"{_size(f.size)}", f.name)
        page.gap(-4)
        page.row("SHA-256", f.sha256, MONO, 8)
    page.gap(10)
    page.lines("平台签名 Platform signature", CJK, 11, _LEFT, _WIDTH)
    page.gap(18)
    page.row("算法 Algorithm", receipt.algorithm, MONO, 9)
    page.row("密钥编号 Key id", receipt.key_id, MONO, 9)
    page.row("签名 Signature", receipt.signature, MONO, 8)
    page.lines(
        "签名对象为上述字段的规范 JSON（键排序、无空格、UTF-8）；公钥见 /api/workflow/receipts/keys。"
        "The signature covers the canonical JSON of the fields above (sorted keys, no spaces, UTF-8).",
        CJK,
        8,
        _LEFT,
        _WIDTH - 2 * _LEFT,
    )
    _qr(canvas, receipt.verify_url)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _qr(canvas: Canvas, url: str) -> None:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(_QR, _QR, transform=[_QR / (x1 - x0), 0, 0, _QR / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, _LEFT, 22 * mm)
    canvas.setFont(CJK, 10)
    canvas.drawString(_LEFT + _QR + 6 * mm, 22 * mm + _QR - 12, "扫码核验回执 Scan to verify this receipt")
    parts = simpleSplit(url, MONO, 7, _WIDTH - 2 * _LEFT - _QR - 6 * mm)
    canvas.setFont(MONO, 7)
    for i, part in enumerate(parts):
        canvas.drawString(_LEFT + _QR + 6 * mm, 22 * mm + _QR - 28 - i * 9, part)
