"""Qt item models adapting indexer dataclasses for the views."""
