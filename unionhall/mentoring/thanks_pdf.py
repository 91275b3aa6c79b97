"""A mentor's thank-you letter as a PDF, to print or keep. `render` is pure (plain values in,
bytes out); `for_letter` reads a stored ThankYouLetter.

fpdf2's built-in Helvetica covers Latin-1, which holds English and Spanish; any other character
is printed as "?" rather than failing the whole letter.
"""

from dataclasses import dataclass

from fpdf import FPDF


@dataclass(frozen=True)
class Letter:
    local_name: str
    program: str
    dated: str
    body: str
    title: str


def _latin1(text: str) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render(letter: Letter) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_title(_latin1(letter.title))
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(letter.local_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(letter.program), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.multi_cell(0, 6, _latin1(letter.dated), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 6.5, _latin1(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def for_letter(letter) -> Letter:
    """The PDF's values of a stored ThankYouLetter (its enrolment, cycle, program and local
    read along), dated in the local's time zone, in the active language."""
    from zoneinfo import ZoneInfo

    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    cycle = letter.enrollment.cycle
    local = cycle.program.local
    sent = letter.sent_at.astimezone(ZoneInfo(local.time_zone)).date()
    return Letter(local_name=local.name, program=f"{cycle.program.name} - {cycle.name}",
                  dated=date_format(sent, "DATE_FORMAT"), body=letter.body,
                  title=_("Thank you for mentoring"))
