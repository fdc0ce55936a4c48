"""Demo data: Yingkou (set up by core.cities like any city), the demo accounts, and the steps' runner.

Every app that has demo data registers a step (`core.registry.register_demo_step`) in its AppConfig.ready();
`gongjian demo load` runs the steps in order inside one transaction. Steps are deterministic: the same data on
every machine.
"""


from django.db import transaction

from core import registry
from core.choices import Role
from core.cities import ZONES_DIR, init_city, read_zones

DEMO_PASSWORD = "demo-2024"
CITY_CODE = "210800"

# Yingkou's functional zones: ranked like districts, no statistical code, supplied the way any city supplies them.
ZONES_FILE = ZONES_DIR / "yingkou.csv"

# username, surname, given name, role, region code, department code
ACCOUNTS = [
    ("city_admin", "王", "建国", Role.CITY_ADMIN, None, "fgw"),
    ("leader_zhang", "张", "振华", Role.CITY_LEADER, None, None),
    ("byq_clerk", "李", "海燕", Role.DISTRICT_OPERATOR, "210804", None),
    ("gz_clerk", "赵", "立新", Role.DISTRICT_OPERATOR, "210881", None),
    ("zrzy_user", "刘", "明", Role.DEPARTMENT_USER, None, "zrzyj"),
    ("observer", "陈", "静", Role.OBSERVER, None, None),
]


def load(stdout=None) -> None:
    """Run every registered demo step (core.registry) in one transaction."""
    with transaction.atomic():
        for step in registry.demo_steps():
            if stdout:
                stdout.write(f"demo: {step.name}")
            step.function()


def load_organisations() -> None:
    """Yingkou set up as any city is (`gongjian city init 210800 --zones core/data/zones/yingkou.csv`)."""
    init_city(CITY_CODE, zones=read_zones(ZONES_FILE))


def load_accounts() -> None:
    """The demo accounts named in the README, all with the password `demo-2024`."""
    from core.models import Department, Region, User

    for username, surname, given, role, region_code, department_code in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": surname,
                "first_name": given,
                "role": role,
                "region": Region.objects.get(code=region_code) if region_code else None,
                "department": Department.objects.get(code=department_code) if department_code else None,
                "is_staff": role == Role.CITY_ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
