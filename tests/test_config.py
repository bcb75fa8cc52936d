"""Settings from the environment, and a production config that refuses unsafe defaults."""

import pytest

from placement.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def cpr_keys(monkeypatch):
    """Production needs CPR keys too; the tests of other settings give it some."""
    from cryptography.fernet import Fernet

    monkeypatch.setenv("CPR_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("CPR_HMAC_KEY", "k" * 64)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(tmp_path))
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("production")


def test_production_sends_cookies_only_over_https(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = load_config("production")
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_generates_a_secret_key_once_into_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(tmp_path))
    first, second = load_config("development"), load_config("development")
    assert first["SECRET_KEY"] == second["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'placement.sqlite'}"
    assert not first["SESSION_COOKIE_SECURE"]  # local http://127.0.0.1


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_the_psycopg_3_driver(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    monkeypatch.setenv("SECRET_KEY", "x")
    assert load_config("production")["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_the_statistics_replica_is_optional_and_checked_like_the_database(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("STATISTICS_DATABASE_URL", raising=False)
    assert load_config("production")["STATISTICS_DATABASE_URL"] == ""  # read the primary
    monkeypatch.setenv("STATISTICS_DATABASE_URL", "postgres://reader@replica/placement")
    assert (
        load_config("production")["STATISTICS_DATABASE_URL"]
        == "postgresql+psycopg://reader@replica/placement"
    )
    monkeypatch.setenv("STATISTICS_DATABASE_URL", "mysql://reader@replica/placement")
    with pytest.raises(ConfigError, match="STATISTICS_DATABASE_URL names the driver"):
        load_config("production")


def test_mail_goes_to_smtp_when_a_server_is_set(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("MAIL_SERVER", "smtp.kommune.dk")
    assert load_config("production")["MAIL_BACKEND"] == "smtp"
    monkeypatch.delenv("MAIL_SERVER")
    assert load_config("production")["MAIL_BACKEND"] == "log"


def test_an_unknown_environment_is_refused():
    with pytest.raises(ConfigError):
        load_config("staging")


def test_outside_tests_passwords_are_hashed_with_argon2id_at_rfc_9106_cost(monkeypatch):
    from placement.accounts import passwords

    monkeypatch.setenv("SECRET_KEY", "x")
    profile = load_config("production")["PASSWORD_HASH_PROFILE"]
    passwords.configure(profile)
    try:
        stored = passwords.hash_password("en lang sætning")
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert passwords.verify_password(stored, "en lang sætning")
        assert not passwords.verify_password(stored, "en anden sætning")
    finally:
        passwords.configure("CHEAPEST")


# --- CPR keys -------------------------------------------------------------------------------------


def test_production_refuses_to_start_without_cpr_keys(monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(tmp_path))
    monkeypatch.delenv("CPR_KEYS")
    monkeypatch.delenv("CPR_HMAC_KEY")
    with pytest.raises(ConfigError, match="CPR_KEYS and CPR_HMAC_KEY"):
        load_config("production")
    monkeypatch.setenv("CPR_KEYS", Fernet.generate_key().decode())
    with pytest.raises(ConfigError, match="CPR_HMAC_KEY"):  # the search key is needed too
        load_config("production")
    assert list(tmp_path.iterdir()) == []  # production never makes keys of its own


def test_cpr_keys_from_the_environment_newest_first(monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    newest, older = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(tmp_path))
    monkeypatch.setenv("CPR_KEYS", f" {newest} ,\n{older}, ")
    monkeypatch.setenv("CPR_HMAC_KEY", " søgenøgle ")
    config = load_config("production")
    assert config["CPR_KEYS"] == (newest, older)
    assert config["CPR_HMAC_KEY"] == "søgenøgle"


def test_cpr_keys_from_the_instance_folder_one_per_line(monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    newest, older = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    (tmp_path / "cpr_keys").write_text(f"# put a new key first\n{newest}\n{older}\n")
    (tmp_path / "cpr_hmac_key").write_text("søgenøgle\n")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(tmp_path))
    monkeypatch.delenv("CPR_KEYS")
    monkeypatch.delenv("CPR_HMAC_KEY")
    config = load_config("production")
    assert config["CPR_KEYS"] == (newest, older) and config["CPR_HMAC_KEY"] == "søgenøgle"


def test_development_generates_cpr_keys_once_into_the_instance_folder(monkeypatch, tmp_path):
    import os
    from pathlib import Path

    from cryptography.fernet import Fernet

    from placement.config import DEFAULT_INSTANCE, PROJECT_ROOT

    instance = tmp_path / "instance"
    monkeypatch.setenv("PLACEMENT_INSTANCE", str(instance))
    monkeypatch.delenv("CPR_KEYS")
    monkeypatch.delenv("CPR_HMAC_KEY")
    first, second = load_config("development"), load_config("development")
    assert first["CPR_KEYS"] == second["CPR_KEYS"] and len(first["CPR_KEYS"]) == 1
    assert first["CPR_HMAC_KEY"] == second["CPR_HMAC_KEY"]
    key = first["CPR_KEYS"][0]
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x"
    for name in ("cpr_keys", "cpr_hmac_key"):
        assert (instance / name).stat().st_mode & 0o777 == 0o600  # for the owner only

    # Never in the repository: the default instance folder is ignored by git, and the keys
    # were written nowhere else in the project.
    assert DEFAULT_INSTANCE == PROJECT_ROOT / "instance"
    assert "instance/" in (PROJECT_ROOT / ".gitignore").read_text().split()
    for folder, subfolders, files in os.walk(PROJECT_ROOT):
        subfolders[:] = [name for name in subfolders if name not in {".venv", ".git", "instance"}]
        for name in files:
            path = Path(folder) / name
            if path.stat().st_size < 1_000_000:
                assert key.encode() not in path.read_bytes(), path
