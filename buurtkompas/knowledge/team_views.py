"""From a team's initiative or activity to a draft practice case (team pages: the team's
coordinators and opbouwwerkers, who are also members of a network)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buurtkompas.buurtwerk.models import Activity, Initiative
from buurtkompas.knowledge import forms, selectors, services, sharing
from buurtkompas.knowledge.models import Item
from buurtkompas.workspaces.access import record_for_reading, workspace_view

SHARERS = ("coordinator", "opbouwwerker")


def _share(request, record, prefill):
    networks = selectors.networks_of(request.user)
    draft = prefill(record)
    if not networks.exists():
        context = {"record": record, "draft": draft, "preview": _preview(draft)}
        return render(request, "knowledge/share.html", context)  # says: join a network first
    form = forms.ShareForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        fields = dict(draft["fields"])
        item = services.item_create(
            actor=request.user,
            network=form.cleaned_data["network"],
            fields=fields,
            regions=draft["regions"],
            initiatives=[record] if isinstance(record, Initiative) else [],
        )
        messages.success(
            request,
            _("A draft practice case is ready. Read it, complete it and submit it for review."),
        )
        return redirect("knowledge:edit", item.pk)
    context = {"record": record, "draft": draft, "form": form, "preview": _preview(draft)}
    return render(request, "knowledge/share.html", context)


def _preview(draft) -> list[tuple[str, str]]:
    return [
        (Item._meta.get_field(name).verbose_name, value)
        for name, value in draft["fields"].items()
        if value and name not in ("kind", "chain_stage")
    ]


@workspace_view(SHARERS)
@require_http_methods(["GET", "POST"])
def share_initiative(request, initiative_id: int):
    initiative = record_for_reading(request, Initiative, initiative_id)
    return _share(request, initiative, sharing.from_initiative)


@workspace_view(SHARERS)
@require_http_methods(["GET", "POST"])
def share_activity(request, activity_id: int):
    activity = record_for_reading(request, Activity, activity_id)
    return _share(request, activity, sharing.from_activity)
