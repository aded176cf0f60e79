"""Sign-in through a provider (WeChat mini-program login, DingTalk 免登): the typed failure both raise."""

from __future__ import annotations

# Stable codes the API turns into its own sign-in errors.
INVALID_CODE = "INVALID_CODE"  # the code is unknown or expired: ask the client for a new one
CODE_USED = "CODE_USED"  # the code was already exchanged
RATE_LIMITED = "RATE_LIMITED"  # the provider asks us to slow down
UNAVAILABLE = "UNAVAILABLE"  # timeout, 5xx or "system busy": try again later
REFUSED = "REFUSED"  # our app credentials or permissions were refused: an operator must look


class IdentityError(Exception):
    """A sign-in code could not be exchanged. `code` is one of the constants above; `provider_code` is the
    provider's own errcode when it gave one."""

    def __init__(self, code: str, message: str = "", *, provider_code: int | None = None) -> None:
        super().__init__(message or code)
        self.code = code
        self.provider_code = provider_code
