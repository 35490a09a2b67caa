"""A document quoted as a speaker ("the joint statement said") has its own highlight colour and legend key."""

from __future__ import annotations

from types import SimpleNamespace

from desktop import theme
from desktop.views.actors import ActorsPanel


def test_a_document_has_its_own_colour_even_though_it_was_discovered(qapp):
    palette = theme.load_highlights(None)
    document = palette.actor("document", discovered=True)
    assert document.name() == theme.DEFAULTS["light"]["document"]
    assert document != palette.colour("discovered") and document != palette.colour("other")
    assert palette.actor("person", discovered=True) == palette.colour("discovered")


def test_the_actor_legend_names_documents(qapp):
    palette = theme.load_highlights(None)
    legend = ActorsPanel._legend_html(SimpleNamespace(colours=palette))
    assert "document" in legend and theme.DEFAULTS["light"]["document"] in legend
