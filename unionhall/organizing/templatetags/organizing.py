from django import template

from unionhall.organizing.queries import may_organize as _may_organize

register = template.Library()


@register.simple_tag(takes_context=True)
def may_organize(context, person) -> bool:
    """{% may_organize person as show %}: the viewer holds ORGANIZE for this person's worksite
    (and is not the person: no one sees their own assessment)."""
    access = getattr(context.get("request"), "access", None)
    return bool(access is not None and person is not None and _may_organize(access, person))
