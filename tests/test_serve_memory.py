"""The first build of `serve` writes the rest of the site after its first pages: a page the browser
asks for is written next, and the request is held until it is there."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from generator.pages.contexts import PageSpec
from generator.publish import writer as writer_module
from generator.publish.serve_memory import PagesToCome, ServeMemory
from generator.publish.writer import Writer


def test_a_request_is_held_until_its_page_is_written(tmp_path):
    to_come = PagesToCome()
    memory = ServeMemory(to_come=to_come)
    answered = threading.Event()

    def request() -> None:
        memory.wait_for_page(str(tmp_path), "people/ann.html")
        answered.set()

    asking = threading.Thread(target=request)
    asking.start()
    assert not answered.wait(0.2)  # not planned yet: held
    to_come.planned(["stories/a.html", "people/ann.html"])
    assert to_come.asked() == "people/ann.html"  # the writer takes it next
    assert to_come.asked() is None
    assert not answered.wait(0.2)  # asked for, not written yet: still held
    to_come.written("people/ann.html")
    assert answered.wait(5)
    asking.join()


def test_a_page_written_already_or_never_to_come_is_not_held(tmp_path):
    to_come = PagesToCome()
    memory = ServeMemory(to_come=to_come)
    (tmp_path / "index.html").write_text("home")
    memory.wait_for_page(str(tmp_path), "index.html")  # on disk: returns at once
    to_come.planned(["stories/a.html"])
    memory.wait_for_page(str(tmp_path), "stories/no-such-story.html")  # not a page of the site
    to_come.over()
    memory.wait_for_page(str(tmp_path), "stories/a.html")  # the writing is over, whatever came of it


def test_the_writer_takes_the_page_asked_for_next(monkeypatch, tmp_path):
    order: list[str] = []
    monkeypatch.setattr(writer_module, "PageRenderer", lambda *args: None)
    monkeypatch.setattr(Writer, "_page", lambda self, spec, renderer, report: order.append(spec.path))
    specs = [PageSpec(f"p{n}.html", "story.html.j2", None) for n in range(6)]  # type: ignore[arg-type]
    site = SimpleNamespace(settings=None, archive=SimpleNamespace(media={}))
    writer = Writer(site, specs, None, tmp_path, tmp_path, None, None)  # type: ignore[arg-type]
    asks = iter([None, "p4.html", None, "p4.html", "elsewhere.html", "p1.html"])
    said: list[str] = []
    report = writer.write_asked_first(lambda: next(asks, None), said.append, threading.Event())
    # p0 in order, then p4 asked for, p1 (next in order), p2 (p4 asked again: written already),
    # p3 ("elsewhere" is no page), p1 asked for but written already, so p5; each page once.
    assert order == ["p0.html", "p4.html", "p1.html", "p2.html", "p3.html", "p5.html"]
    assert said == order and not report.stopped


def test_the_writer_stops_between_two_pages_when_told(monkeypatch, tmp_path):
    stop = threading.Event()
    order: list[str] = []

    def page(self, spec, renderer, report):
        order.append(spec.path)
        if len(order) == 2:
            stop.set()  # a new save came while the second page was being written

    monkeypatch.setattr(writer_module, "PageRenderer", lambda *args: None)
    monkeypatch.setattr(Writer, "_page", page)
    specs = [PageSpec(f"p{n}.html", "story.html.j2", None) for n in range(6)]  # type: ignore[arg-type]
    site = SimpleNamespace(settings=None, archive=SimpleNamespace(media={}))
    writer = Writer(site, specs, None, tmp_path, tmp_path, None, None)  # type: ignore[arg-type]
    said: list[str] = []
    report = writer.write_asked_first(lambda: None, said.append, stop)
    assert report.stopped and order == said == ["p0.html", "p1.html"]


def test_a_page_there_but_out_of_date_is_held_until_written_again(tmp_path):
    """After a save, a page still to come may be on disk as the last build left it: never served so."""
    to_come = PagesToCome()
    memory = ServeMemory(to_come=to_come)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a.html").write_text("before the save")
    to_come.planned(["stories/a.html"])
    answered = threading.Event()
    asking = threading.Thread(
        target=lambda: (memory.wait_for_page(str(tmp_path), "stories/a.html"), answered.set())
    )
    asking.start()
    assert not answered.wait(0.2)
    assert to_come.asked() == "stories/a.html"
    to_come.written("stories/a.html")
    assert answered.wait(5)
    asking.join()


def test_a_save_under_content_is_seen_at_once_and_a_read_is_not(tmp_path):
    """`serve` is told of a change by the file system's events, not by polling; the check itself
    reads every story, which must not start another build."""
    import time

    from generator.publish.mkdocs_api import watch_closely

    story = tmp_path / "stories" / "2023" / "a.md"
    story.parent.mkdir(parents=True)
    story.write_text("before")
    server = SimpleNamespace(_rebuild_cond=threading.Condition(), _want_rebuild=False, watch=None)
    watch_closely(server, str(tmp_path))  # type: ignore[arg-type]
    time.sleep(0.3)
    assert story.read_text() == "before"
    time.sleep(0.3)
    assert server._want_rebuild is False  # read, not changed
    story.write_text("after")
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
