"""The days of an edition as pages offer them: the day a URL names (`?day=YYYY-MM-DD`),
and the tabs that move between days keeping the page's other parameters.

The programme and the organizer's grid both show one day at a time; the
`day_tabs` macro (`templates/macros.html`) draws the tabs for both.
"""

from dataclasses import dataclass
from datetime import date

from flask import url_for

from .models import Event


@dataclass(frozen=True)
class DayTab:
    day: date
    url: str
    current: bool
    # The day shown first when none is chosen (the grid marks it on a phone).
    is_default: bool = False


def event_day(event: Event, value: str) -> date | None:
    """The day of the event `value` names (YYYY-MM-DD); None for anything else."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if event.first_day <= day <= event.last_day else None


def day_tabs(
    event: Event, endpoint: str, chosen: date | None, default: date | None = None, **args
) -> list[DayTab]:
    """A tab per day of the event, linking to `endpoint` for that day with `args`.

    `chosen` is the day shown, if any; `default` is the day that stands for the page
    when none is chosen.
    """
    return [
        DayTab(
            day=day,
            url=url_for(endpoint, day=day.isoformat(), **args),
            current=day == chosen,
            is_default=chosen is None and day == default,
        )
        for day in event.days
    ]
