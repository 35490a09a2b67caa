"""The wheel and sdist, built and installed the way a user gets them.

One module-scoped build: the project's files (tracked and new, as git lists them) are copied to a
temporary folder and `python -m build` makes the sdist, then the wheel from that sdist, so the
checkout's build/, dist/ and *.egg-info are never touched and parallel runs cannot collide.
The wheel is then installed with pip, dependencies and all (PySide6 included, from the package
registry), into a brand-new virtual environment that does not see the checkout or the test
environment; every command below runs from a temporary working directory for the same reason.
When the registry cannot be reached the install tests skip with that reason; any other failure fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import indexer

REPO = Path(__file__).resolve().parents[2]
VERSION = indexer.__version__
BUILD_TIMEOUT = 600
NETWORK_ERRORS = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                  "Max retries exceeded", "ConnectTimeout", "ReadTimeoutError", "Name or service not known")
RESOURCE_FILES = ("gazetteer/countries.json", "gazetteer/people.json", "icons/briefing-reader.svg",
                  "icons/briefing-reader-48.png", "icons/search.svg", "styles/app.qss", "styles/highlights.json",
                  "demo/01_riyadh-talks-open.txt", "demo/06_istanbul-technical-round.html", "demo/09_black-sea-grain.md")
MIN_DEMO_ARTICLES = 12

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT * 2)]


@dataclass(frozen=True)
class Built:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Installed:
    venv: Path
    bin: Path
    python: Path
    site_packages: Path
    workdir: Path
    env: dict


# --- building ------------------------------------------------------------------------------------

def _project_files() -> list[str]:
    """Files a build from this checkout would see: tracked and untracked-but-not-ignored."""
    if shutil.which("git") and (REPO / ".git").exists():
        done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                              cwd=REPO, capture_output=True, check=True)
        return [name for name in done.stdout.decode().split("\0") if name and (REPO / name).is_file()]
    skip = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis"}
    return [str(p.relative_to(REPO)) for p in REPO.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(REPO).parts)
            and not any(part.endswith(".egg-info") for part in p.relative_to(REPO).parts)]


def _copy_project(target: Path) -> Path:
    for name in _project_files():
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, dest)
    return target


def _run(cmd: list, *, timeout: float = BUILD_TIMEOUT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs)


def _skip_if_offline(done: subprocess.CompletedProcess, what: str) -> None:
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(marker in output for marker in NETWORK_ERRORS):
        pytest.skip(f"{what} needs the package registry, which cannot be reached:\n{output[-1500:]}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """sdist and wheel built from a copy of the project (the wheel is built from the sdist)."""
    root = tmp_path_factory.mktemp("wheel-build")
    source = _copy_project(root / "source")
    done = _run([sys.executable, "-m", "build", "--outdir", root / "dist", source], cwd=root)
    _skip_if_offline(done, "`python -m build` (it installs setuptools into an isolated build environment)")
    assert done.returncode == 0, f"python -m build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    sdists = list((root / "dist").glob("*.tar.gz"))
    wheels = list((root / "dist").glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in (root / "dist").iterdir())
    return Built(sdist=sdists[0], wheel=wheels[0])


# --- installing ----------------------------------------------------------------------------------

def _clean_env(home: Path) -> dict:
    """The environment of a user's shell: no trace of the test virtualenv or the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(BRIEFING_READER_HOME=str(home / "default-library"), QT_QPA_PLATFORM="offscreen",
               PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def _seeded_pip() -> Path | None:
    """The pip wheel that `python -m venv` installs into a new environment (ensurepip's bundled copy)."""
    import ensurepip

    wheels = sorted(Path(ensurepip.__file__).parent.glob("_bundled/pip-*.whl"))
    return wheels[-1] if wheels else None


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Installed:
    """A fresh virtual environment with the wheel installed, dependencies resolved normally, by the pip a user
    has: the one `python -m venv` seeds, never upgraded (issue 12: an old pip resolved lxml's extra differently)."""
    root = tmp_path_factory.mktemp("wheel-venv")
    target = root / "venv"
    seeded = _seeded_pip()
    # Run the seeded pip straight from its wheel: the same pip as `venv` installs, without ensurepip's ~20 s.
    venv.EnvBuilder(with_pip=seeded is None, system_site_packages=False, clear=True).create(target)
    python = target / "bin" / "python"
    pip = [python, seeded / "pip"] if seeded else [python, "-m", "pip"]
    workdir = root / "work"
    workdir.mkdir()
    env = _clean_env(root)
    done = _run([*pip, "install", "--no-compile", "--no-input", "--disable-pip-version-check", built.wheel],
                cwd=workdir, env=env)
    _skip_if_offline(done, "installing the wheel's dependencies")
    assert done.returncode == 0, f"pip install of {built.wheel.name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=workdir, env=env)
    return Installed(venv=target, bin=target / "bin", python=python, site_packages=Path(site.stdout.strip()),
                     workdir=workdir, env=env)


def _in_venv(inst: Installed, *cmd, timeout: float = 180) -> subprocess.CompletedProcess:
    done = _run(list(cmd), cwd=inst.workdir, env=inst.env, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def _python(inst: Installed, code: str) -> str:
    return _in_venv(inst, inst.python, "-c", code).stdout.strip()


# --- the built files -----------------------------------------------------------------------------

def test_wheel_is_named_with_the_project_version(built):
    assert built.wheel.name == f"briefing_reader-{VERSION}-py3-none-any.whl"
    assert built.sdist.name == f"briefing_reader-{VERSION}.tar.gz"


def test_wheel_holds_the_packages_and_every_resource_but_no_tests(built):
    with zipfile.ZipFile(built.wheel) as whl:
        names = set(whl.namelist())
    for package in ("indexer", "indexer/ingest", "indexer/actors", "indexer/briefing", "desktop", "resources"):
        assert f"{package}/__init__.py" in names, f"{package} is missing from the wheel"
    for name in RESOURCE_FILES:
        assert f"resources/{name}" in names, f"resources/{name} is missing from the wheel"
    tracked = {str(p.relative_to(REPO)) for p in (REPO / "resources").rglob("*") if p.is_file()
               and "__pycache__" not in p.parts and str(p.relative_to(REPO)) in set(_project_files())}
    assert tracked <= names, f"resources missing from the wheel: {sorted(tracked - names)}"
    top_level = {name.split("/", 1)[0] for name in names}
    assert "tests" not in top_level and "packaging" not in top_level, sorted(top_level)


def test_wheel_declares_both_commands(built):
    with zipfile.ZipFile(built.wheel) as whl:
        entry_points = whl.read(f"briefing_reader-{VERSION}.dist-info/entry_points.txt").decode()
    assert re.search(r"\[console_scripts\]\s*\nbriefing-index = indexer\.served:main", entry_points), entry_points
    assert re.search(r"\[gui_scripts\]\s*\nbriefing-reader = desktop\.app:main", entry_points), entry_points


def test_sdist_holds_sources_resources_and_project_files(built):
    prefix = f"briefing_reader-{VERSION}/"
    with tarfile.open(built.sdist) as tar:
        names = {name[len(prefix):] for name in tar.getnames() if name.startswith(prefix)}
    for name in ("pyproject.toml", "README.md", "indexer/__init__.py", "indexer/cli.py", "desktop/app.py",
                 "resources/__init__.py", *(f"resources/{n}" for n in RESOURCE_FILES)):
        assert name in names, f"{name} is missing from the sdist"


# --- the installed package -----------------------------------------------------------------------

def test_installed_venv_is_fresh_and_uses_the_wheel(installed):
    located = json.loads(_python(installed, "import json, sys, indexer, desktop, resources; print(json.dumps("
                                            "[indexer.__file__, desktop.__file__, resources.__file__, sys.path]))"))
    for module_file in located[:3]:
        assert Path(module_file).is_relative_to(installed.site_packages), module_file
    assert not any(str(REPO) in entry for entry in located[3]), f"the checkout leaks into sys.path: {located[3]}"
    assert _python(installed, "import importlib.util; print(importlib.util.find_spec('tests'))") == "None"


def test_installed_commands_print_the_version(installed):
    index = _in_venv(installed, installed.bin / "briefing-index", "--version")
    assert index.stdout.strip() == f"briefing-index {VERSION}"
    reader = _in_venv(installed, installed.bin / "briefing-reader", "--version")
    assert reader.stdout.strip() == f"briefing-reader {VERSION}"


def test_installed_package_finds_its_resources(installed):
    folder = Path(_python(installed, "from indexer.paths import resources_dir; print(resources_dir())"))
    assert folder == installed.site_packages / "resources"
    for name in RESOURCE_FILES:
        assert (folder / name).is_file(), f"{name} is not installed under {folder}"
    gazetteer = json.loads(_python(installed, "import json; from indexer.paths import resource; "
                                              "print(json.dumps(sorted(p.name for p in resource('gazetteer').glob('*.json'))))"))
    assert {"countries.json", "organisations.json", "people.json", "places.json"} <= set(gazetteer)


def test_installed_cli_imports_and_searches_the_installed_demo_corpus(installed):
    demo = _python(installed, "from indexer.paths import resource; print(resource('demo'))")
    assert Path(demo).is_relative_to(installed.site_packages)
    library = installed.workdir / "cli-library"
    cli = installed.bin / "briefing-index"
    report = json.loads(_in_venv(installed, cli, "--library", library, "add", demo, "--json").stdout)
    assert len(report["added"]) >= MIN_DEMO_ARTICLES, report
    assert all(Path(item["path"]).is_relative_to(installed.site_packages) for item in report["added"])
    found = json.loads(_in_venv(installed, cli, "--library", library, "search", "Riyadh", "--json").stdout)
    assert found["total"] >= 1, found


def test_installed_html_extractor_works_without_a_fallback(installed):
    """The fresh-install failure of issue 12: trafilatura must import and extract, so no page says it fell back."""
    page = installed.workdir / "harbour.html"
    paragraph = "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights."
    page.write_text(f"<html><head><title>Harbour talks</title></head><body><nav>Home</nav><article><p>{paragraph}</p>"
                    f"<p>{paragraph.replace('Thursday', 'Friday')}</p></article></body></html>", encoding="utf-8")
    cli, library = installed.bin / "briefing-index", installed.workdir / "html-library"
    report = json.loads(_in_venv(installed, cli, "--library", library, "add", page, "--json").stdout)
    assert len(report["added"]) == 1, report
    log = json.loads(_in_venv(installed, cli, "--library", library, "log", "--json").stdout)
    assert [(e["status"], e["detail"]) for e in log] == [("added", "")], log  # no "HTML extractor unavailable"
    assert _python(installed, "import trafilatura; print(trafilatura.__name__)") == "trafilatura"


def test_installed_cli_reports_a_missing_folder_and_a_bad_command(installed):
    cli, library = installed.bin / "briefing-index", installed.workdir / "lib2"
    done = _run([cli, "--library", library, "add", installed.workdir / "no-such-folder", "--json"],
                cwd=installed.workdir, env=installed.env, timeout=120)
    report = json.loads(done.stdout)  # the report still comes; exit 1 because nothing given exists (a typo)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert not report["added"] and "not found" in report["skipped"][0]["reason"], report
    done = _run([cli, "--library", library, "no-such-command"], cwd=installed.workdir, env=installed.env, timeout=120)
    assert done.returncode == 2 and "no-such-command" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_installed_gui_passes_its_self_test(installed):
    done = _in_venv(installed, installed.bin / "briefing-reader", "--self-test", timeout=300)
    assert "self-test passed" in done.stdout
