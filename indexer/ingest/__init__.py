"""Ingest: turn files (text, Markdown, HTML, PDF, DOCX, e-mail, feeds) into clean Documents with metadata.

Public API used by the library facade:

- ``iter_candidate_files(paths)`` expands files and folders into Paths or Skips;
- ``prepare(path)`` / ``prepare_bytes(data, path)`` return a Document or a Skip, never raise;
- ``prepare_all(path)`` / ``prepare_all_bytes(data, path)`` return every article of a file (a mailbox,
  a feed, attachments) as Documents and Skips, never raise; ``registry`` lists the formats;
- ``dedupe`` holds hashing and near-duplicate helpers (MinHash + LSH + exact Jaccard).
"""

from __future__ import annotations

from . import dedupe, registry
from .readers import (
    DEFAULT_MAX_SIZE,
    SUPPORTED_EXTENSIONS,
    display_path,
    iter_candidate_files,
    kind_of,
    prepare,
    prepare_all,
    prepare_all_bytes,
    prepare_bytes,
)

__all__ = [
    "DEFAULT_MAX_SIZE",
    "SUPPORTED_EXTENSIONS",
    "dedupe",
    "display_path",
    "iter_candidate_files",
    "kind_of",
    "prepare",
    "prepare_all",
    "prepare_all_bytes",
    "prepare_bytes",
    "registry",
]
