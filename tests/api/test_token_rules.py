"""API keys: a name that says what uses the key, a limit on how many, and no key outlives the
person's account."""

import pytest

from placement.accounts.users import deactivate_user
from placement.api import tokens
from placement.models import Role
from tests.factories import create_user


@pytest.mark.parametrize(
    "name, message",
    [
        ("   ", "Giv nøglen et navn"),
        ("x" * (tokens.NAME_MAX_LENGTH + 1), f"højst have {tokens.NAME_MAX_LENGTH} tegn"),
    ],
)
def test_a_key_needs_a_name_of_a_sensible_length(name, message):
    manager = create_user(Role.MANAGER)
    with pytest.raises(tokens.TokenRefused, match=message):
        tokens.create_token(manager, name)
    assert tokens.tokens_of(manager) == []


def test_a_person_has_at_most_so_many_active_keys_and_revoking_one_frees_a_place():
    manager = create_user(Role.MANAGER)
    made = [tokens.create_token(manager, f"System {n}")[0] for n in range(tokens.MAX_ACTIVE_TOKENS)]
    with pytest.raises(tokens.TokenRefused, match="Tilbagekald en"):
        tokens.create_token(manager, "Et system for meget")
    tokens.revoke(manager, made[0].id)
    assert tokens.create_token(manager, "Et nyt system")[0].name == "Et nyt system"


def test_a_deactivated_person_s_key_no_longer_opens_anything():
    manager = create_user(Role.MANAGER)
    _token, plaintext = tokens.create_token(manager, "Rapportsystem")
    assert tokens.user_for_token(plaintext) == manager
    deactivate_user(manager, by=create_user(Role.ADMIN))
    assert tokens.user_for_token(plaintext) is None
