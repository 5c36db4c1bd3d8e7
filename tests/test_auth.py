def test_user_logs_in_and_sees_their_name(client, diplomat, login):
    login(diplomat)
    page = client.get("/").get_data(as_text=True)
    assert f'title="Change password">{diplomat.full_name}</a></li>' in page


def test_login_email_is_case_insensitive(client, diplomat):
    response = client.post(
        "/login", data={"email": "  Ambassador@Example.ORG ", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, diplomat):
    wrong_password = client.post(
        "/login", data={"email": diplomat.email, "password": "nope"}
    ).get_data(as_text=True)
    unknown_email = client.post(
        "/login", data={"email": "nobody@example.org", "password": "nope"}
    ).get_data(as_text=True)
    message = "That e-mail address and password do not match."
    assert message in wrong_password
    assert message in unknown_email


def test_deactivated_user_cannot_log_in(client, create_user):
    user = create_user(active=False)
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "do not match" in response.get_data(as_text=True)


def test_login_returns_to_the_page_asked_for_but_never_off_site(client, diplomat):
    data = {"email": diplomat.email, "password": "correct horse battery"}
    response = client.post("/login", data={**data, "next": "/healthz"})
    assert response.headers["Location"] == "/healthz"
    client.post("/logout")
    response = client.post("/login", data={**data, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/agenda"  # where a diplomat lands otherwise


def test_logout_ends_the_session(client, diplomat, login):
    login(diplomat)
    client.post("/logout")
    page = client.get("/").get_data(as_text=True)
    assert "site-nav__user" not in page
    assert 'href="/login"' in page


def test_the_welcome_after_logging_in_is_in_the_language_the_user_saved(client, create_user):
    create_user(email="francophone@example.org", language="fr", first_name="Élodie")
    response = client.post(
        "/login",
        data={"email": "francophone@example.org", "password": "correct horse battery"},
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )
    assert "Bienvenue, Élodie" in response.get_data(as_text=True)
