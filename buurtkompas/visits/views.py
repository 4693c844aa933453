"""Household visits. Planning is refused by the service when the resident has not consented to
a visit; the view shows that message on the resident's page and creates nothing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtkompas.residents.selectors import live_contact
from buurtkompas.residents.services import ConsentMissing
from buurtkompas.residents.views import render_detail
from buurtkompas.visits import services
from buurtkompas.visits.forms import visit_plan_form
from buurtkompas.workspaces.access import workspace_view
from buurtkompas.workspaces.models import WORK


@workspace_view(WORK, personal_data=True)
@require_POST
@never_cache
def visit_plan(request, contact_id: int):
    contact = live_contact(request, contact_id)
    form = visit_plan_form(request.POST)
    if form.is_valid():
        try:
            services.visit_plan(
                actor=request.user, contact=contact, planned_for=form.cleaned_data["planned_for"]
            )
        except ConsentMissing as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The household visit was planned."))
            return redirect("residents:detail", request.workspace.pk, contact.pk)
    return render_detail(request, contact_id, forms={"visits": form})
