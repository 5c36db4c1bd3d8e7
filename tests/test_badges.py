"""Badges (eventapp/door/badge_pdf.py, eventapp/organizer/badge_views.py): the PDF prints
every name and its QR code scans back, with a real decoder, to exactly the badge's code;
the diplomat's code is on /agenda and attached to the confirmation mail."""

import io
import re
from email import message_from_bytes, policy

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from eventapp.door import badges
from eventapp.door.badge_pdf import badges_pdf, grouped
from eventapp.extensions import db
from eventapp.mail_delivery import Mail, _message, deliver_all
from eventapp.models import AuditLog, DiplomatFunction, Region, RegistrationStatus, Role

from .test_mail import free_port
from .test_outbox import Inbox, MailServer

NAMES = [
    ("Élodie", "Dupré"),
    ("Łukasz", "Wiśniewski"),
    ("Şükrü", "Öztürk"),
    ("Nguyễn Thị", "Minh Khai"),
    ("", "Ørsted"),
    # 80 characters: shrinks and wraps onto two lines, and still fits.
    ("Maria José Guadalupe", "de los Santos Fernández-Villaverde y Montenegro Albuquerque"),
]


def pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace runs made one space (a long name wraps)."""
    document = pdfium.PdfDocument(pdf)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def decoded(pdf: bytes) -> list[list[str]]:
    """The QR codes a real decoder (zxing-cpp) reads on each page, rendered at 150 dpi
    (a scan of a printout; no help from the PDF's vectors)."""
    document = pdfium.PdfDocument(pdf)
    return [
        sorted(
            barcode.text for barcode in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())
        )
        for page in document
    ]


@pytest.fixture
def as_organizer(client, login, organizer):
    login(organizer)
    return client


def test_a6_has_a_page_per_badge_and_each_code_scans_back(app, event, attending):
    registrations = [attending(first_name=first, last_name=last) for first, last in NAMES[:3]]
    with app.test_request_context():
        codes = badges.ensure_badge_codes(registrations)
        pdf = badges_pdf(event, registrations, codes, "a6")
    assert pdf.startswith(b"%PDF-")
    assert decoded(pdf) == [[codes[each.id]] for each in registrations]


def test_a4_sheet_holds_four_badges_whose_codes_all_scan_back(app, event, attending):
    registrations = [attending() for _ in range(5)]
    with app.test_request_context():
        codes = badges.ensure_badge_codes(registrations)
        pdf = badges_pdf(event, registrations, codes, "a4")
    first_sheet, second_sheet = decoded(pdf)
    assert first_sheet == sorted(codes[each.id] for each in registrations[:4])
    assert second_sheet == [codes[registrations[4].id]]


@pytest.mark.parametrize(("first_name", "last_name"), NAMES)
def test_every_name_prints_with_its_own_letters(app, event, attending, first_name, last_name):
    registration = attending(first_name=first_name, last_name=last_name)
    name = registration.user.full_name
    with app.test_request_context():
        code = badges.ensure_badge_code(registration)
        pdf = badges_pdf(event, [registration], {registration.id: code}, "a6")
    # Extracted text proves the glyphs are in the embedded font (not boxes) …
    (text,) = pages(pdf)
    assert " ".join(name.split()) in text
    assert grouped(code) in text
    # … and the code still scans, however small the name had to become.
    assert decoded(pdf) == [[code]]


def test_the_80_character_name_is_80_characters():
    assert len(" ".join(NAMES[-1]).strip()) == 80


def test_a_badge_carries_the_event_function_post_and_days_in_the_organizers_language(
    app, event, attending
):
    registration = attending(
        first_name="Anna", last_name="Peeters", function=DiplomatFunction.CONSUL_GENERAL
    )
    registration.user.profile.post_city = "São Paulo"
    registration.user.profile.post_country = "Brazil"
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        code = badges.ensure_badge_code(registration)
        pdf = badges_pdf(event, [registration], {registration.id: code}, "a6")
        function = str(DiplomatFunction.CONSUL_GENERAL.label)
    (text,) = pages(pdf)
    assert "Journées de contact diplomatique 2026" in text
    assert function in text
    assert "São Paulo, Brazil" in text
    assert "lun. 2 févr." in text and "ven. 6 févr." in text


def test_one_badge_from_the_attendees_page(as_organizer, attending):
    registration = attending(first_name="Élodie", last_name="Dupré")
    page = as_organizer.get(f"/organizer/attendees/{registration.id}")
    link = f"/organizer/attendees/{registration.id}/badge-a6.pdf"
    assert link in page.get_data(as_text=True)
    response = as_organizer.get(link)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert re.fullmatch(
        r'attachment; filename="badge-dcd-2026-\d+-a6\.pdf"',
        response.headers["Content-Disposition"],
    )
    assert "Élodie Dupré" in pages(response.data)[0]
    assert decoded(response.data) == [[badges.ensure_badge_code(registration)]]


def test_badges_of_the_list_follow_its_filters_and_leave_out_who_is_not_expected(
    as_organizer, attending
):
    europe = [attending(last_name=f"Europe{n}", region=Region.EUROPE) for n in range(3)]
    attending(last_name="Asia", region=Region.ASIA_OCEANIA)
    attending(last_name="Cancelled", region=Region.EUROPE, status=RegistrationStatus.CANCELLED)
    attending(last_name="Registered", region=Region.EUROPE, status=RegistrationStatus.REGISTERED)
    list_page = as_organizer.get("/organizer/attendees?region=europe").get_data(as_text=True)
    assert "/organizer/attendees/badges-a4.pdf?region=europe" in list_page
    response = as_organizer.get("/organizer/attendees/badges-a4.pdf?region=europe")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="badges-dcd-2026-a4.pdf"'
    )
    text = " ".join(pages(response.data))
    assert len(pages(response.data)) == 1  # four badges, one sheet
    for name in ("Europe0", "Europe1", "Europe2", "Registered"):
        assert name in text
    assert "Asia" not in text and "Cancelled" not in text
    codes = {badges.ensure_badge_code(each) for each in europe}
    assert codes < set(decoded(response.data)[0])


def test_an_empty_selection_says_so_instead_of_an_empty_pdf(as_organizer, attending):
    attending(status=RegistrationStatus.CANCELLED)
    response = as_organizer.get("/organizer/attendees/badges-a6.pdf?status=cancelled")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizer/attendees?status=cancelled")
    page = as_organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert "No badges to print" in page


def test_no_badge_for_a_cancelled_registration(as_organizer, attending):
    registration = attending(status=RegistrationStatus.CANCELLED)
    response = as_organizer.get(f"/organizer/attendees/{registration.id}/badge-a6.pdf")
    assert response.status_code == 302
    assert registration.badge_seed is None


def test_reissued_code_replaces_the_old_one_at_once_and_is_audited(
    as_organizer, attending, organizer
):
    registration = attending()
    old = badges.ensure_badge_code(registration)
    url = f"/organizer/attendees/{registration.id}/badge/reissue"
    confirm_page = as_organizer.get(url)
    assert confirm_page.status_code == 200
    assert 'method="post"' in confirm_page.get_data(as_text=True)
    response = as_organizer.post(url, follow_redirects=True)
    assert "The old badge no longer works" in response.get_data(as_text=True)
    db.session.expire_all()
    assert badges.registration_for_code(old) is None
    new = badges.ensure_badge_code(registration)
    assert new != old
    assert badges.registration_for_code(new).id == registration.id
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "badge.reissue"))
    assert entry is not None and entry.actor_id == organizer.id


@pytest.mark.parametrize("role", [Role.DIPLOMAT, Role.DOOR_STAFF])
def test_diplomats_and_door_staff_get_no_badges(client, login, create_user, attending, role):
    registration = attending()
    login(create_user(role=role))
    for method, url in [
        ("get", f"/organizer/attendees/{registration.id}/badge-a6.pdf"),
        ("get", "/organizer/attendees/badges-a4.pdf"),
        ("get", f"/organizer/attendees/{registration.id}/badge/reissue"),
        ("post", f"/organizer/attendees/{registration.id}/badge/reissue"),
    ]:
        assert getattr(client, method)(url).status_code == 403, url


def test_agenda_shows_the_confirmed_diplomats_qr_code_and_code(client, login, attending):
    registration = attending()
    login(registration.user)
    page = client.get("/agenda").get_data(as_text=True)
    code = badges.ensure_badge_code(registration)
    assert "Your badge" in page
    assert grouped(code) in page
    svg = re.search(r"<svg[^>]*agenda-badge__image.*?</svg>", page, re.S).group(0)
    assert "<title>" in svg and 'role="img"' in svg
    assert "style=" not in svg and "<?xml" not in page
    # The SVG, rasterised, decodes to the code: the page's QR is the badge's.
    assert _decode_svg(svg) == code


def test_agenda_shows_no_badge_without_an_attending_registration(client, login, attending):
    registration = attending(status=RegistrationStatus.CANCELLED)
    login(registration.user)
    page = client.get("/agenda").get_data(as_text=True)
    assert "Your badge" not in page and "<svg" not in page
    assert registration.badge_seed is None


def _decode_svg(svg: str) -> str:
    """Draw the SVG's path (segno: 'M x y.5 h n m dx dy …' lines of width 1) and decode."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'class="agenda-badge__modules"[^>]* d="([^"]+)"', svg).group(1)
    scale = 10
    image = Image.new("L", (size * scale, size * scale), 255)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        values = [float(value) for value in numbers.split()]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        elif command in "Hh":
            end = values[0] if command == "H" else x + values[0]
            top = int((y - 0.5) * scale)
            for column in range(int(min(x, end) * scale), int(max(x, end) * scale)):
                for row in range(top, top + scale):
                    image.putpixel((column, row), 0)
            x = end
    (result,) = zxingcpp.read_barcodes(image)
    return result.text


class KeepingInbox(Inbox):
    """An SMTP server's side that keeps each message."""

    def __init__(self):
        super().__init__()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return await super().handle_DATA(server, session, envelope)


def test_confirmation_mail_carries_the_badges_qr_code(app, as_organizer, attending):
    app.config.update(MAIL_DELIVERY="worker", MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1")
    server = MailServer(free_port(), KeepingInbox())
    app.config["MAIL_PORT"] = server.port
    server.start()
    try:
        registration = attending(status=RegistrationStatus.REGISTERED)
        assert registration.badge_seed is None  # made when the mail is sent
        response = as_organizer.post(f"/organizer/attendees/{registration.id}/confirm")
        assert response.status_code == 302
        assert deliver_all().sent == 1
    finally:
        server.stop()
    (message,) = server.inbox.messages
    assert "QR code of your badge is attached" in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "image/png"
    image = Image.open(io.BytesIO(attachment.get_content()))
    (result,) = zxingcpp.read_barcodes(image)
    db.session.expire_all()
    assert result.text == badges.ensure_badge_code(registration)
    # The outbox keeps no code: only the registration's id.
    assert badges.ensure_badge_code(registration) not in message.get_body(("plain",)).get_content()


def test_a_mail_for_a_registration_no_longer_attending_goes_without_a_code(app, attending):
    registration = attending(status=RegistrationStatus.CANCELLED)
    mail = Mail("a@example.org", "Subject", "Body\n", "<id@example.org>", 1, 0, registration.id)
    message = _message(mail, app.config)
    assert list(message.iter_attachments()) == []
    assert registration.badge_seed is None
