"""The one place that reads the wall clock for a date: the default evaluation date, in UTC.

Everything a recommendation shows is dated from the evaluation date (``--as-of``), which travels in
``OfferQuery.as_of``; the local time zone never decides a date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_today() -> date:
    """Today's date in UTC: the default evaluation date when ``--as-of`` is not given."""
    return datetime.now(UTC).date()


def start_of_day(day: date) -> datetime:
    """Midnight UTC of ``day``: the timestamp of a price dated by the evaluation date."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


AFTER_EVALUATION = "dated after the evaluation date"


def age_days(when: datetime, now: datetime) -> float | None:
    """Days from ``when`` to ``now``; None for a date after ``now`` (never a negative age)."""
    seconds = (now - when).total_seconds()
    return None if seconds < 0 else round(seconds / 86400, 3)
