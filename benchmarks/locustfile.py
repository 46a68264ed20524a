"""Simulated users for benchmarks/loadtest.py (LOAD_PLAN names the JSON plan it prepared).

About a third of the requests write, through the real forms with their CSRF tokens:
- enterprises (scale enterprises holding a draft): open their application, save the payee account, submit;
- city reviewers (one per unit): open their queue, claim a submitted application, pass it (now and then return it
  for correction with a defect);
- experts (the demo's panel): open their score sheet, submit it, then submit corrected versions with a reason.
The rest read: the province (statistics, the evaluation board, applications' pages) and reviewers' queues.
Every user also fetches the sign-in page now and then: the baseline row (a page that does no work).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

PLAN = json.load(open(os.environ["LOAD_PLAN"], encoding="utf-8"))
PASSWORD = PLAN["password"]
_lock = threading.Lock()
_enterprises = itertools.cycle(PLAN["enterprises"] or [None])
_reviewers = itertools.cycle(PLAN["reviewers"])
_experts = itertools.cycle(PLAN["experts"] or [None])
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Base(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reads the page before the next click

    def token(self, path: str, name: str) -> str | None:
        response = self.client.get(path, name=name)
        match = _TOKEN.search(response.text)
        return match.group(1) if match else None

    def sign_in(self, username: str) -> None:
        token = self.token("/accounts/login/", "baseline: sign-in page")
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {username} answered {response.status_code}")

    def post(self, path: str, data: dict, name: str, token: str | None) -> int:
        with self.client.post(
            path, {**data, "csrfmiddlewaretoken": token or ""}, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{name} answered {response.status_code}")
            return response.status_code

    @task(1)
    def baseline(self) -> None:
        self.client.get("/accounts/login/", name="baseline: sign-in page", allow_redirects=False)


class Enterprise(Base):
    weight = 2

    def on_start(self) -> None:
        with _lock:
            self.plan = next(_enterprises)
        if self.plan is None:
            raise RuntimeError("no enterprise in the plan")
        self.sign_in(self.plan["username"])
        self.url = f"/applications/{self.plan['application']}/"
        self.submitted = False

    @task(4)
    def edit_payee(self) -> None:
        token = self.token(self.url, "enterprise: application page")
        if self.submitted:  # a submitted application's payee is locked: the enterprise only reads its page now
            return
        data = {
            "bank_name": random.choice(["中国银行石家庄分行", "河北银行", "工商银行保定分行"]),  # noqa: S311
            "account_name": self.plan["account_name"],
            "account_number": f"62220202{random.randrange(10**8):08d}",  # noqa: S311
        }
        self.post(f"{self.url}payee/", data, "enterprise: save payee (POST)", token)

    @task(1)
    def submit(self) -> None:
        token = self.token(self.url, "enterprise: application page")
        if not self.submitted:
            self.submitted = self.post(f"{self.url}submit/", {}, "enterprise: submit (POST)", token) == 302


class Reviewer(Base):
    weight = 2

    def on_start(self) -> None:
        with _lock:
            self.plan = next(_reviewers)
        self.sign_in(self.plan["username"])

    def _next(self) -> int | None:
        with _lock:
            return self.plan["submitted"].pop() if self.plan["submitted"] else None

    @task(2)
    def queue(self) -> None:
        self.client.get("/applications/review/", name="reviewer: queue")

    @task(3)
    def decide(self) -> None:
        pk = self._next()
        if pk is None:
            self.queue()
            return
        url = f"/applications/{pk}/"
        token = self.token(url, "reviewer: application page")
        self.post(f"{url}claim/", {}, "reviewer: claim (POST)", token)
        token = self.token(url, "reviewer: application page")
        if random.random() < 0.8:  # noqa: S311
            self.post(
                f"{url}decide/pass/", {"opinion": "材料齐全，符合条件，同意推荐。"}, "reviewer: pass (POST)", token
            )
        else:
            data = {
                "reply_deadline": "2099-12-31",
                "opinion": "请补正",
                "defects-TOTAL_FORMS": "1",
                "defects-INITIAL_FORMS": "0",
                "defects-MIN_NUM_FORMS": "0",
                "defects-MAX_NUM_FORMS": "30",
                "defects-0-item": "保单",
                "defects-0-problem": "保单复印件不清晰",
                "defects-0-provide": "清晰的保单复印件",
            }
            self.post(f"{url}decide/return/", data, "reviewer: return for correction (POST)", token)


class Expert(Base):
    weight = 1

    def on_start(self) -> None:
        with _lock:
            self.plan = next(_experts)
        if self.plan is None:
            raise RuntimeError("no expert assignment in the plan")
        self.sign_in(self.plan["username"])
        self.url = f"/evaluation/score/{self.plan['assignment']}/"

    @task(3)
    def score(self) -> None:
        token = self.token(self.url, "expert: score sheet")
        data = {"overall": "总体较好", "reason": "复核后调整分数"}
        for c in self.plan["criteria"]:
            data[f"points_{c['id']}"] = str(random.randint(0, int(float(c["max"]))))  # noqa: S311
            data[f"comment_{c['id']}"] = "评分说明"
        self.post(self.url, data, "expert: submit score (POST)", token)


class Reader(Base):
    weight = 5

    def on_start(self) -> None:
        self.sign_in(PLAN["admin"])

    @task(2)
    def statistics(self) -> None:
        self.client.get("/statistics/", name="province: statistics")

    @task(2)
    def board(self) -> None:
        self.client.get(f"/evaluation/calls/{PLAN['call']}/", name="province: evaluation board")

    @task(4)
    def application(self) -> None:
        pk, _unit = random.choice(PLAN["sample_applications"])  # noqa: S311
        self.client.get(f"/applications/{pk}/", name="province: application page")

    @task(2)
    def forwarded(self) -> None:
        self.client.get("/applications/province/forwarded/", name="province: forwarded list")
