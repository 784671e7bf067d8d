"""The admin start page's summary of what needs a person's attention."""

from django import template

from recommendations.selectors import attention_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_attention(context) -> dict:
    return attention_for(context["request"].user)
