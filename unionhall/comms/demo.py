"""The demo local's messages to members: two already sent (their copies recorded as sent, as
if the worker had sent them) and one draft. Every word is invented."""

import datetime as dt

from django.utils import timezone

from unionhall.comms import actions
from unionhall.core.models import JobFamily, Worksite
from unionhall.members.models import MembershipStatus, Topic

ROUTE_BID_EN = """\
Route bidding for next school year opens **Monday at 6 a.m.** and closes Friday at 4 p.m.

Before you bid, come to the drivers' meeting:

- **Thursday, 3:30 p.m.**, in the break room at the bus terminal
- We will go over the seniority list the district posted and the new rules for field-trip
  runs in Article 14
- Bring questions about split shifts: the team wants to hear them before the next session

If your name or hire date is wrong on the seniority list, tell your building rep this week.
A mistake is much easier to fix before the bid than after.

In solidarity,
your transportation reps
"""

ROUTE_BID_ES = """\
La licitación de rutas para el próximo año escolar abre el **lunes a las 6 a. m.** y cierra
el viernes a las 4 p. m.

Antes de licitar, vengan a la reunión de choferes:

- **Jueves, 3:30 p. m.**, en la sala de descanso de la terminal de autobuses
- Revisaremos la lista de antigüedad que publicó el distrito y las nuevas reglas para los
  viajes de excursión del Artículo 14
- Traigan sus preguntas sobre turnos divididos: el equipo quiere escucharlas antes de la
  próxima sesión

Si su nombre o fecha de contratación está mal en la lista, díganselo a su representante esta
semana. Un error se corrige mucho más fácil antes de la licitación que después.

En solidaridad,
sus representantes de transporte
"""

SURVEY_EN = """\
Thank you to the members who filled out the bargaining survey: more than half of us
answered, at every kind of worksite.

What you told the team, in order:

1. **Pay that keeps up** with rent and groceries
2. **Enough staff** in classrooms, kitchens and on the buses, so no one works short
3. **Paid time** for the training the district requires

The team took these to the table on Tuesday. Read the full results and the team's notes on
the union's site, and talk to your building rep about what comes next.
"""

SURVEY_ES = """\
Gracias a los miembros que llenaron la encuesta de negociación: más de la mitad
respondimos, en todo tipo de centro de trabajo.

Lo que le dijeron al equipo, en orden:

1. **Un salario que alcance** para la renta y el mercado
2. **Personal suficiente** en los salones, las cocinas y los autobuses, para que nadie
   trabaje con falta de gente
3. **Tiempo pagado** para la capacitación que exige el distrito

El equipo llevó estos puntos a la mesa el martes. Lean los resultados completos y las notas
del equipo en el sitio del sindicato, y hablen con su representante sobre lo que sigue.
"""

REP_TRAINING_EN = """\
Want to help your coworkers know their rights? The local is training new **building reps**.

- Two Saturday mornings, 9 to noon, at the union office
- Childcare and breakfast provided
- No experience needed: just care about the people you work with

Reply to this email or tell your steward which Saturday works for you.
"""


def _family_audience(local, code: str) -> dict:
    """The job family as an audience, or everyone when the local has no one in it."""
    from unionhall.members.models import Person

    family = JobFamily.objects.filter(code=code).values_list("pk", flat=True).first()
    if family and Person.objects.filter(local=local, in_unit=True,
                                        job_class__family_id=family).exists():
        return {"job_families": [family]}
    return {}


def seed_messages(local) -> list:
    """Two sent messages and one draft in the local; returns them, oldest first."""
    now = timezone.now()
    made = []
    route_bid = actions.create_message(
        local, by=None, topic=Topic.EVENTS, language="en",
        subject="Drivers: route bid meeting Thursday before the bid opens",
        body=ROUTE_BID_EN,
        audience=_family_audience(local, JobFamily.Code.TRANSPORTATION))
    actions.set_translation(route_bid, "es",
                            "Choferes: reunión sobre la licitación de rutas el jueves",
                            ROUTE_BID_ES, by=None)
    made.append(actions.send_message(route_bid, by=None,
                                     already_sent_at=now - dt.timedelta(days=12, hours=3)))

    survey = actions.create_message(
        local, by=None, topic=Topic.BARGAINING, language="en",
        subject="What you told us: bargaining survey results",
        body=SURVEY_EN, audience={"statuses": [MembershipStatus.MEMBER]})
    actions.set_translation(survey, "es", "Lo que nos dijeron: resultados de la encuesta",
                            SURVEY_ES, by=None)
    made.append(actions.send_message(survey, by=None,
                                     already_sent_at=now - dt.timedelta(days=5, hours=1)))

    sites = list(Worksite.objects.filter(local=local).order_by("name")
                 .values_list("pk", flat=True)[:6])
    made.append(actions.create_message(
        local, by=None, topic=Topic.ORGANIZING, language="en",
        subject="Become a building rep: training on two Saturdays",
        body=REP_TRAINING_EN,
        audience={"worksites": sites, "statuses": [MembershipStatus.MEMBER]}))
    return made
