"""Bilateral meetings' use cases: a partner's request, the head of post's answer, either
party's cancellation, and organizers booking, placing and moving on someone's behalf.

Each function is one unit of work (eventapp/unit_of_work.py): it checks its rules,
writes, records the audit log and mails the OTHER party in their language, or raises
and leaves nothing behind. Refusals are `MeetingRefused` (a rule: not opted in, window
not open, over a limit, a duplicate request...); a slot taken by someone else meanwhile
is `MeetingConflict`, whose message names the conflict ("Table 3 at 14:25 was just
taken"). Both are `MeetingError`, with a message written for people.

No double booking: `accept`, `place`, `book` (and `accept_proposal`) lock the window's
row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the first write takes the database's
write lock, one writer at a time), then both people's rows, then read their accepted
meetings again and check the slot under the lock; the partial unique indexes
uq_meetings_table_slot, uq_meetings_partner_slot and uq_meetings_diplomat_slot are the
last guard: their IntegrityError becomes the same `MeetingConflict`.

`accept_proposal`: when the partner accepts the window the head of post proposed, the
meeting is accepted at once in the earliest slot of that window where both are free and
a table is free (the head of post chose the window, so any slot of it suits them); when
none is left, the partner is told so and the proposal stays open.
"""


class MeetingError(Exception):
    """A meeting step that cannot be done; the message says why, for people."""


class MeetingRefused(MeetingError):
    """A rule refuses the step (not opted in, window not open, over a limit...)."""


class MeetingConflict(MeetingError):
    """The slot was taken meanwhile: a table, or one of the two people, is no longer
    free then. The message names the conflict."""


def request_meeting(partner, diplomat, *, subject, note="", windows, by=None):
    """A partner asks a head of post for a meeting in one or more open windows.

    Raises MeetingRefused: the head of post does not accept requests (no attending
    registration with `accepts_meetings`), a window is not open or does not fall on a
    day they attend, no window, the partner already has
    `Event.meeting_requests_per_partner` open requests (requested, proposed, accepted
    without a slot), or an open request to the same person already exists (the index
    uq_meetings_open_pair decides under concurrency). Mails the head of post.
    """
    raise NotImplementedError


def accept(meeting, *, window=None, starts_at=None, by, table=None):
    """The head of post (or an organizer) accepts a request in a slot of one of its
    windows (the lowest free table unless `table`). Without a window, the meeting is
    accepted without a slot, for organizers to place (`place`).

    Raises MeetingRefused (not waiting for an answer, not a window or slot of the
    request) or MeetingConflict (the slot, a table or one of the people was taken
    meanwhile). Mails the partner.
    """
    raise NotImplementedError


def decline(meeting, *, by, message=""):
    """The head of post declines a request (or a proposal pending), with an optional
    message. Raises MeetingRefused when no longer open. Mails the partner."""
    raise NotImplementedError


def propose(meeting, *, window, by):
    """The head of post proposes another open window; the partner then accepts or
    withdraws. Raises MeetingRefused (not open, window not open or not a day they
    attend). Mails the partner."""
    raise NotImplementedError


def accept_proposal(meeting, *, by):
    """The partner accepts the proposed window: accepted at once in its earliest
    offered slot. Raises MeetingRefused (nothing proposed) or MeetingConflict (no slot
    left). Mails the head of post."""
    raise NotImplementedError


def withdraw(meeting, *, by):
    """The partner withdraws a request or a proposal pending. Raises MeetingRefused
    when not open. Mails the head of post."""
    raise NotImplementedError


def cancel(meeting, *, by, reason):
    """Either party or an organizer cancels an accepted meeting: kept with status
    cancelled, its slot fields kept (calendars show it cancelled), `sequence` raised.
    Raises MeetingRefused when not accepted. Mails the other party (both when an
    organizer cancels)."""
    raise NotImplementedError


def place(meeting, *, window, starts_at, table=None, by):
    """An organizer gives an accepted-without-slot meeting a slot, or moves an accepted
    one (raises `sequence`). Raises MeetingRefused / MeetingConflict. Audited; mails
    both people."""
    raise NotImplementedError


def book(partner, diplomat, *, subject, window, starts_at, by, table=None):
    """An organizer books a meeting on both people's behalf, accepted in that slot.
    Raises MeetingRefused (a duplicate open pair, not a head of post or partner) or
    MeetingConflict. Audited; mails both people."""
    raise NotImplementedError
