"""User-facing texts of typed errors, in Simplified Chinese (default) and English."""

from __future__ import annotations

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "INVALID_INPUT": {"zh-CN": "输入不完整或格式不正确。", "en": "The input is incomplete or malformed."},
    "INVALID_CREDENTIALS": {"zh-CN": "用户名或密码错误。", "en": "Wrong username or password."},
    "ACCOUNT_LOCKED": {
        "zh-CN": "登录失败次数过多，账号已暂时锁定，请稍后再试。",
        "en": "Too many failed sign-ins: the account is locked for a while. Try again later.",
    },
    "OTP_REQUIRED": {"zh-CN": "请输入动态验证码。", "en": "Enter your one-time code."},
    "OTP_INVALID": {"zh-CN": "动态验证码错误或已使用。", "en": "The one-time code is wrong or was already used."},
    "RATE_LIMITED": {"zh-CN": "请求过于频繁，请稍后再试。", "en": "Too many attempts. Try again in a minute."},
    "INVALID_REFRESH_TOKEN": {
        "zh-CN": "登录凭证无效，请重新登录。",
        "en": "The sign-in token is invalid. Sign in again.",
    },
    "REFRESH_TOKEN_REUSED": {
        "zh-CN": "登录凭证已被使用，出于安全考虑已退出所有相关会话，请重新登录。",
        "en": "This sign-in token was already used; for safety the session was ended. Sign in again.",
    },
    "SESSION_EXPIRED": {"zh-CN": "会话已过期，请重新登录。", "en": "Your session has ended. Sign in again."},
    "TOTP_ALREADY_ENABLED": {"zh-CN": "已启用动态验证码。", "en": "The one-time code is already enabled."},
    "TOTP_NOT_STARTED": {"zh-CN": "请先开始绑定动态验证码。", "en": "Start the one-time code enrolment first."},
    "CODE_INVALID": {
        "zh-CN": "登录凭证无效或已使用，请重新进入。",
        "en": "The sign-in code is invalid or was used. Open the app again.",
    },
    "BINDING_INVALID": {"zh-CN": "绑定已过期，请重新进入。", "en": "The binding has expired. Open the app again."},
    "ALREADY_BOUND": {
        "zh-CN": "该账号已绑定，请联系管理员。",
        "en": "This account is already bound. Ask an administrator.",
    },
    "PROVIDER_UNAVAILABLE": {
        "zh-CN": "暂时无法连接钉钉或微信，请稍后再试。",
        "en": "DingTalk or WeChat cannot be reached now. Try again later.",
    },
    "PROVIDER_DISABLED": {"zh-CN": "本系统未开通此登录方式。", "en": "This sign-in is not enabled here."},
    "UNAUTHENTICATED": {"zh-CN": "请先登录。", "en": "Sign in first."},
    "FORBIDDEN": {"zh-CN": "无权访问。", "en": "You do not have access to this."},
    "TOTP_ENROLMENT_REQUIRED": {
        "zh-CN": "请先绑定动态验证码后再使用。",
        "en": "Enrol a one-time code before continuing.",
    },
    "BAD_USER_INPUT": {"zh-CN": "参数不正确。", "en": "A parameter is not valid."},
    "INVALID_VALUE": {"zh-CN": "填写的内容类型或格式不正确。", "en": "A value has the wrong type or format."},
    "INVALID_ID": {"zh-CN": "编号格式不正确。", "en": "An ID is malformed."},
    "INVALID_CHARACTER": {
        "zh-CN": "内容含有不允许的字符。",
        "en": "A text contains a character that is not allowed.",
    },
    "TEXT_TOO_LONG": {"zh-CN": "内容超过允许的长度。", "en": "A text is longer than allowed."},
    "QUERY_TOO_COMPLEX": {"zh-CN": "请求过于复杂。", "en": "The request is too complex."},
    "SERVICE_UNAVAILABLE": {
        "zh-CN": "服务暂时不可用，请稍后重试。",
        "en": "The service is briefly unavailable. Try again in a moment.",
    },
    "BAD_REQUEST": {"zh-CN": "请求格式不正确。", "en": "The request is malformed."},
    "MALFORMED_JSON": {"zh-CN": "请求内容不是有效的 JSON。", "en": "The request body is not valid JSON."},
    "PERSISTED_QUERY_NOT_FOUND": {"zh-CN": "未登记的请求，请更新应用。", "en": "Unknown document: update the app."},
    "TRUSTED_DOCUMENTS_ONLY": {
        "zh-CN": "仅接受已登记的请求。",
        "en": "Only trusted documents are accepted: send a registered documentId.",
    },
    "UNSUPPORTED_MEDIA_TYPE": {
        "zh-CN": "请求内容类型不支持，请使用 JSON。",
        "en": "Send application/json (multipart for uploads).",
    },
    "PAYLOAD_TOO_LARGE": {"zh-CN": "请求内容过大。", "en": "The request body is too large."},
    "INTERNAL_ERROR": {"zh-CN": "服务器出错，请稍后再试。", "en": "Something went wrong on our side. Try again later."},
    "METHOD_NOT_ALLOWED": {"zh-CN": "仅支持 POST 请求。", "en": "GraphQL accepts POST only."},
    "NOT_FOUND": {"zh-CN": "对象不存在或无权访问。", "en": "Not found, or not yours to see."},
    "WRONG_STAGE": {"zh-CN": "项目当前不在该环节。", "en": "The project is not at that stage."},
    "WRONG_TASK_KIND": {"zh-CN": "该待办不能这样办理。", "en": "This to-do is not handled that way."},
    "TASK_CLOSED": {"zh-CN": "该待办已办结或已由他人处理。", "en": "This to-do was closed or handled by someone else."},
    "VERSION_CONFLICT": {
        "zh-CN": "内容已被他人更新，请查看最新状态后再操作。",
        "en": "Someone changed this meanwhile: check the current state.",
    },
    "NO_ELIGIBLE_ACTOR": {"zh-CN": "没有可办理该环节的人员。", "en": "Nobody may act on this step."},
    "SUPERVISOR_REQUIRED": {
        "zh-CN": "100万元及以上项目须先确定监理单位。",
        "en": "Projects of 1,000,000 yuan or more need a supervisor first.",
    },
    "CONTRACT_MISSING": {"zh-CN": "请先登记合同金额。", "en": "Record the contract amount first."},
    "CONTRACT_ABOVE_BUDGET": {
        "zh-CN": "合同金额不得超过批复预算。",
        "en": "The contract may not exceed the approved budget.",
    },
    "PAYMENT_ABOVE_CONTRACT": {"zh-CN": "累计支付不得超过合同金额。", "en": "Payments may not exceed the contract."},
    "DATA_RESOURCES_NOT_VERIFIED": {
        "zh-CN": "申报的数据资源尚未全部核验归集。",
        "en": "Not every declared data resource is verified.",
    },
    "CANNOT_WITHDRAW": {
        "zh-CN": "已有人办理，无法撤回。",
        "en": "Someone has acted on it: it can no longer be withdrawn.",
    },
    "CANNOT_TAKE_BACK": {
        "zh-CN": "下一位办理人已处理（或本环节已结束），无法取回；如需更正，请退回。",
        "en": "The next person has acted (or the stage is over): it cannot be taken back; return it instead.",
    },
    "ADD_SIGNER_NOT_ALLOWED": {
        "zh-CN": "该环节不支持此加签方式。",
        "en": "This step does not allow that kind of added signer.",
    },
    "URGED_TOO_SOON": {"zh-CN": "今天已催办过。", "en": "Already urged today."},
    "DELEGATION_INVALID": {"zh-CN": "代理设置不正确。", "en": "The delegation is not valid."},
    "EXPERT_SHORTAGE": {"zh-CN": "符合条件的专家不足。", "en": "Not enough eligible experts for a quota."},
    "PANEL_EXISTS": {"zh-CN": "该环节已有进行中的评审组。", "en": "This gate already has a panel under way."},
    "INVITATION_CLOSED": {"zh-CN": "该邀请已处理。", "en": "This invitation was already answered."},
    "INVITATION_EXPIRED": {"zh-CN": "已超过答复期限。", "en": "The time to answer has passed."},
    "SHEET_FINAL": {"zh-CN": "评分表已提交，不能再修改。", "en": "The score sheet was submitted and is final."},
    "INVALID_SCORE": {"zh-CN": "评分不符合评分标准。", "en": "A score does not fit the rubric."},
    "SECOND_FACTOR_NOT_SET": {"zh-CN": "请先设置确认密码或动态验证码。", "en": "Set a PIN or a one-time code first."},
    "SECOND_FACTOR_INVALID": {"zh-CN": "确认密码或验证码错误。", "en": "The PIN or one-time code is wrong."},
    "PANEL_NOT_READY": {"zh-CN": "评审组尚不能进行该操作。", "en": "The panel is not ready for that."},
    "ALREADY_RATED": {"zh-CN": "已经评价过。", "en": "Already rated."},
    "ALREADY_CORRECTED": {"zh-CN": "该扣分已更正过。", "en": "That entry was already corrected."},
    "RATING_WINDOW_CLOSED": {"zh-CN": "互评期限已过。", "en": "The rating window has closed."},
    "FILE_TOO_LARGE": {"zh-CN": "文件过大。", "en": "The file is too large."},
    "UNSUPPORTED_FILE_TYPE": {
        "zh-CN": "仅支持 PDF、OFD、Word、Excel 和图片文件。",
        "en": "Only PDF, OFD, Word, Excel and image files.",
    },
    "UPLOAD_NOT_FOUND": {"zh-CN": "找不到该上传，请重新上传。", "en": "No such upload: start it again."},
    "UPLOAD_EXPIRED": {"zh-CN": "上传已过期，请重新上传。", "en": "The upload has expired: start it again."},
    "UPLOAD_OFFSET_MISMATCH": {
        "zh-CN": "续传位置不一致，请从服务器已收到的位置继续。",
        "en": "Wrong offset: continue from the offset the server holds.",
    },
    "UPLOAD_LENGTH_EXCEEDED": {"zh-CN": "上传内容超过声明的文件大小。", "en": "More bytes than the declared size."},
    "UPLOAD_INCOMPLETE": {"zh-CN": "文件尚未上传完整。", "en": "The file has not been sent in full yet."},
    "CHECKSUM_MISMATCH": {
        "zh-CN": "文件校验不一致，请重新上传。",
        "en": "The file does not match its checksum: send it again.",
    },
    "TOO_MANY_UPLOADS": {"zh-CN": "未完成的上传过多。", "en": "Too many unfinished uploads."},
    "IDEMPOTENCY_KEY_REUSED": {
        "zh-CN": "请求编号已用于其他操作。",
        "en": "This request id was used for another action.",
    },
}


def pick_locale(accept_language: str | None) -> str:
    """zh-CN unless the caller asks for English first."""
    if not accept_language:
        return DEFAULT_LOCALE
    first = accept_language.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else DEFAULT_LOCALE


def message(code: str, locale: str) -> str:
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    return texts.get(locale) or texts[DEFAULT_LOCALE]


STAGE_LABELS: dict[str, dict[str, str]] = {
    "PRE_REVIEW": {"zh-CN": "项目预审", "en": "Pre-review"},
    "PLAN_REVIEW": {"zh-CN": "建设方案评审", "en": "Plan review"},
    "FINANCE_REVIEW": {"zh-CN": "财政审核", "en": "Finance review"},
    "PROJECT_APPROVAL": {"zh-CN": "立项审批", "en": "Project approval"},
    "IMPL_REVIEW": {"zh-CN": "实施方案评审", "en": "Implementation-plan review"},
    "PROCUREMENT": {"zh-CN": "采购管理", "en": "Procurement"},
    "CONSTRUCTION": {"zh-CN": "建设管理", "en": "Construction"},
    "ACCEPTANCE": {"zh-CN": "验收管理", "en": "Acceptance"},
    "EVALUATION": {"zh-CN": "评估管理", "en": "Evaluation"},
    "OPERATIONS": {"zh-CN": "运维管理", "en": "Operations"},
}


def stage_label(stage: str, locale: str) -> str:
    texts = STAGE_LABELS.get(stage)
    return (texts.get(locale) or texts[DEFAULT_LOCALE]) if texts else stage


def detailed_message(code: str, locale: str, params: dict[str, object]) -> str:
    """The code's message, followed by what the user needs to put it right (stages, amounts)."""
    text = message(code, locale)
    english = locale == "en"
    stage, expected = params.get("stage"), params.get("expected")
    if isinstance(stage, str) and stage in STAGE_LABELS:
        names = [stage_label(s, locale) for s in expected] if isinstance(expected, list) else []
        if english:
            text += f" It is at {stage_label(stage, locale)}" + (
                f"; this needs {' or '.join(names)}." if names else "."
            )
        else:
            text += f"项目当前处于「{stage_label(stage, locale)}」" + (
                f"，此操作需在「{'」或「'.join(names)}」。" if names else "。"
            )
    allowed = params.get("allowed")
    if allowed is not None:
        text += f" At most {allowed} yuan is allowed." if english else f"最多可为 {allowed} 元。"
    return text


# A history entry's action as its reader reads it (HistoryEntry.actionLabel); OTHER for an action not named here.
HISTORY_LABELS: dict[str, dict[str, str]] = {
    "APPROVE": {"zh-CN": "同意", "en": "Approved"},
    "REJECT": {"zh-CN": "不同意", "en": "Rejected"},
    "RETURN": {"zh-CN": "退回修改", "en": "Returned for revision"},
    "TRANSFER": {"zh-CN": "转办", "en": "Transferred"},
    "ADD_SIGNER": {"zh-CN": "加签", "en": "Signer added (加签)"},
    "COMMENT": {"zh-CN": "意见", "en": "Comment"},
    "URGE": {"zh-CN": "催办", "en": "Urged (催办)"},
    "SUBMIT": {"zh-CN": "提交", "en": "Submitted"},
    "RESUBMIT": {"zh-CN": "重新提交", "en": "Resubmitted"},
    "WITHDRAW": {"zh-CN": "撤回", "en": "Withdrawn"},
    "DECLARE": {"zh-CN": "项目申报", "en": "Declared"},
    "ADD_MATERIAL": {"zh-CN": "上传材料", "en": "Material added"},
    "SUBMIT_SHEET": {"zh-CN": "提交评分", "en": "Score sheet submitted"},
    "SUBMIT_PLAN": {"zh-CN": "提交方案", "en": "Plan submitted"},
    "PRICE_ASSESSMENT": {"zh-CN": "报价评估", "en": "Price assessment"},
    "RECORD": {"zh-CN": "登记", "en": "Recorded"},
    "RECORD_CONTRACT": {"zh-CN": "合同备案", "en": "Contract recorded"},
    "RECORD_PAYMENT": {"zh-CN": "资金支付", "en": "Payment recorded"},
    "ASSIGN_SUPERVISOR": {"zh-CN": "指定监理", "en": "Supervisor assigned"},
    "VERIFY_RESOURCE": {"zh-CN": "数据资源核验", "en": "Data resource verified"},
    "SET_BUDGET": {"zh-CN": "核定预算", "en": "Budget approved"},
    "SET_CONTROL_PRICE": {"zh-CN": "核定控制价", "en": "Control price set"},
    "PANEL_DRAWN": {"zh-CN": "抽取专家", "en": "Expert panel drawn"},
    "PANEL_ACCEPTED": {"zh-CN": "接受评审邀请", "en": "Invitation accepted"},
    "PANEL_DECLINED": {"zh-CN": "谢绝评审邀请", "en": "Invitation declined"},
    "PANEL_CLOSED": {"zh-CN": "评审结束", "en": "Panel closed"},
    "SCORE": {"zh-CN": "评分", "en": "Scored"},
    "SCORE_SUBMITTED": {"zh-CN": "提交评分", "en": "Scores submitted"},
    "CORRECT_SCORE": {"zh-CN": "更正评分", "en": "Score corrected"},
    "DEDUCT": {"zh-CN": "扣分", "en": "Points deducted"},
    "RATE_MUTUAL": {"zh-CN": "互评", "en": "Mutual rating"},
    "RATE_SATISFACTION": {"zh-CN": "满意度评价", "en": "Satisfaction rating"},
    "AUDIT_FINDING": {"zh-CN": "审计意见", "en": "Audit finding"},
    "FINDING_ANSWERED": {"zh-CN": "回复审计意见", "en": "Audit finding answered"},
    "FINDING_CLOSED": {"zh-CN": "审计意见办结", "en": "Audit finding closed"},
    "SUPERVISION_OPENED": {"zh-CN": "发起督办", "en": "Supervision opened"},
    "EXPERT_CONFLICT_DECLARED": {"zh-CN": "声明回避", "en": "Conflict of interest declared"},
    "EXPERT_RATED": {"zh-CN": "专家评价", "en": "Expert rated"},
    "OTHER": {"zh-CN": "办理", "en": "Handled"},
    "TAKE_BACK": {"zh-CN": "取回", "en": "Taken back"},
    "AUTO_APPROVE": {"zh-CN": "超时自动通过", "en": "Approved automatically (time limit)"},
    "AUTO_ESCALATE": {"zh-CN": "超时自动上报", "en": "Escalated automatically (time limit)"},
    "AUTO_REMIND": {"zh-CN": "超时自动提醒", "en": "Reminded automatically (time limit)"},
}


def history_label(action: str, locale: str) -> str:
    texts = HISTORY_LABELS.get(action) or HISTORY_LABELS["OTHER"]
    return texts.get(locale) or texts[DEFAULT_LOCALE]
