"""Load test: locust, headless, against gunicorn (4 workers) on PostgreSQL, loopback only.

One command makes everything and removes it afterwards: a dedicated database (``hebei_bench_load_<pid>``) is
created, migrated, filled with ``load_demo`` and ``generate_scale_data``; accounts for the simulated users are
added (scale enterprises holding drafts get a user each, every unit a reviewer, the demo's experts sign the
pledge); static files are collected; gunicorn serves the app with production settings from the environment
(DJANGO_DEBUG=0, DJANGO_HTTPS=0, DJANGO_ALLOWED_HOSTS=127.0.0.1, a secret key) plus a fast password hasher
(benchmarks/load_settings.py); locust runs benchmarks/locustfile.py; its statistics become the result rows; the
server is stopped and the database dropped.

    .venv/bin/python benchmarks/loadtest.py                                    # 50 users, 120 s, 5,000 applications
    .venv/bin/python benchmarks/loadtest.py --users 6 --duration 10 --applications 100
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, row, write_rows

PASSWORD = "Hebei-load-2022"
VENV = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(base: str, sql: str) -> None:
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", sql], check=True)  # noqa: S603, S607


def prepare(plan_path: str, enterprises: int) -> None:
    """In the load-test database: accounts for the simulated users and what each may act on (a JSON plan)."""
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import Role, RoleKind, User
    from calls.models import Call
    from enterprises.models import Enterprise, RegistrationStatus
    from evaluation.scoring import expert_criteria, pinned_edition
    from experts.models import Assignment, AssignmentStatus
    from experts.pledge import accept, has_pledged
    from places.models import Unit
    from workflow.models import Application, Status
    from workflow.samples import complete_application

    def user(username: str, **role) -> str:
        u, created = User.objects.get_or_create(username=username, defaults={"full_name": username})
        u.set_password(PASSWORD)
        u.save()
        if created:
            Role.objects.create(user=u, **role)
        return username

    call = Call.objects.order_by("-year", "pk").first()
    # The simulated enterprises hold complete drafts (items, patents, materials) in an open call of the demo,
    # so that their submissions go through the whole submit door, not its refusal. The scale data fills one
    # call; the first open call where scale enterprises have no application yet is used.
    companies: list = []
    for open_call in Call.objects.open_on(timezone.localdate()).order_by("pk"):
        taken = Application.objects.filter(call=open_call).values("enterprise")
        companies = list(
            Enterprise.objects.filter(name__startswith="规模测试企业", registration_status=RegistrationStatus.CONFIRMED)
            .exclude(pk__in=taken)
            .order_by("pk")[:enterprises]
        )
        if companies:
            break
    if not companies:
        raise SystemExit("no open call where scale enterprises may apply: the load test needs load_demo's open calls")
    plan: dict = {"password": PASSWORD, "call": call.pk, "enterprises": [], "reviewers": [], "experts": []}
    for i, company in enumerate(companies):
        name = user(f"load_ent_{i:03d}", kind=RoleKind.ENTERPRISE, enterprise=company)
        app = complete_application(company, open_call, User.objects.get(username=name))
        plan["enterprises"].append({"username": name, "application": app.pk, "account_name": company.name})
    for unit in Unit.objects.order_by("code"):
        name = user(f"load_rev_{unit.code.lower()}", kind=RoleKind.CITY_REVIEWER, unit=unit)
        submitted = list(
            Application.objects.filter(unit=unit, status=Status.SUBMITTED).order_by("pk").values_list("pk", flat=True)
        )
        plan["reviewers"].append({"username": name, "unit": unit.code, "submitted": submitted})
    for assignment in Assignment.objects.filter(status=AssignmentStatus.ACTIVE).select_related(
        "expert__user", "group__call", "application"
    ):
        expert = assignment.expert
        expert.user.set_password(PASSWORD)
        expert.user.save()
        if not has_pledged(expert, assignment.group.call):
            accept(expert, assignment.group.call, expert.user)
        edition = pinned_edition(assignment.application)
        criteria = [{"id": c.id, "max": str(c.max_points)} for c in expert_criteria(edition)]
        plan["experts"].append({"username": expert.user.username, "assignment": assignment.pk, "criteria": criteria})
    for username in ("province_admin",):
        u = User.objects.get(username=username)
        u.set_password(PASSWORD)
        u.save()
    plan["admin"] = "province_admin"
    plan["sample_applications"] = list(
        Application.objects.filter(call=call)
        .exclude(status=Status.DRAFT)
        .order_by("pk")
        .values_list("pk", "unit__code")[:2000]
    )
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    print(
        f"plan: {len(plan['enterprises'])} enterprises, {len(plan['reviewers'])} reviewers, "
        f"{len(plan['experts'])} expert assignments"
    )


def _collected() -> bool:
    """The reused static directory holds a manifest newer than every file of the project's static/ directory."""
    manifest = ROOT / "var" / "bench-static" / "staticfiles.json"
    if not manifest.exists():
        return False
    newest = max((p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0)
    return manifest.stat().st_mtime > newest


def _wait(url: str, seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {seconds} s")


def _stats(prefix: str) -> tuple[dict, list[dict]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return total, [r for r in rows if r["Name"] != "Aggregated"]


def _outcomes(env: dict) -> dict:
    code = (
        "import django, json; django.setup()\n"
        "from workflow.models import Application\n"
        "from django.db.models import Count\n"
        "from audit.models import Entry\n"
        "print(json.dumps(dict(Application.objects.values_list('status').annotate(n=Count('pk')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--skip-collectstatic",
        action="store_true",
        help="serve without collected static files (locust fetches none; collecting compresses every file: minutes)",
    )
    parser.add_argument("--json")
    parser.add_argument("--prepare", nargs=2, metavar=("PLAN", "ENTERPRISES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.prepare[0], int(args.prepare[1]))
        return []

    base = os.environ.get("PG_URL_BASE", "postgres://postgres@127.0.0.1:5432")
    db = f"hebei_bench_load_{os.getpid()}"
    scratch = tempfile.mkdtemp(prefix="bench-load-")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "DATABASE_URL": f"{base}/{db}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "HEBEI_VAR_DIR": scratch,
        # collected once and reused: compressing viewflow's and the admin's files takes minutes on 2 cores
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    server = None
    _psql(base, f'CREATE DATABASE "{db}"')
    try:
        t0 = time.perf_counter()
        steps = {}
        for command in (
            ["migrate", "--verbosity", "0"],
            ["load_demo"],
            ["generate_scale_data", "--applications", str(args.applications)],
            *([] if args.skip_collectstatic or _collected() else [["collectstatic", "--noinput", "--verbosity", "0"]]),
        ):
            t1 = time.perf_counter()
            subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
            steps[command[0]] = round(time.perf_counter() - t1, 1)
        print(f"load test setup (s): {steps}", flush=True)
        plan = os.path.join(scratch, "plan.json")
        writers = max(1, args.users // 6)
        subprocess.run([sys.executable, __file__, "--prepare", plan, str(writers * 4)], env=env, cwd=ROOT, check=True)  # noqa: S603
        setup_s = time.perf_counter() - t0
        before = _outcomes(env)
        server = subprocess.Popen(  # noqa: S603
            [
                str(VENV / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=ROOT,
        )
        host = f"http://127.0.0.1:{port}"
        _wait(f"{host}/accounts/login/", 60)
        prefix = os.path.join(scratch, "locust")
        spawn_rate = max(1, args.users // 5)
        subprocess.run(  # noqa: S603
            [
                str(VENV / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                host,
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env={**env, "LOAD_PLAN": plan},
            cwd=ROOT,
            check=True,
        )
        after = _outcomes(env)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        _psql(base, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    total, per_name = _stats(prefix)
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"]) / 1000
    writes = [r for r in per_name if r["Type"] == "POST"]
    write_count = sum(int(r["Request Count"]) for r in writes)
    ping = next((r for r in per_name if r["Name"] == "baseline: sign-in page"), None)
    ping_p95 = float(ping["95%"]) / 1000 if ping else None
    moved = {k: after.get(k, 0) - before.get(k, 0) for k in sorted(set(before) | set(after))}
    moved = {k: v for k, v in moved.items() if v}
    print(f"load: {requests} requests ({write_count} POST), {failures} failures, p95 {p95 * 1000:.0f} ms")
    for r in per_name:
        print(
            f"  {r['Type']:5} {r['Name']:45} n={r['Request Count']:>6} fail={r['Failure Count']:>4} "
            f"median={r['Median Response Time']:>6} p95={r['95%']:>6} ms"
        )
    print(f"  application states changed by the run: {moved}")
    rows = [
        row(
            "load test",
            f"locust {args.users} users for {args.duration} s against gunicorn ({args.workers} workers) on "
            "PostgreSQL; p95 over every request",
            requests,
            p95,
            ping_p95,
            "p95 of the sign-in page (GET, no database work beyond the session) in the same run",
            "0 errors and p95 < 300 ms",
            failures == 0 and p95 < 0.3,
            failures=failures,
            posts=write_count,
            write_share=round(write_count / requests, 2) if requests else None,
            rps=round(float(total["Requests/s"]), 1),
            median_ms=float(total["Median Response Time"]),
            applications=args.applications,
            setup_s=round(setup_s, 1),
            states_changed=moved,
            per_request={
                f"{r['Type']} {r['Name']}": {
                    "n": int(r["Request Count"]),
                    "fail": int(r["Failure Count"]),
                    "median_ms": float(r["Median Response Time"]),
                    "p95_ms": float(r["95%"]),
                }
                for r in per_name
            },
        )
    ]
    write_rows(args.json, rows)
    return rows


if __name__ == "__main__":
    main()
