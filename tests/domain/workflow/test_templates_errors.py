"""Every way a template can be wrong fails with "source:line: " and says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.workflow.templates import TemplateError, load_file, load_template

HEADER = """\
key: t
version: 1
name: 测试流程
name_en: Test process
applies_to:
  categories: [NEW]
stages:
"""


def stage(name: str, *keys: str, extra: str = "", step_extra: str = "") -> str:
    """A valid stage with one REVIEW step per key; `extra` and `step_extra` add lines."""
    steps = "".join(
        f"""\
      - key: {key}
        name: 审核
        name_en: Review
        action: REVIEW
        actors: [{{center: DATA}}]
        sign_mode: SEQUENTIAL
        limit_days: 7
{step_extra}"""
        for key in keys or (name.lower(),)
    )
    return f"  - stage: {name}\n{extra}    steps:\n{steps}"


def failure(text: str) -> tuple[int, str]:
    """The line and the message of the error the text raises."""
    with pytest.raises(TemplateError) as raised:
        load_template(text, source="t.yaml")
    error = raised.value
    assert str(error).startswith(f"t.yaml:{error.line}: ")
    assert str(error) == f"t.yaml:{error.line}: {error.problem}"
    return error.line, error.problem


def marked_line(text: str) -> int:
    """The line carrying the `# <-` marker: where the error must point."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if "# <-" in line)


def test_the_helpers_build_a_valid_template() -> None:
    template = load_template(HEADER + stage("PRE_REVIEW") + stage("PLAN_REVIEW"), source="t.yaml")
    assert [s.stage.value for s in template.stages] == ["PRE_REVIEW", "PLAN_REVIEW"]


STEP_MARKED = """\
      - key: {key}
        name: 审核
        name_en: Review
        action: {action}
        actors: {actors}
        sign_mode: {sign_mode}
        limit_days: {limit_days}
"""


def step_problem(
    *,
    key: str = "s",
    action: str = "REVIEW",
    actors: str = "[{center: DATA}]",
    sign_mode: str = "SEQUENTIAL",
    limit_days: str = "7",
    extra: str = "",
) -> tuple[str, tuple[int, str]]:
    """A template whose single step has the given values, and the error it raises."""
    step = STEP_MARKED.format(key=key, action=action, actors=actors, sign_mode=sign_mode, limit_days=limit_days)
    text = HEADER + "  - stage: PRE_REVIEW\n    steps:\n" + step + extra
    return text, failure(text)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"limit_days": "90"}, "limit_days of step 's' must be between 1 and 60, got 90"),
        ({"limit_days": "0"}, "limit_days of step 's' must be between 1 and 60, got 0"),
        ({"limit_days": "seven"}, "limit_days of step 's' must be a whole number, got str 'seven'"),
        ({"limit_days": "true"}, "limit_days of step 's' must be a whole number, got bool 'true'"),
        ({"limit_days": "7.5"}, "limit_days of step 's' must be a whole number, got float '7.5'"),
        ({"sign_mode": "COUNTERSIGNED"}, "unknown sign mode 'COUNTERSIGNED' (did you mean 'COUNTERSIGN'?)"),
        ({"action": "APPROVED"}, "unknown action 'APPROVED' (did you mean 'APPROVE'?)"),
        ({"actors": "[]"}, "actors of step 's' must not be empty"),
        ({"actors": "{center: DATA}"}, "actors of step 's' must be a list, got a mapping"),
        ({"actors": "[{center: DATAA}]"}, "unknown center 'DATAA' (did you mean 'DATA'?)"),
        ({"actors": "[{center: DATA, organisation_kind: DRC}]"}, "a DRC organisation does not act in the DATA center"),
        ({"actors": "[{center: FINANCE, organisation_kind: FINANCE_REVIW_CENTER}]"}, "unknown organisation kind"),
        ({"actors": "[{center: DATA, applicant: true}]"}, "only a BUILDER actor can be the applicant, not DATA"),
        ({"actors": "[{center: DATA, applicant: 'yes'}]"}, "applicant must be true or false, got str 'yes'"),
        ({"actors": "[{center: DATA, role: ''}]"}, "role must be non-empty text"),
        ({"actors": "[{centre: DATA}]"}, "unknown key 'centre' in actor of step 's' (did you mean 'center'?)"),
        ({"key": "SubmitPlan"}, "step key 'SubmitPlan' must be snake_case"),
    ],
)
def test_a_bad_step_value_is_named_on_its_line(overrides: dict[str, str], message: str) -> None:
    text, (line, problem) = step_problem(**overrides)
    assert message in problem
    (field,) = overrides
    assert text.splitlines()[line - 1].lstrip(" -").startswith(f"{field}:")


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("SCORE", "step 's' is a SCORE step: only EXPERT actors score"),
        ("SUBMIT", "step 's' is a SUBMIT step: only the applicant submits"),
    ],
)
def test_the_action_decides_who_may_act(action: str, message: str) -> None:
    text, (line, problem) = step_problem(action=action)
    assert problem == message
    assert text.splitlines()[line - 1].strip().startswith("actors:")


def test_a_typo_in_a_key_is_an_unknown_key_with_a_suggestion() -> None:
    text = HEADER + stage("PRE_REVIEW").replace("limit_days: 7", "limt_days: 7  # <-")
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith("unknown key 'limt_days' in step of stage PRE_REVIEW (did you mean 'limit_days'?)")


def test_a_missing_key_points_at_the_start_of_its_mapping() -> None:
    text = HEADER + stage("PRE_REVIEW").replace("        sign_mode: SEQUENTIAL\n", "").replace(
        "- key: pre_review", "- key: pre_review  # <-"
    )
    assert failure(text) == (marked_line(text), "step of stage PRE_REVIEW is missing the required key 'sign_mode'")


def test_a_repeated_yaml_key_is_refused() -> None:
    text = HEADER + stage("PRE_REVIEW").replace("limit_days: 7", "limit_days: 7\n        limit_days: 5  # <-")
    assert failure(text) == (marked_line(text), "key 'limit_days' repeated in step of stage PRE_REVIEW")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the template is empty"),
        ("- just a list\n", "template must be a mapping, got a list"),
        ("key: t\nversion: 1\n", "template is missing the required key 'name'"),
        (HEADER.replace("name_en:", "title: x\nname_en:"), "unknown key 'title' in template"),
        (HEADER.replace("version: 1", "version: 0"), "version must be between 1 and 9999, got 0"),
        (HEADER.replace("key: t", "key: Standard"), "template key 'Standard' must be snake_case"),
        (HEADER.replace("[NEW]", "[NEW, NEW]"), "category NEW repeated"),
        (HEADER.replace("[NEW]", "[NEWW]"), "unknown category 'NEWW' (did you mean 'NEW'?)"),
        (HEADER.replace("[NEW]", "[]"), "categories must not be empty"),
        (HEADER.replace("[NEW]", "[NEW]\n  requested_amount_below: -5"), "must be a finite amount of 0 or more"),
        (HEADER.replace("[NEW]", "[NEW]\n  requested_amount_below: 0"), "requested_amount_below must be above 0"),
        (HEADER, "stages must be a list, got nothing"),
        (HEADER + "  []\n", "stages must not be empty"),
    ],
)
def test_bad_template_headers(text: str, message: str) -> None:
    assert message in failure(text)[1]


def test_a_yaml_syntax_error_names_its_line() -> None:
    text = HEADER + stage("PRE_REVIEW", step_extra="        when: {field: approved_budget, op: >=, value: 1}  # <-\n")
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith("invalid YAML: ")
    assert problem.endswith('quote the operator, e.g. op: ">="')


def test_an_unknown_stage() -> None:
    text = HEADER + stage("PRE_REVIEW").replace("stage: PRE_REVIEW", "stage: PRE_REVEIW  # <-")
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith("unknown stage 'PRE_REVEIW' (did you mean 'PRE_REVIEW'?); expected one of PRE_REVIEW,")


def test_stages_out_of_lifecycle_order() -> None:
    text = HEADER + stage("PLAN_REVIEW") + stage("PRE_REVIEW").replace("PRE_REVIEW\n", "PRE_REVIEW  # <-\n", 1)
    assert failure(text) == (
        marked_line(text),
        "stage PRE_REVIEW is out of lifecycle order: it belongs before PLAN_REVIEW",
    )


def test_a_repeated_stage() -> None:
    second = stage("PRE_REVIEW", "again").replace("PRE_REVIEW\n", "PRE_REVIEW  # <-\n", 1)
    text = HEADER + stage("PRE_REVIEW") + second
    assert failure(text) == (marked_line(text), "stage PRE_REVIEW appears twice (first on line 8)")


def test_a_duplicate_step_key_across_stages() -> None:
    text = (
        HEADER
        + stage("PRE_REVIEW", "check")
        + stage("PLAN_REVIEW", "check").replace("- key: check", "- key: check  # <-")
    )
    assert failure(text) == (marked_line(text), "duplicate step key 'check' (first on line 10)")


def test_a_stage_whose_steps_are_all_conditional() -> None:
    condition = "        when: {field: type, op: ==, value: SOFTWARE}\n"
    text = HEADER + stage("PRE_REVIEW", step_extra=condition).replace("- key: pre_review", "- key: pre_review  # <-")
    assert failure(text) == (marked_line(text), "stage PRE_REVIEW needs a step without `when`, or it may plan empty")


GROUP = "    parallel_group: approval\n"


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (
            [("FINANCE_REVIEW", GROUP), ("PROJECT_APPROVAL", ""), ("IMPL_REVIEW", GROUP + "  # <-")],
            "parallel group 'approval' is split: its stages must be adjacent, but PROJECT_APPROVAL comes between",
        ),
        ([("FINANCE_REVIEW", GROUP + "  # <-"), ("PROJECT_APPROVAL", "")], "parallel group 'approval' has only one"),
        ([("FINANCE_REVIEW", "    parallel_group: Approval  # <-\n")], "parallel group 'Approval' must be snake_case"),
    ],
)
def test_parallel_groups(stages: list[tuple[str, str]], message: str) -> None:
    text = HEADER + "".join(stage(name, extra=extra.replace("\n  # <-", "  # <-\n")) for name, extra in stages)
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith(message)


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (
            [("PRE_REVIEW", ""), ("PLAN_REVIEW", "    merged_into: IMPL_REVIEW  # <-\n")],
            "stage PLAN_REVIEW is merged into IMPL_REVIEW, which is not in the template",
        ),
        (
            [("PRE_REVIEW", ""), ("PLAN_REVIEW", "    merged_into: PLAN_REVIEW  # <-\n")],
            "stage PLAN_REVIEW cannot be merged into itself",
        ),
        (
            [
                ("PRE_REVIEW", "    merged_into: PLAN_REVIEW  # <-\n"),
                ("PLAN_REVIEW", "    merged_into: FINANCE_REVIEW\n"),
                ("FINANCE_REVIEW", ""),
            ],
            "stage PRE_REVIEW is merged into PLAN_REVIEW, which is itself merged",
        ),
        (
            [("PRE_REVIEW", ""), ("PLAN_REVIEW", ""), ("FINANCE_REVIEW", "    merged_into: PRE_REVIEW  # <-\n")],
            "stage FINANCE_REVIEW must merge into a neighbour; PLAN_REVIEW lies between",
        ),
        (
            [("PRE_REVIEW", ""), ("PLAN_REVIEW", "    merged_into: PRE_REVIEW\n    parallel_group: g  # <-\n")],
            "merged stage PLAN_REVIEW cannot join a parallel group",
        ),
        (
            [
                ("PRE_REVIEW", ""),
                (
                    "PLAN_REVIEW",
                    "    merged_into: PRE_REVIEW\n    exit_gates:\n      - gate: CONTRACT_WITHIN_BUDGET  # <-\n",
                ),
            ],
            "merged stage PLAN_REVIEW has no gates: put them on PRE_REVIEW",
        ),
        (
            [("PRE_REVIEW", ""), ("PLAN_REVIEW", "    merged_into: PRE_REVEIW  # <-\n")],
            "unknown stage 'PRE_REVEIW'",
        ),
    ],
)
def test_merges(stages: list[tuple[str, str]], message: str) -> None:
    text = HEADER + "".join(stage(name, extra=extra) for name, extra in stages)
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith(message)


@pytest.mark.parametrize(
    ("stage_name", "gates", "message"),
    [
        (
            "PROCUREMENT",
            "    entry_gates:\n      - gate: SUPERVISOR_ASSIGNED  # <-\n",
            "gate SUPERVISOR_ASSIGNED cannot be checked at entry of PROCUREMENT: "
            "it holds at the earliest on exit of PROCUREMENT",
        ),
        (
            "ACCEPTANCE",
            "    entry_gates:\n      - gate: DATA_RESOURCES_VERIFIED  # <-\n",
            "gate DATA_RESOURCES_VERIFIED cannot be checked at entry of ACCEPTANCE",
        ),
        ("CONSTRUCTION", "    entry_gates:\n      - gate: SUPERVISOR  # <-\n", "unknown gate 'SUPERVISOR'"),
        (
            "CONSTRUCTION",
            "    entry_gates:\n      - gate: SUPERVISOR_ASSIGNED\n      - gate: SUPERVISOR_ASSIGNED  # <-\n",
            "gate SUPERVISOR_ASSIGNED repeated in entry_gates of stage CONSTRUCTION",
        ),
        ("CONSTRUCTION", "    entry_gates:\n      - SUPERVISOR_ASSIGNED  # <-\n", "gate in entry_gates of stage"),
        ("CONSTRUCTION", "    exit_gate:  # <-\n      - gate: SUPERVISOR_ASSIGNED\n", "(did you mean 'exit_gates'?)"),
    ],
)
def test_gates(stage_name: str, gates: str, message: str) -> None:
    text = HEADER + stage(stage_name, extra=gates)
    line, problem = failure(text)
    assert line == marked_line(text)
    assert message in problem


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{field: budget, op: '>=', value: 1}", "unknown field 'budget'"),
        ("{field: approved_budget, op: '=>', value: 1}", "unknown op '=>'"),
        ("{field: approved_budget, op: in, value: [1]}", "op 'in' does not apply to the amount approved_budget"),
        ("{field: category, op: '<', value: NEW}", "op '<' does not apply to category: use ==, !=, in or not_in"),
        ("{field: approved_budget, op: '>=', value: '1000000'}", "value of approved_budget must be an amount in yuan"),
        ("{field: approved_budget, op: '>=', value: .nan}", "must be a finite amount of 0 or more"),
        ("{field: type, op: ==, value: SOFT}", "unknown type 'SOFT' (did you mean 'SOFTWARE'?)"),
        ("{field: type, op: in, value: SOFTWARE}", "value of type in must be a list"),
        ("{field: type, op: in, value: []}", "value of type in must not be empty"),
        ("{field: type, op: ==}", "is missing the required key 'value'"),
        ("{feild: type, op: ==, value: MIXED}", "unknown key 'feild' in condition of step 's' (did you mean 'field'?)"),
        ("{all: [], any: []}", "condition of step 's' must use exactly one of all, any, not"),
        ("{all: []}", "'all' of condition of step 's' must not be empty"),
        ("{not: [{field: type, op: ==, value: MIXED}]}", "condition of step 's' must be a mapping, got a list"),
        (
            "{any: [{field: type, op: ==, value: MIXED}, {field: category, value: NEW}]}",
            "missing the required key 'op'",
        ),
    ],
)
def test_bad_conditions(condition: str, message: str) -> None:
    text, (line, problem) = step_problem(extra=f"        when: {condition}  # <-\n")
    assert line == text.count("\n")
    assert message in problem


def test_a_file_name_must_match_its_content(tmp_path: Path) -> None:
    text = HEADER + stage("PRE_REVIEW")
    (tmp_path / "t.v1.yaml").write_text(text, encoding="utf-8")
    assert load_file(tmp_path / "t.v1.yaml").version == 1
    (tmp_path / "t.v2.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"t\.v2\.yaml:2: version 1 does not match the file name, which says 2"):
        load_file(tmp_path / "t.v2.yaml")
    (tmp_path / "other.v1.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"other\.v1\.yaml:1: key 't' does not match the file name"):
        load_file(tmp_path / "other.v1.yaml")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"t\.yaml:1: file name 't\.yaml' must read <key>\.v<version>\.yaml"):
        load_file(tmp_path / "t.yaml")


def test_template_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^x\.yaml:1: "):
        load_template("", source="x.yaml")


def test_yaml_merge_keys_are_not_part_of_the_schema() -> None:
    text = HEADER + stage("PRE_REVIEW").replace("        name: 审核\n", "        <<: {name: 审核}  # <-\n")
    line, problem = failure(text)
    assert line == marked_line(text)
    assert problem.startswith("unknown key '<<' in step of stage PRE_REVIEW")
