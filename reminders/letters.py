"""One person's message of a pass: every reminder for them, grouped by kind.

Plain text and HTML, in the portal's language (the caller activates it). Each
item is named by its number and linked to the admin page where one acts on it.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .digest import digest_link
from .kinds import KINDS, Due, heading

SUBJECT_NUMBERS = 5


@dataclass
class Letter:
    name: str
    dues: list[Due] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    digest: list[tuple[str, str]] | None = None

    def sections(self) -> list[dict]:
        by_kind: dict[str, list[Due]] = {}
        for due in self.dues:
            by_kind.setdefault(due.kind, []).append(due)
        return [
            {"heading": heading(kind), "dues": by_kind[kind]}
            for kind in KINDS
            if kind in by_kind
        ]

    def subject(self) -> str:
        if not self.dues:
            return _("Weekly digest of the Resolution Portal")
        numbers = list(dict.fromkeys(self.numbers))
        shown = ", ".join(numbers[:SUBJECT_NUMBERS])
        if len(numbers) > SUBJECT_NUMBERS:
            shown += "…"
        return ngettext(
            "Reminder: recommendation %(numbers)s",
            "Reminder: recommendations %(numbers)s",
            len(numbers),
        ) % {"numbers": shown}

    def lead(self) -> str:
        if not self.dues:
            return _("The week on the portal, for the coordinators.")
        count = len(set(self.numbers))
        return ngettext(
            "%(count)s recommendation your organisation is responsible for needs "
            "your attention.",
            "%(count)s recommendations your organisation is responsible for need "
            "your attention.",
            count,
        ) % {"count": count}

    def text(self) -> str:
        lines = [_("Hello, %(name)s!") % {"name": self.name}, "", self.lead(), ""]
        for section in self.sections():
            lines.append(section["heading"])
            for due in section["dues"]:
                lines += [
                    f"— {due.text}",
                    "  " + _("Open: %(link)s") % {"link": due.link},
                ]
            lines.append("")
        if self.digest is not None:
            lines.append(_("Weekly digest"))
            lines += [f"— {label}: {value}" for label, value in self.digest]
            lines += ["  " + _("Open: %(link)s") % {"link": digest_link()}, ""]
        return "\n".join(lines)

    def html(self) -> str:
        return render_to_string(
            "reminders/email.html",
            {
                "subject": self.subject(),
                "greeting": _("Hello, %(name)s!") % {"name": self.name},
                "lead": self.lead(),
                "sections": self.sections(),
                "digest": self.digest,
                "digest_heading": _("Weekly digest"),
                "digest_link": digest_link(),
                "open_label": _("Open"),
            },
        )
