"""How imported records are recognised as ones the system already holds: normalised names, near misses.

Sheets write the same name in many ways: full-width or half-width brackets, digits and letters (（三期） / (三期),
２０２４ / 2024), stray spaces and line breaks, different dashes and quotes, dots between names. `match_key` reduces
a name or an owner to a form in which all those variants are equal; `one_apart` says whether two keys differ by a
single character (inserted, removed or replaced), the kind of near miss an importer must ask about rather than
silently merge or duplicate.
"""

import re
import unicodedata

# Brackets of every width and shape are one kind of bracket; other punctuation and symbols are dropped.
BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                          "〖": "(", "〗": ")", "「": "(", "」": ")", "『": "(", "』": ")", "<": "(", ">": ")",
                          "《": "(", "》": ")", "〈": "(", "〉": ")"})  # fmt: skip


# Whitespace, punctuation (、，。·-—""'' …), symbols and underscores: everything but letters, digits and brackets.
DROPPED_RE = re.compile(r"[^\w()]|_")


def match_key(text) -> str:
    """The form in which names and owners are compared: NFKC width folding, no whitespace, one bracket style,
    no other punctuation or symbols, case-insensitive ("（三期）" and "(三期)" and " ( 三期 ) " are equal)."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).translate(BRACKETS).casefold()
    return DROPPED_RE.sub("", folded)


def one_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by exactly one inserted, removed or replaced character."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


class NearIndex:
    """Keys grouped by a context (e.g. the district and the owner) and by length, to find near misses fast."""

    def __init__(self):
        self.groups: dict[tuple, dict[int, list[tuple[str, int]]]] = {}

    def add(self, context: tuple, key: str, ident: int) -> None:
        self.groups.setdefault(context, {}).setdefault(len(key), []).append((key, ident))

    def near(self, context: tuple, key: str) -> list[int]:
        """The ids whose key, within the same context, is one character away from `key`."""
        group = self.groups.get(context)
        if not group:
            return []
        found = []
        for length in (len(key) - 1, len(key), len(key) + 1):
            for other, ident in group.get(length, ()):
                if one_apart(key, other):
                    found.append(ident)
        return found
