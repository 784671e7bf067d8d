"""The Jinja2 environment of the prototype: Django's gettext, reverse and static.

What a switch of the public pages to Jinja2 would need: the i18n extension fed
with Django's own translations (the same .po file, the same msgids as
`{% blocktranslate %}`: `%(name)s` placeholders), `url()` and `static()`, and
the `date` filter of Django (Russian month names in the genitive).
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def date(value, pattern: str = "j E Y") -> str:
    return dateformat.format(value, pattern) if value else ""


def percent(value) -> int:
    return round(value or 0)


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    # Newstyle gettext formats every string with %: a literal "0%" is written
    # "0%%" in a template, which is also the msgid Django's {% translate %}
    # makes of it (it doubles every %), so both engines share the .po file.
    env.globals.update(url=url, static=static)
    env.filters.update(date=date, percent=percent)
    return env
