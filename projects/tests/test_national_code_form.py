"""National codes typed with full-width digits or dashes are accepted on the project form, as imports accept them."""

import random

import pytest
from django.urls import reverse

from projects.models import Project
from projects.testing import make_project
from projects.tests.test_views import _form
from projects.validators import normalise_national_code

pytestmark = pytest.mark.django_db

WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")


def typed_like_a_clerk(code: str, rng: random.Random) -> str:
    """The code as a Chinese input method may type it: each character half- or full-width, dashes as － or —."""
    out = []
    for char in code:
        choice = rng.random()
        if char == "-" and choice < 0.3:
            out.append("—")
        elif choice < 0.6:
            out.append(char.translate(WIDE))
        else:
            out.append(char)
    return " " + "".join(out) + "　"


@pytest.mark.parametrize("seed", range(5))
def test_full_width_code_is_accepted_on_create_and_stored_as_the_import_stores_it(login, seed):
    rng = random.Random(seed)
    code = f"2024-210804-{rng.randint(10, 99)}-0{rng.randint(1, 9)}-{rng.randint(0, 999999):06d}"
    typed = typed_like_a_clerk(code, rng)
    assert typed.strip() != code  # really typed differently
    response = login("byq").post(reverse("projects:project_add"), _form(national_code=typed))
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(national_code=code)
    assert project.national_code == normalise_national_code(typed)


def test_full_width_code_on_edit_and_a_wrong_one_still_refused(login):
    project = make_project()
    client = login("byq")
    url = reverse("projects:project_edit", args=[project.pk])
    wide = "２０２４－２１０８０４－４４－０１－０００１２３"
    data = _form(name=project.name, national_code=wide, **{"plans-TOTAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.national_code == "2024-210804-44-01-000123"
    data["national_code"] = "２０２４－９９９９９９－４４－０１－０００１２３"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "区划代码 999999" in refused.context["form"].errors["national_code"][0]
