"""Short resume codes and unguessable survey links.

A resume code is read off a screen and typed back on another day, maybe on another device, so it
uses an alphabet without look-alike characters (no 0/O, 1/I/L) and ignores case, spaces and
dashes. Only a hash of it is stored: the database alone cannot reopen someone's answers.
"""

from __future__ import annotations

import hashlib
import re
import secrets

RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESUME_LENGTH = 8  # 31**8 is about 8.5 * 10**11 codes, and a code only works with its survey's link


def new_resume_code() -> str:
    """A fresh code shown as two groups of four, for example "K7QM-3TZA"."""
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_resume_code(text: str) -> str | None:
    """The canonical form of what someone typed, or None if it cannot be a resume code."""
    raw = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    if len(raw) != RESUME_LENGTH or any(ch not in RESUME_ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def hash_resume_code(code: str) -> str:
    """SHA-256 of the canonical code; the only form that is stored."""
    return hashlib.sha256(code.encode()).hexdigest()


#: What a link token can look like; anything else cannot be a survey and is not looked up.
LINK_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def new_link_token() -> str:
    """The secret part of a survey's public link (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)
