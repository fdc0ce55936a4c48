"""Indicators' pages: the catalogue and values (generic pages), the indicators page, entry, review and Excel."""
