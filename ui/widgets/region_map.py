"""A map of the region's 41 cities, each shaded by how many valid public standards it holds.

Drawn with QPainter from the outlines shipped in the core (:mod:`labregistry.geo`; no
network, no map service). Projection: equirectangular, longitudes shortened by the cosine
of the region's middle latitude, so that the region keeps its shape (a degree of longitude
at 31°N is 0.86 of a degree of latitude); the whole fitted to the widget. The counts come
in 5 classes of a sequential blue scale, and 0 in grey, with a legend. Province borders are
drawn thicker, city names where they fit. Hovering a city names it, its province and its
count; clicking it emits :attr:`RegionMapView.city_clicked` with its adcode.

A map published in China needs an approval number (审图号): this one is labelled a sketch
(示意图), draws the four provinces only and no national border (docs/region-map.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from labregistry import geo
from ui import i18n
from ui.widgets.charts import TEXT_COLOUR, HoverChart, nice_ceiling

ZERO_COLOUR = QColor("#e4e4e4")
CLASS_COLOURS = (QColor("#c6dbef"), QColor("#9ecae1"), QColor("#6baed6"), QColor("#3182bd"), QColor("#08519c"))
CITY_BORDER = QColor("#ffffff")
PROVINCE_BORDER = QColor("#4d4d4d")
MIDDLE_LATITUDE = 31.0  # the region spans 27°N to 35°N


def project(lon: float, lat: float) -> QPointF:
    """Equirectangular, scaled by cos(latitude); y grows southwards, as on screen."""
    return QPointF(lon * math.cos(math.radians(MIDDLE_LATITUDE)), -lat)


def outline_path(area: geo.Area) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # a ring inside another is a hole
    for ring in area.rings:
        path.moveTo(project(*ring[0]))
        for point in ring[1:]:
            path.lineTo(project(*point))
        path.closeSubpath()
    return path


@dataclass(frozen=True)
class Placement:
    """The map at one size and language: the outlines on screen and the names that fit.
    Worked out once per size (painting them afresh each time cost about 0.1 s)."""

    key: tuple[int, int, str, str]
    cities: dict[str, QPainterPath]
    provinces: list[QPainterPath]
    names: list[tuple[str, QRect, str]]  # adcode, where, the name


@dataclass(frozen=True)
class Classes:
    """Upper bounds of the 5 classes of counts above 0 (1–2, 3–4 ...): equal steps of 1, 2 or 5 × 10ⁿ."""

    bounds: tuple[int, ...]

    @classmethod
    def for_largest(cls, largest: int) -> Classes:
        step = nice_ceiling(math.ceil(max(largest, 1) / len(CLASS_COLOURS)))
        return cls(tuple(step * (i + 1) for i in range(len(CLASS_COLOURS))))

    def index(self, count: int) -> int | None:
        """The class of ``count`` (0 = lightest), None for 0."""
        if count <= 0:
            return None
        return next((i for i, bound in enumerate(self.bounds) if count <= bound), len(self.bounds) - 1)

    def colour(self, count: int) -> QColor:
        index = self.index(count)
        return ZERO_COLOUR if index is None else CLASS_COLOURS[index]

    def labels(self) -> list[str]:
        """The legend's ranges: 1, 2 ... when each class is one count; 1–2, 3–4 ... otherwise."""
        lows = (1, *(b + 1 for b in self.bounds[:-1]))
        return [str(high) if low == high else f"{low}–{high}" for low, high in zip(lows, self.bounds, strict=True)]


class RegionMapView(HoverChart):
    """The cities of the region shaded by count; hover for the numbers, click for the list."""

    city_clicked = Signal(str)  # the city's adcode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = geo.region_map()
        self.city_paths = {c.adcode: outline_path(c) for c in self.region.cities}
        self.province_paths = [outline_path(p) for p in self.region.provinces]
        bounds = QRectF()
        for path in self.province_paths:
            bounds = bounds.united(path.boundingRect())
        self.bounds = bounds
        self.counts: dict[str, int] = {}
        self.classes = Classes.for_largest(0)
        self._placement: Placement | None = None
        self._picture: tuple[object, QPixmap] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- data ---------------------------------------------------------------------

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """The valid public standards per city (adcode); a city not given holds none."""
        self.counts = {c.adcode: int(counts.get(c.adcode, 0)) for c in self.region.cities}
        self.classes = Classes.for_largest(max(self.counts.values(), default=0))
        self.setAccessibleDescription("\n".join(self.tooltip(c.adcode) for c in self.region.cities))
        self.update()

    def count(self, adcode: str) -> int:
        return self.counts.get(adcode, 0)

    # -- geometry -------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(460, 30 * self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def map_rect(self) -> QRectF:
        return QRectF(4, 4, max(1, self.width() - 8), max(1, self.height() - 8))

    def transform(self) -> QTransform:
        """From projected degrees to the widget: the region fitted and centred, its shape kept."""
        target, source = self.map_rect(), self.bounds
        scale = min(target.width() / source.width(), target.height() / source.height())
        dx = target.left() + (target.width() - source.width() * scale) / 2 - source.left() * scale
        dy = target.top() + (target.height() - source.height() * scale) / 2 - source.top() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def city_at(self, point: QPoint | QPointF) -> str | None:
        inverted, ok = self.transform().inverted()
        if not ok:
            return None
        where = inverted.map(QPointF(point))
        return next((code for code, path in self.city_paths.items() if path.contains(where)), None)

    def placement(self) -> Placement:
        key = (self.width(), self.height(), i18n.core_lang(), self.font().key())
        if self._placement is None or self._placement.key != key:
            transform = self.transform()
            cities = {code: transform.map(path) for code, path in self.city_paths.items()}
            self._placement = Placement(key, cities, [transform.map(p) for p in self.province_paths],
                                     self._names(cities))
        return self._placement

    def city_point(self, adcode: str) -> QPoint:
        """A point inside the city on screen (its label's place): tests and hover use it."""
        return self._inner_point(self.placement().cities[adcode])

    @staticmethod
    def _inner_point(path: QPainterPath) -> QPoint:
        """The middle of the city's box if inside it, else the point of a 9 × 9 grid over the
        box nearest to the middle that is (a crescent, a city with a bay)."""
        box = path.boundingRect()
        centre = box.center()
        grid = [QPointF(box.left() + box.width() * i / 10, box.top() + box.height() * j / 10)
                for i in range(1, 10) for j in range(1, 10)]
        grid.sort(key=lambda p: (p.x() - centre.x()) ** 2 + (p.y() - centre.y()) ** 2)
        inside = next((p for p in grid if path.contains(p)), centre)
        return QPoint(round(inside.x()), round(inside.y()))

    # -- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        """The map drawn once per size and counts, then copied: its 6,000 antialiased points
        took tens of milliseconds, at each scroll of the overview."""
        ratio = self.devicePixelRatioF()
        key = (self.placement().key, ratio, tuple(self.counts.items()))
        if self._picture is None or self._picture[0] != key:
            picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            self._draw(QPainter(picture))
            self._picture = (key, picture)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture[1])
        painter.end()

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        placed = self.placement()
        painter.setPen(QPen(CITY_BORDER, 0.8))
        for adcode, path in placed.cities.items():
            painter.setBrush(self.classes.colour(self.count(adcode)))
            painter.drawPath(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(PROVINCE_BORDER, 1.6))
        for path in placed.provinces:
            painter.drawPath(path)
        for adcode, rect, name in placed.names:
            index = self.classes.index(self.count(adcode))
            painter.setPen(QColor("#ffffff") if index is not None and index >= 3 else TEXT_COLOUR)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), name)
        self._paint_legend(painter)
        painter.end()

    def _names(self, cities: dict[str, QPainterPath]) -> list[tuple[str, QRect, str]]:
        """Each city's name at its middle, where it fits inside the city and clear of the names placed."""
        metrics = self.fontMetrics()
        placed: list[tuple[str, QRect, str]] = []
        for city in self.region.cities:
            path, name = cities[city.adcode], self.city_name(city)
            centre = self._inner_point(path)
            width = metrics.horizontalAdvance(name)
            rect = QRect(centre.x() - width // 2 - 1, centre.y() - metrics.height() // 2, width + 2, metrics.height())
            inner = QRectF(rect).adjusted(3, rect.height() * 0.3, -3, -rect.height() * 0.3)  # its middle band
            if path.contains(inner) and not any(rect.intersects(other) for _c, other, _n in placed):
                placed.append((city.adcode, rect, name))
        return placed

    def legend_rows(self) -> list[tuple[QColor, str]]:
        return [(ZERO_COLOUR, "0"), *zip(CLASS_COLOURS, self.classes.labels(), strict=True)]

    def _paint_legend(self, painter: QPainter) -> None:
        """The classes, one a line, in the corner south-west of the region (Jiangxi's, left empty)."""
        line = self.fontMetrics().height() + 2
        rows = self.legend_rows()
        y = self.height() - 6 - line * len(rows)
        for colour, text in rows:
            painter.setPen(QPen(PROVINCE_BORDER, 0.5))
            painter.setBrush(colour)
            painter.drawRect(QRectF(6, y + 3, line - 6, line - 6))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRect(6 + line, y, 120, line), int(Qt.AlignmentFlag.AlignVCenter), text)
            y += line

    # -- hover and click --------------------------------------------------------------

    def city_name(self, city: geo.Area) -> str:
        return city.name_en if i18n.core_lang() == "en" else city.name

    def province_name(self, city: geo.Area) -> str:
        province = next(p for p in self.region.provinces if p.name == city.province)
        return province.name_en if i18n.core_lang() == "en" else province.name

    def tooltip(self, adcode: str) -> str:
        city = self.region.city(adcode)
        return (self.tr("%1, %2: %n valid public standard(s)", "", self.count(adcode))
                .replace("%1", self.city_name(city)).replace("%2", self.province_name(city)))

    def item_at(self, point: QPoint) -> str | None:
        return self.city_at(point)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt's name
        over = self.city_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt's name
        adcode = self.city_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if adcode is not None:
            self.city_clicked.emit(adcode)
        super().mouseReleaseEvent(event)
