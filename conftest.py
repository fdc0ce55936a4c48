"""Shared fixtures: Yingkou's organisations and the demo accounts are loaded once per test session."""

import pytest

from core.testing import *  # noqa: F403  (fixtures: users, clients, make_project …)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Regions, departments and demo accounts exist in every test; each test's own rows are rolled back."""
    from core.demo import load_accounts, load_organisations

    with django_db_blocker.unblock():
        load_organisations()
        load_accounts()
