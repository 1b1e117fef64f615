"""`import` from the web: pages, saved pages and feeds served by a local HTTP server from pages
written for these tests (tests/fixtures/web/), each bad case a one-line error with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.cli import main
from generator.contribute import fetch, importer
from tests.helpers import FIXTURE_CONTENT, ROOT

PAGES = ROOT / "tests" / "fixtures" / "web"
TYPES = {".html": "text/html", ".atom": "application/atom+xml", ".rss": "application/rss+xml"}
HERALD = "https://herald.example/world/peskov-summit-sanctions"


class _Site(BaseHTTPRequestHandler):
    """The fixture pages, and a route for each way a site can answer badly."""

    def do_GET(self):  # noqa: N802 - the base class's name
        path = urlsplit(self.path).path
        base = f"http://{self.headers['Host']}/"
        redirects = {
            "/r1": "/r2",
            "/r2": "/r3",
            "/r3": "/article.html",
            "/loop": "/loop",
            "/to-ftp": "ftp://x/",
        }
        if path in redirects:
            self._answer(302 if path != "/r2" else 301, b"", headers={"Location": redirects[path]})
        elif path == "/missing":
            self._answer(404, b"<h1>Not found</h1>")
        elif path == "/broken":
            self._answer(500, b"<h1>Server error</h1>")
        elif path == "/report.pdf":
            self._answer(200, b"%PDF-1.4 not a page", "application/pdf")
        elif path == "/slow":
            time.sleep(2)
            self._answer(200, b"<html></html>")
        elif path == "/drip":  # a byte every tenth of a second: each read is quick, the page never ends
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/huge":
            self._answer(200, b"<p>" + b"x" * 20_000 + b"</p>")
        elif path == "/odd-encoding":
            self._answer(200, (PAGES / "article.html").read_bytes(), "text/html; charset=x-no-such-encoding")
        elif path == "/wayback":
            wanted = parse_qs(urlsplit(self.path).query)["url"][0]
            closest = (
                {"available": True, "status": "200", "timestamp": "20230913101500",
                 "url": f"http://web.archive.org/web/20230913101500/{wanted}"}
                if wanted.endswith("/article.html")
                else None
            )  # fmt: skip
            self._answer(
                200, json.dumps({"archived_snapshots": {"closest": closest} if closest else {}}).encode()
            )
        else:
            file = PAGES / path.lstrip("/")
            if not file.is_file():
                self._answer(404, b"")
                return
            body = file.read_bytes().replace(b"{BASE}", base.encode())
            kind = TYPES.get(file.suffix, "text/plain")
            self._answer(200, body, kind + ("; charset=EUC-KR" if file.name == "euc-kr.html" else ""))

    def _answer(self, status, body, kind="text/html", headers=None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the importer gave up waiting (the timeout test): nothing to answer

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def content(tmp_path):
    """The fixture archive's registries and stories, in a folder of the test's own."""
    import shutil

    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def _import(content, *args) -> int:
    return main(["import", *args, "--content", str(content)])


def _story(path: Path) -> dict:
    """The front matter as written: every value as its text (dates and booleans too)."""
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)


def _check_drafts(content) -> None:
    assert main(["check", "--drafts", "--content", str(content)]) == 0


def test_a_news_page_becomes_a_draft_with_registry_people_and_tags(site, content, capsys):
    assert _import(content, site + "article.html") == 0
    out, err = capsys.readouterr()
    path = content / "stories" / "2023" / "peskov-the-summit-will-touch-on-sanctions.md"
    assert out.strip() == str(path)
    front = _story(path)
    assert front == {
        "title": "Peskov: the summit will touch on sanctions",
        "date": "2023-09-12T09:15:00+03:00",
        "authors": ["Anna Example"],
        "summary": (
            "The Kremlin's spokesman said the leaders would discuss sanctions and other sensitive areas."
        ),
        "tags": ["sanctions", "russia"],
        "people": ["dmitry-peskov", "vladimir-putin", "kim-jong-un"],
        "source": {
            "name": "The Example Herald",
            "url": site + "article.html",  # its canonical address names another host: not taken
            "published": "2023-09-12",
            "accessed": dt.date.today().isoformat(),
        },
        "draft": "true",
    }
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "## What the talks will cover" in body
    assert "\n- trade and economic relations;\n- cultural exchanges;\n" in body
    assert '\n> "This is in the interest of both countries," Peskov said.\n' in body
    assert "[act in their own interests](http://127.0.0.1:" in body  # a relative link made absolute
    for boilerplate in (
        "September 12, 2023",
        "Share on",
        "Advertisement",
        "Related articles",
        "Sign up",
        "©",
    ):
        assert boilerplate not in body, boilerplate  # the dateline is the date, never a heading
    assert (
        "  - summary: drafted from the page's own description; write one or two sentences of your own" in err
    )
    assert "      Oleg Kozhemyako (2 mentions, after a title)" in err  # a candidate, never added
    assert "      Ivan Petrovich (1 mention)" in err
    assert "Vostochny" not in err and "Far East" not in err
    _check_drafts(content)


def test_two_bylines_an_update_and_times_from_json_ld(site, content, capsys):
    assert _import(content, site + "two-bylines.html", "--publish") == 0
    path = content / "stories" / "2023" / "lavrov-and-choe-son-hui-sign-a-cooperation-plan.md"
    front = _story(path)
    assert front["authors"] == ["Maria Example", "Kenji Sample"]
    assert front["date"] == "2023-10-19T16:40:00+09:00" and front["updated"] == "2023-10-20T08:05:00+09:00"
    assert front["people"] == ["sergey-lavrov", "choe-son-hui", "kim-jong-un"]
    assert front["tags"] == ["russia", "north-korea", "diplomacy"] and "draft" not in front  # --publish
    assert front["source"]["name"] == "Example Wire" and front["source"]["url"].endswith("/two-bylines.html")
    assert main(["check", "--content", str(content)]) == 0


@pytest.mark.parametrize(
    ("page", "title", "person"),
    [
        ("cp1251.html", "Владимир Путин встретился с Ким Чен Ыном", "vladimir-putin"),
        ("euc-kr.html", "김정은, 러시아 방문 마치고 귀국", "kim-jong-un"),
    ],
)
def test_pages_in_their_declared_encodings(site, content, capsys, page, title, person):
    people = (content / "people.yml").read_text(encoding="utf-8")
    (content / "people.yml").write_text(
        people.replace("[Kim Jong Un,", "[김정은, Kim Jong Un,"), encoding="utf-8"
    )
    assert _import(content, site + page, "--tags", "russia") == 0
    [path] = capsys.readouterr().out.split()
    front = _story(Path(path))
    assert front["title"] == title and person in front["people"]
    assert title.split()[0].strip(",") in Path(path).read_text(encoding="utf-8").split("---\n", 2)[2]
    _check_drafts(content)


def test_a_chain_of_redirects_is_followed_to_the_page(site, content, capsys):
    assert _import(content, site + "r1") == 0
    assert (content / "stories" / "2023" / "peskov-the-summit-will-touch-on-sanctions.md").is_file()


def test_a_saved_page_keeps_its_canonical_address_and_has_no_access_date(content, capsys):
    assert _import(content, str(PAGES / "article.html")) == 0
    front = _story(content / "stories" / "2023" / "peskov-the-summit-will-touch-on-sanctions.md")
    assert front["source"] == {"name": "The Example Herald", "url": HERALD, "published": "2023-09-12"}
    _check_drafts(content)


def test_archive_asks_the_wayback_machine(site, content, capsys, monkeypatch):
    monkeypatch.setattr(importer, "WAYBACK_API", site + "wayback")
    assert _import(content, site + "article.html", "--archive") == 0
    front = _story(content / "stories" / "2023" / "peskov-the-summit-will-touch-on-sanctions.md")
    assert front["source"]["archived"] == f"https://web.archive.org/web/20230913101500/{site}article.html"
    assert _import(content, site + "two-bylines.html", "--archive") == 0
    assert "the Wayback Machine has no snapshot of" in capsys.readouterr().err
    _check_drafts(content)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("report.pdf", "not an HTML page (application/pdf)"),
        ("stub.html", "no article text on the page (an empty page, a paywall, or not an article)"),
        ("missing", "the server answered 404 Not Found"),
        ("broken", "the server answered 500 Internal Server Error"),
        ("loop", "more than 5 redirects; import the address a browser ends at"),
        ("to-ftp", "'ftp://x/' is not an http or https address"),
        ("odd-encoding", "the page declares an encoding no decoder knows ('x-no-such-encoding')"),
        ("feed.atom", "this is a feed, not a page: list its items with --feed {site}feed.atom"),
    ],
)
def test_each_bad_page_is_one_line_and_nothing_is_written(site, content, capsys, address, problem):
    before = sorted(content.rglob("*"))
    assert _import(content, site + address) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"{site}{address}: error: {problem.format(site=site)}; nothing was written"
    assert sorted(content.rglob("*")) == before


def test_a_refused_connection_a_timeout_a_dripping_page_a_page_too_large(site, content, capsys, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(fetch, "MAX_BYTES", 10_000)
    monkeypatch.setattr(fetch, "TOTAL_SECONDS", 1.5)
    closed = "http://127.0.0.1:9/"  # the discard port: nothing listens there
    for address, problem in (
        (closed, "the connection was refused"),
        (site + "slow", "no answer within 0.5 seconds"),
        (site + "drip", "the page took more than 1.5 seconds to arrive"),
        (site + "huge", "the page is larger than 0.01 MB (20,007 bytes)"),
    ):
        assert _import(content, address) == 1
        assert capsys.readouterr().err.strip() == f"{address}: error: {problem}; nothing was written"


def test_a_page_already_in_the_archive_is_refused(site, content, capsys):
    assert _import(content, site + "article.html") == 0
    capsys.readouterr()
    assert _import(content, site + "r1") == 1  # another address, the same canonical page
    assert capsys.readouterr().err.strip() == (
        f"{site}r1: error: already imported as "
        "content/stories/2023/peskov-the-summit-will-touch-on-sanctions.md; nothing was written"
    )


@pytest.mark.parametrize("feed", ["feed.atom", "feed.rss"])
def test_a_feed_lists_what_is_new_and_imports_what_is_chosen(site, content, capsys, feed):
    assert _import(content, "--feed", site + feed) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "  1. Lavrov and Choe Son Hui sign a cooperation plan (19 October 2023)"
    assert out.splitlines()[2] == "  2. Peskov: the summit will touch on sanctions (12 September 2023)"
    assert "Vostochny" not in out  # its address is a story's source already
    assert err.startswith("2 items not yet in the archive")
    assert _import(content, "--feed", site + feed, "2") == 0
    assert (content / "stories" / "2023" / "peskov-the-summit-will-touch-on-sanctions.md").is_file()
    capsys.readouterr()
    assert _import(content, "--feed", site + feed) == 0
    assert capsys.readouterr().err.startswith("1 item not yet in the archive")
    assert _import(content, "--feed", site + feed, "--all") == 0
    assert (content / "stories" / "2023" / "lavrov-and-choe-son-hui-sign-a-cooperation-plan.md").is_file()
    _check_drafts(content)


def test_a_feed_file_and_a_wrong_item_number(site, content, capsys, tmp_path):
    saved = tmp_path / "saved.rss"
    saved.write_bytes((PAGES / "feed.rss").read_bytes().replace(b"{BASE}", site.encode()))
    assert _import(content, "--feed", str(saved), "7") == 1
    assert capsys.readouterr().err.strip() == f"{saved}: error: no item 7 (the feed lists 2 new ones)"
    assert _import(content, "--feed", site + "article.html") == 1
    assert capsys.readouterr().err.strip() == f"{site}article.html: error: not an RSS or Atom feed"


def test_the_fetch_says_who_asks_and_follows_only_so_far():
    assert fetch.USER_AGENT.startswith("story-archive-import/")
    assert fetch.MAX_REDIRECTS == 5 and fetch.TIMEOUT_SECONDS == 15 and fetch.MAX_BYTES == 5_000_000


def test_markup_in_a_page_stays_text(content, capsys, tmp_path):
    page = (PAGES / "article.html").read_text(encoding="utf-8")
    hostile = page.replace(
        "According to the Kremlin, the leaders will discuss:",
        "According to the Kremlin &lt;script&gt;alert(1)&lt;/script&gt; and *stars* and [x](javascript:y) "
        "and &amp;copy; and ![i](http://evil.test/p.png), the leaders will discuss:",
    )
    saved = tmp_path / "hostile.html"
    saved.write_text(hostile, encoding="utf-8")
    assert _import(content, str(saved)) == 0
    body = (content / "stories/2023/peskov-the-summit-will-touch-on-sanctions.md").read_text(encoding="utf-8")
    assert (
        r"According to the Kremlin \<script\>alert(1)\</script\> and \*stars\* and \[x\](javascript:y) "
        r"and &amp;copy; and !\[i\](http://evil.test/p.png), the leaders will discuss:"
    ) in body
    _check_drafts(content)
