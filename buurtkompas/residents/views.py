"""A team's residents: the list (or only counts), the form, the detail page with consents and
visits, and the resident's rights (export, erasure).

HTTP glue only: reads through selectors and the audited `services.contact_view`, writes through
services (which write the audit trail). A resident's name never goes into a URL, a flash
message or a log: the search is POSTed, messages name the contact by number at most.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from buurtkompas.core.params import search_text
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.residents import redaction, registry, selectors, services
from buurtkompas.residents.forms import ContactForm, consent_form
from buurtkompas.residents.pdf import contact_pdf
from buurtkompas.workspaces.access import record_for_reading, workspace_view
from buurtkompas.workspaces.models import ALL, MANAGE, WORK


@workspace_view(ALL)
@require_http_methods(GET_POST)
@never_cache
def contact_list(request):
    """Names for members who may see personal data, counts for everyone else. The search is a
    POST so a name never ends up in a URL, the browser history or an access log."""
    if not request.membership.can_see_personal_data:
        aggregates = selectors.contact_aggregates(request.workspace)
        return render(request, "residents/aggregates.html", {"aggregates": aggregates})
    query = search_text(request.POST.get("q")) if request.method == "POST" else ""
    contacts = selectors.contact_list(request.workspace, query)
    page = None
    if not query:
        page = paginate(request, contacts)
        contacts = page.object_list
    context = {"query": query, "contacts": contacts, "page": page}
    return render(request, "residents/list.html", context)


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
def contact_create(request):
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, workspace=request.workspace)
    if form.is_valid():
        contact = services.contact_create(
            actor=request.user, workspace=request.workspace, **form.cleaned_data
        )
        messages.success(request, _("The resident was recorded. Record their consent below."))
        return redirect("residents:detail", request.workspace.pk, contact.pk)
    return render(request, "residents/form.html", {"form": form})


@workspace_view(WORK, personal_data=True)
@require_http_methods(GET_POST)
@never_cache
def contact_edit(request, contact_id: int):
    if request.method == "GET":
        contact = viewed_contact(request, contact_id)
        form = ContactForm(instance=contact, workspace=request.workspace)
        return render(request, "residents/form.html", {"form": form, "contact": contact})
    contact = selectors.live_contact(request, contact_id)
    # Not bound to the instance: validating would change it before the service compares.
    form = ContactForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        services.contact_update(actor=request.user, contact=contact, **form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("residents:detail", request.workspace.pk, contact.pk)
    return render(request, "residents/form.html", {"form": form, "contact": contact})


@workspace_view(WORK, personal_data=True)
@require_http_methods(["GET"])
@never_cache
def contact_detail(request, contact_id: int):
    return render_detail(request, contact_id)


def viewed_contact(request, contact_id: int):
    """A live contact of this team (404 otherwise), read through the audited `contact_view`."""
    selectors.live_contact(request, contact_id)
    return services.contact_view(
        actor=request.user, workspace=request.workspace, contact_id=contact_id
    )


def render_detail(request, contact_id: int, *, consent=None, forms: dict | None = None):
    """The detail page; forms that failed are shown again with their errors and input: the
    consent form, or a module's section form in `forms` (section key -> form)."""
    contact = viewed_contact(request, contact_id)
    context = {
        "contact": contact,
        "consents": selectors.consents_of(contact),
        "consent_form": consent or consent_form(),
        "sections": page_sections(request, contact, forms or {}),
    }
    return render(request, "residents/detail.html", context)


def page_sections(request, contact, forms: dict) -> list[str]:
    """The HTML of each module's section on the resident's page (`registry.PageSection`)."""
    return [
        render_to_string(
            section.template,
            section.context(request, contact, forms.get(section.key)),
            request=request,
        )
        for section in registry.sections()
    ]


@workspace_view(WORK, personal_data=True)
@require_POST
@never_cache
def consent_record(request, contact_id: int):
    contact = selectors.live_contact(request, contact_id)
    form = consent_form(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("residents:detail", request.workspace.pk, contact.pk)
    return render_detail(request, contact_id, consent=form)


@workspace_view(WORK, personal_data=True)
@require_POST
def consent_withdraw(request, contact_id: int, consent_id: int):
    consent = record_for_reading(
        request, selectors.live_consents(), consent_id, contact_id=contact_id
    )
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The consent was withdrawn. What needed it is no longer possible.")
        )
    return redirect("residents:detail", request.workspace.pk, contact_id)


def export_data(request, contact_id: int) -> dict:
    contact = selectors.live_contact(request, contact_id)
    return services.contact_export(actor=request.user, contact=contact)


@workspace_view(MANAGE, personal_data=True)
@require_http_methods(["GET"])
@never_cache
def contact_export_json(request, contact_id: int):
    text = json.dumps(export_data(request, contact_id), ensure_ascii=False, indent=2)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bewoner-{contact_id}.json"'
    return response


@workspace_view(MANAGE, personal_data=True)
@require_http_methods(["GET"])
@never_cache
def contact_export_pdf(request, contact_id: int):
    response = HttpResponse(contact_pdf(export_data(request, contact_id)), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bewoner-{contact_id}.pdf"'
    return response


@workspace_view(MANAGE, personal_data=True)
@require_http_methods(GET_POST)
@never_cache
def contact_erase(request, contact_id: int):
    if request.method == "GET":
        contact = viewed_contact(request, contact_id)
        context = {"contact": contact, "redaction": redaction.preview(contact)}
        context["marker"] = redaction.MARKER
        return render(request, "residents/erase.html", context)
    contact = selectors.live_contact(request, contact_id)
    services.contact_erase(actor=request.user, contact=contact)
    messages.success(
        request,
        _("The personal data was erased. The resident is now shown as #%(id)s.")
        % {"id": contact.pk},
    )
    return redirect("residents:list", request.workspace.pk)
