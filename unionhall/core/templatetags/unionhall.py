from django import template

from unionhall.core.money import money

register = template.Library()


@register.filter
def cents(value) -> str:
    """{{ rate.yearly_cents|cents }} → $264.00"""
    return money(value)


@register.filter
def day(value) -> str:
    """{{ due|day }} → "Fri, Jan. 8, 2027" (the weekday matters for a deadline)."""
    from django.utils.formats import date_format

    if not value:
        return ""
    return f"{date_format(value, 'D')}, {date_format(value, 'DATE_FORMAT')}"
