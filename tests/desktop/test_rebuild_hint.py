"""Messages that ask for a rebuild name the app's real menu item (search2 item 2)."""

from indexer.search.engine import REBUILD_HINT


def test_the_rebuild_hint_names_the_file_menus_rebuild_action():
    from desktop.actions import SPECS, Act

    assert f"File ▸ {SPECS[Act.REBUILD].text.replace('&', '')} in the app" in REBUILD_HINT
