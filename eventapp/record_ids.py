"""Record ids that come from a request: a URL, a hidden field, a ticked checkbox.

An id column is a 32-bit INTEGER on PostgreSQL; a larger number sent to the database
makes the driver raise (SQLite's too, past 64 bits), so the visitor would see a 500 for
what is only an id that matches nothing. Ids are read here, bounded, before any query.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def parse_id(value) -> int | None:
    """The id in `value` (ASCII digits, 1..MAX_ID), or None when it is anything else.

    `str.isdigit` alone would accept "²" or Arabic-Indic digits, which `int` then refuses
    or reads; neither is an id anyone typed.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The valid ids among `values`, in order; the rest are dropped."""
    return [number for number in map(parse_id, values) if number is not None]


class IdConverter(IntegerConverter):
    """`<int:…>` in routes: a number beyond MAX_ID does not match (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
