"""PostgreSQL roles: the owner role runs migrations and owns every table; the application's role may read
and write the tables it needs, but only INSERT and SELECT audit records. Not owning `audit_record`, it
cannot ALTER it (no `DISABLE TRIGGER`); without UPDATE, DELETE or TRUNCATE it cannot rewrite or cut it."""

from __future__ import annotations

from urllib.parse import urlsplit

import asyncpg

APPEND_ONLY = ("audit_record",)
READ_ONLY = ("tortoise_migrations",)


def role_of(url: str) -> str:
    name = urlsplit(url).username
    if not name:
        raise ValueError("the database URL names no role")
    return name


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(app_role: str) -> list[str]:
    role = _ident(app_role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    for table in APPEND_ONLY:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}")
    for table in READ_ONLY:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}")
    return statements


async def grant_app_role(owner_url: str, app_url: str) -> None:
    """Give the application's role what it may do, as the owner, after every migration."""
    app_role = role_of(app_url)
    if app_role == role_of(owner_url):
        return
    conn = await asyncpg.connect(owner_url.replace("postgres://", "postgresql://", 1))
    try:
        async with conn.transaction():
            for statement in grant_statements(app_role):
                await conn.execute(statement)
    finally:
        await conn.close()
