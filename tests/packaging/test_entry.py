"""The bundle's launcher (packaging/entry.py) and the single source of the version.

The launcher is loaded from its file: `packaging/` is not a Python package (that name belongs to
the PyPA library). Its checks run here in the source tree; `make bundle` runs them frozen.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

import indexer

REPO = Path(__file__).resolve().parents[2]
ENTRY = REPO / "packaging" / "entry.py"
ENTRY_INDEX = REPO / "packaging" / "entry_index.py"
SPEC = REPO / "packaging" / "briefing-reader.spec"


@pytest.fixture(scope="module")
def entry():
    spec = importlib.util.spec_from_file_location("briefing_reader_bundle_entry", ENTRY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the spawned worker pickles functions by module name
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


# --- the bundle check --------------------------------------------------------------------------

def test_bundle_check_passes_in_the_source_tree(entry, qapp):
    passed = entry.bundle_check()
    assert len(passed) == 4
    assert "svg icons" in passed[-1] and "spawned worker" in passed


def test_missing_resource_is_named(entry, monkeypatch, tmp_path):
    (tmp_path / "gazetteer").mkdir()
    monkeypatch.setattr("indexer.paths.resources_dir", lambda: tmp_path)
    with pytest.raises(entry.BundleCheckError, match=r"resource gazetteer/countries\.json is missing"):
        entry.check_resources()


def test_broken_trafilatura_fails_the_check(entry, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    with pytest.raises(entry.BundleCheckError, match="trafilatura"):
        entry.check_text_libraries()


def test_missing_markdown_extension_fails_the_check(entry, monkeypatch):
    import markdown

    monkeypatch.setattr(markdown, "markdown", lambda text, **kwargs: f"<p>{text}</p>")
    with pytest.raises(entry.BundleCheckError, match="footnotes"):
        entry.check_text_libraries()


def test_worker_failure_names_the_file(entry, tmp_path):
    missing = tmp_path / "gone.html"
    with pytest.raises(entry.BundleCheckError, match="gone.html"):
        entry.check_spawned_worker(str(missing))


def test_failed_check_stops_the_self_test_with_a_message(entry, monkeypatch, capsys):
    def broken():
        raise entry.BundleCheckError("the markdown footnotes extension is missing")

    monkeypatch.setattr(entry, "bundle_check", broken)
    ran = []
    monkeypatch.setattr("desktop.app.main", lambda argv: ran.append(argv) or 0)
    assert entry.reader_main(["--self-test"]) == 1
    assert not ran
    err = capsys.readouterr().err
    assert "bundle check FAILED: the markdown footnotes extension is missing" in err and "Traceback" not in err


def test_launcher_passes_other_arguments_to_the_app(entry, monkeypatch):
    ran = []
    monkeypatch.setattr(entry, "bundle_check", lambda: pytest.fail("no bundle check without --self-test"))
    monkeypatch.setattr("desktop.app.main", lambda argv: ran.append(argv) or 0)
    assert entry.reader_main(["--library", "/tmp/x"]) == 0
    assert ran == [["--library", "/tmp/x"]]


def test_entry_points_call_freeze_support_first():
    for script in (ENTRY, ENTRY_INDEX):
        main_block = script.read_text(encoding="utf-8").split('if __name__ == "__main__":', 1)[1]
        first_statement = next(line.strip() for line in main_block.splitlines() if line.strip())
        assert first_statement.startswith("multiprocessing.freeze_support()"), script.name


def test_spec_bundles_both_entry_points_and_the_resources():
    spec = SPEC.read_text(encoding="utf-8")
    assert 'analysis("entry.py"' in spec and 'analysis("entry_index.py"' in spec
    assert '(str(ROOT / "resources"), "resources")' in spec
    for plugin in ("libqoffscreen.so", "libqxcb.so", "libqsvg.so"):
        assert plugin in spec


# --- one version ---------------------------------------------------------------------------------

def test_cli_version_is_the_package_version(capsys):
    from indexer.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"briefing-index {indexer.__version__}"


def test_gui_version_is_the_package_version(capsys):
    from desktop.app import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"briefing-reader {indexer.__version__}"


def test_pyproject_takes_the_version_from_indexer():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^dynamic\s*=\s*\[[^\]]*"version"', pyproject, flags=re.M)
    assert re.search(r'^version\s*=\s*\{\s*attr\s*=\s*"indexer\.__version__"\s*\}', pyproject, flags=re.M)
    assert not re.search(r'^version\s*=\s*"', pyproject, flags=re.M), "a literal version would be a second source"


def test_metainfo_release_is_the_package_version():
    metainfo = next((REPO / "packaging" / "linux").glob("*.metainfo.xml")).read_text(encoding="utf-8")
    newest = re.search(r'<release\s+version="([^"]+)"', metainfo)
    assert newest and newest.group(1) == indexer.__version__
