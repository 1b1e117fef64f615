"""`build --zim`: the site as one ZIM file, read back with libzim's own reader as Kiwix reads it."""

from __future__ import annotations

import io

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher
from PIL import Image

from generator.cli import main
from generator.publish.settings import load_settings
from generator.publish.zim import write_zim

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def zim(tmp_path_factory):
    """The fixture archive built with --zim, with the site it was written from."""
    from tests.helpers import copy_project

    project = copy_project(tmp_path_factory.mktemp("zim"))
    target = project.parent / "archive.zim"
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml"), "--zim", str(target)]) == 0
    return Archive(str(target)), project / "site", target


def test_every_file_of_the_site_is_an_entry_and_the_home_page_is_the_main_one(zim):
    archive, site, _ = zim
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert archive.entry_count == len(files)
    for path in files:
        assert archive.has_entry_by_path(path), path
    assert (
        archive.get_entry_by_path("stories/2023/lavrov-visits-pyongyang.html").get_item().content.tobytes()
        == (site / "stories/2023/lavrov-visits-pyongyang.html").read_bytes()
    )
    main_entry = archive.main_entry
    assert (main_entry.get_redirect_entry() if main_entry.is_redirect else main_entry).path == "index.html"


def test_a_story_is_found_by_title_and_by_full_text(zim):
    archive, _, _ = zim
    assert archive.has_title_index and archive.has_fulltext_index
    titles = SuggestionSearcher(archive).suggest("Putin and Kim meet")
    assert list(titles.getResults(0, 3)) == ["stories/2023/putin-kim-summit-vostochny.html"]
    found = Searcher(archive).search(Query().set_query("Komsomolsk"))  # a word only in a story's body
    assert list(found.getResults(0, 5)) == ["stories/2023/putin-kim-summit-vostochny.html"]
    entry = archive.get_entry_by_path("stories/2023/putin-kim-summit-vostochny.html")
    assert entry.title == "Putin and Kim meet at the Vostochny Cosmodrome"


def test_the_metadata_kiwix_shows_and_images_that_decode(zim):
    archive, site, _ = zim
    texts = [key for key in archive.metadata_keys if not key.startswith(("Counter", "Illustration"))]
    meta = {key: archive.get_metadata(key).decode("utf-8") for key in texts}
    assert {key: meta[key] for key in ("Title", "Language", "Creator", "Date", "Name")} == {
        "Title": "Story Archive",
        "Language": "eng",
        "Creator": "Story Archive",
        "Date": "2024-12-04",  # the newest story's: the same archive gives the same metadata
        "Name": "story-archive_eng_all",
    }
    assert meta["Description"]
    assert archive.has_illustration(48)
    icon = Image.open(io.BytesIO(bytes(archive.get_illustration_item(48).content)))
    assert icon.size == (48, 48) and icon.format == "PNG"
    pictures = [p.relative_to(site).as_posix() for p in (site / "media").rglob("*") if p.is_file()]
    assert len(pictures) >= 7
    for path in pictures:
        item = archive.get_entry_by_path(path).get_item()
        picture = Image.open(io.BytesIO(bytes(item.content)))
        picture.load()
        assert item.mimetype == f"image/{picture.format.lower()}", path


def test_the_same_site_gives_the_same_file_but_for_what_the_format_stamps(zim, tmp_path):
    _, site, first = zim
    again = tmp_path / "again.zim"
    write_zim(site, again, load_settings(site.parent / "mkdocs.yml"))
    one, two = first.read_bytes(), again.read_bytes()
    assert len(one) == len(two)
    differing = sum(a != b for a, b in zip(one, two, strict=True))
    # The header's UUID, one in each of the two Xapian indexes, and the checksum: 16 bytes each.
    assert 0 < differing <= 64
    assert one[:8] == two[:8] and one[24:64] == two[24:64]  # magic, version, counts and offsets alike
