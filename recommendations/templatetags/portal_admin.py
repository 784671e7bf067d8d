"""The admin start page's summary of what needs a person's attention."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_attention(context) -> dict:
    from recommendations.admin import attention_for

    return attention_for(context["request"].user)
