"""Makes ``akhbar/geo/data/ne_110m_countries.json`` from the Natural Earth shapefile in a
geopandas wheel (run it again only to change the data; the JSON is committed)::

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    python -m akhbar.geo.build_shapes /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Where the shapes come from: geopandas 0.14.4 (BSD-3-Clause) ships ``naturalearth_lowres``, Natural
Earth's 1:110m "Admin 0 - Countries" (public domain, naturalearthdata.com), with geopandas's own
two edits (ISO codes filled in for sovereign countries Natural Earth marks -99, Crimea drawn with
Ukraine). geopandas 1.0 dropped the data set, hence the pinned wheel, checked by its SHA-256 so
the JSON can be rebuilt byte for byte. The wheel is read as a zip with the standard library:
nothing beyond akhbar's own dependencies is installed, and nothing is imported from geopandas.

1:110m leaves out countries smaller than a few pixels of a world map, among them Bahrain,
Singapore, Malta and the Comoros: the report still draws their points, over the sea.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
import zipfile
from pathlib import Path

WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).with_name("data") / "ne_110m_countries.json"
# Hundredths of a degree (~1 km): finer than the 1:110m lines themselves, which are drawn at a
# few kilometres per vertex at best.
DECIMALS = 2
# Natural Earth names without an ISO 3166 alpha-3 code: the code GeoNames (and so the warehouse)
# uses, or none for areas that have no code of their own.
NO_ISO_CODE = {"Kosovo": "XK", "N. Cyprus": "", "Somaliland": ""}

SHAPE_POLYGON = 5


def read_dbf(raw: bytes, encoding: str) -> list[dict[str, str]]:
    """The records of a dBASE III table (the attributes of a shapefile), as text."""
    count, header_len, record_len = struct.unpack("<4xIHH", raw[:12])
    fields, at = [], 32
    while raw[at] != 0x0D:
        name = raw[at : at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[at + 16]))
        at += 32
    rows = []
    for i in range(count):
        record = raw[header_len + i * record_len : header_len + (i + 1) * record_len]
        at, row = 1, {}  # byte 0 is the deletion flag
        for name, length in fields:
            row[name] = record[at : at + length].decode(encoding).strip()
            at += length
        rows.append(row)
    return rows


def read_polygons(raw: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings of (lon, lat) from an ESRI shapefile of polygons (type 5)."""
    if struct.unpack("<i", raw[32:36])[0] != SHAPE_POLYGON:
        raise ValueError("not a shapefile of polygons")
    shapes, at = [], 100
    while at < len(raw):
        content_words = struct.unpack(">i", raw[at + 4 : at + 8])[0]
        body = raw[at + 8 : at + 8 + 2 * content_words]
        at += 8 + 2 * content_words
        kind, = struct.unpack("<i", body[:4])
        if kind != SHAPE_POLYGON:
            shapes.append([])
            continue
        parts_n, points_n = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts_n}i", body[44 : 44 + 4 * parts_n])) + [points_n]
        flat = struct.unpack(f"<{2 * points_n}d", body[44 + 4 * parts_n : 44 + 4 * parts_n + 16 * points_n])
        points = list(zip(flat[0::2], flat[1::2]))
        shapes.append([points[a:b] for a, b in zip(starts, starts[1:])])
    return shapes


def alpha2(iso_a3: str, name: str) -> str:
    if name in NO_ISO_CODE:
        return NO_ISO_CODE[name]
    import pycountry

    country = pycountry.countries.get(alpha_3=iso_a3)
    if country is None:
        raise ValueError(f"no ISO 3166 country for {iso_a3!r} ({name}): add it to NO_ISO_CODE")
    return country.alpha_2


def _ring(points: list[tuple[float, float]]) -> list[float]:
    """A ring as a flat [lon, lat, lon, lat, ...], rounded, with repeats and the closing point dropped."""
    flat: list[float] = []
    for lon, lat in points:
        pair = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if flat[-2:] != pair:
            flat += pair
    if len(flat) > 2 and flat[:2] == flat[-2:]:
        flat = flat[:-2]
    return flat


def build(wheel: Path) -> dict:
    if not wheel.is_file():
        raise SystemExit(f"{wheel}: no such file (pip download --no-deps geopandas==0.14.4 -d DIR)")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest}, expected geopandas-0.14.4's {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as archive:
        encoding = archive.read(MEMBER + ".cpg").decode("ascii").strip()
        rows = read_dbf(archive.read(MEMBER + ".dbf"), encoding)
        shapes = read_polygons(archive.read(MEMBER + ".shp"))
    countries = []
    for row, rings in zip(rows, shapes, strict=True):
        flat = [r for r in (_ring(ring) for ring in rings) if len(r) >= 6]
        countries.append({"code": alpha2(row["iso_a3"], row["name"]), "name": row["name"], "rings": flat})
    countries.sort(key=lambda c: (c["code"] or "~", c["name"]))
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries, as geopandas 0.14.4 ships it (naturalearth_lowres)",
        "licence": "public domain (Natural Earth); geopandas BSD-3-Clause",
        "made_by": "python -m akhbar.geo.build_shapes geopandas-0.14.4-py3-none-any.whl",
        "coordinates": "rings of [lon, lat, lon, lat, ...] in degrees (WGS 84), the closing point left out",
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="geopandas-0.14.4-py3-none-any.whl (pip download --no-deps geopandas==0.14.4)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.wheel)
    # One country per line: a reviewable diff when the data changes.
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in data.pop("countries")]
    head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
    args.out.write_text(head + ',\n "countries": [\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    print(f"{args.out}: {len(lines)} countries, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
