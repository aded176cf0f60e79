"""Facts recorded on a project over GraphQL: the control price, and the directory the pickers read."""

from __future__ import annotations

from schema.shared import ids
from tests.factories import at_step

CONTROL_PRICE = """mutation($input: ControlPriceInput!) { setControlPrice(input: $input) {
  __typename ... on ActionDone { state { projectStage } project: state { project {
      controlPriceSoftware controlPriceHardware } } }
  ... on ActionError { code field message currentStage expectedStages } } }"""
ORGANISATIONS = """query($kind: OrganisationKind!, $search: String, $first: Int, $after: String) {
  organisations(kind: $kind, search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name kind } } } }"""


def _price(project_id: int, part: str, amount: str, key: str) -> dict:
    return {
        "input": {"idempotencyKey": key, "projectId": ids.encode("Project", project_id), "part": part, "amount": amount}
    }


async def test_both_parts_of_the_control_price_are_set_by_their_owners(as_user, demo, gql) -> None:
    # given a mixed project in finance review
    project, _step, _tasks = await at_step("control_price")
    # when the data bureau sets the software part and the finance review centre the hardware part
    software = await gql(
        CONTROL_PRICE, _price(project.id, "SOFTWARE", "1800000", "cp-1"), token=(await as_user("data")).token
    )
    hardware = await gql(
        CONTROL_PRICE, _price(project.id, "HARDWARE", "650000.50", "cp-2"), token=(await as_user("expert5")).token
    )
    # then the project carries both
    assert software["data"]["setControlPrice"]["__typename"] == "ActionDone"
    prices = hardware["data"]["setControlPrice"]["project"]["project"]
    assert prices == {"controlPriceSoftware": "1800000.00", "controlPriceHardware": "650000.50"}
    # and finance itself (not its review centre) may not set the hardware part
    refused = await gql(
        CONTROL_PRICE, _price(project.id, "HARDWARE", "1", "cp-3"), token=(await as_user("finance")).token
    )
    assert refused["data"]["setControlPrice"]["code"] == "FORBIDDEN"


async def test_a_control_price_outside_finance_review_names_the_stages(as_user, demo, gql) -> None:
    project, _step, _tasks = await at_step("intake")
    body = await gql(CONTROL_PRICE, _price(project.id, "SOFTWARE", "100", "cp-9"), token=(await as_user("data")).token)
    refused = body["data"]["setControlPrice"]
    assert (refused["code"], refused["currentStage"], refused["expectedStages"]) == (
        "WRONG_STAGE",
        "PRE_REVIEW",
        ["FINANCE_REVIEW"],
    )
    zh = await gql(
        CONTROL_PRICE,
        _price(project.id, "SOFTWARE", "100", "cp-10"),
        token=(await as_user("data")).token,
        headers={"accept-language": "zh-CN"},
    )
    assert "项目当前处于「项目预审」，此操作需在「财政审核」" in zh["data"]["setControlPrice"]["message"]


async def test_the_organisation_directory_pages_by_kind_and_name(as_user, demo, gql) -> None:
    token = (await as_user("builder")).token
    first = (await gql(ORGANISATIONS, {"kind": "VENDOR", "first": 1}, token=token))["data"]["organisations"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(ORGANISATIONS, {"kind": "VENDOR", "first": 1, "after": after}, token=token))["data"]
    names = {first["edges"][0]["node"]["name"], second["organisations"]["edges"][0]["node"]["name"]}
    assert names == {"杭州云栖数智科技有限公司", "浙江政通软件股份有限公司"}
    assert not second["organisations"]["pageInfo"]["hasNextPage"]
    found = (await gql(ORGANISATIONS, {"kind": "THIRD_PARTY", "search": "求是"}, token=token))["data"]
    assert [e["node"]["name"] for e in found["organisations"]["edges"]] == ["浙江求是工程咨询有限公司"]
    too_many = await gql(ORGANISATIONS, {"kind": "VENDOR", "first": 1000}, token=token)
    assert too_many["data"] is None and too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
