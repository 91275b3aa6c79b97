"""The signed membership card as a PDF, for the signer's own records. Pure: takes plain values.

fpdf2's built-in Helvetica covers Latin-1, which holds English and Spanish; any other character
is printed as "?" rather than failing the whole card.
"""

from dataclasses import dataclass

from fpdf import FPDF


@dataclass(frozen=True)
class Card:
    title: str
    local_name: str
    lines: list[tuple[str, str]]  # (label, value) pairs: identity, dues, signature
    authorization: str  # the payroll deduction authorization text
    terms_heading: str
    terms: str
    footer: str


def _latin1(text: str) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render(card: Card) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(_latin1(card.title))
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(card.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 7, _latin1(card.local_name), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, value in card.lines:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(60, 6, _latin1(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, _latin1(value or "-"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(card.authorization), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, _latin1(card.terms_heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, _latin1(card.terms), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 4, _latin1(card.footer), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
