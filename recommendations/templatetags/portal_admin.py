"""The admin start page's summary of what needs a person's attention."""

from django import template
from django.utils import timezone

from recommendations.discipline import resolution_discipline
from recommendations.models import Resolution
from recommendations.selectors import attention_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_attention(context) -> dict:
    return attention_for(context["request"].user)


@register.simple_tag
def admin_discipline() -> dict:
    """The current resolution's reporting discipline, for the coordinators."""
    return resolution_discipline(
        Resolution.objects.current(), today=timezone.localdate()
    )
