"""Stewardship's lines in the permission policy (core.permissions): action → {role: scope} per model.

The city's 发改委 sees and keeps everything. A city leader reads the whole city and works on the projects they
steward (OWN: the project's stewards). A department user reads and works the problems assigned to its department
only (a problem's department scope is the problem's own department, not the project's). A district operator reads
and raises problems for its district's projects. Who may take which step of a problem's loop (the raiser verifies)
is checked by `stewardship.transitions` on top of these lines.
"""

from core.choices import Role
from core.permissions import (
    ADD,
    CHANGE,
    CITY,
    CITY_ONLY,
    DELETE,
    DEPARTMENT,
    OWN,
    REFERENCE_DATA,
    REGION,
    SCOPED_READ,
    VIEW,
)

# Steps of a problem's loop beyond editing it (stewardship.transitions asks these lines): the department works
# it (accepts, marks solved), those serving the project escalate it, the city issues supervision notices (督办单).
# Verifying or returning a solved problem is for the user who raised it, whatever their role.
WORK, ESCALATE, SUPERVISE = "work", "escalate", "supervise"

# Rows of a project's service: the city keeps all, a steward their projects', a district its projects'.
SERVICE_WRITERS = {Role.CITY_ADMIN: CITY, Role.CITY_LEADER: OWN, Role.DISTRICT_OPERATOR: REGION}
SERVICE_DATA = {VIEW: SCOPED_READ, ADD: SERVICE_WRITERS, CHANGE: SERVICE_WRITERS, DELETE: CITY_ONLY}

PROBLEM_DATA = {
    VIEW: SCOPED_READ,
    ADD: SERVICE_WRITERS,
    # The department works its problems (measures, progress, solved); raisers verify or return them.
    CHANGE: {**SERVICE_WRITERS, Role.DEPARTMENT_USER: DEPARTMENT},
    DELETE: CITY_ONLY,
    WORK: {Role.CITY_ADMIN: CITY, Role.DEPARTMENT_USER: DEPARTMENT},
    ESCALATE: SERVICE_WRITERS,
    SUPERVISE: CITY_ONLY,
}
# Lines a problem's own records follow: read with the problem, written by the services only.
PROBLEM_RECORDS = {VIEW: SCOPED_READ, ADD: CITY_ONLY, CHANGE: CITY_ONLY, DELETE: CITY_ONLY}
# A user's own notifications: each reads and marks read their own, nobody else's.
OWN_ONLY = {role: OWN for role in Role.values}

POLICY = {
    "stewardship.Stewardship": {VIEW: SCOPED_READ, ADD: CITY_ONLY, CHANGE: CITY_ONLY, DELETE: CITY_ONLY},
    "stewardship.ServiceTeam": SERVICE_DATA,
    "stewardship.TeamMember": SERVICE_DATA,
    "stewardship.ServiceLog": SERVICE_DATA,
    "stewardship.ServicePhoto": SERVICE_DATA,
    "stewardship.ProblemCategory": REFERENCE_DATA,
    "stewardship.OverdueRule": REFERENCE_DATA,
    "stewardship.Problem": PROBLEM_DATA,
    "stewardship.ProblemEvent": PROBLEM_RECORDS,
    "stewardship.SupervisionNotice": {
        **PROBLEM_RECORDS,
        ADD: CITY_ONLY,
        CHANGE: {Role.CITY_ADMIN: CITY, Role.DEPARTMENT_USER: DEPARTMENT},
    },
    "stewardship.Notification": {VIEW: OWN_ONLY, ADD: CITY_ONLY, CHANGE: OWN_ONLY, DELETE: CITY_ONLY},
}
