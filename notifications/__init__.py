"""Notifications: outbox events -> recipients -> messages -> the in-app inbox and channels.

Depends on the domain only (import-linter). The inbox is the source of truth; channels carry copies.
"""
