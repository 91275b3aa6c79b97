import base64

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(to: list[str], subject: str, body: str, html: str | None = None,
               from_email: str | None = None, attachments: list | None = None,
               headers: dict | None = None) -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email,
                                     headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or ():
        message.attach(name, base64.b64decode(content), mimetype)
    return message.send()
