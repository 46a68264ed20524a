"""Chinese first: the language is the one the user chose (cookie), else Chinese.

Django's LocaleMiddleware would follow the browser's Accept-Language, which turns the interface
English on any machine with an English browser; a provincial system's language is Chinese unless
the person asks otherwise (the language switch in the page header sets the cookie).
"""

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecondFactorMiddleware:
    """Until a code is accepted in this session, a user who needs the second factor reaches only the code page,
    the enrolment page and sign-out; every other request is sent there (nothing else runs).

    Whether a user needs it is decided once, at sign-in, and kept in the session, so ordinary requests cost no
    query. The REST API's own requests carry a token and no session cookie, so they pass untouched (the token,
    a long random secret held by a system, is the credential there); the pages where a person creates those
    tokens (/api/tokens/) are session pages and stay behind the second factor like every other page.
    """

    SESSION_KEY = "second_factor_needed"

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[set[str], tuple[str, ...]] | None = None

    def open_paths(self) -> tuple[set[str], tuple[str, ...]]:
        """Exact paths, and prefixes, reachable before the code is given."""
        if self._open is None:
            from django.urls import reverse

            exact = {reverse(name) for name in ("accounts:otp_verify", "accounts:otp_enrol", "accounts:logout")}
            exact.add(reverse("set_language"))
            self._open = (exact, (settings.STATIC_URL,))
        return self._open

    def __call__(self, request):
        session = getattr(request, "session", None)
        needed = session.get(self.SESSION_KEY) if session is not None else False
        if needed is False or not request.user.is_authenticated:
            return self.get_response(request)
        if needed is None:  # a session from before this middleware existed
            from .second_factor import needs_second_factor

            needed = session[self.SESSION_KEY] = needs_second_factor(request.user)
        exact, prefixes = self.open_paths()
        if not needed or request.path_info in exact or request.path_info.startswith(prefixes):
            return self.get_response(request)
        if request.user.is_verified():
            return self.get_response(request)
        return self.refuse(request)

    def refuse(self, request):
        from urllib.parse import urlencode

        from django.shortcuts import redirect
        from django.urls import reverse

        from .second_factor import confirmed_device, role_requires_it

        if confirmed_device(request.user):
            target = reverse("accounts:otp_verify")
        elif role_requires_it(request.user):
            target = reverse("accounts:otp_enrol")
        else:  # the device was reset and the role does not require one
            request.session[self.SESSION_KEY] = False
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{target}?{query}" if query else target)
