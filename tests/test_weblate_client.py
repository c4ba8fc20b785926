"""Weblate's tmserver machinery (its real client code) against a real `tm serve`.

Weblate 5.14.3's ``weblate/machinery/tmserver.py`` and the parts of ``weblate/machinery/base.py``
it runs (``get_api_url``, which percent-encodes every path part with ``quote(part, b"")``;
``request`` and ``check_failure``; ``validate_settings``, which is what the admin's "save" runs:
``download_languages`` then a lookup of "test" from en to de; ``download_multiple_translations``)
and ``weblate/utils/requests.py`` are taken unchanged from the ``weblate`` wheel on PyPI
(downloaded with ``pip download --no-deps`` and cached, never vendored: Weblate is GPL). The
whole package (about 90 dependencies and a configured Django project with a database) is not
installed: the modules those files import for other features (language models, forms, error
reporting, hashing, site URL) are replaced by small stand-ins below, and real Django (settings
configured in memory) and requests run in a separate venv. The client runs there in a
subprocess and prints what Weblate would show: the settings check's outcome and the
suggestions for each string.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from isolated_venv import venv_python, wheel_files
from tm.exchange import import_file
from tm.formats.tmx import write_tmx
from tm.model import TranslationUnit

WEBLATE = "weblate==5.14.3"
REAL_FILES = [
    "weblate/machinery/tmserver.py",
    "weblate/machinery/base.py",
    "weblate/machinery/types.py",
    "weblate/utils/requests.py",
]

# Stand-ins for the modules the real files import but the tmserver path does not use.
STUBS = {
    "weblate/__init__.py": "",
    "weblate/machinery/__init__.py": "",
    "weblate/utils/__init__.py": "",
    "weblate/checks/__init__.py": "",
    "weblate/lang/__init__.py": "",
    "weblate/checks/utils.py": "def highlight_string(*a, **k):\n    return []\n",
    "weblate/lang/models.py": "class Language: pass\nclass PluralMapper: pass\n",
    "weblate/machinery/forms.py": "class BaseMachineryForm: pass\nclass URLMachineryForm(BaseMachineryForm): pass\n",
    "weblate/utils/errors.py": "def report_error(*a, **k):\n    raise\n",
    "weblate/utils/hash.py": "def calculate_dict_hash(*a): return 0\ndef calculate_hash(*a): return 0\n"
                             "def hash_to_checksum(*a): return ''\n",
    "weblate/utils/similarity.py": "class Comparer: pass\n",
    "weblate/utils/site.py": "def get_site_url(url=''):\n    return 'http://weblate.invalid' + url\n",
    "weblate/utils/version.py": "USER_AGENT = 'Weblate/5.14.3'\n",
    "weblate/logger.py": "import logging\nLOGGER = logging.getLogger('weblate')\n",
}

DRIVER = r"""
import json, sys
from django.conf import settings
settings.configure(USE_I18N=False, CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
from django.core.exceptions import ValidationError
from weblate.machinery.tmserver import TMServerTranslation

url, texts = sys.argv[1], json.loads(sys.argv[2])
machine = TMServerTranslation({"url": url})
out = {}
try:
    machine.validate_settings()
    out["settings"] = "saved"
except ValidationError as error:
    out["settings"] = " ".join(error.messages)
out["languages"] = machine.download_languages()
out["suggestions"] = machine.download_multiple_translations("en", "pl", [(t, None) for t in texts], None, 75)
print(json.dumps(out, ensure_ascii=False))
"""

MULTILINE = "Delete this page?\nIts translations are deleted too."
UNICODE = "Ünïcödé “quotes” — 😀 / 50% of #1 & ?q=a+b"
PAIRS = [
    ("Save the draft", "Zapisz szkic"),
    (MULTILINE, "Usunąć tę stronę?\nJej tłumaczenia też zostaną usunięte."),
    (UNICODE, "Unikod „cudzysłowy” — 😀 / 50% z #1 & ?q=a+b"),
]


@pytest.fixture(scope="module")
def client_python(tmp_path_factory):
    python = venv_python("Django==5.2.*", "requests==2.*")
    real = wheel_files(WEBLATE, REAL_FILES)
    root = tmp_path_factory.mktemp("weblate-client")
    for member in REAL_FILES:
        (root / member).parent.mkdir(parents=True, exist_ok=True)
        (root / member).write_bytes((real / member).read_bytes())
    for name, text in STUBS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return python, root


@pytest.fixture(scope="module")
def tm_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("weblate-server")
    tmx, db = root / "m.tmx", root / "tm.db"
    write_tmx([TranslationUnit(s, t, "en", "pl") for s, t in PAIRS], tmx, src_lang="en")
    assert import_file(db, tmx, check_languages=False).added == len(PAIRS)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tm = Path(sys.executable).with_name("tm")
    proc = subprocess.Popen([str(tm), "serve", "--db", str(db), "--port", str(port), "--token", "secret"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("tm serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_client(client_python, url: str, texts: list[str]) -> dict:
    python, root = client_python
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(root)
    run = subprocess.run([str(python), "-c", DRIVER, url, json.dumps(texts)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.parametrize("prefix", ["/tmserver", "/api/v1"])
def test_weblate_saves_settings_and_gets_suggestions(client_python, tm_server, prefix):
    texts = [p[0] for p in PAIRS] + ["Save the drafts"]
    out = run_client(client_python, tm_server + prefix + "/", texts)
    assert out["settings"] == "saved"
    assert out["languages"] == [["en", "pl"]]
    got = out["suggestions"]
    for source, target in PAIRS:  # single-line, multi-line, every kind of character: exact
        assert got[source][0] == {"text": target, "quality": 100, "service": "tmserver", "source": source}
    fuzzy = got["Save the drafts"]
    assert fuzzy[0]["text"] == "Zapisz szkic" and 75 <= fuzzy[0]["quality"] < 100


def test_weblate_sees_the_404_for_an_unknown_source_language(client_python, tm_server):
    # Weblate's own error path: a server without the source language answers 404 with a message.
    python, root = client_python
    script = DRIVER.replace('"en", "pl", [(t, None)', '"de", "pl", [(t, None)')
    env = dict(os.environ, PYTHONPATH=str(root))
    run = subprocess.run([str(python), "-c", script, tm_server + "/tmserver", json.dumps(["x"])],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode != 0 and "404" in run.stderr and "no translation memory from de" in run.stderr


def test_empty_pairs_are_refused(tm_server):
    auth = {"Authorization": "Bearer secret"}
    for body in ({"source": "", "target": ""}, {"source": "x", "target": " "}, {"source": "\n", "target": "y"}):
        r = httpx.put(tm_server + "/tmserver/en/pl/unit/x", json=body, headers=auth)
        assert r.status_code == 422, (body, r.text)
    r = httpx.put(tm_server + "/tmserver/en/pl/unit/a%0Ab", json={"source": "a\nb", "target": "c\nd"}, headers=auth)
    assert r.status_code == 200 and r.json()["added"] == 1
    assert httpx.get(tm_server + "/tmserver/en/pl/unit/a%0Ab").json()[0]["target"] == "c\nd"
