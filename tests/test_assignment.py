"""Assigning documents to coders: the overlap every coder shares, the rest in turn, the same with the same
seed, nothing assigned twice, each coder's queue in the list, progress per coder."""

from __future__ import annotations

import pytest

from annotator.services import annotators, assignment, documents, importing
from annotator.services.errors import Invalid


@pytest.fixture
def forty(project, tmp_path):
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(f"第{i}篇：快手电商新增商家超过30万家。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    return project


def _queues(project, coders):
    return {c: set(documents.document_ids(project, assigned_to=annotators.find(project, c))) for c in coders}


def test_overlap_goes_to_every_coder_and_the_rest_in_turn(forty):
    done = assignment.assign(forty, coders=["alice", "bob", "carol"], overlap=25, seed=7)
    assert (done.documents, done.overlap) == (40, 10)
    queues = _queues(forty, ["alice", "bob", "carol"])
    shared = queues["alice"] & queues["bob"] & queues["carol"]
    assert len(shared) == 10 and set.union(*queues.values()) == set(range(1, 41))
    assert sorted(len(q) - 10 for q in queues.values()) == [10, 10, 10]  # 30 left, 10 each
    assert done.per_coder == {"alice": 20, "bob": 20, "carol": 20}


def test_the_same_seed_assigns_the_same_way_and_nothing_twice(forty, project_path, tmp_path):
    assignment.assign(forty, coders=["alice", "bob"], overlap=20, seed=3)
    first = _queues(forty, ["alice", "bob"])
    again = assignment.assign(forty, coders=["alice", "bob"], overlap=20, seed=3)
    assert again.documents == 0 and _queues(forty, ["alice", "bob"]) == first  # all assigned already
    from annotator.services import projects

    other = projects.init_project(tmp_path / "other.sqlite")
    importing.import_paths(other, sorted(tmp_path.glob("*.txt")))
    assignment.assign(other, coders=["alice", "bob"], overlap=20, seed=3)
    assert _queues(other, ["alice", "bob"]) == first
    other.close()


def test_progress_counts_each_queue(forty):
    assignment.assign(forty, coders=["alice", "bob"], overlap=50, seed=1)
    alice = annotators.find(forty, "alice")
    mine = documents.document_ids(forty, assigned_to=alice)
    documents.set_status(forty, annotator_id=alice, document_id=mine[0], status="done")
    documents.set_status(forty, annotator_id=alice, document_id=mine[1], status="in_progress")
    unassigned = next(i for i in range(1, 41) if i not in mine)
    documents.set_status(forty, annotator_id=alice, document_id=unassigned, status="done")  # not in her queue
    rows = {r["coder"]: r for r in assignment.progress(forty)}
    assert rows["alice"] == {
        "coder": "alice", "assigned": 30, "new": 28, "in_progress": 1, "done": 1, "skipped": 0, "done_share": 1 / 30,
    }  # fmt: skip
    assert rows["bob"]["assigned"] == 30 and rows["bob"]["new"] == 30


def test_bad_requests_are_refused(forty):
    with pytest.raises(Invalid, match="percentage"):
        assignment.assign(forty, coders=["alice"], overlap=120, seed=1)
    with pytest.raises(Invalid, match="name the coders"):
        assignment.assign(forty, coders=[" "], overlap=10, seed=1)


def test_assign_progress_and_queue_from_the_command_line(forty, capsys):
    from annotator.cli.main import main

    args = ["assign", "--project", forty.url, "--annotators", "alice,bob", "--overlap", "10", "--seed", "5"]
    assert main(args) == 0
    assert "assigned 40 document(s), 4 of them to every coder: alice 22, bob 22 (seed 5)" in capsys.readouterr().out
    assert main(["list", "--project", forty.url, "--queue", "alice"]) == 0
    out = capsys.readouterr().out
    assert "22 document(s)" in out and "· new" in out
    assert main(["progress", "--project", forty.url]) == 0
    assert "0 of 22     done (0%); 0 in progress, 22 new, 0 skipped" in capsys.readouterr().out
    assert main(["list", "--project", forty.url, "--queue", "nobody"]) == 1


def test_the_window_opens_on_the_coders_queue(qtbot, forty):
    from annotator.gui.main_window import MainWindow

    assignment.assign(forty, coders=["alice", "bob"], overlap=0, seed=2)
    window = MainWindow(forty, "alice")
    qtbot.addWidget(window)
    queue = documents.document_ids(forty, assigned_to=window.annotator_id)
    assert window.filters.queue.isChecked() and not window.filters.queue.isHidden()
    assert window.filters.queue.text() == "Only my queue (20 documents)" and window.model.total() == 20
    assert sorted(window.model.document_id(r) for r in range(window.model.rowCount())) == queue
    window.filters.queue.setChecked(False)  # every document again
    assert window.model.total() == 40
    newcomer = MainWindow(forty, "carol")  # no queue: nothing hidden, nothing offered
    qtbot.addWidget(newcomer)
    assert newcomer.filters.queue.isHidden() and newcomer.model.total() == 40
