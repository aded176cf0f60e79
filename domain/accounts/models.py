"""Organisations, users, their centers, sign-in sessions and login throttling."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from domain.accounts.kinds import CenterKind, OrganisationKind


class Organisation(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(OrganisationKind, max_length=32)
    # Kept by the organisation itself (its members), shown to those who work with it.
    contact_person = fields.CharField(max_length=100, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    address = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organisation"


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=100)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="users", on_delete=fields.RESTRICT
    )
    password_hash = fields.CharField(max_length=255)
    locale = fields.CharField(max_length=16, default="zh-CN")
    is_active = fields.BooleanField(default=True)
    is_admin = fields.BooleanField(default=False)
    # Seeded by the demo loader; production refuses to start while such accounts exist.
    is_demo = fields.BooleanField(default=False)
    totp_secret = fields.CharField(max_length=64, null=True)
    totp_enabled = fields.BooleanField(default=False)
    # Last accepted TOTP time step: a code is never accepted twice.
    totp_last_step = fields.BigIntField(null=True)
    # An expert's PIN (argon2id) confirming a final score sheet when no TOTP is enrolled.
    pin_hash = fields.CharField(max_length=255, null=True)
    # A mobile number for urgent SMS (kept by the user in their profile).
    phone = fields.CharField(max_length=20, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    organisation_id: int

    class Meta:
        table = "app_user"


class CenterMembership(Model):
    """A user holds a center on behalf of an organisation (usually their own)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    center = fields.CharEnumField(CenterKind, max_length=16)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="memberships", on_delete=fields.RESTRICT
    )
    # Named roles within the organisation that process templates can ask for, e.g. "数据官".
    roles: fields.JSONField[list[Any]] = fields.JSONField(default=list)

    user_id: int
    organisation_id: int

    class Meta:
        table = "center_membership"
        unique_together = (("user", "center"),)


class AuthSession(Model):
    """One sign-in: the family of its refresh tokens. Revoking it ends every token of it."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    last_active_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.CharField(max_length=32, null=True)
    # "enrol" sessions may only enrol a second factor (production, approving centers).
    scope = fields.CharField(max_length=16, default="full")
    ip = fields.CharField(max_length=64, null=True)
    device = fields.CharField(max_length=255, null=True)

    user_id: int

    class Meta:
        table = "auth_session"


class RefreshToken(Model):
    """An opaque refresh token, stored as its SHA-256, used once, then replaced."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[AuthSession] = fields.ForeignKeyField(
        "models.AuthSession", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    session_id: str

    class Meta:
        table = "refresh_token"


class LoginThrottle(Model):
    """Failed sign-ins per normalised username, whether or not such a user exists."""

    id = fields.IntField(primary_key=True)
    username_key = fields.CharField(max_length=64, unique=True)
    failures = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "login_throttle"


class ExternalIdentity(Model):
    """A WeChat or DingTalk identity bound to one of our accounts (one per provider and account)."""

    id = fields.IntField(primary_key=True)
    provider = fields.CharField(max_length=16)  # wechat | dingtalk
    subject = fields.CharField(max_length=128)  # the WeChat openid or the DingTalk userid
    unionid = fields.CharField(max_length=128, null=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="external_identities", on_delete=fields.CASCADE
    )
    bound_at = fields.DatetimeField()
    # Set when the provider says this address is no longer reachable.
    gone_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "external_identity"
        unique_together = (("provider", "subject"), ("provider", "user"))


class ExternalCode(Model):
    """Every sign-in code a provider gave us, hashed: a code is used once."""

    id = fields.IntField(primary_key=True)
    provider = fields.CharField(max_length=16)
    code_hash = fields.CharField(max_length=64)
    used_at = fields.DatetimeField()

    class Meta:
        table = "external_code"
        unique_together = (("provider", "code_hash"),)


class PendingBinding(Model):
    """A provider identity waiting to be bound to an account (the ticket is handed out once, kept hashed)."""

    id = fields.IntField(primary_key=True)
    ticket_hash = fields.CharField(max_length=64, unique=True)
    provider = fields.CharField(max_length=16)
    subject = fields.CharField(max_length=128)
    unionid = fields.CharField(max_length=128, null=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "pending_binding"


class BindingCode(Model):
    """A one-time code an administrator gives a user to bind WeChat or DingTalk without the password."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="binding_codes", on_delete=fields.CASCADE
    )
    code_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "binding_code"
