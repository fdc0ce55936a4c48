"""Race's lines in the permission policy: the city's administrators keep schemes and publish; everyone logged in
reads schemes and rankings (a ranking is published city-wide, so a district sees the whole table)."""

from core.permissions import REFERENCE_DATA

# Publications are read by all and written by the city (through race.services.publish only).
POLICY = {
    "race.RaceScheme": REFERENCE_DATA,
    "race.RaceGroup": REFERENCE_DATA,
    "race.RaceItem": REFERENCE_DATA,
    "race.RacePublication": REFERENCE_DATA,
}
