"""How one cell of the matrix is asked: one request by one actor, rolled back, with its writes watched."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Writes that any request may make without changing anything of the business: the session, the sign-in
# throttle's records.
BENIGN_TABLES = ("django_session", "axes_")
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name" (or the route itself when unnamed)
    route: str
    view: str  # module.function


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URL pattern the resolver knows, depth first, with its full namespace and route."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or prefix + str(p.pattern))
            callback = p.callback
            view = f"{getattr(callback, '__module__', '')}.{getattr(callback, '__name__', type(callback).__name__)}"
            yield Pattern(name, prefix + str(p.pattern), view)


class _Rollback(Exception):
    pass


@dataclass
class Answer:
    status: int
    location: str
    body: str
    writes: list[str]
    queries: int = 0


class _Watch:
    """Counts the request's queries and keeps every INSERT/UPDATE/DELETE that changed rows of a business table."""

    def __init__(self, benign: tuple = ()):
        self.benign = BENIGN_TABLES + benign
        self.queries = 0
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self.queries += 1
        match = WRITE.match(sql)
        if match and not match.group(2).startswith(self.benign) and context["cursor"].rowcount != 0:
            self.writes.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
        return result


def ask(client: Client, method: str, url: str, data: dict | None = None, benign: tuple = ()) -> Answer:
    """One request inside a savepoint that is rolled back afterwards; the business rows it changed."""
    answer = None
    cookies = copy.deepcopy(client.cookies)  # a sign-out (or a new session) must not leak into the next cell
    watch = _Watch(benign)
    try:
        with transaction.atomic():
            with connection.execute_wrapper(watch):
                response = client.get(url) if method == "GET" else client.post(url, data or {})
                content = b"".join(response) if response.streaming else response.content
            try:
                body = content.decode("utf-8")
            except UnicodeDecodeError:
                body = content.decode("latin-1")
            answer = Answer(response.status_code, response.get("Location", ""), body, watch.writes, watch.queries)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        client.cookies = cookies
    return answer


def is_login_redirect(answer: Answer) -> bool:
    return answer.status == 302 and ("/accounts/login/" in answer.location or "/admin/login/" in answer.location)


def example_path(route: str) -> str:
    """A concrete path for a route: every converter becomes 1, a regex group its first alternative."""
    route = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    route = re.sub(r"\(\?P<\w+>([^|)]+)[^)]*\)", r"\1", route)
    return route.replace("^", "").replace("$", "").replace("\\Z", "")
