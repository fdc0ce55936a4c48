"""Documents' lines in the permission policy: the city's administrators draft, issue and keep templates
(Word templates and sentence wordings); leaders
and the city's observers read every document; districts and departments read issued documents only."""

from core.choices import Role
from core.permissions import (
    ADD,
    CHANGE,
    CITY,
    CITY_ONLY,
    CITY_ONLY_DATA,
    DELETE,
    PUBLISHED,
    REFERENCE_DATA,
    VIEW,
)

ISSUE = "issue"

POLICY = {
    "documents.IssuingBody": REFERENCE_DATA,
    "documents.NumberSequence": CITY_ONLY_DATA,
    "documents.DocumentTemplate": CITY_ONLY_DATA,
    "documents.SentenceTemplate": CITY_ONLY_DATA,
    "documents.Document": {
        VIEW: {
            Role.CITY_ADMIN: CITY,
            Role.CITY_LEADER: CITY,
            Role.OBSERVER: CITY,
            Role.DISTRICT_OPERATOR: PUBLISHED,
            Role.DEPARTMENT_USER: PUBLISHED,
        },
        ADD: CITY_ONLY,
        CHANGE: CITY_ONLY,
        DELETE: CITY_ONLY,
        ISSUE: CITY_ONLY,
    },
}
