from pathlib import Path

import pytest

from api.settings import SettingsError, load


def test_defaults_are_the_embedded_demo_mode() -> None:
    settings = load({})
    assert settings.mode == "development"
    assert settings.database_url.startswith("sqlite://")
    assert settings.redis_url is None
    assert settings.demo is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QC_MODE": "staging"}, "QC_MODE must be one of"),
        ({"QC_PORT": "eighty"}, "QC_PORT must be a whole number"),
        ({"QC_ACCESS_TTL_MINUTES": "60"}, "QC_ACCESS_TTL_MINUTES must be between 1 and 15"),
        ({"QC_DEMO": "perhaps"}, "QC_DEMO must be true or false"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must start with"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL must start with"),
    ],
)
def test_bad_values_fail_fast_naming_the_setting(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load(env)


def test_embedded_database_lives_in_the_var_dir(tmp_path: Path) -> None:
    assert load({"QC_VAR_DIR": str(tmp_path)}).database_url == f"sqlite://{tmp_path}/quancheng.sqlite3"


def test_postgresql_scheme_is_accepted() -> None:
    assert load({"DATABASE_URL": "postgresql://u:p@127.0.0.1/db"}).database_url == "postgres://u:p@127.0.0.1/db"


def test_production_refuses_embedded_database_demo_and_development_keys(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        load({"QC_MODE": "production", "QC_DEMO": "true", "QC_VAR_DIR": str(tmp_path)})
    text = str(refused.value)
    for problem in ("PostgreSQL", "REDIS_URL is required", "QC_DEMO must be off", "QC_JWT_KEY_FILE must name"):
        assert problem in text
    with pytest.raises(SettingsError, match="must not be the development key"):
        load(
            {
                "QC_MODE": "production",
                "DATABASE_URL": "postgres://u:p@127.0.0.1/db",
                "REDIS_URL": "redis://127.0.0.1",
                "QC_VAR_DIR": str(tmp_path),
                "QC_JWT_KEY_FILE": str(tmp_path / "keys" / "jwt-ed25519.pem"),
            }
        )
    with pytest.raises(SettingsError, match="argon2"):
        load(
            {
                "QC_MODE": "production",
                "DATABASE_URL": "postgres://u:p@127.0.0.1/db",
                "REDIS_URL": "redis://127.0.0.1",
                "QC_JWT_KEY_FILE": str(tmp_path / "prod.pem"),
                "QC_ARGON2_TIME_COST": "1",
            }
        )


def test_production_needs_two_database_roles(tmp_path: Path) -> None:
    production = {
        "QC_MODE": "production",
        "DATABASE_URL": "postgres://app:p@127.0.0.1/db",
        "REDIS_URL": "redis://127.0.0.1",
        "QC_JWT_KEY_FILE": str(tmp_path / "prod.pem"),
    }
    with pytest.raises(SettingsError, match="QC_DATABASE_OWNER_URL must name the owner role"):
        load(production)
    with pytest.raises(SettingsError, match="two different roles"):
        load({**production, "QC_DATABASE_OWNER_URL": "postgres://app:p@127.0.0.1/db"})


def test_production_starts_with_postgres_redis_and_an_operator_key(tmp_path: Path) -> None:
    settings = load(
        {
            "QC_MODE": "production",
            "DATABASE_URL": "postgres://u:p@127.0.0.1/db",
            "QC_DATABASE_OWNER_URL": "postgres://owner:p@127.0.0.1/db",
            "REDIS_URL": "redis://127.0.0.1",
            "QC_JWT_KEY_FILE": str(tmp_path / "prod.pem"),
        }
    )
    assert settings.production and not settings.demo
