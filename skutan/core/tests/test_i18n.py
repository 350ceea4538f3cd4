from django.utils import translation


def test_english_catalogue_translates_the_menu():
    with translation.override("en"):
        assert translation.gettext("Sök person") == "Find person"
    with translation.override("sv"):
        assert translation.gettext("Sök person") == "Sök person"


def test_language_switch_renders_english_menu(client, staff):
    client.force_login(staff["eb_worker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Find person" in html
    assert '<html lang="en">' in html
