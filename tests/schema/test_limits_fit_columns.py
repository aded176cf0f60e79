"""Every documented text limit fits the column the text lands in (schema/hardening/limits.py)."""

from __future__ import annotations

from tortoise import fields

from domain.accounts.models import Organisation, User
from domain.experts.models import Expert
from domain.inbox.models import PushSubscription
from domain.projects.models import Project
from domain.workflow.models import IdempotencyKey
from schema.hardening.limits import IDEMPOTENCY_KEY, LONG_TEXT, max_text

# An input field's limit, and the model field it is stored in.
STORED = [
    ("DecideInput.idempotencyKey", IdempotencyKey, "key"),
    ("ProfileInput.displayName", User, "display_name"),
    ("OrganisationInput.contactPerson", Organisation, "contact_person"),
    ("OrganisationInput.contactPhone", Organisation, "contact_phone"),
    ("PushSubscriptionInput.endpoint", PushSubscription, "endpoint"),
    ("Mutation.registerFcmToken(token)", PushSubscription, "endpoint"),  # an FCM token is kept as the endpoint
    ("RegisterExpertInput.title", Expert, "title"),
    ("DeclareProjectInput.name", Project, "name"),
    ("DeclareProjectInput.parentCode", Project, "code"),
]


def test_each_limit_fits_its_column() -> None:
    for key, model, name in STORED:
        field = model._meta.fields_map[name]
        if isinstance(field, fields.TextField):
            continue  # unbounded
        assert field.max_length >= max_text(key), (key, model.__name__, name, field.max_length)


def test_idempotency_keys_and_long_texts() -> None:
    assert max_text("ClosePanelInput.idempotencyKey") == IDEMPOTENCY_KEY == 64
    assert max_text("FindingInput.text") == LONG_TEXT
