"""The Exact switch beside Sort: the analyst turns the actor-name expansion off (issue 16, item 4)."""

from __future__ import annotations


def test_exact_switch_searches_the_words_as_typed(window, qtbot, tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "z1.txt").write_text("Envoy meets Zelensky\n\nPresident Volodymyr Zelensky met the envoy.\n",
                                   encoding="utf-8")
    (folder / "z2.txt").write_text("Talks go on\n\nPresident Volodymyr Zelenskyy said the talks went well.\n",
                                   encoding="utf-8")
    window.library.add([folder])
    panel = window.search
    assert panel.exactCheck.accessibleName() and not panel.exactCheck.isChecked()
    expanded = window.run_search("Zelensky").total
    panel.exactCheck.setChecked(True)
    exact = window.run_search("Zelensky").total
    assert exact < expanded
