"""The demo city: organisations, one user per center (and a few more), experts, projects.

Deterministic: tests, benchmarks and the run command all load exactly this.
"""

from __future__ import annotations

from domain.accounts.kinds import CenterKind as C
from domain.accounts.kinds import OrganisationKind as O
from domain.projects.kinds import Stage

DEMO_PASSWORD = "Demo-2026"
# Experts confirm final score sheets with a PIN (or a one-time code once they enrol TOTP).
DEMO_EXPERT_PIN = "246810"
REGION = "330100"

# key -> (name, kind)
ORGANISATIONS: dict[str, tuple[str, O]] = {
    "data": ("市数据资源管理局", O.DATA_BUREAU),
    "finance": ("市财政局", O.FINANCE),
    "finance_review": ("市财政评审中心", O.FINANCE_REVIEW_CENTER),
    "drc": ("市发展和改革委员会", O.DRC),
    "audit": ("市审计局", O.AUDIT),
    "police": ("市公安局", O.BUILDER),
    "health": ("市卫生健康委员会", O.BUILDER),
    "education": ("市教育局", O.BUILDER),
    "consult": ("浙江求是工程咨询有限公司", O.THIRD_PARTY),
    "university": ("浙江信息工程大学", O.THIRD_PARTY),
    "supervisor": ("杭州正信信息工程监理有限公司", O.SUPERVISOR),
    "vendor": ("杭州云栖数智科技有限公司", O.VENDOR),
    "vendor2": ("浙江政通软件股份有限公司", O.VENDOR),
}

# username -> (display name, organisation key, centers, is_admin)
USERS: dict[str, tuple[str, str, tuple[C, ...], bool]] = {
    "data": ("王建国", "data", (C.DATA,), True),
    "data2": ("李明", "data", (C.DATA,), False),
    "finance": ("李秀英", "finance", (C.FINANCE,), False),
    "finance2": ("钱芳", "finance", (C.FINANCE,), False),
    "drc": ("张伟", "drc", (C.DRC,), False),
    "audit": ("刘洋", "audit", (C.AUDIT,), False),
    "builder": ("陈静", "police", (C.BUILDER,), False),
    "builder2": ("杨帆", "health", (C.BUILDER,), False),
    "builder3": ("赵磊", "education", (C.BUILDER,), False),
    "expert": ("黄志强", "university", (C.EXPERT,), False),
    "expert2": ("周敏", "consult", (C.EXPERT,), False),
    "expert3": ("吴晓东", "university", (C.EXPERT,), False),
    "expert4": ("徐丽华", "consult", (C.EXPERT,), False),
    # An official of the finance review centre who also sits in the expert pool.
    "expert5": ("孙海涛", "finance_review", (C.FINANCE, C.EXPERT), False),
    "supervisor": ("马俊", "supervisor", (C.SUPERVISOR,), False),
    "vendor": ("朱鹏", "vendor", (C.VENDOR,), False),
    "vendor2": ("胡雪", "vendor2", (C.VENDOR,), False),
}

# Named roles that process templates ask for (数据官 reviews implementation plans; 分管领导 signs off).
ROLES: dict[str, tuple[str, ...]] = {"data": ("数据官",), "data2": ("分管领导", "数据官")}

# username -> (title, level, specialties)
EXPERTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "expert": ("教授", "市级专家", ("大数据", "人工智能")),
    "expert2": ("高级工程师", "市级专家", ("造价", "项目管理")),
    "expert3": ("副教授", "市级专家", ("网络安全", "大数据")),
    "expert4": ("高级经济师", "区级专家", ("造价", "财务")),
    "expert5": ("高级工程师", "市级专家", ("硬件", "云计算")),
}

_NAMES: dict[str, tuple[str, ...]] = {
    "police": (
        "城市大脑警务数据中台建设项目",
        "智慧交管信号优化系统",
        "社区警务移动办公平台",
        "视频图像解析共享平台升级",
        "出入境业务一网通办系统",
        "警用装备物联感知系统",
        "公安政务服务12345对接改造",
        "治安防控大数据分析平台",
        "警情研判指挥调度系统",
        "数字警务档案管理系统",
    ),
    "health": (
        "全民健康信息平台三期",
        "区域医学影像云平台",
        "互联网医院监管平台",
        "公共卫生应急指挥系统",
        "电子健康档案开放共享系统",
        "基层医疗卫生信息系统升级",
        "医疗服务价格监测系统",
        "妇幼健康服务管理平台",
        "卫生监督执法移动系统",
        "疾控免疫规划信息系统",
    ),
    "education": (
        "智慧教育云平台建设项目",
        "中小学入学一件事系统",
        "教育资源公共服务平台升级",
        "校园安全智能监管系统",
        "学生综合素质评价系统",
        "教育经费监管平台",
        "教师发展管理信息系统",
        "职业教育实训管理平台",
        "校外培训监管服务平台",
        "教育数据治理中心",
    ),
}

# Thirty projects over the ten stages: three per stage, one per builder unit.
PROJECT_PLAN: list[tuple[str, int, Stage]] = [
    (builder, i, stage) for i, stage in enumerate(Stage) for builder in ("police", "health", "education")
]

# The living city (`load_demo(city=True)`): where each builder's ten projects stop and how many working
# days the step they wait at has been open (which decides its light: intake has 2 days, opinions 5,
# decisions 7). Special stops leave the work the tour shows: a returned application, an invitation
# to a panel, a half-filled score sheet. Index i of a row is the builder's project `_NAMES[...][i]`.
CITY_STOPS: dict[str, tuple[tuple[str, int], ...]] = {
    "builder": (
        ("completed", 0),
        ("returned", 0),
        ("milestone", 1),
        ("organise", 0),
        ("parallel", 2),
        ("supervision", 1),
        ("intake", 4),
        ("acceptance", 3),
        ("evaluation", 2),
        ("draft", 0),
    ),
    "builder2": (
        ("operations", 1),
        ("invite", 0),
        ("scoring", 1),
        ("price", 4),
        ("conclusion", 8),
        ("impl", 2),
        ("procurement", 6),
        ("payment", 1),
        ("pre_review", 2),
        ("submit_plan", 0),
    ),
    "builder3": (
        ("completed", 0),
        ("parallel", 5),
        ("milestone", 3),
        ("acceptance", 1),
        ("intake", 1),
        ("supervision", 6),
        ("evaluation", 0),
        ("operations", 3),
        ("impl", 1),
        ("procurement", 0),
    ),
}
BUILDER_ORG = {"builder": "police", "builder2": "health", "builder3": "education"}
# The O&M project (运维) of the police bureau's completed project: its code ends in -YW01.
OM_NAME = "城市大脑警务数据中台运维项目"

# (name, provider, fields, update frequency, sharing class) of a declared data resource.
ResourcePlan = tuple[str, str, tuple[str, ...], str, str]
RESOURCES: tuple[ResourcePlan, ...] = (
    ("人口基础信息", "市公安局", ("身份证号", "姓名", "住址"), "DAILY", "CONDITIONAL"),
    ("法人基础信息", "市市场监管局", ("统一社会信用代码", "名称", "法定代表人"), "DAILY", "UNCONDITIONAL"),
    ("电子证照目录", "市数据资源管理局", ("证照类型", "证照编号", "有效期"), "WEEKLY", "CONDITIONAL"),
)
SUPERVISION_THRESHOLD = 1_000_000  # yuan: a contract this large needs a supervisor (监理)

# The five-minute tour `scripts/run` prints beside the sign-ins: who to sign in as, and the work the living
# city leaves waiting for them (tests/domain/demo/test_city.py checks that each is there).
TOUR: tuple[tuple[str, str], ...] = (
    (
        "data",
        "数据局: urge the holder of the red 督办; approve an intake (初审); 组织专家评审: draw a panel",
    ),
    ("finance", "财政: the same project as 发改 in parallel (财政评审), decided on its own"),
    ("drc", "发改: 立项审批 of that project, decided beside finance"),
    (
        "expert",
        f"专家: accept the 评审邀请 (no conflict), then finish the half-filled score sheet (PIN {DEMO_EXPERT_PIN})",
    ),
    ("builder", "建设单位: resubmit the returned application; answer the 审计意见; follow a project; 申报 a new one"),
    ("supervisor", "监理: keep the construction log (监理日志)"),
    ("vendor", "供应商: report the milestone (里程碑汇报)"),
    ("audit", "审计: close the answered finding, raise a new one on any project"),
)
