"""Draws the archive's own lead images into content/media/: schematic maps and a timeline,
from public facts stated in the stories. Run it again after changing a drawing:

    .venv/bin/python scripts/draw_story_images.py

The drawings are the archive's own work (credit: "Drawing: Story Archive", CC0), so no
photograph or map tile from elsewhere is published.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

MEDIA = Path(__file__).resolve().parent.parent / "content" / "media"
WIDTH, HEIGHT = 1600, 1000
PAPER, INK, GRID, ROUTE, MUTED, BORDER = "#f7f5ef", "#1f2937", "#d9d4c7", "#b42318", "#6b7280", "#2563eb"


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


class Map:
    """An equirectangular map of a box of longitude and latitude, shrunk by the cosine of its middle."""

    def __init__(self, west: float, east: float, south: float, north: float, margin: int = 90) -> None:
        self.west, self.east, self.south, self.north, self.margin = west, east, south, north, margin
        squeeze = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * squeeze, north - south
        self.scale = min((WIDTH - 2 * margin) / span_x, (HEIGHT - 2 * margin - 80) / span_y)
        self.squeeze = squeeze
        self.image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.margin + (lon - self.west) * self.squeeze * self.scale
        y = self.margin + 80 + (self.north - lat) * self.scale
        return x, y

    def graticule(self, step: int = 5) -> None:
        for lon in range(math.ceil(self.west / step) * step, int(self.east) + 1, step):
            self.draw.line([self.xy(lon, self.south), self.xy(lon, self.north)], fill=GRID, width=2)
            x, y = self.xy(lon, self.south)
            self.draw.text((x + 6, y - 30), f"{lon}°E", fill=MUTED, font=font(22))
        for lat in range(math.ceil(self.south / step) * step, int(self.north) + 1, step):
            self.draw.line([self.xy(self.west, lat), self.xy(self.east, lat)], fill=GRID, width=2)
            x, y = self.xy(self.west, lat)
            self.draw.text((x + 6, y + 4), f"{lat}°N", fill=MUTED, font=font(22))

    def title(self, text: str, note: str) -> None:
        self.draw.text((self.margin, 40), text, fill=INK, font=font(44))
        self.draw.text((self.margin, 96), note, fill=MUTED, font=font(26))

    def route(self, points: list[tuple[float, float]], colour: str = ROUTE, width: int = 8) -> None:
        self.draw.line([self.xy(*p) for p in points], fill=colour, width=width, joint="curve")

    def place(self, lon: float, lat: float, label: str, right: bool = True, muted: bool = False) -> None:
        x, y = self.xy(lon, lat)
        r = 11
        colour = MUTED if muted else INK
        self.draw.ellipse([x - r, y - r, x + r, y + r], fill=PAPER, outline=colour, width=5)
        box = self.draw.textbbox((0, 0), label, font=font(30))
        dx = 22 if right else -22 - (box[2] - box[0])
        self.draw.text((x + dx, y - 20), label, fill=colour, font=font(30))

    def save(self, name: str) -> None:
        self.image.save(MEDIA / name, optimize=True)


def train_route() -> None:
    """Kim Jong-un's train, September 2023: Pyongyang, the Tumen River at Khasan, Ussuriysk, then north."""
    m = Map(117.0, 145.0, 38.0, 53.0)
    m.graticule()
    m.title(
        "Kim Jong-un's train to Russia, September 2023",
        "Schematic route, straight lines between stops; Vladivostok was not on it",
    )
    m.route([(125.75, 39.03), (130.78, 42.43), (131.95, 43.80), (135.07, 48.48), (128.33, 51.88)])
    m.place(125.75, 39.03, "Pyongyang")
    m.place(130.78, 42.43, "Khasan (border, Tumen River)")
    m.place(131.95, 43.80, "Ussuriysk")
    m.place(131.89, 43.12, "Vladivostok", right=False, muted=True)
    m.place(135.07, 48.48, "Khabarovsk", right=False)
    m.place(128.33, 51.88, "Vostochny Cosmodrome", right=True)
    m.save("train-route-2023.png")


def far_east_visit() -> None:
    """Where Kim went after the summit: Vostochny, Komsomolsk-on-Amur, Vladivostok."""
    m = Map(119.0, 150.0, 41.0, 53.5)
    m.graticule()
    m.title(
        "Kim Jong-un in Russia's Far East, 13 to 17 September 2023", "Schematic: the stops named in the story"
    )
    m.route([(128.33, 51.88), (137.0, 50.55), (131.89, 43.12)], colour=BORDER, width=6)
    m.place(128.33, 51.88, "1  Vostochny: summit with Putin")
    m.place(137.0, 50.55, "2  Komsomolsk-on-Amur: aircraft plant", right=False)
    m.place(131.89, 43.12, "3  Vladivostok: bombers, Pacific Fleet")
    m.save("far-east-visit-2023.png")


def treaty_timeline() -> None:
    """From signature to entry into force, June to December 2024."""
    image = Image.new("RGB", (WIDTH, 900), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((90, 40), "The partnership treaty, June to December 2024", fill=INK, font=font(44))
    draw.text((90, 96), "From signature in Pyongyang to entry into force", fill=MUTED, font=font(26))
    left, right, axis = 140, 1460, 470
    start, end = 152, 345  # day of the year: 1 June and 10 December 2024 (a leap year)

    def x_of(day: int) -> float:
        return left + (day - start) / (end - start) * (right - left)

    draw.line([(left, axis), (right, axis)], fill=INK, width=4)
    months = [
        ("Jun", 153),
        ("Jul", 183),
        ("Aug", 214),
        ("Sep", 245),
        ("Oct", 275),
        ("Nov", 306),
        ("Dec", 336),
    ]
    for label, day in months:
        x = x_of(day)
        draw.line([(x, axis - 10), (x, axis + 10)], fill=INK, width=3)
        draw.text((x - 20, axis + 20), label, fill=MUTED, font=font(26))
    events = [  # (day of the year, label, -1 above the axis or 1 below, how far from it)
        (171, "19 Jun: signed in Pyongyang", -1, 140),
        (298, "Oct: State Duma approves", 1, 110),
        (314, "Nov: Putin signs the law", -1, 240),
        (316, "Nov: Kim's decree", 1, 230),
        (339, "4 Dec: in force", -1, 120),
    ]
    for day, label, side, reach in events:
        x = x_of(day)
        y = axis - reach if side < 0 else axis + reach + 30
        draw.line([(x, axis), (x, y)], fill=ROUTE, width=3)
        draw.ellipse([x - 12, axis - 12, x + 12, axis + 12], fill=ROUTE)
        box = draw.textbbox((0, 0), label, font=font(30))
        tx = min(max(x - (box[2] - box[0]) / 2, 40), WIDTH - 40 - (box[2] - box[0]))
        draw.text((tx, y - 40 if side < 0 else y), label, fill=INK, font=font(30))
    image.save(MEDIA / "treaty-timeline-2024.png", optimize=True)


if __name__ == "__main__":
    MEDIA.mkdir(exist_ok=True)
    train_route()
    far_east_visit()
    treaty_timeline()
