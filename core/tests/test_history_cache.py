"""An object's merged history kept in core.cache is the history computed afresh, shows a new change on the next
request after its commit, and always shows users' current names (renaming an account moves no data version)."""

import pytest
from simple_history.utils import update_change_reason

from core.history import _merged_history, merged_history
from core.testing import commit_data_version, user_for
from projects.models import InvestmentPlan
from projects.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    project = make_project(name="历史缓存项目", region="210804")
    record = project.history.latest()
    record.history_user = user_for("admin")
    record.save()
    InvestmentPlan.objects.create(project=project, year=2024, amount=100)
    commit_data_version()
    return project


def _shown(entries):
    return [(e.when, e.who, e.kind, e.subject, e.reason, e.changes) for e in entries]


def test_the_cached_history_is_the_computed_one(project):
    related = [(InvestmentPlan, "project")]
    for role in ("admin", "byq"):
        user = user_for(role)
        first = merged_history(project, related, user)
        assert _shown(merged_history(project, related, user)) == _shown(first)
        assert _shown(first) == _shown(_merged_history(project, related, user))
        assert len(first) == 2


def test_a_change_shows_on_the_next_request(project):
    user = user_for("admin")
    assert len(merged_history(project, [], user)) == 1
    project.name = "历史缓存项目（改名）"
    project.save()
    update_change_reason(project, "改名")
    commit_data_version()
    entries = merged_history(project, [], user)
    assert len(entries) == 2 and entries[0].reason == "改名"


def test_a_renamed_author_shows_under_the_new_name(project):
    author = user_for("admin")
    before = merged_history(project, [], author)
    assert before[0].who == author.display_name
    author.last_name, author.first_name = "新", "名字"
    author.save()
    assert merged_history(project, [], author)[0].who == "新名字"
