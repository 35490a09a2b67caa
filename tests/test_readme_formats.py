"""Issue 17: one registry feeds the README. The `add` row of the README's command table names exactly the
reader registry's file extensions, so the two cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.ingest import registry

README = Path(__file__).resolve().parent.parent / "README.md"


def add_row_extensions(readme: str) -> list[str]:
    """The `.ext` names in the README's `add PATH...` command row, in order."""
    rows = [line for line in readme.splitlines() if line.startswith("| `add PATH")]
    assert len(rows) == 1, "README.md must have one `add PATH...` row in the briefing-index command table"
    return re.findall(r"`(\.[a-z0-9]+)`", rows[0])


def test_readme_add_row_names_exactly_the_registry_extensions():
    named = add_row_extensions(README.read_text(encoding="utf-8"))
    assert len(named) == len(set(named)), f"an extension is named twice in the README's add row: {named}"
    assert set(named) == registry.extensions(), (
        "README's add row and indexer/ingest/registry.py disagree: "
        f"only in the README {sorted(set(named) - registry.extensions())}, "
        f"only in the registry {sorted(registry.extensions() - set(named))}"
    )


def test_the_row_check_sees_a_missing_or_extra_extension():
    row = "| `add PATH... [--json]` | import files: `.txt`, `.pdf`, `.doc` (a PDF is recognised by its contents) |"
    assert add_row_extensions(f"intro\n{row}\n") == [".txt", ".pdf", ".doc"]
    assert set(add_row_extensions(row)) != registry.extensions()
