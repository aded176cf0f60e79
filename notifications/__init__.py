"""Notifications: events -> recipients -> channels. Depends on the domain only (import-linter).

The delivery pipeline and its channels come with the notifications issue; nothing here yet."""
