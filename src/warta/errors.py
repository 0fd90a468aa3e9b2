"""Errors warta raises on bad input. Each names the input and the reason in one line."""

from __future__ import annotations


class WartaError(Exception):
    """Base class: every error warta raises on purpose derives from it."""


class InputError(WartaError):
    """The input cannot be read as a news page (empty, binary, too large, undecodable)."""

    def __init__(self, source: str | None, reason: str) -> None:
        self.source = source or "<input>"
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class StoreError(WartaError):
    """The database could not be opened or written."""
