#!/usr/bin/env python3
"""Draws the small illustrations of the example library (no dependencies).

Each image is a flat scene in the campaign's colours: a sky gradient, a few
buildings or shapes, a sun. Run from the repository root to redraw them.
"""
import math
import struct
import sys
import zlib

W, H = 640, 360


def png(path, pixels):
    rows = b"".join(b"\x00" + bytes(row) for row in pixels)
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(chunk(b"IEND", b""))


def mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def scene(top, bottom, shapes):
    pixels = []
    for y in range(H):
        row = []
        sky = mix(top, bottom, y / H)
        for x in range(W):
            colour = sky
            for shape in shapes:
                hit = shape(x, y)
                if hit:
                    colour = hit
            row.extend(colour)
        pixels.append(row)
    return pixels


def rect(x0, y0, x1, y1, colour):
    return lambda x, y: colour if x0 <= x < x1 and y0 <= y < y1 else None


def circle(cx, cy, r, colour):
    return lambda x, y: colour if (x - cx) ** 2 + (y - cy) ** 2 <= r * r else None


def windows(x0, y0, x1, y1, colour):
    return lambda x, y: colour if x0 <= x < x1 and y0 <= y < y1 and (x - x0) % 18 < 8 and (y - y0) % 22 < 10 else None


def skyline(seed, base, light):
    shapes = []
    x = 0
    n = seed
    while x < W:
        n = (n * 1103515245 + 12345) & 0x7FFFFFFF
        w = 50 + n % 60
        h = 90 + (n >> 8) % 170
        shapes.append(rect(x, H - h, x + w - 6, H, base))
        shapes.append(windows(x + 8, H - h + 12, x + w - 14, H - 8, light))
        x += w
    return shapes


SCENES = {
    "library/tokyo-launch/tokyo-office/lounge.png": scene(
        (255, 183, 197), (255, 236, 210),
        [circle(500, 90, 48, (255, 245, 230))] + skyline(7, (72, 52, 92), (255, 214, 120))),
    "library/tokyo-launch/tokyo-team/team.png": scene(
        (120, 180, 230), (230, 244, 255),
        [rect(0, 280, W, H, (90, 150, 90))]
        + [circle(120 + i * 100, 220, 34, (250, 210, 170)) for i in range(5)]
        + [rect(92 + i * 100, 256, 148 + i * 100, 330, c) for i, c in enumerate(
            [(220, 80, 80), (80, 120, 220), (240, 180, 60), (90, 170, 120), (150, 90, 190)])]),
    "library/orbit-launch/orbit-3/orbit.png": scene(
        (12, 16, 48), (40, 30, 90),
        [circle(320, 180, 70, (90, 200, 250)), circle(320, 180, 56, (30, 120, 200))]
        + [lambda x, y: (230, 230, 255) if abs(math.hypot(x - 320, (y - 180) * 2.6) - 150) < 3 else None]
        + [circle((i * 97) % W, (i * 53) % H, 2, (255, 255, 255)) for i in range(40)]),
    "library/sustainability/report-2026/solar.png": scene(
        (140, 210, 255), (220, 245, 255),
        [circle(110, 90, 50, (255, 220, 90)), rect(0, 270, W, H, (110, 180, 90))]
        + [rect(200 + i * 90, 200, 270 + i * 90, 260, (40, 70, 140)) for i in range(4)]
        + [rect(232 + i * 90, 260, 238 + i * 90, 290, (80, 80, 80)) for i in range(4)]),
    "library/devcon/devcon-2027/stage.png": scene(
        (30, 20, 40), (70, 40, 80),
        [rect(0, 250, W, H, (50, 40, 60)), rect(120, 120, 520, 250, (240, 240, 250)),
         rect(140, 140, 500, 230, (40, 120, 200)),
         lambda x, y: (255, 240, 150) if y < 250 and abs(x - 320) < (y - 0) * 0.5 and (x + y) % 7 == 0 else None]),
}

if __name__ == "__main__":
    for path, pixels in SCENES.items():
        png(path, pixels)
        print("wrote", path, file=sys.stderr)
