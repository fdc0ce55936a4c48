"""What race adds to the rest of the system, all through core.registry."""


def register_all() -> None:
    from core import registry
    from race.demo import load_race

    registry.register_demo_step(50, "race", load_race)
