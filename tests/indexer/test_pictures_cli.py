"""`briefing-index timeline` and `briefing-index network`: files, --json, and messages for bad input."""

from __future__ import annotations

import json

import pytest

from indexer import cli

from .pictures_fixtures import A, B, build_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-pictures")
    build_library(root).close()
    return root / "lib"


def run(library, *argv):
    return cli.main(["--library", str(library), *argv])


def test_timeline_to_svg_with_the_query_in_its_title(library, tmp_path, capsys):
    out = tmp_path / "timeline.svg"
    assert run(library, "timeline", "harbour", "-o", str(out)) == 0
    said = capsys.readouterr().out
    assert "Timeline of 3 article(s): 4 quote(s)" in said and str(out) in said
    svg = out.read_text(encoding="utf-8")
    assert "Who said what: “harbour”" in svg and "Alba Ferrant (1)" in svg


def test_timeline_actor_lanes_and_json(library, capsys):
    assert run(library, "timeline", "--actor", "Oduya", "--actor", "Alba Ferrant", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [lane["id"] for lane in doc["lanes"]][:2] == [B, A]
    assert doc["articles"] == 5 and doc["undated"] == 1 and doc["density"][0] == ["2025-03-01", 2]
    assert doc["marks"][0] == {"lane": A, "actor_id": A, "date": "2025-03-01", "article_id": "a1",
                               "start": doc["marks"][0]["start"], "end": doc["marks"][0]["end"],
                               "text": "we will reopen the harbour soon", "kind": "direct"}


def test_network_to_png_and_json_together(library, tmp_path, capsys):
    out = tmp_path / "net.png"
    assert run(library, "network", "--min-weight", "2", "-o", str(out), "--json", "--theme", "dark") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(e["source"], e["target"], e["weight"]) for e in doc["edges"]] == [
        (A, B, 3), (A, "northwind-council", 2), (B, "port-selmar", 2)]
    assert doc["min_weight"] == 2 and len(doc["nodes"]) == 4
    assert out.read_bytes().startswith(b"\x89PNG") and oct(out.stat().st_mode)[-3:] == "600"


def test_network_date_range(library, capsys):
    assert run(library, "network", "--from", "2025-04", "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["articles"] == 1 and {n["id"] for n in doc["nodes"]} == {B, "port-selmar", "cara-lindqvist"}


@pytest.mark.parametrize("argv, words", [
    (["timeline"], "-o FILE.svg"),
    (["network", "-o", "net.jpg"], ".png or .svg"),
    (["timeline", "--actor", "Nobody Atall", "--json"], "Nobody Atall"),
    (["timeline", "--from", "March", "--json"], "YYYY-MM-DD"),
    (["network", "--min-weight", "0", "--json"], "at least 1"),
    (["network", '"unclosed', "--json"], "unclosed"),
    (["network", "--min-weight", "many", "--json"], "invalid int"),
])
def test_bad_input_exits_2_with_a_message(library, tmp_path, capsys, argv, words):
    assert run(library, *argv) == 2
    err = capsys.readouterr().err
    assert words.lower() in err.lower() and "Traceback" not in err


def test_an_unwritable_output_fails_with_the_file_named(library, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "t.svg"
    assert run(library, "timeline", "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "Traceback" not in err


def test_help_lists_both_commands(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--help"])
    help_text = capsys.readouterr().out
    assert "timeline" in help_text and "network" in help_text
