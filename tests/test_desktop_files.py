"""Linux desktop integration and visual assets: .desktop, AppStream metainfo, icons and styles.

The validators are the real Debian tools (desktop-file-validate, appstreamcli). When they are
missing, the test tries `apt-get install -y desktop-file-utils appstream` (with `apt-get update`
on failure) and skips with the reason if that is impossible.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APP_ID = "io.github.briefingreader.BriefingReader"
LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "resources" / "icons"
STYLES = REPO / "resources" / "styles"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
TOOLBAR_ICONS = ("import", "folder", "cancel", "search", "next", "previous", "open-side-by-side", "add-excerpt",
                 "save", "export", "undo", "redo", "close-pane", "related", "actors")
APT_TIMEOUT = 300


# --- tools -------------------------------------------------------------------------------------

def _apt(*args: str) -> bool:
    try:
        done = subprocess.run(["apt-get", *args], capture_output=True, text=True, timeout=APT_TIMEOUT,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def require_tool(tool: str) -> str:
    """Path of `tool`, installing the Debian packages once if needed; skip with the reason otherwise."""
    found = shutil.which(tool)
    if found:
        return found
    if shutil.which("apt-get") is None:
        pytest.skip(f"{tool} is missing and apt-get is not available to install desktop-file-utils/appstream")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        pytest.skip(f"{tool} is missing; run as root or `sudo apt-get install desktop-file-utils appstream`")
    packages = ("desktop-file-utils", "appstream")
    if not _apt("install", "-y", *packages) and not (_apt("update") and _apt("install", "-y", *packages)):
        pytest.skip(f"{tool} is missing and `apt-get install -y {' '.join(packages)}` failed (offline?)")
    found = shutil.which(tool)
    if not found:
        pytest.skip(f"{tool} still missing after installing {', '.join(packages)}")
    return found


def run(*cmd: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)


def desktop_validate(path: Path) -> subprocess.CompletedProcess:
    return run(require_tool("desktop-file-validate"), path)


def appstream_validate(path: Path) -> subprocess.CompletedProcess:
    return run(require_tool("appstreamcli"), "validate", "--no-net", path)


# --- helpers -----------------------------------------------------------------------------------

def project_version() -> str:
    """indexer.__version__, read from indexer/__init__.py without importing it."""
    source = (REPO / "indexer" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', source, flags=re.M)
    assert match, "indexer/__init__.py defines no __version__"
    return match.group(1)


def desktop_entry(path: Path = DESKTOP) -> dict[str, str]:
    entry: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entry[key.strip()] = value.strip()
    return entry


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- .desktop ----------------------------------------------------------------------------------

def test_desktop_file_validates():
    done = desktop_validate(DESKTOP)
    problems = [line for line in done.stdout.splitlines() if ": error:" in line or ": warning:" in line]
    assert done.returncode == 0 and not problems, done.stdout + done.stderr


def test_desktop_validator_rejects_a_broken_file(tmp_path):
    broken = tmp_path / f"{APP_ID}.desktop"
    broken.write_text("[Desktop Entry]\nType=Application\nExec=briefing-reader\n", encoding="utf-8")  # no Name
    assert desktop_validate(broken).returncode != 0


def test_desktop_entry_matches_app():
    entry = desktop_entry()
    assert entry["Name"] == "Briefing Reader"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "briefing-reader"
    assert entry["Categories"] == "Office;Utility;"
    assert entry["Terminal"] == "false"


# --- AppStream metainfo ------------------------------------------------------------------------

def test_metainfo_validates():
    done = appstream_validate(METAINFO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_appstream_validator_rejects_a_broken_file(tmp_path):
    text = METAINFO.read_text(encoding="utf-8")
    broken = tmp_path / f"{APP_ID}.metainfo.xml"
    text = re.sub(r"<summary>.*?</summary>", "", text)  # required tag removed
    text = text.replace("<metadata_license>CC0-1.0", "<metadata_license>Proprietary")  # not allowed for metadata
    broken.write_text(text, encoding="utf-8")
    assert appstream_validate(broken).returncode != 0


def test_metainfo_version_is_the_project_version():
    releases = metainfo().findall("./releases/release")
    assert releases, "metainfo has no <release>"
    newest = releases[0]
    assert newest.get("version") == project_version()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.get("date", ""))


def test_metainfo_fields():
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("name") == desktop_entry()["Name"]
    assert root.findtext("summary")
    assert len(root.findall("./description/p")) >= 2
    assert root.find("developer") is not None
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.findtext("./screenshots/screenshot/image", "").startswith("https://")
    assert {c.text for c in root.findall("./categories/category")} == {"Office", "Utility"}
    assert root.find("./releases/release").get("date") == "2026-11-23"


def test_metainfo_binaries_are_the_project_scripts():
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11+")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    scripts = set(project.get("scripts", {})) | set(project.get("gui-scripts", {}))
    binaries = {b.text for b in metainfo().findall("./provides/binary")}
    assert binaries == {"briefing-reader", "briefing-index"}
    assert binaries <= scripts, f"pyproject does not declare {binaries - scripts}"


# --- icons -------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", PNG_SIZES)
def test_app_icon_png_sizes(size: int):
    path = ICONS / f"briefing-reader-{size}.png"
    assert path.is_file(), f"missing {path.name}; run packaging/render_icons.py"
    assert png_size(path) == (size, size)


def test_svg_icons_are_self_contained():
    for name in ("briefing-reader", *TOOLBAR_ICONS):
        svg = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
        ET.fromstring(svg)  # well-formed
        assert "currentColor" not in svg and "xlink:href" not in svg and "<image" not in svg, name


def test_toolbar_icons_share_one_grey():
    for name in TOOLBAR_ICONS:
        colours = set(re.findall(r"#[0-9a-fA-F]{6}", (ICONS / f"{name}.svg").read_text(encoding="utf-8")))
        assert colours == {"#7a7f87"}, (name, colours)
    for background in ("#ffffff", "#f0f0f0", "#2b2b2b", "#1e1f22"):
        assert contrast("#7a7f87", background) >= 3.0, background  # WCAG 1.4.11 non-text contrast


def test_icons_readme_documents_every_toolbar_icon():
    readme = (ICONS / "README.md").read_text(encoding="utf-8")
    on_disk = {p.stem for p in ICONS.glob("*.svg")} - {"briefing-reader"}
    assert on_disk == set(TOOLBAR_ICONS)
    for name in TOOLBAR_ICONS:
        assert f"`{name}`" in readme, name


def test_qt_renders_every_svg(qapp):
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    for name in ("briefing-reader", *TOOLBAR_ICONS):
        renderer = QSvgRenderer(str(ICONS / f"{name}.svg"))
        assert renderer.isValid(), name
        image = QImage(32, 32, QImage.Format.Format_ARGB32)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        painted = sum(image.pixelColor(x, y).alpha() > 0 for x in range(32) for y in range(32))
        assert painted > 20, f"{name}.svg renders (almost) nothing"


# --- styles ------------------------------------------------------------------------------------

def highlights() -> dict:
    return json.loads((STYLES / "highlights.json").read_text(encoding="utf-8"))


HIGHLIGHT_KEYS = {"person", "organisation", "place", "other", "discovered", "hit", "hit_underline",
                  "selected", "selected_text"}
BACKGROUNDS = ("person", "organisation", "place", "other", "discovered", "hit")


def test_highlights_define_every_key_for_both_palettes():
    data = highlights()
    for mode in ("light", "dark"):
        assert set(data[mode]) == HIGHLIGHT_KEYS, (mode, set(data[mode]) ^ HIGHLIGHT_KEYS)
        assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in data[mode].values()), mode
        backgrounds = [data[mode][k] for k in (*BACKGROUNDS, "selected")]
        assert len(set(backgrounds)) == len(backgrounds), f"{mode}: two highlight kinds share a colour"


def test_highlight_colours_pass_wcag_aa_in_both_palettes():
    data = highlights()
    for mode in ("light", "dark"):
        colours, texts = data[mode], data["reference_text"][mode]
        assert ("#000000" if mode == "light" else "#ffffff") in texts
        for key in BACKGROUNDS:
            worst = min(contrast(colours[key], text) for text in texts)
            assert worst >= 4.5, (mode, key, round(worst, 2))
        assert contrast(colours["selected"], colours["selected_text"]) >= 4.5, mode
        assert contrast(colours["hit_underline"], colours["hit"]) >= 3.0, mode  # non-text contrast


def test_highlights_load_through_the_desktop_theme(qapp):
    from PySide6.QtGui import QColor, QPalette

    theme = pytest.importorskip("desktop.theme", reason="desktop.theme not present")
    data = highlights()
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    for mode, palette in (("light", None), ("dark", dark)):
        loaded = theme.load_highlights(palette)
        for key in ("person", "organisation", "place", "hit", "selected"):
            assert loaded.colour(key).name() == data[mode][key], (mode, key)


def test_highlight_styles_add_a_non_colour_cue():
    styles = highlights()["styles"]
    for kind, spec in styles.items():
        assert spec["underline"] in {"none", "single", "dash", "dot", "wave"}, kind
        assert isinstance(spec["bold"], bool), kind
    assert styles["discovered"]["underline"] != "none"
    assert styles["hit"]["underline"] != "none" or styles["hit"]["bold"]
    assert styles["selected"]["bold"]


def test_readme_lists_the_contrast_ratios():
    data = highlights()
    readme = (STYLES / "README.md").read_text(encoding="utf-8")
    for mode in ("light", "dark"):
        for key in BACKGROUNDS:
            worst = min(contrast(data[mode][key], text) for text in data["reference_text"][mode])
            assert f"{worst:.2f}" in readme, (mode, key, worst)
            assert data[mode][key] in readme, (mode, key)


def test_stylesheet_is_palette_aware():
    qss = (STYLES / "app.qss").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    assert "palette(" in body
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", body), "hard-coded colour breaks dark mode"
    assert body.count("{") == body.count("}")


def test_stylesheet_parses_in_qt(qapp):
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

    messages: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _ctx, msg: messages.append(msg))
    try:
        window = QWidget()
        layout = QVBoxLayout(window)
        for cls, name in ((QLineEdit, "searchBox"), (QFrame, "readerPane"), (QPlainTextEdit, "articleView"),
                          (QTextBrowser, "briefingPreview")):
            widget = cls()
            widget.setObjectName(name)
            layout.addWidget(widget)
        window.setStyleSheet((STYLES / "app.qss").read_text(encoding="utf-8"))
        window.ensurePolished()
        for child in window.findChildren(QWidget):
            child.ensurePolished()
        window.deleteLater()
    finally:
        qInstallMessageHandler(previous)
    assert not [m for m in messages if "parse" in m.lower() or "stylesheet" in m.lower()], messages


# --- install-desktop ---------------------------------------------------------------------------

def test_install_desktop_script_installs_and_uninstalls(tmp_path):
    if shutil.which("sh") is None or shutil.which("install") is None:
        pytest.skip("needs a POSIX sh and coreutils install")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    script = LINUX / "install-desktop.sh"
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = [tmp_path / "applications" / DESKTOP.name, tmp_path / "metainfo" / METAINFO.name,
                tmp_path / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"]
    expected += [tmp_path / f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in PNG_SIZES]
    assert all(p.is_file() for p in expected), [str(p) for p in expected if not p.is_file()]
    done = subprocess.run(["sh", str(script), "--uninstall"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in expected)


def test_stylesheet_rules_name_the_widget_classes_the_app_uses(qapp):
    """A rule for `QTextEdit#articleView` silently stops applying when the view becomes a QPlainTextEdit."""
    from desktop.theme import load_highlights
    from desktop.views.briefing import BriefingPreview
    from desktop.views.reader import ReaderPane

    qss = re.sub(r"/\*.*?\*/", "", (STYLES / "app.qss").read_text(encoding="utf-8"), flags=re.S)
    pane = ReaderPane(load_highlights())
    preview = BriefingPreview()
    try:
        for widget in (pane.view, preview):
            name = widget.objectName()
            classes = {m.group(1) for m in re.finditer(rf"\b(Q\w+)#{name}\b", qss)}
            assert classes, f"no rule styles #{name}"
            for cls in classes:
                assert widget.inherits(cls), f"the rule {cls}#{name} never applies to a {type(widget).__mro__[1].__name__}"
    finally:
        pane.deleteLater()
        preview.deleteLater()
