from django import template

from unionhall.core.money import money

register = template.Library()


@register.filter
def cents(value) -> str:
    """{{ rate.yearly_cents|cents }} → $264.00"""
    return money(value)
