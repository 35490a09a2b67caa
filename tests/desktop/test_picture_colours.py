"""The Network colours each actor type as the reader does: an organisation never looks like a place (GUI QA)."""

from __future__ import annotations

import pytest

from desktop.theme import DEFAULTS
from indexer.pictures.render import OKABE_ITO, TYPE_COLOURS


def _hue_family(hex_colour: str) -> str:
    """'blue', 'green' or 'orange': the strongest of the three channels (orange is mostly red)."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return {0: "orange", 1: "green", 2: "blue"}[max(range(3), key=lambda i: (r, g, b)[i])]


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("actor_type", ["person", "organisation", "place"])
def test_the_network_and_the_reader_give_a_type_one_colour(palette, actor_type):
    assert _hue_family(OKABE_ITO[TYPE_COLOURS[actor_type]]) == _hue_family(DEFAULTS[palette][actor_type])
