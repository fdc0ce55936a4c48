"""An object's page address from its URL pattern reversed once, the primary key put in its place for each row.

A list of 50 rows links each name to its page: `reverse()` walks the URL patterns' possibilities, checks the
candidate against the pattern's expression and quotes it, for every cell (the third-largest cost of a list page
after the cells themselves). A page's address differs from its neighbour's only by the key, so the pattern is
reversed once with a marker key, split around the marker, and an integer key is put between the two halves.
The split is kept per URL configuration, script prefix and language (what `reverse()` itself depends on) and
forgotten when the URL settings change (tests). Anything but a non-negative integer key goes through `reverse()`.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

MARKER = 918273645546372819  # a key no table reaches; an int converter's pattern ([0-9]+) accepts it
_splits: dict[tuple, tuple[str, str] | None] = {}


def _split(viewname: str, key: tuple) -> tuple[str, str] | None:
    """The address before and after the key, or None when the marker does not appear exactly once."""
    try:
        url = reverse(viewname, args=[MARKER])
    except NoReverseMatch:
        _splits[key] = None
        raise
    text = str(MARKER)
    split = tuple(url.split(text)) if url.count(text) == 1 else None
    _splits[key] = split
    return split


def object_url(viewname: str, pk) -> str:
    """`reverse(viewname, args=[pk])`, from the pattern's split when the key is a non-negative integer."""
    if type(pk) is not int or pk < 0:
        return reverse(viewname, args=[pk])
    key = (viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    split = _splits[key] if key in _splits else _split(viewname, key)
    if split is None:
        return reverse(viewname, args=[pk])
    return f"{split[0]}{pk}{split[1]}"


def _forget(setting=None, **kwargs) -> None:
    """URL settings changed (a test's override): reverse afresh."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE", "LANGUAGES", "INSTALLED_APPS"):
        _splits.clear()


setting_changed.connect(_forget, dispatch_uid="core.object_urls.forget")
