"""The demo week: the 2026 Diplomatic Contact Days, loaded by `eventapp seed-demo`."""

from ..datasafety import empty_database
from ..extensions import db
from ..programme.services import lock_programme
from ..unit_of_work import unit_of_work
from .loader import DemoLoader


def seed_demo() -> dict[str, int]:
    """Load the 2026 Contact Days demo week and return how many rows of each kind it created.

    Loads the edition `dcd-2026` at the Egmont Palace (2–6 February 2026) with its rooms,
    organisations, speakers and about fifty sessions in English, French and Dutch; the demo
    accounts organizer@example.org (password "demo-organizer"), ambassador@example.org
    ("demo-diplomat", registered for the whole week) and door@example.org ("demo-door",
    door staff); and some 120 fictional heads of post without a password. Everyone was
    invited and has a registration in a realistic mix of states, and the sessions that
    need sign-up are filled as organizers would see them a few days before the week
    (`data.SNAPSHOT`), some with a waitlist. The palace door is as it stands on Tuesday at
    09:30: most of Monday's expected checked in, about 60 % of Tuesday's, a few at the
    door of the first session with sign-up. Bilateral meetings: 15 partner
    representatives, among them partner@example.org ("demo-partner"); some 25 heads of
    post who accept requests, the demo ambassador too; two open meeting windows where
    the programme leaves them free (`data.MEETING_WINDOWS`); some 40 requests and
    meetings in every state (`data.MEETINGS`). Five briefing documents on five sessions
    (`data.DOCUMENTS`: public, for a regional meeting's audience, for the participants of
    a round table and of an invited-only closed session; one replaced since the demo
    ambassador last looked, one withdrawn), their files written to DOCUMENTS_FOLDER.

    Safe to run again: every row is looked up by its natural key (the event by slug; rooms,
    organisations and speakers by event and name; users by e-mail; sessions by event,
    English title and start; partners by e-mail; meeting windows by event and start;
    invitations and registrations by event and user; documents by session and English
    title) and only created when missing;
    sign-ups are only made for sessions that have none, meetings for an edition that has
    none. Rows that exist are left exactly as they are, edits included, so a second run
    changes nothing and returns zeros. Nothing is random: the same data gives the same
    rows. Commits once, at the end.
    """
    loader = DemoLoader()
    # One transaction: the documents' services join it instead of committing their own.
    with unit_of_work():
        event = loader.event()
        rooms = loader.rooms(event)
        organisations = loader.organisations(event)
        speakers = loader.speakers(event, organisations)
        users = loader.users()
        loader.invitations(event, users)
        loader.registrations(event, users)
        loader.sessions(event, rooms, organisations, speakers, users)
        loader.signups(event, users)
        loader.check_ins(event, users)
        partners = loader.partners(event, organisations)
        windows = loader.meeting_windows(event, rooms)
        loader.meetings(event, users, partners, windows)
        loader.documents(event, users)
        if any(loader.created.values()):
            # A running server's calendar feeds must show what was just loaded.
            db.session.flush()
            lock_programme(event.id)
    return loader.created


def reset_demo() -> tuple[dict[str, int], dict[str, int]]:
    """Put the demo back as it was first loaded: delete every row of every table (every
    account, registration, sign-up and change made since, the audit log too), then load
    the demo week (`seed_demo`). Returns the rows deleted and created per table.

    One transaction, committed once by `seed_demo`: if loading fails, nothing is deleted.
    Ids start again at 1, so the demo's pages keep their addresses.
    """
    deleted = empty_database()
    created = seed_demo()
    return deleted, created
