"""Notification tests run on the fixed domain date, like the domain tests."""

from tests.domain.conftest import frozen_clock  # noqa: F401
