"""The small forms of the execution-control decisions: a request to move a
deadline, a coordinator's decision on it, a direct change, an exclusion."""

from django import forms
from django.utils.translation import gettext_lazy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4, "cols": 80})
BASIS_HELP = gettext_lazy("For example «letter of 01.11.2026 No. 12-34».")


def _justification() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Justification"),
        widget=TEXT,
        error_messages={
            "required": gettext_lazy(
                "Say why the deadline should move: it is required."
            )
        },
    )


BASIS_LABEL = gettext_lazy("Basis document")


def _basis(label=BASIS_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=255, required=False, help_text=BASIS_HELP
    )


class DeadlineRequestForm(forms.Form):
    proposed_due_on = forms.DateField(
        label=gettext_lazy("Proposed deadline"),
        widget=DATE,
        error_messages={"required": gettext_lazy("Give the proposed deadline.")},
    )
    justification = _justification()
    basis = _basis()


class DeadlineChangeForm(forms.Form):
    due_on = forms.DateField(
        label=gettext_lazy("New deadline"),
        widget=DATE,
        error_messages={"required": gettext_lazy("Give the new deadline.")},
    )
    justification = _justification()
    basis = _basis()


class DeadlineDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("1", gettext_lazy("Approve")),
            ("0", gettext_lazy("Refuse")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose: approve or refuse.")},
    )
    due_on = forms.DateField(
        label=gettext_lazy("New deadline"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("Leave empty to approve the proposed date."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=TEXT,
        required=False,
        help_text=gettext_lazy(
            "Required for a refusal. The official sees it and gets it by e-mail."
        ),
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason, shown to the public"),
        widget=TEXT,
        error_messages={
            "required": gettext_lazy(
                "Say why the recommendation is excluded: it is required."
            )
        },
    )
    basis = _basis(gettext_lazy("Basis document of the decision"))
