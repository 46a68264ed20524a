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
