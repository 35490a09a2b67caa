"""The CLI treats a typo as an error (QA): a read command on a library folder that does not exist, an `add` whose
every path is missing, and `brief export -o x.md` without --format (the name says md)."""

from __future__ import annotations

import pytest

from indexer.cli import main
from indexer.library import Library

STORY = ("Envoys met in Riyadh on Tuesday to discuss a ceasefire.\n\n"
         "The talks lasted six hours, officials said, and will resume next week in Geneva.\n")


@pytest.mark.parametrize("command", [["search", "talks"], ["list"], ["show", "abc"], ["quotes"], ["actors"],
                                     ["log"], ["timeline", "--json"]])
def test_a_read_command_on_a_missing_library_says_so_and_creates_nothing(tmp_path, capsys, command):
    missing = tmp_path / "libary-typo"
    code = main(["--library", str(missing), *command])
    err = capsys.readouterr().err
    assert code == 1
    assert f"There is no library at {missing}" in err and "nothing was created" in err
    assert "Traceback" not in err
    assert not missing.exists()


def test_a_read_command_on_an_existing_empty_library_still_answers(tmp_path, capsys):
    Library(tmp_path / "lib").close()
    assert main(["--library", str(tmp_path / "lib"), "search", "talks"]) == 0


def test_add_creates_the_library_it_is_given(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["--library", str(tmp_path / "new"), "add", str(story)]) == 0
    assert (tmp_path / "new").is_dir()


def test_add_of_only_missing_paths_fails(tmp_path, capsys):
    code = main(["--library", str(tmp_path / "lib"), "add", str(tmp_path / "nope.txt"), str(tmp_path / "gone")])
    err = capsys.readouterr().err
    assert code == 1 and "None of the given files or folders exists" in err


def test_add_with_one_missing_path_among_real_ones_still_succeeds(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    code = main(["--library", str(tmp_path / "lib"), "add", str(story), str(tmp_path / "nope.txt")])
    out = capsys.readouterr()
    assert code == 0 and "nope.txt" in out.out + out.err


@pytest.mark.parametrize(("name", "marker"), [("brief.md", "# Desk"), ("brief.HTML", "<html")])
def test_brief_export_takes_the_format_from_the_output_name(tmp_path, capsys, name, marker):
    briefing = tmp_path / "desk.briefing"
    assert main(["--library", str(tmp_path / "lib"), "brief", "new", str(briefing), "--title", "Desk"]) == 0
    out = tmp_path / name
    assert main(["--library", str(tmp_path / "lib"), "brief", "export", str(briefing), "-o", str(out)]) == 0
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("output", ["-", "brief.txt"])
def test_brief_export_without_a_format_it_can_tell_is_a_usage_error(tmp_path, capsys, output):
    briefing = tmp_path / "desk.briefing"
    assert main(["--library", str(tmp_path / "lib"), "brief", "new", str(briefing), "--title", "Desk"]) == 0
    code = main(["--library", str(tmp_path / "lib"), "brief", "export", str(briefing), "-o", output])
    err = capsys.readouterr().err
    assert code == 2 and "give --format md or html" in err
