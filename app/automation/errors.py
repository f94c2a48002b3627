"""Error codes of job runs."""

from __future__ import annotations

from enum import Enum


class JobErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    ALREADY_FINISHED = "ALREADY_FINISHED"
