"""core.cache: every kind of write moves the data version on (after its commit), bookkeeping writes do not, a
writing connection never reads the cache, and users share a cached value only when the policy gives them the same
reach."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from core.cache import _pending, cached, data_version, scope_key, writes_data
from core.models import Department, Region, User
from core.testing import commit_data_version, user_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "sql, expected",
    [
        ('INSERT INTO "scheduling_monthlyreport" ("a") VALUES (%s)', True),
        ('UPDATE "projects_project" SET "stage" = %s', True),
        ('DELETE FROM "stewardship_problem" WHERE id = 1', True),
        ("INSERT OR REPLACE INTO projects_project VALUES (1)", True),
        ('TRUNCATE "projects_project", "core_region"', True),
        ("WITH x AS (UPDATE projects_project SET stage = 'done' RETURNING id) SELECT * FROM x", True),
        ('SELECT "updated", "update_count" FROM "projects_project"', False),
        ("WITH s AS MATERIALIZED (SELECT id FROM projects_project) SELECT * FROM s", False),
        ("SET LOCAL work_mem = '64MB'", False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "core_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "core_user" SET "last_login" = %s', False),
        ('INSERT INTO "core_historicaluser" ("id") VALUES (%s)', False),
    ],
)
def test_which_statements_change_figures(sql, expected):
    assert writes_data(sql) is expected


def moved(write) -> bool:
    """Whether `write()` moves the data version on once its (the test's) transaction commits."""
    commit_data_version()
    before = data_version()
    write()
    commit_data_version()
    return data_version() != before


def test_every_write_path_moves_the_version():
    region = Region.objects.get(code="210804")
    department = Department.objects.first()
    assert moved(lambda: region.save())
    assert moved(lambda: Region.objects.filter(pk=region.pk).update(sort_order=region.sort_order + 1))
    assert moved(lambda: Department.objects.bulk_update([department], ["name"]))
    assert moved(lambda: Department.objects.bulk_create([Department(code="zz", name="测试部门", short_name="测试")]))
    assert moved(lambda: Department.objects.filter(code="zz").delete())

    def raw():
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE core_region SET sort_order = sort_order WHERE id = %s", [(region.pk,)])

    assert moved(raw)


def test_bookkeeping_writes_do_not_move_it():
    user = user_for("byq")
    assert not moved(lambda: User.objects.filter(pk=user.pk).update(first_name="某"))
    assert not moved(lambda: SessionStore().create())
    assert not moved(lambda: data_version())


def test_a_rolled_back_write_moves_nothing_and_a_writing_connection_skips_the_cache():
    commit_data_version()
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Region.objects.filter(code="210804").update(sort_order=99)
        assert _pending(connection)
        computed = []
        for _ in range(2):  # its own uncommitted rows: computed each time, stored never
            cached("test.pending", (), lambda: computed.append(1) or len(computed))
        assert computed == [1, 1]
        raise RuntimeError
    commit_data_version()
    assert data_version() == before and not _pending(connection)


def test_a_cached_value_is_served_until_the_data_changes():
    commit_data_version()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("test.value", ("x",), compute) == 1
    assert cached("test.value", ("x",), compute) == 1
    assert cached("test.value", ("y",), compute) == 2  # other parts: another value
    Region.objects.filter(code="210804").update(sort_order=98)
    commit_data_version()
    assert cached("test.value", ("x",), compute) == 3


def test_users_share_a_key_only_with_the_same_reach():
    byq, gz, leader, admin = (user_for(role) for role in ("byq", "gz", "leader", "admin"))
    assert scope_key(byq) != scope_key(gz)
    assert len({scope_key(byq), scope_key(leader), scope_key(admin), scope_key(user_for("zrzy"))}) == 4
    twin = User.objects.create_user("byq_twin", role=byq.role, region=byq.region)
    # Operators read their own notifications and their own account: their own key unless the value ignores those.
    assert scope_key(twin) != scope_key(byq)
    ignoring = ("core.User", "stewardship.Notification", "projects.ImportJob")
    assert scope_key(twin, ignoring) == scope_key(byq, ignoring) != scope_key(gz, ignoring)
