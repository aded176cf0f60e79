"""Strict versions of strawberry's Decimal, Date and DateTime: a value no business rule can hold
(NaN, infinity, a thousand digits, the year 9999) is refused while variables are read."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import replace

import dateutil.parser
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, DecimalDefinition, wrap_parser
from strawberry.types.scalar import ScalarDefinition

MAX_DECIMAL = decimal.Decimal("1e15")  # above any amount in yuan, point or score
MAX_DECIMAL_PLACES = 10
FIRST_YEAR, LAST_YEAR = 1900, 2200


def parse_decimal(text: str) -> decimal.Decimal:
    value = decimal.Decimal(text.strip())
    if not value.is_finite():
        raise ValueError("not a finite number")
    exponent = value.as_tuple().exponent
    if abs(value) >= MAX_DECIMAL or (isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES):
        raise ValueError("out of range")
    return value


def _in_years(value: dt.date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")


def parse_date(text: str) -> dt.date:
    value = dt.date.fromisoformat(text)
    _in_years(value)
    return value


def parse_datetime(text: str) -> dt.datetime:
    value = dateutil.parser.isoparse(text)
    _in_years(value)
    return value


StrictDecimal: ScalarDefinition = replace(
    DecimalDefinition,
    parse_value=wrap_parser(
        parse_decimal, "Decimal", exceptions=(decimal.DecimalException, ValueError), accept_non_string=True
    ),
)
StrictDate: ScalarDefinition = replace(DateDefinition, parse_value=wrap_parser(parse_date, "Date"))
StrictDateTime: ScalarDefinition = replace(
    DateTimeDefinition, parse_value=wrap_parser(parse_datetime, "DateTime", exceptions=(ValueError, OverflowError))
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    decimal.Decimal: StrictDecimal,
    dt.date: StrictDate,
    dt.datetime: StrictDateTime,
}
