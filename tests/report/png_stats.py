#!/usr/bin/env python3
"""Reads a PNG (8-bit RGB or RGBA, not interlaced) without libraries and prints
"WIDTH HEIGHT COLORS NONWHITE_PERCENT" over a sample of every 4th pixel of every 4th row, then
"has RRGGBB" for each colour given as an argument that occurs exactly in the sample."""
import struct, sys, zlib


def main():
    d = open(sys.argv[1], "rb").read()
    if d[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat = 8, b""
    while pos < len(d):
        n, typ = struct.unpack(">I4s", d[pos:pos + 8])
        body = d[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                sys.exit("unsupported PNG layout")
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    prev = bytearray(stride)
    colors, nonwhite, seen = set(), 0, 0
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if y % 4 == 0:
            for x in range(0, stride, bpp * 4):
                px = bytes(line[x:x + 3])
                colors.add(px.hex())
                seen += 1
                nonwhite += px != b"\xff\xff\xff"
    print(w, h, len(colors), round(100.0 * nonwhite / seen, 1))
    for c in sys.argv[2:]:
        if c.lower() in colors:
            print("has", c.lower())


if __name__ == "__main__":
    main()
