"""Images: what the check says of a bad one, what the build publishes of a good one."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.media import encode
from generator.media.encode import make_variants
from generator.media.plan import every_file, variants, widths
from generator.model import MediaFile
from generator.pages.pictures import expand_images
from tests import hostile_media
from tests.helpers import generate_content, make_content, output_lines, story, working_folder

LEAD = "content/stories/2023/a.md"


def png(width: int = 640, height: int = 400, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.frombytes(mode, (width, height), os.urandom(width * height * len(mode))).save(out, "PNG")
    return out.getvalue()


def check_with_media(
    tmp_path: Path, front: str, media: dict[str, bytes], body: str = "Body.", config: str = ""
):
    content = make_content(tmp_path, {"2023/a.md": story(extra=front, body=body)})
    for name, data in media.items():
        (content / "media" / name).parent.mkdir(parents=True, exist_ok=True)
        (content / "media" / name).write_bytes(data)
    if config:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with working_folder(tmp_path):
        return main(["check", "--no-cache"])


LEAD_IMAGE = """
image:
  file: {file}
  alt: A map of the route
"""


@pytest.mark.parametrize(
    ("file", "data", "expected"),
    [
        (
            "map.png",
            None,
            f"{LEAD}:7:9: error[missing-image]: 'media/map.png': there is no content/media/map.png; "
            "add the image there",
        ),
        (
            "map.png",
            png()[:3000],
            f"{LEAD}:7:9: error[bad-image]: content/media/map.png cannot be read as an "
            "image (image file is truncated); save it again from an image editor",
        ),
        (
            "map.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            f"{LEAD}:7:9: error[bad-image]: content/media/map.png is not a PNG image, as its name says; "
            "save it as PNG or rename it",
        ),
        (
            "map.jpg",
            png(),
            f"{LEAD}:7:9: error[bad-image]: content/media/map.jpg is not a JPEG image, as its "
            "name says; save it as JPEG or rename it",
        ),
        (
            "../people.yml",
            None,
            f"{LEAD}:7:9: error[image-outside-media]: 'media/../people.yml' leaves "
            "content/media/; images are files in content/media/",
        ),
    ],
)
def test_a_lead_image_that_cannot_be_published_is_an_error_at_its_line(
    tmp_path, capsys, file, data, expected
):
    media = {file: data} if data is not None else {}
    assert check_with_media(tmp_path, LEAD_IMAGE.format(file=file), media) == 1
    assert output_lines(capsys) == [expected]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path, capsys):
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")  # 49 KB on disk, 400 million pixels
    assert len(bomb.getvalue()) < 100_000
    assert check_with_media(tmp_path, LEAD_IMAGE.format(file="map.png"), {"map.png": bomb.getvalue()}) == 1
    assert output_lines(capsys) == [
        f"{LEAD}:7:9: error[bad-image]: content/media/map.png has more than 50,000,000 pixels "
        "(max_image_megapixels); scale it down"
    ]


def test_the_size_limit_comes_from_mkdocs_yml(tmp_path, capsys):
    config = (
        "site_name: x\nsite_url: https://example.org/\n"
        "plugins:\n  - archive:\n      max_image_megabytes: 0.1\n"
    )
    assert (
        check_with_media(tmp_path, LEAD_IMAGE.format(file="map.png"), {"map.png": png()}, config=config) == 1
    )
    assert output_lines(capsys) == [
        f"{LEAD}:7:9: error[bad-image]: content/media/map.png is larger than 100,000 bytes "
        "(max_image_megabytes); scale it down"
    ]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "image:\n  file: map.png",
            f"{LEAD}:7:3: error[missing-alt]: the image needs alt text: say what it shows "
            'for readers who cannot see it (or, for an image that adds nothing to the story, alt: "" and '
            "decorative: true)",
        ),
        (
            'image:\n  file: map.png\n  alt: ""',
            f"{LEAD}:8:8: error[missing-alt]: the image needs alt text: say what "
            "it shows for readers who cannot see it (or, for an image that adds nothing to the story, "
            'alt: "" and decorative: true)',
        ),
        (
            "image:\n  file: map.png\n  alt: A map\n  decorative: true",
            f'{LEAD}:8:8: error[bad-alt]: a decorative image has empty alt text; write alt: ""',
        ),
        (
            "image:\n  file: map.png\n  alt: A map\n  credits: me",
            f"{LEAD}:9:3: error[unknown-field]: unknown field 'credits' in the image; did you mean 'credit'?",
        ),
        (
            "image: map.png",
            f"{LEAD}:6:8: error[wrong-type]: 'image' must be a mapping: file, alt, and optionally "
            "caption and credit",
        ),
    ],
)
def test_alt_text_is_required_unless_the_image_is_decorative(tmp_path, capsys, front, expected):
    assert check_with_media(tmp_path, front, {"map.png": png()}) == 1
    assert output_lines(capsys) == [expected]


def test_a_decorative_image_needs_no_alt(tmp_path, capsys):
    front = 'image:\n  file: map.png\n  alt: ""\n  decorative: true'
    assert check_with_media(tmp_path, front, {"map.png": png()}) == 0
    assert output_lines(capsys) == []


def test_body_images_are_checked_like_lead_images(tmp_path, capsys):
    body = (
        "First.\n\n![A map](../../media/map.png)\n\n![](../../media/map.png)\n\n"
        "![Gone](../../media/gone.png)\n\n"
        "![Elsewhere](../../people.yml)\n\n![Remote](https://example.org/x.png)\n\n"
        '![From the root](/media/map.png)\n\n<img src="https://example.org/y.png" alt="raw">\n'
    )
    assert check_with_media(tmp_path, "", {"map.png": png()}, body=body) == 1
    assert output_lines(capsys) == [
        f"{LEAD}:11:1: error[missing-alt]: the image needs alt text: write what it shows between the "
        "brackets, ![like this](...)",
        f"{LEAD}:13:1: error[missing-image]: '../../media/gone.png': there is no content/media/gone.png; "
        "add the image there",
        f"{LEAD}:15:1: error[image-outside-media]: '../../people.yml' is not in content/media/; "
        "put the image there and write ../../media/<name> from the story",
        f"{LEAD}:17:1: error[remote-image]: 'https://example.org/x.png' is not a file of the site, and the "
        "site loads nothing from elsewhere; save the image in content/media/ and write ../../media/<name>",
        f"{LEAD}:19:1: error[image-outside-media]: '/media/map.png' starts at the site's root, which is not "
        "where the site is published from disk; write the path from the story: ../../media/map.png",
        f"{LEAD}:21:1: warning[remote-image]: 'https://example.org/y.png' is not a file of the site, and the "
        "site loads nothing from elsewhere; save the image in content/media/ and write ../../media/<name>",
    ]


def test_a_raw_image_of_no_file_of_the_archive_is_warned_of_and_left_out(tmp_path, capsys):
    """Found by the fuzz tests: `<img src="x">` was published as a broken picture, unremarked."""
    body = 'Before.\n\n<img src="x" onerror="alert(1)">\n\nAfter.'
    assert check_with_media(tmp_path, "", {}, body=body) == 0
    assert output_lines(capsys) == [
        f"{LEAD}:9:1: warning[image-outside-media]: 'x' is not in content/media/; put the image there and "
        "write ../../media/<name> from the story",
    ]
    page = generate_content(tmp_path / "content").pages["stories/2023/a.html"].html
    assert "<img" not in page and "Before." in page and "After." in page


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            hostile_media.tall_png(),
            "content/media/map.png is 1,000 × 17,000 pixels: its 1,000-pixel-wide copy would be 17,000 "
            "pixels tall, over the 16,383 pixels WEBP allows; crop it or make it less tall",
        ),
        (
            hostile_media.damaged_exif_jpeg(),
            "content/media/map.png cannot be read as an image (bad operand type for abs(): 'str'); "
            "save it again from an image editor",
        ),
        (
            hostile_media.many_scans_jpeg(),
            "content/media/map.png is a progressive JPEG of more than 100 scans, which takes minutes to "
            "decode; save it again from an image editor",
        ),
    ],
)
def test_an_image_the_build_could_not_publish_is_refused_by_the_check(tmp_path, capsys, data, expected):
    name = "map.png" if data.startswith(b"\x89PNG") else "map.jpg"
    expected = expected.replace("map.png", name)
    assert check_with_media(tmp_path, LEAD_IMAGE.format(file=name), {name: data}) == 1
    assert output_lines(capsys) == [f"{LEAD}:7:9: error[bad-image]: {expected}"]


@pytest.mark.slow
def test_decoding_an_image_has_a_time_budget():
    from generator.media.probe import MediaLimits, probe_image

    started = time.perf_counter()
    found = probe_image("slow.jpg", hostile_media.slow_jpeg(), MediaLimits(max_seconds=0.01))
    assert found == (
        "took more than 0.01 seconds to decode; save it again at a smaller size or from another editor"
    )
    assert time.perf_counter() - started < 5
    assert isinstance(probe_image("slow.jpg", hostile_media.slow_jpeg(), MediaLimits()), MediaFile)
    idle = threading.Event()  # another thread alive, as in `mkdocs serve`: this process may not fork
    threading.Thread(target=idle.wait, daemon=True).start()
    try:
        assert probe_image("slow.jpg", hostile_media.slow_jpeg(), MediaLimits(max_seconds=0.01)) == found
        assert isinstance(probe_image("slow.jpg", hostile_media.slow_jpeg(), MediaLimits()), MediaFile)
    finally:
        idle.set()


def test_an_image_no_story_shows_is_noted_and_not_published(tmp_path, capsys):
    assert check_with_media(tmp_path, "", {"spare.png": png()}) == 0
    assert (
        "content/media/spare.png:1:1: info[unused-media]: no story shows this image; it is not published"
        in (capsys.readouterr().out)
    )


def media_file(width: int, height: int, alpha: bool = False, name: str = "map.png") -> MediaFile:
    return MediaFile(name, "0123456789abcdef", width, height, alpha)


def test_variants_are_never_wider_than_the_image():
    assert widths(media_file(3000, 2000)) == (480, 960, 1600)
    assert widths(media_file(1200, 800)) == (480, 960, 1200)
    assert widths(media_file(300, 300)) == (300,)
    names = [v.path for v in variants(media_file(1200, 800))]
    assert names == [
        "media/map.0123456789.480.webp",
        "media/map.0123456789.960.webp",
        "media/map.0123456789.1200.webp",
        "media/map.0123456789.480.jpg",
        "media/map.0123456789.960.jpg",
        "media/map.0123456789.1200.jpg",
    ]
    assert [v.path for v in variants(media_file(600, 600, alpha=True))][-1] == "media/map.0123456789.600.png"


def test_an_image_of_content_media_becomes_a_picture_and_others_are_left_out():
    media = {"map.png": media_file(1200, 800)}
    page = (
        '<p><img alt="A &quot;map&quot;" src="../../media/map.png"></p>'
        '<p><img src="../../media/other.png" alt="x"></p>'
    )
    html = expand_images(page, "stories/2023/a.html", media)
    assert html.count("<picture>") == 1
    assert 'alt="A &#34;map&#34;"' in html or 'alt="A &quot;map&quot;"' in html
    assert (
        'srcset="../../media/map.0123456789.480.webp 480w, ../../media/map.0123456789.960.webp 960w' in html
    )
    assert 'width="1200" height="800"' in html and 'loading="lazy"' in html
    assert "other.png" not in html  # no image of the archive: not shown broken


def test_an_unchanged_image_is_never_encoded_again(tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "map.png").write_bytes(png(1000, 500))
    item = media_file(1000, 500)
    first = make_variants([item], content, tmp_path / "cache")
    assert sorted(first) == sorted(v.path for v in every_file(item))
    assert Image.open(first["media/map.0123456789.480.webp"]).size == (480, 240)

    def fail(*args, **kwargs):
        raise AssertionError("encoded again")

    monkeypatch.setattr(encode, "_encode", fail)
    assert make_variants([item], content, tmp_path / "cache") == first


@pytest.mark.e2e
def test_published_images_carry_no_metadata(built_site):
    """The fixture's photo has GPS coordinates, camera make and model, XMP and a comment."""
    published = sorted((built_site / "media").iterdir())
    assert [p.name for p in published if p.name.startswith("cosmodrome")] == [
        "cosmodrome.a417f677ea.1200.jpg",
        "cosmodrome.a417f677ea.1200.webp",
        "cosmodrome.a417f677ea.480.jpg",
        "cosmodrome.a417f677ea.480.webp",
        "cosmodrome.a417f677ea.960.jpg",
        "cosmodrome.a417f677ea.960.webp",
        "cosmodrome.jpg",
    ]
    for path in published:
        data = path.read_bytes()
        for secret in (b"FixtureCam", b"GPS-1", b"secret comment", b"xmpmeta", b"Exif\0\0"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info), path.name
            if path.name.startswith("cosmodrome") and ".1200." in path.name:
                assert image.size == (1200, 800)  # stored on its side, published upright


def test_an_unchanged_image_is_not_read_again_by_the_check(tmp_path, monkeypatch):
    from generator.media import probe

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "map.png").write_bytes(png(64, 32))
    record = tmp_path / "media.json"
    first = probe.probe_media(content, ["map.png"], probe.MediaLimits(), record)

    def fail(*args):
        raise AssertionError("read again")

    monkeypatch.setattr(probe, "read_bytes", fail)
    assert probe.probe_media(content, ["map.png"], probe.MediaLimits(), record) == first
    monkeypatch.undo()
    (content / "media" / "map.png").write_bytes(png(48, 32))  # another size: read and decoded again
    again = probe.probe_media(content, ["map.png"], probe.MediaLimits(), record)
    assert isinstance(again["map.png"], MediaFile) and again["map.png"].width == 48


def test_an_image_that_cannot_be_encoded_is_named_not_a_traceback(tmp_path):
    from generator.diagnostics import StoryFailed

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "map.png").write_bytes(b"changed since the check")
    with pytest.raises(StoryFailed) as failed:
        make_variants([media_file(1000, 500)], content, tmp_path / "cache")
    assert failed.value.diagnostic.format().startswith(
        "content/media/map.png:1:1: error[encode-failed]: the image could not be encoded "
        "(UnidentifiedImageError"
    )
    assert not list((tmp_path / "cache").glob("*"))  # nothing half-written
