"""Stewardship pages."""
