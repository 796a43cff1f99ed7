"""Full-text search in both scripts, including the two-character names trigrams cannot see."""

from __future__ import annotations

import pytest

from annotator.services import annotators, documents, importing

from .conftest import CORPUS, SAMPLES


@pytest.fixture
def loaded(project):
    importing.import_paths(project, [SAMPLES, CORPUS])
    return project


def _titles(project, query):
    return {d.title for d in documents.list_documents(project, search=query)}


def _paged(project, query, size):
    """Every match, read a page of `size` at a time as the list reads it (each page after the last id)."""
    paged, after = [], 0
    while page := documents.list_documents(project, search=query, limit=size, after_id=after):
        paged += [d.id for d in page]
        after = page[-1].id
    return paged


@pytest.mark.parametrize("query", ["快手", "快手電商", "快手电商", "  快手电商 "])
def test_kuaishou_articles_found_in_either_script(loaded, query):
    found = _titles(loaded, query)
    sample_titles = {d.title for d in documents.list_documents(loaded) if d.id <= 4}
    assert sample_titles <= found
    assert "小店升級——快手電商正規(guī)軍進場" in found  # the traditional sample


def test_traditional_corpus_found_by_simplified_query(loaded):
    assert _titles(loaded, "台积电") == _titles(loaded, "台積電") != set()


def test_single_character_and_missing_queries(loaded):
    assert len(_titles(loaded, "淘")) >= 1
    assert _titles(loaded, "并不存在的词语") == set()
    assert _titles(loaded, '"引号"') == set()  # FTS syntax in a query is text, not an operator


def test_search_sees_the_title(project, tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<title>独特标题甲乙</title><p>正文内容</p>", encoding="utf-8")
    importing.import_paths(project, [page])
    assert len(documents.list_documents(project, search="独特标题")) == 1


def test_short_queries_find_exactly_the_documents_containing_them(project, tmp_path):
    """One- and two-character queries go through the index vocabulary; the result must equal a plain
    substring test, including an occurrence as the very last characters and mixed-case Latin."""
    texts = ["快手电商表示", "据介绍，快手", "淘宝和京东", "AI伺服器", "新增商家超过30万家", "快"]
    for i, body in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(body, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    from annotator.core.text.conversion import to_simplified

    for query in ["快手", "快", "家", "AI", "ai", "伺服", "30", "万家", "京", "淘宝", "宝和", "无"]:
        expected = {t for t in texts if to_simplified(query).lower() in to_simplified(t).lower()}
        assert {d.title for d in documents.list_documents(project, search=query)} == expected, query


@pytest.mark.parametrize("query", ["快手", "快手电商", "台積電"])
def test_a_search_pages_through_every_match_in_order(loaded, query):
    """The list reads a search a page at a time (each page after the last id shown): the pages join up to
    every match, in id order, none twice, and other filters still narrow them."""
    every = documents.document_ids(loaded, search=query)
    assert every == sorted(every) and len(every) >= 3
    assert _paged(loaded, query, 2) == every
    assert documents.count_documents(loaded, search=query) == len(every)
    coder = annotators.ensure(loaded, "alice")
    documents.set_status(loaded, annotator_id=coder, document_id=every[-1], status="done")
    done = documents.list_documents(loaded, search=query, annotator_id=coder, status="done", limit=2)
    assert [d.id for d in done] == [every[-1]]


# The same behaviours on articles these tests write themselves, for a clone without ../shared.
OWN = {
    "t1.txt": "小店升級——快手電商正規軍進場\n快手小店上線半年，台積電與快手電商合作。",
    "s1.txt": "快手电商负责人表示\n平台本季度新增商家超过30万家，台积电供应紧张。",
    "s2.txt": "淘宝双11\n快手与淘宝的亲密关系有望重新激活。",
    "s3.txt": "京东物流\n京东表示配送时效提升。",
    "t2.txt": "台積電法說會\n台積電表示，先進製程需求強勁。",
}


@pytest.fixture
def own(project, tmp_path):
    for name, text in OWN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    return project


@pytest.mark.parametrize("query", ["快手", "快手電商", "快手电商", "  快手电商 ", "台积电", "台積電"])
def test_either_script_finds_either_on_our_own_articles(own, query):
    from annotator.core.text.conversion import to_simplified

    wanted = to_simplified(query.strip())
    expected = {t.split("\n")[0] for t in OWN.values() if wanted in to_simplified(t)}
    assert _titles(own, query) == expected and expected


def test_one_character_missing_and_syntax_queries_on_our_own_articles(own):
    assert _titles(own, "淘") == {"淘宝双11"}
    assert _titles(own, "并不存在的词语") == set()
    assert _titles(own, '"引号"') == set() and _titles(own, "NEAR(") == set()


@pytest.mark.parametrize("query", ["快手", "台積電", "表示"])
def test_pages_join_up_to_every_match_on_our_own_articles(own, query):
    every = documents.document_ids(own, search=query)
    assert every == sorted(every) and len(every) >= 2
    assert _paged(own, query, 1) == every == [d.id for d in documents.list_documents(own, search=query)]
