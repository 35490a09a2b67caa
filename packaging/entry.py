"""Entry point of the PyInstaller bundle's `briefing-reader` (entry_index.py is `briefing-index`'s).

Both call multiprocessing.freeze_support() first: the import pipeline starts its workers with
"spawn", which in a frozen app re-runs this executable, and that child must become a worker.

`briefing-reader --self-test` first runs bundle_check(): the parts a frozen build can lose without
an error, because the app falls back or imports them lazily (trafilatura's settings and data,
markdown extensions, spawned worker processes, charset detection, date parsing, Qt's SVG and image
plugins), then the app's own offscreen self-test.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor

SAMPLE_PARAGRAPH = (
    "Negotiators from both delegations met again on Tuesday in the conference hall of the old customs house, "
    "where they spent most of the afternoon on the wording of the monitoring annex. Officials said the "
    "draft covers prisoner lists, grain shipments and the timetable for the next technical round."
)
SAMPLE_HTML = (
    "<html><head><title>Talks resume</title></head><body><nav>Home | World</nav><article><h1>Talks resume</h1>"
    + "".join(f"<p>{SAMPLE_PARAGRAPH}</p>" for _ in range(3))
    + "</article><footer>Copyright</footer></body></html>"
)


class BundleCheckError(RuntimeError):
    """A part of the bundle is missing or broken."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise BundleCheckError(message)


def check_resources() -> str:
    from indexer.paths import resource, resources_dir

    for part in (("gazetteer", "countries.json"), ("styles", "app.qss"), ("icons", "briefing-reader.svg"), ("demo",)):
        _check(resource(*part).exists(), f"resource {'/'.join(part)} is missing under {resources_dir()}")
    return f"resources at {resources_dir()}"


def check_text_libraries() -> str:
    import markdown
    import nh3
    import trafilatura
    from charset_normalizer import from_bytes
    from dateutil import parser as date_parser

    extracted = trafilatura.extract(SAMPLE_HTML, favor_precision=True, include_tables=True) or ""
    _check("customs house" in extracted and "Home | World" not in extracted, "trafilatura did not extract the sample")
    html = markdown.markdown("Said so.[^1]\n\n[^1]: Source.", extensions=["footnotes"], output_format="html")
    _check('class="footnote"' in html, "the markdown footnotes extension is missing")
    _check(nh3.clean("<p>ok<script>x</script></p>") == "<p>ok</p>", "nh3 did not sanitise")
    guess = from_bytes("Zürich – Genève".encode("cp1252")).best()
    _check(guess is not None and "Zürich" in str(guess), "charset_normalizer could not decode cp1252")
    _check(date_parser.parse("23 February 2025").year == 2025, "dateutil could not parse a date")
    return "trafilatura, markdown footnotes, nh3, charset_normalizer, dateutil"


def check_spawned_worker(html_path: str) -> str:
    """Prepare one demo HTML file in a spawned worker process, as large imports do."""
    from indexer.pipeline import prepare_for_import

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        prepared = pool.submit(prepare_for_import, html_path, 20 * 1024 * 1024).result(timeout=120)
    _check(prepared.document is not None and len(prepared.document.text) > 200,
           f"a spawned worker could not prepare {html_path}: {prepared.skip}")
    return "spawned worker"


def check_qt_plugins() -> str:
    """Qt's SVG icon engine and PNG/SVG image readers (offscreen platform)."""
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

    from desktop.app import ensure_app
    from indexer.paths import resource

    ensure_app()  # the app's own QApplication, so its self-test runs on it afterwards
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    _check({"png", "svg"} <= formats, f"Qt image formats lack png or svg: {sorted(formats)}")
    icon = QIcon(str(resource("icons", "search.svg")))
    _check(not icon.pixmap(24, 24).isNull(), "Qt could not render an SVG icon (svg icon engine missing)")
    return f"Qt platform {QGuiApplication.platformName()}, png+svg, svg icons"


def bundle_check() -> list[str]:
    """Run every check; raises BundleCheckError naming the first missing part."""
    from indexer.paths import resource

    html_files = sorted(resource("demo").glob("*.html"))
    _check(bool(html_files), "the demo corpus has no HTML file")
    return [check_resources(), check_text_libraries(), check_spawned_worker(str(html_files[0])), check_qt_plugins()]


def _run_bundle_check() -> int:
    started = time.perf_counter()
    try:
        passed = bundle_check()
    except (BundleCheckError, ImportError, OSError) as exc:
        print(f"bundle check FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"bundle check passed in {time.perf_counter() - started:.1f} s: " + "; ".join(passed))
    return 0


def reader_main(argv: list[str] | None = None) -> int:
    """`briefing-reader`: the GUI; --self-test also checks the bundle's parts."""
    argv = sys.argv[1:] if argv is None else argv
    if "--self-test" in argv:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if _run_bundle_check() != 0:
            return 1
    from desktop.app import main

    return main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(reader_main())
