"""A postgresql:// library address is recognised, and refused clearly until team libraries can be searched:
never turned into a local folder named "postgresql:" (issue 15)."""

from __future__ import annotations

import pytest

from indexer.cli import main
from indexer.library import Library
from indexer.paths import TeamLibraryNotReadyError, default_library_dir, is_team_address, redact_address

ADDRESSES = ["postgresql://ana:Secret-Pw@db.desk/news", "postgresql:///news", "postgres://db/news",
             "POSTGRESQL://db/news", "host=db dbname=news password=Secret-Pw"]


@pytest.mark.parametrize("address", ADDRESSES[:4])
def test_addresses_are_recognised(address):
    assert is_team_address(address)


@pytest.mark.parametrize("folder", ["postgresql-notes", "lib/postgresql://x", "./postgresql:", "", "~/news"])
def test_folders_are_not_addresses(folder):
    assert not is_team_address(folder)


def test_what_pathlib_makes_of_an_address_is_still_one(tmp_path):
    from pathlib import Path

    assert is_team_address(Path("postgresql://db/news"))  # "postgresql:/db/news"


def test_redaction_leaves_the_password_out():
    assert redact_address(ADDRESSES[0]) == "postgresql://ana@db.desk/news"
    assert "Secret-Pw" not in redact_address(ADDRESSES[4])


@pytest.mark.parametrize("address", ADDRESSES[:3])
def test_cli_refuses_with_the_message_and_makes_no_folder(address, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--library", address, "list"]) == 1
    err = capsys.readouterr().err
    assert "the store is ready, searching it is not yet; see issue 15" in err
    assert "Traceback" not in err and "Secret-Pw" not in err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_address_in_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_READER_HOME", ADDRESSES[0])
    assert main(["add", str(tmp_path)]) == 1
    assert "see issue 15" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
    with pytest.raises(TeamLibraryNotReadyError):
        default_library_dir()


def test_library_refuses_an_address_even_through_pathlib(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    for location in (ADDRESSES[0], Path("postgresql://db/news")):
        with pytest.raises(TeamLibraryNotReadyError, match="see issue 15") as caught:
            Library(location)
        assert "Secret-Pw" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_named_like_the_scheme_still_opens(tmp_path):
    library = Library(tmp_path / "postgresql-notes")
    try:
        assert library.count() == 0
    finally:
        library.close()
