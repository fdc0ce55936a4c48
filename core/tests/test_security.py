"""Login throttling and lockout (django-axes), and the security headers every page and export carries."""

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from core.testing import ROLES

PASSWORD = "demo-2024"
LIMIT = settings.AXES_FAILURE_LIMIT

pytestmark = pytest.mark.django_db


def post_login(client, username, password, address, url="/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, address, times, url="/login/"):
    for _attempt in range(times):
        response = post_login(client, username, "not-the-password", address, url)
        assert response.status_code in (200, 429)
    return response


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_one_user_name_is_locked_after_the_limit_whatever_the_address(client, url):
    username = ROLES["admin"]  # staff, so the admin login would let them in
    for attempt in range(LIMIT - 1):
        response = post_login(client, username, "wrong", f"10.0.0.{attempt + 1}", url)
        assert response.status_code == 200  # the form again, with its error
    response = post_login(client, username, "wrong", "10.0.0.99", url)
    assert response.status_code == 429
    # Now even the right password from a fresh address is refused, with the Chinese lockout page.
    response = post_login(client, username, PASSWORD, "10.9.9.9", url)
    assert response.status_code == 429
    text = response.content.decode()
    assert "登录连续失败" in text and "已被暂时锁定" in text and "联系市发改委管理员解除锁定" in text
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60} 分钟后再试" in text
    assert "_auth_user_id" not in client.session
    # Another user from those addresses is not affected (each address failed once only).
    response = post_login(client, ROLES["byq"], PASSWORD, "10.0.0.1", url if url == "/login/" else "/login/")
    assert response.status_code == 302


def test_one_address_is_locked_after_the_limit_whatever_the_user_name(client):
    address = "192.0.2.7"
    for attempt in range(LIMIT):
        post_login(client, f"guess{attempt}", "wrong", address)
    response = post_login(client, ROLES["byq"], PASSWORD, address)
    assert response.status_code == 429
    assert "已被暂时锁定" in response.content.decode()
    # The same account from another address logs in: the lock is on the address, not on byq_clerk.
    response = post_login(client, ROLES["byq"], PASSWORD, "192.0.2.8")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_admin_login_locks_the_address_too(client):
    address = "198.51.100.3"
    for attempt in range(LIMIT):
        post_login(client, f"admin{attempt}", "wrong", address, "/admin/login/")
    response = post_login(client, ROLES["admin"], PASSWORD, address, "/admin/login/")
    assert response.status_code == 429
    assert "已被暂时锁定" in response.content.decode()


def test_fewer_failures_than_the_limit_do_not_lock(client):
    fail(client, ROLES["gz"], "203.0.113.5", LIMIT - 1)
    response = post_login(client, ROLES["gz"], PASSWORD, "203.0.113.5")
    assert response.status_code == 302


def test_axes_reset_command_unlocks(client):
    fail(client, ROLES["gz"], "203.0.113.9", LIMIT)
    assert post_login(client, ROLES["gz"], PASSWORD, "203.0.113.9").status_code == 429
    out = StringIO()
    call_command("axes_reset", stdout=out)
    assert AccessAttempt.objects.count() == 0
    assert post_login(client, ROLES["gz"], PASSWORD, "203.0.113.9").status_code == 302


def test_city_admin_unlocks_a_user_name_on_the_lockout_page(client, login):
    fail(client, ROLES["gz"], "203.0.113.20", LIMIT)
    assert post_login(client, ROLES["gz"], PASSWORD, "203.0.113.21").status_code == 429

    admin = login("admin")
    page = admin.get(reverse("core:lockouts"))
    assert page.status_code == 200
    assert ROLES["gz"] in page.content.decode() and "已锁定" in page.content.decode()
    response = admin.post(reverse("core:lockouts"), {"username": ROLES["gz"]}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=ROLES["gz"]).exists()
    unlock = AuditEvent.objects.get(action=AuditAction.UNLOCK)
    assert unlock.username == ROLES["admin"] and unlock.detail["unlocked_username"] == ROLES["gz"]
    assert unlock.ip_address == "10.1.1.1"

    admin.logout()
    assert post_login(client, ROLES["gz"], PASSWORD, "203.0.113.21").status_code == 302


@pytest.mark.parametrize("role", ["leader", "byq", "zrzy", "observer"])
def test_only_the_city_admin_may_unlock(login, role):
    client = login(role)
    assert client.get(reverse("core:lockouts")).status_code == 403
    assert client.post(reverse("core:lockouts"), {"username": "x"}).status_code == 403


# Headers ------------------------------------------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    "path", ["/login/", "/projects/", "/projects/overview/", "/core/regions/", "/core/audit/", "/scheduling/"]
)
def test_pages_carry_the_policy_headers_and_are_not_cached(login, path):
    response = login("admin").get(path)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src-elem"]
    assert all("unsafe" not in value for value in directives["script-src"])
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_anonymous_login_page_has_the_policy(client):
    response = client.get("/login/")
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert "Permissions-Policy" in response


@pytest.mark.parametrize("path", ["/projects/?export=xlsx", "/core/regions/?export=xlsx", "/core/audit/?export=csv"])
def test_exports_are_not_cached(login, path):
    response = login("admin").get(path)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"


def test_api_answers_to_a_token_are_not_cached(api_as):
    response = api_as("byq").get("/api/core/regions/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_swagger_ui_has_its_own_policy_and_no_inline_script(login):
    client = login("byq")
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html  # the UI's own script is fetched from ?script, not written inline
    directives = csp_directives(page)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in directives["style-src-elem"]
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_hsts_is_sent_when_configured(settings):
    # SecurityMiddleware reads its settings when a client's handler is built: a new client per configuration.
    assert "Strict-Transport-Security" not in Client().get("/login/", secure=True)  # off unless configured
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# The warnings `check --deploy` may still give on production settings, each explained in the README.
DOCUMENTED_DEPLOY_WARNINGS = {
    "security.W008",  # SECURE_SSL_REDIRECT off: TLS ends at the reverse proxy, which redirects http itself
    "security.W021",  # SECURE_HSTS_PRELOAD off: joining browsers' preload list is the city's decision
}


def run_deploy_check(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "GONGJIAN_DEMO"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "gongjian.settings",
            "SECRET_KEY": "k3y-for-the-deploy-check-" + "x" * 40 + "-" + "9z" * 10,
            "ALLOWED_HOSTS": "gongjian.example.gov.cn",
            **environment,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "gongjian", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings_but_for_the_documented_warnings():
    result = run_deploy_check(SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_INCLUDE_SUBDOMAINS="1")
    output = result.stdout + result.stderr
    reported = set(re.findall(r"\(([\w.]+\.[WE]\d+)\)", output))
    assert reported == DOCUMENTED_DEPLOY_WARNINGS, output
    with_redirect = run_deploy_check(
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        SECURE_SSL_REDIRECT="1",
    )
    assert with_redirect.returncode == 0, with_redirect.stdout + with_redirect.stderr
    assert "no issues" in with_redirect.stdout


def test_check_deploy_names_the_missing_hsts():
    result = run_deploy_check()
    assert "security.W004" in result.stdout + result.stderr
