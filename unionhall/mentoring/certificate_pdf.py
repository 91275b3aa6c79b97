"""A course completion certificate as a one-page PDF. Pure: takes plain, already translated
values.

fpdf2's built-in Helvetica covers Latin-1, which holds English and Spanish; any other character
is printed as "?" rather than failing the whole certificate (as on the membership card)."""

from dataclasses import dataclass

from fpdf import FPDF


@dataclass(frozen=True)
class CertificateText:
    heading: str  # "Certificate of completion"
    certifies: str  # "This certifies that"
    person: str
    of_local: str  # "of Lakeview ESP"
    completed: str  # "has completed the course"
    course: str
    offered_by: str  # "offered by the National Education Association"
    completed_on: str  # "Completed on June 3, 2027"
    facilitators: str  # "Facilitators: ..." or ""
    code: str  # "Certificate code: K7QM-3XWD-PA9T-HN2C"
    check: str  # "Check it at: https://.../mentoring/certificate/K7QM-.../"


def _latin1(text: str) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render(text: CertificateText, *, compress: bool = True) -> bytes:
    pdf = FPDF(orientation="landscape", format="Letter")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_title(_latin1(f"{text.heading}: {text.person}"))
    pdf.set_author(_latin1(text.offered_by))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # A double frame.
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)

    def line(value: str, size: float, style: str = "", height: float | None = None,
             space: float = 2) -> None:
        if not value:
            return
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, height or size * 0.5, _latin1(value), align="C",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(space)

    pdf.set_y(28)
    line(text.heading, 30, "B", space=8)
    line(text.certifies, 13)
    line(text.person, 26, "B", space=1)
    line(text.of_local, 13, space=6)
    line(text.completed, 13)
    line(text.course, 20, "B", space=1)
    line(text.offered_by, 13, space=6)
    line(text.completed_on, 13, space=4)
    line(text.facilitators, 11, "I", space=4)
    pdf.set_y(pdf.h - 38)
    line(text.code, 10, space=0)
    line(text.check, 9)
    return bytes(pdf.output())
