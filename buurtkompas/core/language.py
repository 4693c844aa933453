"""The language switch as a link (`/taal/?language=en&next=/atlas/`): choosing a language sets
only the language cookie and goes back to the page. A GET, so the pages that only read carry
no form with a CSRF token and set no cookie for anonymous visitors (their answers can be kept
by shared caches). Switching someone's language is all a forged link could do."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


@require_GET
def switch(request):
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    # Public pages may be kept by the browser for a minute, without Vary: Cookie (so that shared
    # caches may keep them): after a switch, drop the copies in the other language.
    response["Clear-Site-Data"] = '"cache"'
    if language in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response
