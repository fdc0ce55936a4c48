"""The scheme editor: a draft with its groups and items saved together, parameters refused in Chinese naming the
field (nothing saved), a scheme in use refused, and new version → edit → put in use through the pages."""

import pytest

from core.models import Region
from race.choices import SchemeStatus
from race.models import RaceItem, RaceScheme
from race.testing import make_scheme

pytestmark = pytest.mark.django_db


def post_data(params='{"target": 100}', regions=("210804", "210881"), second_group=()):
    ids = {code: Region.objects.get(code=code).pk for code in (*regions, *second_group)}
    data = {
        "code": "editor-race",
        "name": "编辑器方案",
        "period_kind": "month",
        "base_score": "0",
        "target_rule": "schedule",
        "red_top_n": 3,
        "black_bottom_n": 2,
        "summons_bottom_n": 1,
        "improved_top_n": 1,
        "groups-TOTAL_FORMS": 2 if second_group else 1,
        "groups-INITIAL_FORMS": 0,
        "groups-0-sort_order": 10,
        "groups-0-name": "县（市）区",
        "groups-0-regions": [ids[code] for code in regions],
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-0-sort_order": 10,
        "items-0-code": "plan",
        "items-0-label": "计划完成率",
        "items-0-measure": "schedule_ratio",
        "items-0-weight": "40",
        "items-0-method": "base_adjust",
        "items-0-params": params,
        "items-0-direction": "higher",
        "items-0-tie_rule": "shared",
    }
    if second_group:
        data.update(
            {"groups-1-sort_order": 20, "groups-1-name": "功能区", "groups-1-regions": [ids[c] for c in second_group]}
        )
    return data


def test_a_draft_is_made_with_its_groups_and_items(login):
    response = login("admin").post("/race/schemes/add/", post_data('{"target": 100, "above": 0.2, "below": 0.1}'))
    assert response.status_code == 302, response.content.decode()[-2000:]
    scheme = RaceScheme.objects.get(code="editor-race")
    assert scheme.status == SchemeStatus.DRAFT and scheme.groups.get().regions.count() == 2
    assert scheme.items.get().params == {"target": 100, "above": 0.2, "below": 0.1}


@pytest.mark.parametrize(
    "params,message",
    [
        ('{"above": 0.2}', "计分参数缺少“target”。"),
        ('{"target": 100, "above_until": 90}', "计分参数“above_until”（90）不能低于目标“target”（100）。"),
        ("{target: 100}", "计分参数不是有效的 JSON"),
    ],
)
def test_bad_parameters_are_named_and_nothing_is_saved(login, params, message):
    response = login("admin").post("/race/schemes/add/", post_data(params))
    assert response.status_code == 400 and message in response.content.decode()
    assert not RaceScheme.objects.filter(code="editor-race").exists() and not RaceItem.objects.exists()


def test_a_region_is_ranked_in_one_group_only(login):
    response = login("admin").post("/race/schemes/add/", post_data(second_group=("210804",)))
    assert response.status_code == 400 and "每个地区只能在一个分组排名" in response.content.decode()


def test_versions_through_the_pages(login):
    scheme = make_scheme()
    client = login("admin")
    assert client.get(f"/race/schemes/{scheme.pk}/edit/").status_code == 403
    response = client.post(f"/race/schemes/{scheme.pk}/new-version/")
    draft = RaceScheme.objects.get(code=scheme.code, version=2)
    assert response["Location"] == draft.get_absolute_url()
    assert client.get(f"/race/schemes/{draft.pk}/edit/").status_code == 200
    assert client.post(f"/race/schemes/{draft.pk}/activate/").status_code == 302
    scheme.refresh_from_db()
    draft.refresh_from_db()
    assert (scheme.status, draft.status) == (SchemeStatus.RETIRED, SchemeStatus.IN_USE)
    assert login("gz").post(f"/race/schemes/{draft.pk}/new-version/").status_code == 403


def test_a_draft_version_is_previewed_on_the_race_page(login):
    """The draft's ranking under its own rules, shown without publishing or activating; districts never see it."""
    from race.models import RacePublication

    scheme = make_scheme()
    client = login("admin")
    client.post(f"/race/schemes/{scheme.pk}/new-version/")
    draft = RaceScheme.objects.get(code=scheme.code, version=2)
    RaceItem.objects.filter(scheme=draft).update(weight=10)
    assert 'data-testid="scheme-preview"' in client.get(draft.get_absolute_url()).content.decode()
    response = client.get("/race/", {"scheme": draft.pk, "period": "2024-05"})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result["scheme_id"], result["scheme_version"], result["published"]) == (draft.pk, 2, False)
    assert [item["weight"] for item in result["items"]] == [10] * len(result["items"])
    assert response.context["preview"] and not response.context["can_publish"]
    assert "方案草稿第2版预览" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == SchemeStatus.DRAFT and not RacePublication.objects.filter(scheme=draft).exists()
    district = login("gz").get("/race/", {"scheme": draft.pk, "period": "2024-05"})
    assert district.context["scheme"] != draft
