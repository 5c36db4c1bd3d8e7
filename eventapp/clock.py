"""The app's clock: the real time, or a demo clock that starts at a chosen moment.

The Contact Days last one week a year. To show the app as it is during that week (now and
next on the agenda) or before the registration deadline (registering, changing a
registration), whatever the date on the machine, `EVENTAPP_DEMO_NOW` sets the moment the
app's clock starts at: `2026-02-03T10:30` (Europe/Brussels, the event's time zone) or
with an offset (`2026-02-03T09:30+00:00`). From there it runs forward with the real
time, so a session that ends in ten minutes ends in ten minutes.

Every "now" of the app comes from `utcnow()` (eventapp/models/types.py), which asks the
current app's clock; outside an app (a script using the models) it is the real time.
Production refuses a demo clock (eventapp/config.py): deadlines and link expiry would
not be the real ones.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

EXTENSION = "demo_clock"


@dataclass(frozen=True)
class DemoClock:
    """A clock that read `start` when the app was made (`started`, on a monotonic clock
    that never goes back) and has run at the real pace since."""

    start: datetime
    started: float

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)


def parse_moment(value: str | datetime, zone: ZoneInfo) -> datetime:
    """The moment `value` names, as an aware UTC datetime; without an offset it is read
    in `zone`. Raises ValueError when it is not an ISO 8601 date and time."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def start_demo_clock(app, value: str | datetime, zone: ZoneInfo) -> None:
    """Make the app's clock start at `value` now. Raises ValueError (see parse_moment)."""
    app.extensions[EXTENSION] = DemoClock(parse_moment(value, zone), time.monotonic())


def demo_clock() -> DemoClock | None:
    """The current app's demo clock, if it has one."""
    if not has_app_context():
        return None
    return current_app.extensions.get(EXTENSION)


def now() -> datetime:
    """Now, in UTC: the demo clock's time when the app has one, the real time otherwise."""
    clock = demo_clock()
    return clock.now() if clock is not None else datetime.now(UTC)
