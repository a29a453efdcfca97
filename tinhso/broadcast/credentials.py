"""Each loudspeaker's own MQTT account, and the broker's files that enforce it.

A speaker logs in with its code and a password the installer types into it once
(`manage.py speaker_password CODE` makes a new one and shows it once). The platform
keeps only the hash, in the form Mosquitto's password file reads (``$7$``: PBKDF2-
HMAC-SHA512, 101 iterations, 12-byte salt — what ``mosquitto_passwd`` writes; done here
with hashlib because that tool asks for the password on a terminal). The ACL gives each
speaker its own topics only, so a speaker cannot report for, or listen to, another.
`manage.py broadcast_broker_files DIR` writes both; Mosquitto reads them again on SIGHUP.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import string
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

from tinhso.broadcast import protocol
from tinhso.broadcast.models import Speaker
from tinhso.core.audit import write_audit

ITERATIONS = 101
ALPHABET = string.ascii_letters + string.digits


def mosquitto_hash(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, ITERATIONS)
    return f"$7${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def do_issue_password(speaker: Speaker, *, acting_user: object = None) -> str:
    """A new password for the speaker (the old one stops working once the broker's files
    are written again); returned once, never stored."""
    # Letters and digits only: typed into a device's web page by an installer, and never
    # starting with "-" (a command line would take it for an option).
    password = "".join(secrets.choice(ALPHABET) for _ in range(24))
    speaker.mqtt_hash = mosquitto_hash(password)
    speaker.save(update_fields=["mqtt_hash"])
    write_audit("broadcast.speaker_password", actor=acting_user, obj=speaker)
    return password


def platform_account() -> tuple[str, str]:
    """The platform's own user and password, from BROADCAST_MQTT_URL."""
    parts = urlsplit(settings.BROADCAST_MQTT_URL)
    return unquote(parts.username or ""), unquote(parts.password or "")


def password_file() -> str:
    lines = [
        f"{code}:{hashed}"
        for code, hashed in Speaker.objects.in_service()
        .exclude(mqtt_hash="")
        .values_list("code", "mqtt_hash")
    ]
    user, password = platform_account()
    if user and password:
        lines.insert(0, f"{user}:{mosquitto_hash(password)}")
    return "\n".join(lines) + "\n"


def acl_file() -> str:
    user, _password = platform_account()
    platform = f"user {user}\ntopic readwrite {protocol.PREFIX}/#\n\n" if user else ""
    # %u is the logged-in user's name: a speaker's own code.
    return platform + (
        f"pattern read {protocol.PREFIX}/%u/cmd\n"
        f"pattern write {protocol.PREFIX}/%u/report\n"
        f"pattern write {protocol.PREFIX}/%u/status\n"
    )


def write_broker_files(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    passwd, acl = folder / "speakers.passwd", folder / "speakers.acl"
    for path, text in ((passwd, password_file()), (acl, acl_file())):
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.chmod(0o640)
        temporary.replace(path)  # the broker never reads half a file
    return passwd, acl
