"""The signed card's content, in the signer's language, for the PDF mailed to them."""

from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.money import money
from unionhall.members.card_pdf import Card, render


def card_for(application) -> bytes:
    local = application.local
    signed = timezone.localtime(application.signed_at)
    lines = [
        (_("Name"), f"{application.legal_first_name} {application.legal_last_name}"),
        (_("Worksite"), application.worksite.name if application.worksite else ""),
        (_("Job"), application.job_class.title if application.job_class else ""),
        (_("FTE"), f"{application.fte:g}"),
        (_("Employee id"), application.employee_id),
        (_("Personal email"), application.personal_email),
        (_("Mobile phone"), application.mobile_phone),
        (_("Yearly dues"), money(application.yearly_cents)),
        (_("This year"), money(application.first_year_cents)),
        (_("Per paycheck"), money(application.per_paycheck_cents)),
        (_("Signature"), application.typed_name),
        (_("Signed"), signed.strftime("%Y-%m-%d %H:%M %Z")),
        (_("From IP address"), application.ip_address or ""),
        (_("Terms version"), f"{application.terms.version} (SHA-256 {application.terms_sha256})"),
    ]
    authorization = _(
        "I authorize my employer to deduct union dues from my pay each pay period and send them "
        "to %(local)s. This authorization renews each year on %(anniversary)s, the anniversary of "
        "signing, unless I revoke it in writing between %(opens)s and %(closes)s days before the "
        "anniversary."
    ) % {
        "local": local.name, "anniversary": application.anniversary.strftime("%m-%d"),
        "opens": application.revocation_opens_days, "closes": application.revocation_closes_days,
    }
    return render(Card(
        title=_("Membership card and dues authorization"),
        local_name=local.name,
        lines=lines,
        authorization=authorization,
        terms_heading=_("Terms and conditions"),
        terms=application.terms.text(application.terms_language),
        footer=_("A copy for your records, sent by Unionhall."),
    ))
