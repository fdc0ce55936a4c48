"""Demo monthly reports (January 2023 to June 2024) consistent with the seed's investment figures."""


def load_monthly_reports():
    """Write the demo's monthly reports (filled in by the demo-data work)."""
