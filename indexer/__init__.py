"""Briefing Reader core: ingest, actors, index, search and briefings. Qt-free."""

__version__ = "0.1.0"
