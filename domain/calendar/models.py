"""Holiday years loaded by administrators for years the packaged calendar does not cover."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CalendarYear(Model):
    """One loading of a year's holiday file. A later loading of the same year replaces it."""

    id = fields.IntField(primary_key=True)
    year = fields.IntField(db_index=True)
    text = fields.TextField()
    loaded_by_id = fields.IntField()
    loaded_at = fields.DatetimeField()

    class Meta:
        table = "calendar_year"
