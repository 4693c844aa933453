from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VisitPlanForm(forms.Form):
    planned_for = forms.DateField(
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_planned_for(self):
        planned_for = self.cleaned_data["planned_for"]
        if planned_for < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return planned_for


def visit_plan_form(data=None) -> VisitPlanForm:
    return VisitPlanForm(data)
