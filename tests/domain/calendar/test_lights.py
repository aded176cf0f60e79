import pytest

from domain.calendar import WarningLight, warning_light, worst


@pytest.mark.parametrize(
    ("left", "light"),
    [
        (10, WarningLight.GREEN),
        (2, WarningLight.GREEN),
        (1, WarningLight.YELLOW),
        (0, WarningLight.YELLOW),
        (-1, WarningLight.RED),
        (-30, WarningLight.RED),
    ],
)
def test_warning_light(left: int, light: WarningLight) -> None:
    assert warning_light(left) is light


@pytest.mark.parametrize(
    ("lights", "expected"),
    [
        ([], WarningLight.GREEN),
        ([WarningLight.GREEN, WarningLight.GREEN], WarningLight.GREEN),
        ([WarningLight.GREEN, WarningLight.YELLOW], WarningLight.YELLOW),
        ([WarningLight.RED, WarningLight.GREEN, WarningLight.YELLOW], WarningLight.RED),
    ],
)
def test_a_project_shows_its_worst_open_task(lights: list[WarningLight], expected: WarningLight) -> None:
    assert worst(lights) is expected


def test_worst_accepts_any_iterable() -> None:
    assert worst(warning_light(n) for n in (5, 0, 3)) is WarningLight.YELLOW
