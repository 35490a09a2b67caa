"""The identity harness (tests/benchmarks/actors_identity.py) dumps an import's actors, mentions and quotes:
two imports of one folder give the same bytes, and a missing corpus is a message, not a traceback."""

from __future__ import annotations

import json

from tests.benchmarks import actors_identity

ARTICLE = """Harbour board delays the dredging vote

Councillor Tamsin Oakridge told the Port Wardens Guild on Monday that the plan needed another survey.

"We will not sign a contract that the survey cannot support," Oakridge said after the meeting.
"""


def test_two_imports_of_a_folder_dump_the_same_bytes(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Monday", "Friday").replace("vote", "ballot"), encoding="utf-8")
    one = actors_identity.dump(folder, tmp_path / "one", None)
    two = actors_identity.dump(folder, tmp_path / "two", None)
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    (first, *_rest) = one["articles"]
    assert any(m[3] == "Oakridge" for m in first["mentions"])
    assert any(q[0] and q[3] == "direct" for q in first["quotes"])  # a quote with its speaker
    assert any("Oakridge" in actor[1] for actor in one["actors"])


def test_a_missing_corpus_is_named(tmp_path, capsys):
    assert actors_identity.main([str(tmp_path / "no-such-folder")]) == 2
    assert "No folder" in capsys.readouterr().err
