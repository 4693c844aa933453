"""`{{ value|showdate }}` / `{{ value|showdate:"short" }}`: dates in the one style of
`core.dates` (see there for the styles)."""

from django import template

from buurtkompas.core.dates import show_date

register = template.Library()


@register.filter(expects_localtime=True)
def showdate(value, style: str = "long") -> str:
    return show_date(value, style)
