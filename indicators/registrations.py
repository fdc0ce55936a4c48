"""What indicators add to the rest of the system, all through core.registry: pages, API, menu, demo step,
summary section, the Excel import kind and the monthly entry reminders."""



def register_all() -> None:
    from core import registry
    from indicators.demo import load_indicators

    registry.register_demo_step(60, "indicators", load_indicators)
