"""The documented maximum length of every text a client sends, in characters.

Keys are `InputType.field` or `Mutation.field(argument)` as in the SDL; anything not listed may be
at most DEFAULT_MAX_TEXT long. The column each text lands in is never narrower than its limit here.
"""

from __future__ import annotations

DEFAULT_MAX_TEXT = 200
LONG_TEXT = 4000  # opinions, comments, reasons, findings: a page of Chinese text

MAX_TEXT: dict[str, int] = {
    **dict.fromkeys(
        [
            "CommentInput.text",
            "DecideInput.comment",
            "ResubmitInput.comment",
            "ReturnForRevisionInput.comment",
            "TransferInput.comment",
            "SatisfactionInput.comment",
            "MutualRatingInput.comment",
            "DeductionInput.reason",
            "CorrectionInput.reason",
            "FindingInput.text",
            "FindingReplyInput.text",
            "ScoreSheetInput.comment",
            "ClosePanelInput.chairSummary",
            "PriceAssessmentInput.note",
            "DataResourceInput.fields",
            "ExpertProfileInput.specialties",
            "RegisterExpertInput.specialties",
        ],
        LONG_TEXT,
    ),
    # Push endpoints and FCM tokens share one 500-character column.
    "PushSubscriptionInput.endpoint": 500,
    "Mutation.unregisterWebPush(endpoint)": 500,
    "Mutation.registerFcmToken(token)": 500,
    "PushSubscriptionInput.auth": 100,
    # A token of the wrong kind (an access token) gets the flow's own typed answer.
    "RefreshTokenInput.refreshToken": 2000,
    "LogoutInput.refreshToken": 2000,
    "ProfileInput.displayName": 100,
    "ProfileInput.locale": 16,
    "OrganisationInput.contactPerson": 100,
    "OrganisationInput.contactPhone": 40,
    "RegisterExpertInput.title": 100,
    "RegisterExpertInput.level": 32,
    "ExpertProfileInput.title": 100,
    "LoginInput.username": 64,
    "BindExternalInput.username": 64,
    "NotificationSettingsInput.quietStart": 5,
    "NotificationSettingsInput.quietEnd": 5,
    "NotificationSettingsInput.digestAt": 5,
    "PlanInput.kind": 32,
    "DataResourceInput.updateFrequency": 32,
    "ReturnForRevisionInput.toStep": 64,
    "Mutation.recordWechatSubscriptions(templateIds)": 64,
    "DeclareProjectInput.parentCode": 40,
    "ProjectFilterInput.parentCode": 40,
}


# Every input's idempotency key fits the idempotency store's column (domain/actions/idempotency.py).
IDEMPOTENCY_KEY = 64


def max_text(key: str) -> int:
    if key.endswith(".idempotencyKey"):
        return MAX_TEXT.get(key, IDEMPOTENCY_KEY)
    return MAX_TEXT.get(key, DEFAULT_MAX_TEXT)
