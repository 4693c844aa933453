"""Pages of the members part (HTTP glue only): the directory and where members work, a profile,
my profile, leaving, joining by request or invitation, the coordinators' requests and
invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkompas.accounts.forms import SignupForm
from buurtkompas.accounts.models import User
from buurtkompas.accounts.services import user_create
from buurtkompas.core.views_common import GET_POST, paginate
from buurtkompas.network import member_selectors as selectors
from buurtkompas.network import member_services as services
from buurtkompas.network.access import network_view
from buurtkompas.network.member_forms import (
    DirectoryFilterForm,
    InvitationForm,
    JoinRequestForm,
    ProfileForm,
)
from buurtkompas.network.models import JoinRequest, MemberProfile, NetworkMember

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SHAPES_YEAR = 2024  # the gemeente shapes the maps draw (the indeling of the loaded boundaries)


@network_view(public=True)
@require_GET
def directory(request):
    public = request.network_member is None
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.Filters(**form.cleaned_data) if form.is_valid() else selectors.Filters()
    page = paginate(request, selectors.directory(request.network, public=public, filters=filters))
    context = {
        "form": form,
        "page": page,
        "public": public,
        "where": selectors.where_members_work(request.network, public=public),
        "shapes_year": SHAPES_YEAR,
    }
    return render(request, "network/members/directory.html", context)


@network_view(public=True)
@require_GET
def profile(request, member_id):
    public = request.network_member is None
    found = get_object_or_404(
        MemberProfile.objects.select_related("member__user"),
        member__network=request.network,
        member_id=member_id,
        hidden=False,
    )
    if public and not found.shows_publicly:
        raise Http404
    return render(request, "network/members/profile.html", {"profile": found, "public": public})


@network_view(public=True)
@require_GET
def profile_photo(request, member_id):
    """A member's photo, to whoever may see it (members; the public only when it is public)."""
    public = request.network_member is None
    found = get_object_or_404(
        MemberProfile, member__network=request.network, member_id=member_id, hidden=False
    )
    if not found.photo or (public and not found.is_public("photo")):
        raise Http404
    response = FileResponse(found.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@network_view()
@require_http_methods(GET_POST)
def my_profile(request):
    member = request.network_member
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=selectors.profile_of(member)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=request.user, member=member, **form.service_fields())
        except ValidationError as error:
            by_field = getattr(error, "error_dict", {})
            for field in ("photo", "themes"):
                if field in by_field:
                    form.add_error(field, by_field[field])
            if not by_field:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("network:my_profile", request.network.slug)
    return render(request, "network/members/my_profile.html", {"form": form})


@network_view()
@require_POST
def my_profile_delete(request):
    services.profile_delete(actor=request.user, member=request.network_member)
    messages.success(request, _("Your profile was deleted. You are still a member."))
    return redirect("network:home", request.network.slug)


@network_view()
@require_POST
def leave(request):
    try:
        services.member_leave(actor=request.user, member=request.network_member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("network:my_profile", request.network.slug)
    messages.success(request, _("You left the network; your profile is deleted."))
    return redirect("network:list")


@network_view(public=True)
@require_http_methods(GET_POST)
def join(request):
    """Ask to join (logged in, not yet a member)."""
    if not request.user.is_authenticated:
        return render(request, "network/members/join.html", {"login_needed": True})
    if request.network_member is not None:
        return redirect("network:home", request.network.slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                actor=request.user, network=request.network, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was sent to the network's coordinators."))
            return redirect("network:home", request.network.slug)
    pending = JoinRequest.objects.filter(
        network=request.network, user=request.user, status="pending"
    ).exists()
    return render(request, "network/members/join.html", {"form": form, "pending": pending})


@network_view(coordinator=True)
@require_http_methods(GET_POST)
def requests(request):
    if request.method == "POST":
        pk = request.POST.get("request", "")
        join_request = JoinRequest.objects.filter(
            pk=int(pk) if pk.isdigit() else None, network=request.network
        ).first()
        if join_request is None:
            messages.error(request, _("Choose a request."))
            return redirect("network:requests", request.network.slug)
        try:
            services.join_request_decide(
                actor=request.user,
                request=join_request,
                approve=request.POST.get("decision") == "approve",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request was decided; the person got an e-mail."))
        return redirect("network:requests", request.network.slug)
    waiting = JoinRequest.objects.filter(network=request.network, status="pending").select_related(
        "user"
    )
    members = NetworkMember.objects.filter(network=request.network).select_related("user")
    return render(
        request, "network/members/requests.html", {"waiting": waiting, "members": members}
    )


@network_view(coordinator=True)
@require_http_methods(GET_POST)
def invitations(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user, network=request.network, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("network:invitations", request.network.slug)
    sent = request.network.invitations.all()[:50]
    return render(request, "network/members/invitations.html", {"form": form, "sent": sent})


@sensitive_post_parameters("password1", "password2")
@require_http_methods(GET_POST)
def invitation(request, invitation_token):
    """The link in an invitation: accept with a button when logged in with the invited
    address; log in first when that address has an account; else make one here."""
    found = services.invitation_by_token(invitation_token)
    if found is None:
        raise Http404
    context = {"invitation": found, "problem": services.invitation_problem(found)}
    if context["problem"] is None and not request.user.is_authenticated:
        if User.objects.filter(email__iexact=found.email).exists():
            context["login_needed"] = True
        else:
            form = SignupForm(request.POST or None, email=found.email)
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                with transaction.atomic():
                    user = user_create(
                        email=found.email,
                        name=data["name"],
                        password=data["password1"],
                        via="network invitation",
                    )
                    services.invitation_accept(actor=user, token=invitation_token)
                login(request, user, backend=MODEL_BACKEND)
                messages.success(request, _("Welcome to the network."))
                return redirect("network:my_profile", found.network.slug)
            context["form"] = form
    elif context["problem"] is None:
        if request.user.email.lower() != found.email.lower():
            context["problem"] = _("This invitation is for another e-mail address.")
        elif request.method == "POST":
            try:
                services.invitation_accept(actor=request.user, token=invitation_token)
            except ValidationError as error:
                context["problem"] = " ".join(error.messages)
            else:
                messages.success(request, _("Welcome to the network."))
                return redirect("network:my_profile", found.network.slug)
    response = render(request, "network/members/invitation.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


invitation.network_personal_link = True  # the token is the key
