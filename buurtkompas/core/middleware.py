from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation


class LanguageMiddleware:
    """Dutch for everyone unless they chose another language (the set_language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the product is
    Dutch by default, also for a community worker whose browser happens to be set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


NUL = "\x00"
API_PREFIX = "/api/"


def carries_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def has_nul(request) -> bool:
    """Whether the path, the query string, a cookie or a posted form (either encoding)
    carries a NUL character."""
    if NUL in request.path or carries_nul(request.GET):
        return True
    if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
        return True  # a session cookie with a NUL would crash the session lookup
    return request.method == "POST" and carries_nul(request.POST)


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its address or form.

    No text a person types contains NUL, and PostgreSQL refuses it in every text column (a
    query with one is a server error), so it is refused once, here, before any view: with the
    API's JSON error under /api/, else with a short page in Dutch and English that reads
    neither the session nor the database (like 500.html). Form fields refuse NUL as well
    (Django's validator), for data that does not come through a request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return refuse_nul(request)
        return self.get_response(request)


def refuse_nul(request):
    if request.path.startswith(API_PREFIX):
        reason = "the request contains a NUL character, which is not allowed"
        return JsonResponse({"error": "bad_request", "reason": reason}, status=400)
    return HttpResponseBadRequest(render_to_string("core/bad_character.html"))
