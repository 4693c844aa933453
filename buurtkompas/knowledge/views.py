"""Pages of the knowledge base (HTTP glue: rights in `access`, writes in `services`)."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.knowledge import access, citation, diff, forms, selectors, services
from buurtkompas.knowledge.models import Attachment, Item, ItemVersion, Question, Status
from buurtkompas.workspaces.access import valid_id

GET_POST = ["GET", "POST"]
SHAPES_YEAR = 2024


def knowledge_view(*, who: str):
    """Declares who may use the page (read by the URL walker) and marks what logged-in
    visitors see as private. `who`: "public", "login" (any logged-in person), "member" (of a
    network), "reader", "editor", "reviewer", "review" (the author and the reviewers),
    "participant", "author"."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except access.LoginNeeded as needed:
                response = needed.response
            if request.user.is_authenticated:
                add_never_cache_headers(response)
            return response

        wrapper.knowledge_access = who
        return wrapper

    return decorate


def _fail(request, item: Item, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(item)


# --- The list, search and the open data ---------------------------------------------------


def _filters(request) -> selectors.Filters:
    get = request.GET
    filters = selectors.Filters(
        query=get.get("q", "").strip()[:200],
        kind=get.get("soort", ""),
        chain_stage=get.get("keten", ""),
        theme=get.get("thema", ""),
        quality=get.get("kwaliteit", ""),
        gemeente=get.get("gemeente", "").upper()[:6],
    )
    return filters


FACET_PARAMS = {
    "kind": "soort",
    "chain_stage": "keten",
    "theme": "thema",
    "quality": "kwaliteit",
    "gemeente": "gemeente",
}


def _facet_links(request, facets, chosen) -> list[dict]:
    """Each facet option with the link that chooses it, or (when chosen) the one that removes
    it; the other filters and the search words stay, the page starts again at 1."""
    shown = []
    for facet in facets:
        param = FACET_PARAMS[facet.key]
        options = []
        for value, label, count in facet.options:
            query = request.GET.copy()
            query.pop("pagina", None)
            is_chosen = chosen.get(param) == value
            if is_chosen:
                query.pop(param, None)
            else:
                query[param] = value
            options.append(
                {
                    "label": label,
                    "count": count,
                    "chosen": is_chosen,
                    "url": "?" + query.urlencode(),
                }
            )
        if options:
            shown.append({"key": facet.key, "label": facet.label, "options": options})
    return shown


def _page(request) -> int:
    raw = request.GET.get("pagina", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@knowledge_view(who="public")
@require_GET
def index(request, network=None):
    filters = _filters(request)
    if network is not None:
        filters.network = network.pk
    result = selectors.search_items(request.user, filters, page=_page(request))
    chosen = {FACET_PARAMS[k]: v for k, v in filters.active().items() if k in FACET_PARAMS}
    context = {
        "filters": filters,
        "result": result,
        "chosen": chosen,
        "facets": _facet_links(request, result.facets, chosen),
        "network": network,
        "member": access.network_ids(request.user),
        "reviews": request.user.is_authenticated and selectors.review_queue(request.user).exists(),
    }
    return render(request, "knowledge/index.html", context)


@knowledge_view(who="public")
@require_GET
def map_page(request):
    """Where the items this visitor may read happened: a dot per item and place, with the same
    places in a list."""
    places = selectors.item_places(request.user)
    return render(
        request,
        "knowledge/map.html",
        {"places": places, "points": [p["point"] for p in places], "shapes_year": SHAPES_YEAR},
    )


@knowledge_view(who="public")
@require_GET
def network_items(request, network_slug: str):
    from buurtkompas.network.models import Network

    network = get_object_or_404(Network, slug=network_slug)
    return index(request, network=network)


@knowledge_view(who="login")
@login_required
@require_GET
def mine(request):
    return render(request, "knowledge/mine.html", {"items": selectors.own_items(request.user)})


@knowledge_view(who="login")
@login_required
@require_GET
def queue(request):
    return render(request, "knowledge/queue.html", {"items": selectors.review_queue(request.user)})


@knowledge_view(who="member")
@login_required
@require_http_methods(GET_POST)
def new(request):
    networks = selectors.networks_of(request.user)
    if not networks.exists():
        return render(request, "knowledge/no_network.html", status=403)
    form = forms.NewItemForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(
                actor=request.user,
                network=data["network"],
                fields={"kind": data["kind"], "title": data["title"]},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Fill in the rest when you can."))
            return redirect("knowledge:edit", item.pk)
    return render(request, "knowledge/new.html", {"form": form})


# --- One item -----------------------------------------------------------------------------


@knowledge_view(who="reader")
@require_GET
def item(request, item_id: int):
    found = access.item_for(request, item_id)
    return render(request, "knowledge/item.html", item_context(request, found))


@knowledge_view(who="editor")
@require_http_methods(GET_POST)
def edit(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_edit)
    choices = services.visibility_choices_for(item)
    form = forms.ItemForm(request.POST or None, instance=item, visibility_choices=choices)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in forms.ITEM_FIELDS if name in data}
        try:
            services.item_update(
                actor=request.user,
                item=item,
                fields=fields,
                base_revision=data["revision"] or 0,
                themes=data["themes"],
                regions=data["region_codes"],
                events=data["work_visits"] if "work_visits" in data else None,
                note=data["note"],
            )
        except services.EditConflict:
            current = Item.objects.get(pk=item.pk)
            conflict = diff.changes(
                {name: data.get(name) for name in fields},
                {name: getattr(current, name) for name in fields},
            )
            # the form keeps what was typed; saving again knowingly replaces the newer text
            typed = request.POST.copy()
            typed["revision"] = current.revision
            form = forms.ItemForm(typed, instance=current, visibility_choices=choices)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error) if not hasattr(error, "error_dict") else _field_errors(
                form, error
            )
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(item)
    context = {"form": form, "item": item, "conflict": conflict}
    return render(request, "knowledge/form.html", context, status=409 if conflict else 200)


def _field_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _transition(service, message: str):
    @require_POST
    def view(request, item_id: int):
        item = access.item_for(request, item_id)
        try:
            service(actor=request.user, item=item)
        except ValidationError as error:
            return _fail(request, item, error)
        messages.success(request, message)
        return redirect(item)

    return view


submit = knowledge_view(who="author")(
    _transition(services.item_submit, gettext_lazy("The item is submitted for review."))
)
publish = knowledge_view(who="reviewer")(
    _transition(services.item_publish, gettext_lazy("The item is published."))
)
archive = knowledge_view(who="editor")(
    _transition(services.item_archive, gettext_lazy("The item is archived."))
)


@knowledge_view(who="reviewer")
@require_POST
def send_back(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_review)
    try:
        services.item_send_back(actor=request.user, item=item, comment=request.POST.get("text", ""))
    except ValidationError as error:
        return _fail(request, item, error)
    messages.success(request, _("The item went back to its author as a draft."))
    return redirect(item)


@knowledge_view(who="author")
@require_http_methods(GET_POST)
def delete(request, item_id: int):
    item = access.item_for(request, item_id)
    if not access.is_author(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.item_delete(actor=request.user, item=item)
        except ValidationError as error:
            return _fail(request, item, error)
        messages.success(request, _("The draft is deleted."))
        return redirect("knowledge:mine")
    return render(request, "knowledge/delete.html", {"item": item})


@knowledge_view(who="reviewer")
@require_http_methods(GET_POST)
def quality(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_review)
    form = forms.QualityForm(request.POST or None, initial={"level": item.quality_level})
    if request.method == "POST" and form.is_valid():
        try:
            services.quality_set(
                actor=request.user,
                item=item,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _field_errors(form, error) if hasattr(error, "error_dict") else form.add_error(
                None, error
            )
        else:
            messages.success(request, _("The quality level is saved."))
            return redirect(item)
    return render(request, "knowledge/quality.html", {"item": item, "form": form})


@knowledge_view(who="review")
@require_POST
def comment(request, item_id: int):
    item = access.item_for(request, item_id)
    if not (access.is_author(request.user, item) or access.may_review(request.user, item)):
        raise PermissionDenied
    try:
        services.comment_add(actor=request.user, item=item, text=request.POST.get("text", ""))
    except ValidationError as error:
        return _fail(request, item, error)
    return redirect(item.get_absolute_url() + "#opmerkingen")


@knowledge_view(who="editor")
@require_POST
def attachment_add(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_edit)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form.errors.get("file", []):
            messages.error(request, message)
        return redirect(item.get_absolute_url() + "#bijlagen")
    upload = form.cleaned_data["file"]
    services.attachment_add(
        actor=request.user,
        item=item,
        upload=upload,
        name=upload.name,
        content_type=form.content_type,
    )
    messages.success(request, _("The file is attached."))
    return redirect(item.get_absolute_url() + "#bijlagen")


@knowledge_view(who="reader")
@require_GET
def attachment(request, item_id: int, attachment_id: int):
    item = access.item_for(request, item_id)
    found = get_object_or_404(Attachment, pk=valid_id(attachment_id), item=item)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@knowledge_view(who="editor")
@require_POST
def attachment_delete(request, item_id: int, attachment_id: int):
    item = access.item_for(request, item_id, need=access.may_edit)
    found = get_object_or_404(Attachment, pk=valid_id(attachment_id), item=item)
    services.attachment_delete(actor=request.user, attachment=found)
    messages.success(request, _("The file is removed."))
    return redirect(item.get_absolute_url() + "#bijlagen")


@knowledge_view(who="participant")
@require_POST
def usage(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_take_part)
    form = forms.UsageForm(request.POST)
    if not form.is_valid():
        return _form_again(request, item, "usage_form", form)
    services.usage_add(
        actor=request.user,
        item=item,
        region=form.cleaned_data["place"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Thank you: your use is on the map."))
    return redirect(item.get_absolute_url() + "#gebruikt")


@knowledge_view(who="participant")
@require_POST
def ask(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_take_part)
    form = forms.QuestionForm(request.POST)
    if not form.is_valid():
        return _form_again(request, item, "question_form", form)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Question.objects.filter(pk=form.cleaned_data["parent"], item=item).first()
        if parent is None:
            raise Http404
    try:
        services.question_ask(
            actor=request.user, item=item, text=form.cleaned_data["text"], parent=parent
        )
    except ValidationError as error:
        return _fail(request, item, error)
    messages.success(request, _("Sent. The author hears of it by e-mail."))
    return redirect(item.get_absolute_url() + "#vragen")


@knowledge_view(who="participant")
@require_POST
def rate(request, item_id: int):
    item = access.item_for(request, item_id, need=access.may_take_part)
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        return _form_again(request, item, "rating_form", form)
    try:
        services.rating_set(actor=request.user, item=item, score=form.cleaned_data["score"])
    except ValidationError as error:
        return _fail(request, item, error)
    messages.success(request, _("Thank you for your rating."))
    return redirect(item.get_absolute_url() + "#waardering")


def _form_again(request, item, name: str, form):
    """The item page again with one form's errors and what was typed (status 400)."""
    context = {**item_context(request, item), name: form}
    return render(request, "knowledge/item.html", context, status=400)


@knowledge_view(who="reader")
@require_GET
def versions(request, item_id: int):
    item = access.item_for(request, item_id)
    return render(
        request,
        "knowledge/versions.html",
        {"item": item, "versions": item.versions.select_related("author")},
    )


@knowledge_view(who="reader")
@require_GET
def version(request, item_id: int, number: int):
    item = access.item_for(request, item_id)
    this = get_object_or_404(ItemVersion, item=item, number=valid_id(number))
    before = item.versions.filter(number__lt=number).order_by("-number").first()
    changes = diff.changes(before.data if before else {}, this.data)
    context = {"item": item, "version": this, "before": before, "changes": changes}
    return render(request, "knowledge/version.html", context)


def item_context(request, item) -> dict:
    """Everything the item page shows (also when a form on it comes back with errors)."""
    item = selectors.item_page(item)
    user = request.user
    is_author = access.is_author(user, item)
    may_review = access.may_review(user, item)
    questions = list(
        item.questions.filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related("replies__author")
    )
    return {
        "item": item,
        "is_author": is_author,
        "may_edit": access.may_edit(user, item),
        "may_review": may_review,
        "takes_part": access.may_take_part(user, item),
        "rating": selectors.rating_of(item),
        "my_rating": item.ratings.filter(user=user).first() if user.is_authenticated else None,
        "usages": item.usages.select_related("region", "user"),
        "points": selectors.usage_points(item),
        "shapes_year": SHAPES_YEAR,
        "questions": questions,
        "comments": (
            item.review_comments.select_related("author") if (is_author or may_review) else []
        ),
        "similar": selectors.similar(item, user),
        "citation": citation.suggested(item),
        "versions": item.versions.count(),
        "events": [e for e in item.events.all() if e.status != "draft"],
        "quality_form": forms.QualityForm(
            initial={"level": item.quality_level, "reason": item.quality_reason}
        ),
        "attachment_form": forms.AttachmentForm(),
        "usage_form": forms.UsageForm(),
        "question_form": forms.QuestionForm(),
        "rating_form": forms.RatingForm(),
        "comment_form": forms.CommentForm(),
        "max_attachment": settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES,
        "draft": item.status in (Status.DRAFT, Status.SUBMITTED),
    }


# --- A network's reviewers ----------------------------------------------------------------


@knowledge_view(who="coordinator")
@require_http_methods(GET_POST)
def reviewers(request, network_slug: str):
    from buurtkompas.network.models import Network, NetworkMember

    network = get_object_or_404(Network, slug=network_slug)
    if not request.user.is_authenticated:
        raise access.LoginNeeded(request)
    me = NetworkMember.objects.filter(network=network, user=request.user).first()
    if me is None:
        raise Http404
    if not me.is_coordinator:
        raise PermissionDenied
    members = NetworkMember.objects.filter(network=network).select_related("user")
    form = forms.ReviewerForm(request.POST or None, members=members)
    if request.method == "POST":
        if "remove" in request.POST:
            raw = request.POST["remove"]
            found = get_object_or_404(
                network.knowledge_reviewers, pk=valid_id(int(raw)) if raw.isdigit() else 0
            )
            services.reviewer_remove(actor=request.user, reviewer=found)
            messages.success(request, _("The reviewer is removed."))
            return redirect("knowledge:reviewers", network.slug)
        if form.is_valid():
            try:
                services.reviewer_appoint(
                    actor=request.user, network=network, user=form.cleaned_data["member"].user
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, _("The reviewer is appointed."))
                return redirect("knowledge:reviewers", network.slug)
    context = {
        "network": network,
        "reviewers": network.knowledge_reviewers.select_related("user", "appointed_by"),
        "form": form,
    }
    return render(request, "knowledge/reviewers.html", context)
