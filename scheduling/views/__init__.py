"""Monthly scheduling pages: one module per area (month tables and review, Excel round trip, warnings)."""
