"""Shared fixtures: Yingkou's organisations and the demo accounts are loaded once per test session."""

import pytest

from core.testing import *  # noqa: F403  (fixtures: users, clients, reference data …)
from projects.testing import *  # noqa: F403  (make_project, two_projects …)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Regions, departments and demo accounts exist in every test; each test's own rows are rolled back."""
    from core.demo import load_accounts, load_organisations

    with django_db_blocker.unblock():
        load_organisations()
        load_accounts()


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks (the web import's check and import) run inside the request, so inside the test's
    transaction; tests of the worker itself (projects/tests/test_import_worker.py) switch the database back on."""
    settings.TASKS = {"default": {"BACKEND": settings.TASKS_BACKENDS["immediate"]}}


def pytest_collection_modifyitems(config, items):
    """Standard tests about pages a model does not declare are not collected (core.testcases)."""
    from core.testcases import deselect_inapplicable

    deselect_inapplicable(config, items)


@pytest.fixture(autouse=True)
def empty_figures_cache():
    """Each test starts with an empty figures' cache (core.cache): no value cached by one test answers another's."""
    from django.core.cache import cache

    cache.clear()
