"""The week grid's layout: where each session sits, as CSS classes.

Pure computation: no database, no request. `build_grid` takes sessions, rooms, days and
the event's time zone and returns days → lanes → blocks (sessions) and free slots.

The Content-Security-Policy forbids `style=` attributes, so every position is a class
defined in `static/css/organizer.css`; the limits below (`MAX_ROWS`, `MAX_TRACKS`) are
the ranges that stylesheet defines, and a test checks they agree.

Geometry. Each lane (one room, or "No room") is its own CSS grid with fixed row heights,
so lanes and days side by side line up without sharing a grid:

- row 1 is the lane's heading; rows 2… are 15-minute slots from the time axis's start;
- columns are *tracks*: one, unless sessions in the lane overlap (a cancelled session
  and its replacement in one room, several sessions with no room), in which case the
  overlapping sessions sit side by side and the others stretch over the free tracks.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

SLOT_MINUTES = 15
SLOTS_PER_HOUR = 60 // SLOT_MINUTES
MINUTES_PER_DAY = 24 * 60
# The axis shown when nothing falls outside it; sessions earlier or later widen it.
DEFAULT_FIRST_MINUTE = 8 * 60
DEFAULT_LAST_MINUTE = 22 * 60
# "+" links to create a session start on the hour and the half hour.
OFFER_EVERY_MINUTES = 30
HEAD_ROWS = 1
SHORT_ROWS = 2
MAX_ROWS = MINUTES_PER_DAY // SLOT_MINUTES
MAX_TRACKS = 8
# A card shows as many whole lines as its height holds, so no line is ever cut through
# (its title clamped at a word, with an ellipsis). The heights, in rem, are the
# stylesheet's (generated below): a 15-minute row, a line of a card's text, and what a
# card's margin, border and padding take at its top and bottom.
SLOT_HEIGHT_REM = 1.15
CARD_LINE_REM = 0.9375
CARD_FRAME_REM = 0.4
# From this many lines a card also says its room and kind (the lane says the room).
META_FROM_LINES = 6
MAX_TITLE_LINES = 12


@dataclass(frozen=True)
class TimeAxis:
    """The rows of a grid: whole hours from `first_minute` to `last_minute` (local)."""

    first_minute: int = DEFAULT_FIRST_MINUTE
    last_minute: int = DEFAULT_LAST_MINUTE

    @classmethod
    def covering(cls, spans: Iterable[tuple[int, int]]) -> "TimeAxis":
        """The default 08:00–22:00, widened to whole hours around every (start, end) span."""
        first, last = DEFAULT_FIRST_MINUTE, DEFAULT_LAST_MINUTE
        for start, end in spans:
            first = min(first, start - start % 60)
            last = max(last, min(MINUTES_PER_DAY, end + (-end) % 60))
        return cls(first, last)

    @property
    def rows(self) -> int:
        return (self.last_minute - self.first_minute) // SLOT_MINUTES

    @property
    def slot_minutes(self) -> int:
        return SLOT_MINUTES

    @property
    def rows_class(self) -> str:
        return f"rows-{self.rows}"

    def line_of(self, minute: int) -> int:
        """The grid line a local time falls on (earlier within a slot rounds down)."""
        minute = min(max(minute, self.first_minute), self.last_minute)
        return HEAD_ROWS + 1 + (minute - self.first_minute) // SLOT_MINUTES

    def line_after(self, minute: int) -> int:
        """The grid line at or after a local time (a 10:05 end fills the 10:00 slot)."""
        minute = min(max(minute, self.first_minute), self.last_minute)
        return HEAD_ROWS + 1 + -(-(minute - self.first_minute) // SLOT_MINUTES)

    @property
    def hours(self) -> list["HourMark"]:
        return [
            HourMark(f"{minute // 60:02d}:00", rows_classes(self.line_of(minute), SLOTS_PER_HOUR))
            for minute in range(self.first_minute, self.last_minute, 60)
        ]


@dataclass(frozen=True)
class HourMark:
    label: str
    placement: str


@dataclass
class Block:
    """A session drawn in a lane."""

    session: Any
    lane_index: int
    row_start: int
    row_end: int
    track: int = 1
    track_span: int = 1

    @property
    def is_short(self) -> bool:
        """Half an hour or less: room for a line or two, so the block says less."""
        return self.row_end - self.row_start <= SHORT_ROWS

    @property
    def area(self) -> str:
        """Where the block sits in its lane (its rows and tracks), as classes."""
        return (
            f"{rows_classes(self.row_start, self.row_end - self.row_start)}"
            f" track-start-{self.track} track-span-{self.track_span}"
        )

    @property
    def lines(self) -> int:
        """How many whole lines of text the block's height holds (at least one)."""
        height = (self.row_end - self.row_start) * SLOT_HEIGHT_REM - CARD_FRAME_REM
        return max(1, int(height / CARD_LINE_REM + 1e-9))

    @property
    def shows_meta(self) -> bool:
        return self.lines >= META_FROM_LINES

    @property
    def title_lines(self) -> int:
        """The lines left for the title: the time takes the first (or shares it when
        there is only one), the room and kind the last when shown."""
        left = self.lines - 1 - (1 if self.shows_meta else 0)
        return min(MAX_TITLE_LINES, max(1, left))

    @property
    def placement(self) -> str:
        classes = f"{self.area} title-lines-{self.title_lines}"
        if self.lines == 1:
            classes += " grid-session--tiny"
        if self.is_short:
            classes += " grid-session--short"
        if self.shows_meta:
            classes += " grid-session--meta"
        return classes

    def overlaps(self, row_start: int, row_end: int) -> bool:
        return self.row_start < row_end and row_start < self.row_end


@dataclass(frozen=True)
class Slot:
    """A free half hour in a lane: the grid offers to create a session there."""

    day: date
    at: time
    row_start: int
    rows: int

    @property
    def placement(self) -> str:
        return f"{rows_classes(self.row_start, self.rows)} track-all"


@dataclass
class Lane:
    """A room's column in one day (room None: sessions with no room yet)."""

    index: int
    room: Any | None
    blocks: list[Block] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    tracks: int = 1

    @property
    def room_id(self) -> int | None:
        return self.room.id if self.room is not None else None

    @property
    def lane_class(self) -> str:
        return f"lane-{self.index}"


@dataclass
class DayColumn:
    day: date
    lanes: list[Lane]
    # The day a phone shows when the page covers the whole week.
    is_default: bool = False

    @property
    def session_count(self) -> int:
        return sum(len(lane.blocks) for lane in self.lanes)

    @property
    def id(self) -> str:
        return f"day-{self.day.isoformat()}"


@dataclass
class Grid:
    axis: TimeAxis
    days: list[DayColumn]

    @property
    def default_day(self) -> date | None:
        """The day a phone shows when the page covers the whole week."""
        return next((column.day for column in self.days if column.is_default), None)


def rows_classes(line: int, span: int) -> str:
    return f"grid-row-start-{line} grid-row-span-{max(1, span)}"


def local_span(session, tz: ZoneInfo) -> tuple[date, int, int]:
    """(local day, start minute, end minute) of a session; a session past midnight is
    cut at 24:00 of the day it starts, where the grid ends."""
    start = session.starts_at.astimezone(tz)
    end = session.ends_at.astimezone(tz)
    start_minute = start.hour * 60 + start.minute
    if end.date() > start.date():
        end_minute = MINUTES_PER_DAY
    else:
        end_minute = end.hour * 60 + end.minute + (1 if end.second or end.microsecond else 0)
    return start.date(), start_minute, max(end_minute, start_minute + 1)


def default_day(days: Sequence[date], today: date) -> date | None:
    """Today while the event runs, else its first day."""
    if today in days:
        return today
    return days[0] if days else None


def build_grid(
    sessions: Iterable,
    rooms: Sequence,
    days: Sequence[date],
    tz: ZoneInfo,
    *,
    every_room: bool,
    today: date | None = None,
) -> Grid:
    """Lay sessions out by day (columns), room (lanes) and time (rows).

    `rooms` gives the lane order. With `every_room` (the one-day view) every room gets a
    lane, and so does "No room", so each can offer free slots; otherwise (the week) a
    day shows only the lanes it uses, to keep five days on one screen. Sessions starting
    on a day not in `days` are left out.
    """
    by_day: dict[date, list[tuple[Any, int, int]]] = {day: [] for day in days}
    for session in sessions:
        day, start, end = local_span(session, tz)
        if day in by_day:
            by_day[day].append((session, start, end))

    axis = TimeAxis.covering((start, end) for placed in by_day.values() for _, start, end in placed)
    shown_default = default_day(days, today) if today is not None else (days[0] if days else None)
    columns = [
        DayColumn(
            day=day,
            lanes=_lanes(day, by_day[day], rooms, axis, every_room=every_room),
            is_default=day == shown_default,
        )
        for day in days
    ]
    return Grid(axis=axis, days=columns)


def _lanes(day: date, placed, rooms: Sequence, axis: TimeAxis, *, every_room: bool) -> list[Lane]:
    by_room: dict[int | None, list[tuple[Any, int, int]]] = {}
    for session, start, end in placed:
        by_room.setdefault(session.room_id, []).append((session, start, end))

    ordered_rooms = list(rooms)
    known = {room.id for room in ordered_rooms}
    # A room missing from `rooms` (another event's, in bad data) still gets its lane.
    strays = {
        session.room.id: session.room
        for session, _, _ in placed
        if session.room is not None and session.room.id not in known
    }
    ordered_rooms += sorted(strays.values(), key=lambda room: room.name)

    lane_rooms = [room for room in ordered_rooms if every_room or room.id in by_room]
    if every_room or None in by_room:
        lane_rooms.append(None)

    lanes = []
    for index, room in enumerate(lane_rooms, start=1):
        lane = Lane(index=index, room=room)
        room_id = room.id if room is not None else None
        lane.blocks = [
            Block(session, index, axis.line_of(start), axis.line_after(end))
            for session, start, end in by_room.get(room_id, [])
        ]
        lane.tracks = _assign_tracks(lane.blocks)
        lane.slots = _free_slots(day, lane.blocks, axis)
        lanes.append(lane)
    return lanes


def _assign_tracks(blocks: list[Block]) -> int:
    """Side by side where sessions overlap; returns the number of tracks the lane needs.

    Greedy by start time, which uses the fewest tracks; past `MAX_TRACKS` a block shares
    the track that frees up first (drawn over another, but still there and clickable).
    """
    blocks.sort(key=lambda block: (block.row_start, -block.row_end, block.session.id))
    free_from: list[int] = []
    for block in blocks:
        for track, free_line in enumerate(free_from, start=1):
            if free_line <= block.row_start:
                block.track = track
                break
        else:
            if len(free_from) < MAX_TRACKS:
                free_from.append(0)
                block.track = len(free_from)
            else:
                block.track = 1 + min(range(len(free_from)), key=free_from.__getitem__)
        free_from[block.track - 1] = max(free_from[block.track - 1], block.row_end)

    tracks = max(1, len(free_from))
    for block in blocks:
        span = 1
        while block.track + span <= tracks and not any(
            other.track == block.track + span and other.overlaps(block.row_start, block.row_end)
            for other in blocks
        ):
            span += 1
        block.track_span = span
    return tracks


def _free_slots(day: date, blocks: list[Block], axis: TimeAxis) -> list[Slot]:
    rows = OFFER_EVERY_MINUTES // SLOT_MINUTES
    slots = []
    for minute in range(axis.first_minute, axis.last_minute, OFFER_EVERY_MINUTES):
        line = axis.line_of(minute)
        if not any(block.overlaps(line, line + rows) for block in blocks):
            slots.append(Slot(day, time(minute // 60, minute % 60), line, rows))
    return slots


def css_rules() -> str:
    """The placement classes `organizer.css` must define (pasted there; a test compares)."""
    rows_template = "grid-template-rows: var(--grid-head) repeat({0}, var(--grid-slot));"
    # A lane is as wide as its tracks need and takes its share of any width left over.
    tracks_template = (
        "grid-template-columns: repeat({0}, minmax(var(--track-min), 1fr));"
        " flex: {0} 0 calc({0} * var(--track-min)); width: calc({0} * var(--track-min));"
    )
    rules = [
        *(
            f".grid-row-start-{n} {{ grid-row-start: {n}; }}"
            for n in range(1, HEAD_ROWS + MAX_ROWS + 1)
        ),
        *(f".grid-row-span-{n} {{ grid-row-end: span {n}; }}" for n in range(1, MAX_ROWS + 1)),
        *(f".rows-{n} {{ {rows_template.format(n)} }}" for n in range(1, MAX_ROWS + 1)),
        *(f".tracks-{n} {{ {tracks_template.format(n)} }}" for n in range(1, MAX_TRACKS + 1)),
        *(f".track-start-{n} {{ grid-column-start: {n}; }}" for n in range(1, MAX_TRACKS + 1)),
        *(f".track-span-{n} {{ grid-column-end: span {n}; }}" for n in range(1, MAX_TRACKS + 1)),
        ".grid-page {"
        f" --grid-slot: {SLOT_HEIGHT_REM}rem; --card-line: {CARD_LINE_REM}rem;"
        f" --card-frame: {CARD_FRAME_REM}rem; }}",
        *(f".title-lines-{n} {{ --title-lines: {n}; }}" for n in range(1, MAX_TITLE_LINES + 1)),
    ]
    return "\n".join(rules) + "\n"
