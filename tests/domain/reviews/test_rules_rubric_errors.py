"""Every way a rubric can be wrong fails with "source:line: " and says what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.reviews.rules import RubricError, load_rubric, load_rubric_file, load_rubrics
from domain.reviews.rules import rubric as rubric_module
from domain.workflow.templates import TemplateError

VALID = """\
key: t
version: 1
name: 测试评分表
name_en: Test rubric
stage: PLAN_REVIEW
criteria:
  - key: feasibility
    name: 可行性
    name_en: Feasibility
    max_points: 60
    guidance: 技术路线是否成熟。
  - key: cost
    name: 性价比
    name_en: Value for money
    max_points: 40
    guidance: 投资估算是否有依据。
"""


def failure(text: str) -> tuple[int, str]:
    """The line and the message of the error the text raises."""
    with pytest.raises(RubricError) as raised:
        load_rubric(text, source="r.yaml")
    error = raised.value
    assert str(error) == f"r.yaml:{error.line}: {error.problem}"
    return error.line, error.problem


def marked_line(text: str) -> int:
    """The line carrying the `# <-` marker: where the error must point."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if "# <-" in line)


def test_the_valid_rubric_loads() -> None:
    rubric = load_rubric(VALID, source="r.yaml")
    assert [criterion.key for criterion in rubric.criteria] == ["feasibility", "cost"]
    assert rubric.criteria[0].guidance == "技术路线是否成熟。"


def test_a_rubric_error_is_a_template_error_and_a_value_error() -> None:
    assert issubclass(RubricError, TemplateError)
    assert issubclass(RubricError, ValueError)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name_en: Test rubric\n", "name_en: Test rubric\nweight: 1  # <-\n", "unknown key 'weight' in rubric"),
        (
            "    guidance: 投资估算是否有依据。\n",
            "    guidance: 投资估算是否有依据。\n    note: x  # <-\n",
            "unknown key 'note'",
        ),
        ("  - key: cost", "  - key: feasibility  # <-", "criterion key 'feasibility' repeated (first on line 7)"),
        ("    name: 性价比", "    name: 可行性  # <-", "criterion name '可行性' repeated"),
        ("max_points: 40", "max_points: 0  # <-", "max_points of criterion 'cost' must be above 0 and at most 100"),
        ("max_points: 40", "max_points: -40  # <-", "must be above 0 and at most 100, got -40"),
        ("max_points: 60", "max_points: 101  # <-", "must be above 0 and at most 100, got 101"),
        ("max_points: 40", "max_points: 39.95  # <-", "may have at most one decimal, got 39.95"),
        ("max_points: 40", "max_points: forty  # <-", "must be a number of points, got 'forty'"),
        ("max_points: 40", "max_points: true  # <-", "must be a number of points"),
        ("max_points: 40", "max_points: .nan  # <-", "must be above 0 and at most 100"),
        ("guidance: 投资估算是否有依据。", 'guidance: ""  # <-', "guidance of criterion 'cost' must be non-empty text"),
        ("guidance: 投资估算是否有依据。", "guidance:  # <-", "guidance of criterion 'cost' must be non-empty text"),
        (
            "stage: PLAN_REVIEW",
            "stage: FINANCE_REVIEW  # <-",
            "stage FINANCE_REVIEW has no expert review; a rubric serves one of PRE_REVIEW",
        ),
        ("stage: PLAN_REVIEW", "stage: PLAN_REVEIW  # <-", "unknown stage 'PLAN_REVEIW' (did you mean 'PLAN_REVIEW'?)"),
        ("stage: PLAN_REVIEW", "stage: [PLAN_REVIEW]  # <-", "stage must be a single value"),
        ("key: t", "key: Plan-Review  # <-", "rubric key 'Plan-Review' must be snake_case"),
        ("key: t", f"key: {'k' * 33}  # <-", "is longer than 32 characters"),
        ("version: 1", "version: 0  # <-", "version must be between 1 and 9999, got 0"),
        ("  - key: cost", "  - key: Cost  # <-", "criterion key 'Cost' must be snake_case"),
        ("name: 测试评分表", "name: '  '  # <-", "name must be non-empty text"),
    ],
)
def test_a_wrong_value_names_its_line(old: str, new: str, expected: str) -> None:
    text = VALID.replace(old, new, 1)
    assert text != VALID
    line, problem = failure(text)
    assert line == marked_line(text)
    assert expected in problem


def test_max_points_must_total_exactly_100() -> None:
    text = VALID.replace("max_points: 40", "max_points: 39.9")
    line, problem = failure(text)
    assert line == 7  # the first criterion: where the list starts
    assert problem == "max_points of the criteria total 99.9, they must total exactly 100"


def test_one_decimal_points_may_total_100() -> None:
    text = VALID.replace("max_points: 60", "max_points: 60.5").replace("max_points: 40", "max_points: 39.5")
    assert [c.max_points for c in load_rubric(text, source="r.yaml").criteria] == [
        pytest.approx(60.5),
        pytest.approx(39.5),
    ]


def test_a_missing_key_names_the_mapping() -> None:
    line, problem = failure(VALID.replace("stage: PLAN_REVIEW\n", ""))
    assert (line, problem) == (1, "rubric is missing the required key 'stage'")
    line, problem = failure(VALID.replace("    guidance: 技术路线是否成熟。\n", ""))
    assert (line, problem) == (7, "criterion is missing the required key 'guidance'")


def test_no_criteria_at_all_is_an_error() -> None:
    line, problem = failure(VALID.split("criteria:")[0] + "criteria: []\n")
    assert (line, problem) == (6, "criteria must not be empty")


def test_invalid_yaml_and_an_empty_file_name_their_line() -> None:
    line, problem = failure(VALID.replace("name: 性价比", "name: [性价比"))
    assert line > 13 and problem.startswith("invalid YAML")
    assert failure("# nothing here\n") == (1, "the template is empty")


def write(folder: Path, name: str, text: str = VALID) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_name_must_match_the_key_and_version(tmp_path: Path) -> None:
    assert load_rubric_file(write(tmp_path, "t.v1.yaml")).key == "t"
    with pytest.raises(RubricError, match=r"^bad\.yaml:1: file name 'bad\.yaml' must read"):
        load_rubric_file(write(tmp_path, "bad.yaml"), source="bad.yaml")
    with pytest.raises(RubricError, match=r"^u\.v1\.yaml:1: key 't' does not match the file name, which says 'u'$"):
        load_rubric_file(write(tmp_path, "u.v1.yaml"), source="u.v1.yaml")
    with pytest.raises(RubricError, match=r"^t\.v2\.yaml:2: version 1 does not match the file name, which says 2$"):
        load_rubric_file(write(tmp_path, "t.v2.yaml"), source="t.v2.yaml")


@pytest.fixture
def rubric_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(rubric_module, "FILES", tmp_path)
    load_rubrics.cache_clear()
    yield tmp_path
    load_rubrics.cache_clear()


def test_a_gate_has_one_rubric_key(rubric_folder: Path) -> None:
    write(rubric_folder, "t.v1.yaml")
    write(rubric_folder, "u.v1.yaml", VALID.replace("key: t", "key: u"))
    with pytest.raises(RubricError) as raised:
        load_rubrics()
    assert str(raised.value).endswith(
        "u.v1.yaml:5: stage PLAN_REVIEW already has the rubric 't': issue a new version of it"
    )


def test_a_rubric_key_serves_one_gate_in_every_version(rubric_folder: Path) -> None:
    write(rubric_folder, "t.v1.yaml")
    write(rubric_folder, "t.v2.yaml", VALID.replace("version: 1", "version: 2").replace("PLAN_REVIEW", "PRE_REVIEW"))
    with pytest.raises(RubricError, match=r"t\.v2\.yaml:5: rubric 't' serves PLAN_REVIEW in other versions$"):
        load_rubrics()


def test_the_latest_version_serves_the_gate(rubric_folder: Path) -> None:
    from domain.projects.kinds import Stage
    from domain.reviews.rules import find_rubric, rubric_for

    write(rubric_folder, "t.v1.yaml")
    write(rubric_folder, "t.v2.yaml", VALID.replace("version: 1", "version: 2").replace("性价比", "投资估算"))
    assert rubric_for(Stage.PLAN_REVIEW).version == 2
    assert find_rubric("t", 1).criteria[1].name == "性价比"
