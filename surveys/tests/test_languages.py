import subprocess

import pytest
import time_machine
from django.urls import reverse

from .factories import DURING_SURVEYS, survey_for

pytestmark = pytest.mark.django_db

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: cy\\n"

msgid "Start now"
msgstr "Dechrau nawr"

msgid "Survey for parents and carers"
msgstr "Arolwg i rieni a gofalwyr"
"""


def test_a_language_without_a_catalogue_is_never_declared(client, inspection):
    survey = survey_for(inspection)
    with time_machine.travel(DURING_SURVEYS, tick=False):
        page = client.get(
            reverse("surveys:start", kwargs={"token": survey.token}), HTTP_ACCEPT_LANGUAGE="cy"
        ).content.decode()
    assert '<html lang="en-gb"' in page and "Start now" in page
    assert "Cymraeg" not in page  # not offered until there is a catalogue


def test_adding_a_catalogue_offers_the_survey_in_that_language(client, inspection, settings, tmp_path):
    messages = tmp_path / "cy" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(PO)
    subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True)
    settings.LOCALE_PATHS = [tmp_path]
    survey = survey_for(inspection)
    url = reverse("surveys:start", kwargs={"token": survey.token})
    with time_machine.travel(DURING_SURVEYS, tick=False):
        english = client.get(url).content.decode()
        assert 'href="?lang=cy"' in english and "Cymraeg" in english
        welsh = client.get(url + "?lang=cy").content.decode()
    assert '<html lang="cy"' in welsh and "Dechrau nawr" in welsh and "Arolwg i rieni a gofalwyr" in welsh
