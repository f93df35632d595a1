"""How names are compared (one look-up key per name) and quoted in messages."""


def name_key(name):
    """The look-up key of a name: lower case, single spaces.

    >>> name_key("  Derna   Shura Council ")
    'derna shura council'
    """
    return " ".join(str(name).lower().split())


def shown(name, limit=60):
    """A name as an error message quotes it: shortened when it is long.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (100 characters)"
    """
    return repr(name) if len(name) <= limit else f"{name[:limit - 3] + '...'!r} ({len(name)} characters)"
