"""The project libraries' lines in the permission policy (core.permissions): action → {role: scope} per model."""

from core.choices import Role
from core.permissions import (
    ADD,
    CITY,
    CITY_KEPT_PROJECT_DATA,
    CITY_ONLY,
    OWN,
    PROJECT_DATA,
    REFERENCE_DATA,
    REGION,
    VIEW,
)

# A web import's files and checked rows (projects.importing.jobs), not a model: whoever may add projects
# uploads; each job is seen only by its uploader, the city's administrators included.
IMPORT_JOB = "projects.ImportJob"

# Pausing, resuming, terminating and stepping a project back are the city's decisions (projects.stages).
STEER = "steer"

POLICY = {
    "projects.Project": {**PROJECT_DATA, STEER: CITY_ONLY},
    "projects.InvestmentPlan": PROJECT_DATA,
    "projects.FundingSource": PROJECT_DATA,
    "projects.ProjectContact": PROJECT_DATA,
    # Putting a project on a list (the key library's lists among them) is the city's decision; districts read it.
    "projects.ListMembership": CITY_KEPT_PROJECT_DATA,
    "projects.ListKind": REFERENCE_DATA,
    "projects.ProjectList": REFERENCE_DATA,
    IMPORT_JOB: {
        VIEW: {Role.CITY_ADMIN: OWN, Role.DISTRICT_OPERATOR: OWN},
        ADD: {Role.CITY_ADMIN: CITY, Role.DISTRICT_OPERATOR: REGION},
    },
}
