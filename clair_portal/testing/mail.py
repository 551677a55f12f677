"""A mail backend for tests with a real worker: what the worker's mail server accepted,
written where the test can read it.

The worker uses it when ``CLAIR_TEST_MAIL_DIR`` is set (``worker_settings``). Each
accepted message is one JSON line in ``<dir>/sent.jsonl``. While a file ``<dir>/hold``
exists, a send first writes ``<dir>/holding`` and then waits for ``hold`` to go, so a
test can kill the worker between the claim and the server's answer.
"""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def mail_dir() -> Path:
    return Path(os.environ["CLAIR_TEST_MAIL_DIR"])


def accepted(directory: Path) -> list[dict]:
    """The messages the recording backend accepted so far, oldest first."""
    log = directory / "sent.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line]


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = mail_dir()
        while (directory / "hold").exists():
            (directory / "holding").touch()
            time.sleep(0.05)
        with open(directory / "sent.jsonl", "a") as log:
            for message in email_messages:
                log.write(json.dumps({"to": message.to, "subject": message.subject}) + "\n")
        return len(email_messages)
