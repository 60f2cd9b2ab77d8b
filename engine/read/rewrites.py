"""The accounting of a line carried back through its rewrites (engine/read/normalise.py).

A rewrite keeps its span's width but not the places of the letters in it: "up to age 75"
is read as "age up to 75", "molar equivalent/L" as "mEq" and blanks. Accounts are found
in the rewritten text, so at a span's columns they would name fragments of the words the
user wrote ("t", "ar equivalent"), and the blanks a rewrite left would look like blanked
list markers. Each span is therefore given whole to the one account that read what was
written there, and taken from every other: every character the user wrote is accounted
for once, with the words it was read as part of.
"""
from __future__ import annotations

from typing import Optional

from .lexicon import Account
from .normalise import Span


def through_rewrites(accounts: list[Account], text: str, body: str, rewrites: tuple[Span, ...]) -> list[Account]:
    """The accounts of body (text rewritten, columns kept) as accounts of text: each
    rewritten span in the account that read most of it, in no other."""
    for span in rewrites:
        owner = _reader_of(accounts, body, span)
        if owner is not None:
            accounts = _given_to(accounts, owner, span, text)
    return accounts


def _reader_of(accounts: list[Account], body: str, span: Span) -> Optional[Account]:
    """The account covering most of what the rewrite wrote; for a rewrite that only
    blanked ("\\>=", "(=<)"), the account of the character next to it, after or before."""
    start, end = span
    written = [i for i in range(start, end) if not body[i].isspace()] or \
        [i for i in (end, start - 1) if 0 <= i < len(body) and not body[i].isspace()][:1]
    best, most = None, 0
    for account in sorted(accounts):
        covered = sum(account.start <= i < account.end for i in written)
        if covered > most:
            best, most = account, covered
    return best


def _given_to(accounts: list[Account], owner: Account, span: Span, text: str) -> list[Account]:
    """The owner widened to the span, every other account with the span cut out of it
    (what is left on either side kept, less its blanks)."""
    start, end = span
    out = []
    for account in accounts:
        if account == owner:
            out.append(Account(min(account.start, start), max(account.end, end), account.role, account.category))
        elif account.end <= start or account.start >= end:
            out.append(account)
        else:
            out += _trimmed(text, account, account.start, start) + _trimmed(text, account, end, account.end)
    return out


def _trimmed(text: str, account: Account, start: int, end: int) -> list[Account]:
    """The account narrowed to text[start:end] without its blanks at either end; none if
    nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Account(start, end, account.role, account.category)] if end > start else []
