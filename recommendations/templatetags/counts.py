"""A number of things in the admin, in the grammatical form the number needs.

Django's admin writes «7 отчёты о выполнении» (the plural name after any number
but one); Russian needs three forms. Each listed model has its own phrase; any
other says «Всего: 7».
"""

from django import template
from django.utils.translation import gettext, ngettext_lazy

register = template.Library()

COUNTED_NAMES = {
    "recommendations.recommendation": ngettext_lazy(
        "%(count)s recommendation", "%(count)s recommendations", "count"
    ),
    "recommendations.statusupdate": ngettext_lazy(
        "%(count)s status update", "%(count)s status updates", "count"
    ),
    "recommendations.resolution": ngettext_lazy(
        "%(count)s resolution", "%(count)s resolutions", "count"
    ),
    "stakeholders.organisation": ngettext_lazy(
        "%(count)s organisation", "%(count)s organisations", "count"
    ),
    "stakeholders.addresseegroup": ngettext_lazy(
        "%(count)s addressee group", "%(count)s addressee groups", "count"
    ),
    "stakeholders.membership": ngettext_lazy(
        "%(count)s membership", "%(count)s memberships", "count"
    ),
    "auth.user": ngettext_lazy("%(count)s user", "%(count)s users", "count"),
    "auth.group": ngettext_lazy("%(count)s group", "%(count)s groups", "count"),
    "outbox.outboxmessage": ngettext_lazy(
        "%(count)s outgoing e-mail", "%(count)s outgoing e-mails", "count"
    ),
}


@register.simple_tag
def counted(opts, count: int) -> str:
    """«7 отчётов о выполнении» for a model's options and a number."""
    phrase = COUNTED_NAMES.get(opts.label_lower)
    if phrase is None:
        return gettext("Total: %(count)s") % {"count": count}
    return phrase % {"count": count}
