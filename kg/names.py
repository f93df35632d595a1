"""How names are compared: one look-up key per name."""


def name_key(name):
    """The look-up key of a name: lower case, single spaces.

    >>> name_key("  Derna   Shura Council ")
    'derna shura council'
    """
    return " ".join(str(name).lower().split())
