"""The Library facade: import, duplicates, search, articles, crash repair and a damaged index."""

from __future__ import annotations

import shutil

import pytest

from indexer.errors import ArticleNotFoundError, IndexCorruptError, LibraryLockedError, QueryError
from indexer.library import Library
from indexer.model import Progress

from .fixtures import GRAIN, RIYADH, rewrapped, write_corpus


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "articles")


@pytest.fixture
def lib(tmp_path, corpus):
    library = Library(tmp_path / "lib")
    library.add([corpus["riyadh"].parent])
    yield library
    library.close()


def by_path(report):
    return {a.path: a for a in report.added}


def test_import_reports_every_file(tmp_path, corpus):
    (corpus["riyadh"].parent / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (corpus["riyadh"].parent / "empty.txt").write_text("")
    with Library(tmp_path / "lib") as lib:
        report = lib.add([corpus["riyadh"].parent])
    added = by_path(report)
    assert set(added) == {str(p) for p in corpus.values()}
    assert added[str(corpus["riyadh"])].title == "Envoys meet in Riyadh to prepare a ceasefire framework"
    assert added[str(corpus["herald"])].title == "Prisoner exchange completed"
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert set(reasons) == {"notes.docx", "empty.txt"}
    assert all(reason for reason in reasons.values())


def test_iter_add_yields_progress_and_returns_the_report(tmp_path, corpus):
    with Library(tmp_path / "lib") as lib:
        gen = lib.iter_add([corpus["riyadh"].parent])
        steps = []
        try:
            while True:
                steps.append(next(gen))
        except StopIteration as stop:
            report = stop.value
    assert all(isinstance(s, Progress) for s in steps)
    assert steps[-1].done == steps[-1].total == 4
    assert len(report.added) == 4


def test_cancel_keeps_what_was_imported(tmp_path, corpus):
    calls = iter([False, False, True, True, True])
    with Library(tmp_path / "lib") as lib:
        report = lib.add([corpus["riyadh"].parent], cancel=lambda: next(calls))
        assert report.cancelled
        assert len(report.added) == 2
        assert lib.count() == 2
        assert lib.search("riyadh OR istanbul OR markets OR prisoners").total == 2


def test_metadata_is_kept(lib, corpus):
    herald = next(a for a in lib.articles() if a.path == str(corpus["herald"]))
    assert (herald.date, herald.source) == ("2025-03-07", "The Example Herald")
    grain = next(a for a in lib.articles() if a.path == str(corpus["grain"]))
    assert (grain.date, grain.author) == ("2025-03-03", "Aylin Kaya")


def test_reimport_is_unchanged(lib, corpus):
    report = lib.add([corpus["riyadh"].parent])
    assert not report.added and not report.duplicates
    assert {u.path for u in report.unchanged} == {str(p) for p in corpus.values()}
    assert lib.count() == 4


def test_rewrapped_copy_is_a_duplicate(lib, corpus, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(rewrapped(RIYADH), encoding="utf-8")
    report = lib.add([copy])
    original = next(a for a in lib.articles() if a.path == str(corpus["riyadh"]))
    assert [(d.path, d.duplicate_of) for d in report.duplicates] == [(str(copy), original.id)]
    assert lib.count() == 4
    assert lib.search("ceasefire framework").total == 1


def test_a_different_story_on_the_same_event_is_not_a_duplicate(lib, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(
        "Ceasefire framework discussed again\n\nDiplomats from Washington and Moscow will meet again next month in "
        "Riyadh to continue work on a ceasefire framework, a Saudi official said, without giving a date. "
        "The official said both sides had exchanged written proposals on prisoner releases and shipping.\n",
        encoding="utf-8",
    )
    report = lib.add([other])
    assert len(report.added) == 1 and not report.duplicates


def test_changed_file_updates_its_article(lib, corpus):
    old_id = next(a.id for a in lib.articles() if a.path == str(corpus["grain"]))
    corpus["grain"].write_text(GRAIN.replace("four million tonnes of wheat", "six million tonnes of sunflower oil"))
    report = lib.add([corpus["grain"]])
    assert [a.id for a in report.added] == [old_id]
    assert lib.search("sunflower").hits[0].id == old_id
    assert lib.search("wheat").total == 0
    assert lib.count() == 4


def test_search_hits_carry_highlighted_plain_text_snippets(lib):
    result = lib.search("peacekeeping")
    assert result.total == 1
    snippet = result.hits[0].snippets[0]
    assert "<" not in snippet.text
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["peacekeepers"]


def test_title_only_match_still_highlights(lib):
    result = lib.search("envoys")
    hit = result.hits[0]
    assert any(s.text[a:b].lower() == "envoys" for s in hit.snippets for a, b in s.highlights)


def test_actor_filter_resolves_any_alias(lib):
    ids = {h.id for h in lib.search("", actors=["Lavrov"]).hits}
    assert ids == {h.id for h in lib.search("", actors=["Sergey Lavrov"]).hits}
    assert len(ids) == 1
    with pytest.raises(QueryError):
        lib.search("", actors=["Nobody Atall Heard-Of"])


def test_date_and_source_filters(lib):
    assert {h.title for h in lib.search("", date_from="2025-03-04").hits} == {
        "Markets steady as investors weigh diplomacy", "Prisoner exchange completed"}
    assert [h.title for h in lib.search("", source="example herald").hits] == ["Prisoner exchange completed"]


def test_article_has_actor_mentions_as_offsets(lib, corpus):
    summary = next(a for a in lib.articles() if a.path == str(corpus["riyadh"]))
    article = lib.article(summary.id)
    lavrov = next(r for r in article.actors if "Lavrov" in r.name)
    assert lavrov.mentions and all("Lavrov" in article.text[s:e] for s, e in lavrov.mentions)
    with pytest.raises(ArticleNotFoundError):
        lib.article("nope")


def test_hit_spans_in_an_opened_article(lib):
    hit = lib.search("peacekeeping").hits[0]
    text = lib.article(hit.id).text
    assert [text[s:e] for s, e in lib.hit_spans(text, "peacekeeping")] == ["peacekeepers"]


def test_facets_and_quotes(lib):
    result = lib.search("ceasefire OR grain OR prisoners", facets=True)
    facets = dict(result.facets)
    lavrov = lib.actor("Lavrov")
    assert facets.get(lavrov.id) == 1
    quotes = lib.quotes(actor="Lavrov")
    assert any("keep talking" in q.text for q in quotes)


def test_import_log_is_kept(lib, corpus):
    statuses = {(e.path, e.status) for e in lib.import_log()}
    assert (str(corpus["riyadh"]), "added") in statuses


def test_crash_between_store_and_index_is_repaired_on_open(tmp_path, corpus):
    lib = Library(tmp_path / "lib")
    lib.add([corpus["riyadh"]])
    lib.store.mark_all_unindexed()  # as if the index commit never happened
    lib.index.recreate()
    lib.close()
    again = Library(tmp_path / "lib")
    assert again.search("ceasefire").total == 1
    again.close()


def test_deleted_index_is_reported_and_rebuild_restores_it(tmp_path, corpus):
    lib = Library(tmp_path / "lib")
    lib.add([corpus["riyadh"].parent])
    lib.close()
    shutil.rmtree(tmp_path / "lib" / "index")
    lib = Library(tmp_path / "lib")
    assert "rebuild" in lib.index_problem
    with pytest.raises(IndexCorruptError):
        lib.search("ceasefire")
    report = lib.rebuild()
    assert report.articles == 4 and not report.damaged
    assert lib.search("ceasefire").total == 1
    lib.close()


def test_damaged_index_files_are_reported(tmp_path, corpus):
    lib = Library(tmp_path / "lib")
    lib.add([corpus["riyadh"].parent])
    lib.close()
    for f in (tmp_path / "lib" / "index").iterdir():
        if f.suffix in (".toc", ".seg"):
            f.write_bytes(b"\0" * 32)
    lib = Library(tmp_path / "lib")
    assert lib.index_problem
    lib.rebuild()
    assert lib.search("istanbul").total == 1
    lib.close()


def test_damaged_store_entry_is_skipped_by_rebuild(tmp_path, corpus):
    lib = Library(tmp_path / "lib")
    lib.add([corpus["riyadh"].parent])
    victim = lib.articles()[0].id
    with lib.store.db as db:
        db.execute("UPDATE articles SET mentions='{not json' WHERE id=?", (victim,))
    report = lib.rebuild(reanalyse=False)
    assert report.damaged == [victim]
    assert report.articles == 3
    lib.close()


def test_second_writer_is_refused_clearly(tmp_path, corpus):
    first = Library(tmp_path / "lib")
    second = Library(tmp_path / "lib")
    first.lock.acquire()
    try:
        with pytest.raises(LibraryLockedError):
            second.add([corpus["riyadh"]])
    finally:
        first.lock.release()
    assert len(second.add([corpus["riyadh"]]).added) == 1
    first.close()
    second.close()


def test_library_folder_is_private(tmp_path):
    Library(tmp_path / "lib").close()
    assert (tmp_path / "lib").stat().st_mode & 0o077 == 0
    assert (tmp_path / "lib" / "library.sqlite3").stat().st_mode & 0o077 == 0


def _many_articles(folder, n):
    folder.mkdir()
    topics = ["grain", "ceasefire", "prisoners", "energy", "shipping", "sanctions", "corridor", "elections"]
    for i in range(n):
        # "n{i}" in each word: without it every article repeats the same 56-word cycle (near-duplicates)
        words = " ".join(f"{topics[(i + k) % len(topics)]}{k % 7}n{i}" for k in range(60))
        (folder / f"a{i:03d}.txt").write_text(
            f"Report number {i} on {topics[i % len(topics)]}\n\nThe {topics[i % len(topics)]} talks, item {i}, "
            f"continued on day {i}. {words}\n", encoding="utf-8")


def test_parallel_import_matches_sequential(tmp_path, monkeypatch):
    from indexer import pipeline

    _many_articles(tmp_path / "many", 24)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1000)
    with Library(tmp_path / "seq") as lib:
        sequential = lib.add([tmp_path / "many"])
        seq_hits = [h.id for h in lib.search("grain", limit=50).hits]
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 4)
    with Library(tmp_path / "par") as lib:
        parallel = lib.add([tmp_path / "many"])
        par_hits = [h.id for h in lib.search("grain", limit=50).hits]
        assert lib.search("report").total == 24
    assert [(a.id, a.path, a.title) for a in parallel.added] == [(a.id, a.path, a.title) for a in sequential.added]
    assert len(parallel.added) == 24 and par_hits == seq_hits


def test_actor_stats_and_cooccurrence(lib):
    stats = {s.actor.name: s for s in lib.actor_stats()}
    lavrov = next(s for name, s in stats.items() if "Lavrov" in name)
    assert lavrov.articles == 1 and lavrov.mentions >= 2
    together = dict(lib.cooccurrence("Lavrov"))
    rubio = lib.actor("Marco Rubio")
    assert together.get(rubio.id) == 1
    assert lavrov.actor.id not in together
    with pytest.raises(QueryError):
        lib.cooccurrence("Nobody Atall Heard-Of")


def test_merge_folds_counts_and_search(lib):
    lavrov = lib.actor("Lavrov")
    rubio = lib.actor("Marco Rubio")
    lib.merge_actors(lavrov.id, rubio.id)
    stats = {s.actor.id: s for s in lib.actor_stats()}
    assert rubio.id not in stats and stats[lavrov.id].articles == 2  # one article each side, counted per raw actor
    assert lib.search("", actors=["Marco Rubio"]).total == 1


def test_whitespace_only_edit_is_unchanged_not_a_duplicate_of_itself(lib, corpus):
    old_id = next(a.id for a in lib.articles() if a.path == str(corpus["grain"]))
    corpus["grain"].write_text(corpus["grain"].read_text().replace("\n\n", "\n\n\n") + "\n\n")
    report = lib.add([corpus["grain"]])
    assert [(u.path, u.id) for u in report.unchanged] == [(str(corpus["grain"]), old_id)]
    assert not report.duplicates and not report.added
    assert [(u.path, u.id) for u in lib.add([corpus["grain"]]).unchanged] == [(str(corpus["grain"]), old_id)]


def test_a_rebuild_through_another_library_object_heals_this_one(tmp_path, corpus):
    lib = Library(tmp_path / "lib")
    lib.add([corpus["riyadh"].parent])
    lib.close()
    shutil.rmtree(tmp_path / "lib" / "index")
    window_lib, worker_lib = Library(tmp_path / "lib"), Library(tmp_path / "lib")
    assert window_lib.index_problem
    worker_lib.rebuild()
    assert window_lib.search("istanbul").total == 1
    assert window_lib.index_problem == ""
    window_lib.close()
    worker_lib.close()


def test_facets_count_an_article_once_after_a_merge(lib):
    lavrov, rubio = lib.actor("Lavrov"), lib.actor("Marco Rubio")
    lib.merge_actors(rubio.id, lavrov.id)  # both appear in the Riyadh article
    facets = dict(lib.search("ceasefire OR riyadh", facets=True).facets)
    assert facets[rubio.id] == 1 and lavrov.id not in facets


def test_newest_lists_the_latest_articles_first_and_sources_are_distinct(lib):
    everything = sorted(lib.articles(), key=lambda s: (s.date, s.title), reverse=True)
    assert lib.newest(2) == everything[:2]
    assert lib.newest(1000) == everything
    assert lib.newest(0) == []
    assert lib.sources() == sorted({s.source for s in everything if s.source}, key=str.lower)


def test_the_article_list_and_sources_never_read_article_text(lib):
    """At 100k articles reading every text row costs seconds; the covering index makes it milliseconds."""
    db = lib.store.db
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        lib.newest(5)
        lib.sources()
    finally:
        db.set_trace_callback(None)
    selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    demo_marks = [sql for sql in selects if "FROM demo_articles" in sql]  # the small table of demo ids
    selects = [sql for sql in selects if sql not in demo_marks]
    assert len(selects) == 2 and len(demo_marks) <= 1
    for sql in selects:
        plan = " ".join(str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "COVERING INDEX articles_by_date" in plan, (sql, plan)


# -- search that knows the actors (issue 13 item 7) -------------------------------------------------
VARIANT_ARTICLES = {
    "kyiv.txt": "Leaders gather in Kyiv\n\nPresident Zelenskyy welcomed the delegation on Friday and spoke of "
                "reconstruction funds for the eastern regions.\n",
    "wire.txt": "Envoys see a path to talks\n\nZelensky told a news conference that prisoners would be freed in "
                "stages, starting with the wounded.\n",
    "agency.txt": "Office confirms call\n\nThe office of Mr Zelenskiy said the call with the chancellor lasted an "
                  "hour and covered air defence.\n",
    "court.txt": "Negotiators wait\n\nThe ball is now in their court, a diplomat said; their reply is due now.\n",
    "scattered.txt": "Stadium reopens\n\nNow their club has a new court, and the ball is made locally.\n",
}


@pytest.fixture
def variant_lib(tmp_path):
    folder = tmp_path / "variants"
    folder.mkdir()
    for name, text in VARIANT_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library(tmp_path / "lib")
    library.add([folder])
    yield library
    library.close()


def highlighted(snippet):
    return [snippet.text[s:e] for s, e in snippet.highlights]


def _titles_and_marks(result):
    return {h.title: sorted({w for s in h.snippets for w in highlighted(s)}) for h in result.hits}


@pytest.mark.parametrize("query", ["Zelensky", "zelenskyy", "Zelenskiy"])
def test_a_spelling_variant_of_an_actor_finds_and_highlights_every_spelling(variant_lib, query):
    result = variant_lib.search(query)
    assert _titles_and_marks(result) == {
        "Leaders gather in Kyiv": ["Zelenskyy"],
        "Envoys see a path to talks": ["Zelensky"],
        "Office confirms call": ["Zelenskiy"],
    }


def test_the_reader_highlights_the_other_names_too(variant_lib):
    text = "Zelenskiy met aides of Volodymyr Zelenskyy; Zelenskyi is a rarer spelling. Zelenskaya is not him."
    marks = [text[s:e] for s, e in variant_lib.hit_spans(text, "Zelensky")]
    assert marks == ["Zelenskiy", "Zelenskyy", "Zelenskyi"]


def test_a_full_name_phrase_finds_the_actors_other_names(variant_lib):
    result = variant_lib.search('"Volodymyr Zelensky"')
    assert set(_titles_and_marks(result)) == {"Leaders gather in Kyiv", "Envoys see a path to talks",
                                               "Office confirms call"}


def test_words_that_name_no_actor_are_searched_as_before(variant_lib):
    result = variant_lib.search("reconstruction")
    assert _titles_and_marks(result) == {"Leaders gather in Kyiv": ["reconstruction"]}
    assert variant_lib._other_names("reconstruction") == []
    assert variant_lib.search("chancellor -Zelensky").total == 0  # NOT excludes every spelling


def test_actor_field_hits_are_highlighted(variant_lib):
    result = variant_lib.search("actor:Zelenskyy")
    marks = _titles_and_marks(result)
    assert marks == {
        "Leaders gather in Kyiv": ["Zelenskyy"],
        "Envoys see a path to talks": ["Zelensky"],
        "Office confirms call": ["Zelenskiy"],
    }
    text = VARIANT_ARTICLES["wire.txt"]
    assert [text[s:e] for s, e in variant_lib.hit_spans(text, "ACTOR:zelensky")] == ["Zelensky"]
    assert [text[s:e] for s, e in variant_lib.hit_spans(text, 'actor:"volodymyr-zelenskyy"')] == ["Zelensky"]


def test_a_phrase_is_highlighted_only_where_it_occurs_whole(variant_lib):
    query = '"ball is now in their court"'
    result = variant_lib.search(query)
    assert [h.title for h in result.hits] == ["Negotiators wait"]
    assert _titles_and_marks(result) == {"Negotiators wait": ["ball is now in their court"]}
    assert variant_lib.hit_spans(VARIANT_ARTICLES["scattered.txt"], query) == []
    text = VARIANT_ARTICLES["court.txt"]
    assert [text[s:e] for s, e in variant_lib.hit_spans(text, query)] == ["ball is now in their court"]


def test_a_word_beside_a_phrase_is_still_highlighted_everywhere(variant_lib):
    text = VARIANT_ARTICLES["court.txt"]
    spans = variant_lib.hit_spans(text, '"ball is now in their court" reply')
    assert [text[s:e] for s, e in spans] == ["ball is now in their court", "reply"]


@pytest.mark.timeout(30)
def test_the_library_reports_overlong_and_too_slow_searches(variant_lib):
    with pytest.raises(QueryError, match="the limit is 1,000"):
        variant_lib.search("x" * 1_000_000)
    with pytest.raises(QueryError, match="the limit is 1,000"):
        variant_lib.check_query("x" * 1_000_000)
    with pytest.raises(QueryError, match="took longer than 0 seconds"):
        variant_lib.search("Zelensky", time_budget=0)
    assert variant_lib.search("Zelensky").total == 3


@pytest.mark.timeout(30)
def test_the_cli_reports_an_overlong_query_with_the_limit(variant_lib, capsys):
    from indexer.cli import main

    assert main(["--library", str(variant_lib.path), "search", "y" * 60_000]) == 2
    err = capsys.readouterr().err
    assert "60,000 characters" in err and "the limit is 1,000" in err and len(err) < 400


def test_only_a_name_of_one_actor_is_expanded(variant_lib):
    assert "World Health Organization" in variant_lib._other_names("WHO")
    assert variant_lib._other_names("who") == []  # an acronym counts only in capitals
    assert variant_lib._other_names("Volodymyr") == []  # a first name alone names no one
    assert variant_lib._other_names("delegation") == []
    assert "Zelenskyy" in variant_lib._other_names("Zelenskyi")  # a variant of the surname
    assert all(name.lower() != "iii" for name in variant_lib._other_names("Zelensky"))


def test_a_lowercase_common_word_is_not_taken_for_an_acronym(tmp_path):
    folder = tmp_path / "who"
    folder.mkdir()
    (folder / "who.txt").write_text("Voters decide\n\nVoters who stayed home were counted too.\n", encoding="utf-8")
    (folder / "health.txt").write_text("Health body warns\n\nThe World Health Organization issued a warning "
                                       "about measles.\n", encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        library.add([folder])
        assert [h.title for h in library.search("who").hits] == ["Voters decide"]
        assert {h.title for h in library.search("WHO").hits} == {"Voters decide", "Health body warns"}


REMOVED_ARTICLE = (
    "Harbour talks resume in Valmora\n"
    "By Jane Doe\n\n"
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session that ended without a joint statement.\n\n"
    "Facebook | X | WhatsApp\n\n"
    "The mediator said a second round would follow next month and that both fleets would stay in port until then.\n"
)


def test_article_returns_the_removed_lines_and_old_libraries_gain_the_table(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(REMOVED_ARTICLE, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        (added,) = lib.add([folder]).added
        removed = {(r.line, r.text, r.reason) for r in lib.article(added.id).removed}
        assert (6, "Facebook | X | WhatsApp", "share row") in removed
        assert (2, "By Jane Doe", "byline") in removed
        assert "Facebook" not in lib.article(added.id).text
        with lib.store.db as db:  # a library made before the audit trail had no such table
            db.execute("DROP TABLE removed_lines")
    with Library(tmp_path / "lib") as lib:
        assert lib.article(added.id).removed == ()


def test_an_article_still_opens_when_its_removed_lines_cannot_be_read(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(REMOVED_ARTICLE, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        (added,) = lib.add([folder]).added
        with lib.store.db as db:
            db.execute("DROP TABLE removed_lines")  # as if the store could not be extended
        article = lib.article(added.id)
    assert article.removed == () and "Negotiators" in article.text


# -- actor:"Full Name" and query errors that are not the index's fault (search2 item 2) ----------------------
def test_a_quoted_multi_word_actor_name_finds_what_its_surname_finds(lib):
    by_surname = {h.id for h in lib.search("actor:Lavrov").hits}
    assert by_surname
    assert {h.id for h in lib.search('actor:"Sergey Lavrov"').hits} == by_surname
    assert {h.id for h in lib.search('ACTOR:"sergey lavrov"', facets=True).hits} == by_surname


def test_an_unknown_actor_in_the_query_is_named_not_reported_as_nothing_to_search(lib):
    with pytest.raises(QueryError, match=r"No actor called 'Nobody Atall' .*Actors list"):
        lib.search('actor:"Nobody Atall"')


def test_a_query_whoosh_refuses_is_a_query_error_not_a_damaged_index(lib, monkeypatch):
    from whoosh.query import QueryError as WhooshQueryError

    import indexer.search.whoosh_engine as engine

    def refuse(*args, **kwargs):
        raise WhooshQueryError("Phrase search: 'actors' field has no positions")

    monkeypatch.setattr(engine, "_top", refuse)
    with pytest.raises(QueryError) as caught:
        lib.search('actor:"Sergey Lavrov"')
    assert not isinstance(caught.value, IndexCorruptError)
    assert "rebuild" not in str(caught.value).lower() and "'actor:\"Sergey Lavrov\"'" in str(caught.value)


@pytest.mark.parametrize("query", ['path:"a b"', 'id:"x y"', 'content_hash:"h 1"'])
def test_a_phrase_in_a_field_without_positions_is_one_whole_value(lib, query):
    assert lib.search(query).total == 0  # no such value; never a damaged index


def test_messages_that_ask_for_a_rebuild_name_the_apps_real_menu_item(lib, tmp_path):
    from indexer.search.engine import REBUILD_HINT

    assert "File ▸ Rebuild Index" in REBUILD_HINT
    shutil.rmtree(lib.path / "index")
    (lib.path / "index").write_text("not a folder")
    broken = Library(lib.path)
    try:
        assert "File ▸ Rebuild Index" in broken.index_problem and "Library >" not in broken.index_problem
    finally:
        broken.close()


def test_a_query_whoosh_refuses_while_highlighting_is_a_query_error(lib, monkeypatch):
    from whoosh.query import QueryError as WhooshQueryError

    import indexer.search.whoosh_engine as engine

    def refuse(*args, **kwargs):
        raise WhooshQueryError("field has no positions")

    monkeypatch.setattr(engine, "_highlights", refuse)
    with pytest.raises(QueryError, match="Simplify it"):
        lib.hit_spans("Lavrov spoke.", "Lavrov")


def test_exact_searches_the_words_as_typed(tmp_path):
    """Issue 16: the analyst can turn the actor expansion off; actor: still finds every name."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Envoy meets Zelensky\n\nPresident Volodymyr Zelensky met the envoy in Kyiv on Monday.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Talks in Kyiv\n\nPresident Volodymyr Zelenskyy said the talks in Kyiv went well.\n",
                                  encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.add([folder])
        assert lib.search("Zelensky").total == 2  # expanded to Zelenskyy
        assert lib.search("Zelensky", exact=True).total == 1
        text = lib.article(lib.search("Zelenskyy", exact=True).hits[0].id).text
        assert lib.hit_spans(text, "Zelensky", exact=True) == []
        assert lib.hit_spans(text, "Zelensky") != []
        assert lib.search("actor:Zelensky", exact=True).total == 2
