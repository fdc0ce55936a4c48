"""The project libraries' lines in the permission policy (core.permissions): action → {role: scope} per model."""

from core.permissions import CITY_KEPT_PROJECT_DATA, CITY_ONLY, PROJECT_DATA, REFERENCE_DATA

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
}
