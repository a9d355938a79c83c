"""Each subgraph owns its settings: a subclass of kit's `Settings` in its `settings.py`, made
from the kit settings it is given plus the environment, overrides winning (`kit.settings`)."""

import inspect

import pytest

from subgraphs.kit import runtime_of
from subgraphs.kit.db import Database
from subgraphs.kit.registry import subgraph_names
from subgraphs.kit.settings import Settings, settings_class, settings_classes, subgraph_settings
from subgraphs.postings.app import create_app
from subgraphs.postings.settings import PostingsSettings


def test_a_subgraphs_settings_are_kits_values_and_its_own_from_the_environment(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("POSTINGS_ALLOW_LOOPBACK", "true")
    monkeypatch.setenv("DATA_DIR", "/nowhere")  # kit's value comes from the settings given
    own = PostingsSettings.of(Settings(DATA_DIR=tmp_path, PAGE_SIZE_MAX=7))
    assert own.POSTINGS_ALLOW_LOOPBACK is True
    assert (own.DATA_DIR, own.PAGE_SIZE_MAX) == (tmp_path, 7)


def test_overrides_win_and_are_validated_like_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTINGS_TIMEOUT_SECONDS", "9")
    kit = Settings(DATA_DIR=tmp_path)
    own = PostingsSettings.of(kit, POSTINGS_TIMEOUT_SECONDS=1.5, PAGE_SIZE_MAX=3)
    assert (own.POSTINGS_TIMEOUT_SECONDS, own.PAGE_SIZE_MAX) == (1.5, 3)
    again = PostingsSettings.of(own, POSTINGS_POLL_SECONDS=5)  # earlier overrides are kept
    assert (again.POSTINGS_TIMEOUT_SECONDS, again.POSTINGS_POLL_SECONDS) == (1.5, 5)
    with pytest.raises(ValueError, match="RATE_LIMIT_PASTE_POSTING"):
        PostingsSettings.of(kit, RATE_LIMIT_PASTE_POSTING="often")
    with pytest.raises(TypeError, match="NO_SUCH_SETTING"):  # not a postings setting
        PostingsSettings.of(kit, NO_SUCH_SETTING=1)


def test_an_instance_is_its_own_settings(tmp_path):
    own = PostingsSettings.of(Settings(DATA_DIR=tmp_path))
    assert PostingsSettings.of(own) is own
    assert subgraph_settings(own, "postings") is own
    assert Settings.of(own) is own  # every subgraph's settings are kit's too


def test_the_runtime_and_the_store_hold_the_subgraphs_own_settings(tmp_path):
    kit = Settings(DATA_DIR=tmp_path)
    runtime = runtime_of(create_app(kit))
    assert type(runtime.settings) is PostingsSettings
    assert runtime.db.settings is runtime.settings  # what `settings_of(session)` answers
    consumers = Database.for_subgraph(kit, "postings")  # the worker's, made from kit's
    assert type(consumers.settings) is PostingsSettings


def test_a_subgraph_without_settings_of_its_own_has_kits():
    assert settings_class("analytics") is Settings
    assert settings_class("no-such-subgraph") is Settings


@pytest.mark.parametrize("name", [name for name in settings_classes() if name != "kit"])
def test_a_subgraph_declares_only_names_of_its_own(name):
    """A variable has one owner: a subgraph's class adds names, never redeclares kit's."""
    own = inspect.get_annotations(settings_class(name))
    assert own and not set(own) & set(Settings.model_fields), f"{name} redeclares kit's"


def test_the_owners_are_kit_and_the_subgraphs_with_settings_in_registry_order():
    owners = list(settings_classes())
    assert owners[0] == "kit"
    assert owners[1:] == [name for name in subgraph_names() if name in owners]
    assert "analytics" not in owners and "postings" in owners
