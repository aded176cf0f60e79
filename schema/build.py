"""Assembling the schema with its hardening extensions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import strawberry
from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.schema.config import StrawberryConfig

from schema.accounts.external import ExternalSignInMutations
from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries, ColleagueQueries
from schema.audit.mutations import AuditMutations
from schema.centers.queries import CenterQueries
from schema.experts.mutations import ExpertMutations
from schema.hardening.cost import CostLimiter
from schema.hardening.inputs import InputGuard
from schema.hardening.trusted import TrustedDocumentsOnly
from schema.inbox.inbox import InboxMutations, InboxQueries
from schema.inbox.settings import NotifyMutations, NotifyQueries
from schema.live.subscriptions import Subscription
from schema.node import NodeQueries
from schema.projects.history import HistoryQueries
from schema.projects.mutations import ProjectMutations
from schema.reviews.mutations import ReviewMutations
from schema.reviews.sheets import SheetQueries
from schema.scoring.mutations import ScoringMutations
from schema.shared.errors import MaskUnexpectedErrors
from schema.shared.scalars import SCALAR_OVERRIDES
from schema.workflow.delegations import DelegationMutations, DelegationQueries
from schema.workflow.mutations import WorkflowMutations


@strawberry.type
class Query(
    AccountQueries,
    ColleagueQueries,
    CenterQueries,
    NodeQueries,
    SheetQueries,
    HistoryQueries,
    InboxQueries,
    NotifyQueries,
    DelegationQueries,
):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    ExternalSignInMutations,
    ProjectMutations,
    WorkflowMutations,
    DelegationMutations,
    ReviewMutations,
    ScoringMutations,
    AuditMutations,
    ExpertMutations,
    InboxMutations,
    NotifyMutations,
):
    pass


VALIDATION_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    max_fields: int = 200
    max_directives: int = 5


def build_schema(
    *, production: bool, limits: Limits = Limits(), trusted_only: frozenset[str] | None = None
) -> strawberry.Schema:
    """The schema; production also refuses introspection and field suggestions.

    With `trusted_only`, operations whose text is not one of those documents are refused.
    """
    # The limit rules are built once: QueryDepthLimiter and MaxAliasesLimiter would build new rule
    # classes per request, and ValidationCache, keyed by the rules, would then never hit.
    rules: list[type[ASTValidationRule]] = [
        query_depth_limiter.create_validator(limits.max_depth, None),
        max_aliases.create_validator(limits.max_aliases),
    ]
    extensions: list[type[SchemaExtension] | partial[Any]] = [
        partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
        partial(ParserCache, maxsize=512),
        partial(AddValidationRules, rules),
        partial(ValidationCache, maxsize=VALIDATION_CACHE_SIZE),
        partial(CostLimiter, max_fields=limits.max_fields, max_directives=limits.max_directives),
        InputGuard,
        MaskUnexpectedErrors,
    ]
    if production:
        extensions.insert(0, DisableIntrospection)
    if trusted_only is not None:
        extensions.insert(0, partial(TrustedDocumentsOnly, allowed=trusted_only))
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production),
        scalar_overrides=SCALAR_OVERRIDES,
    )
