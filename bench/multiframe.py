#!/usr/bin/env python3
"""Writes one large multi-frame instance for bench/ingest.sh --big: a Multi-frame Grayscale Word
Secondary Capture Image (PS3.3 A.8.4) in Explicit VR Little Endian, 512x512 16-bit frames, as many
frames as it takes to reach the size asked for. The pixels are a noise pattern (not zeros, so that no
layer below can shortcut them). Streams the pixel data: memory stays small whatever the size.

    bench/multiframe.py OUT.dcm [MiB=300] [seed=1]
"""
import os
import random
import struct
import sys


def element(group, elem, vr, value):
    if isinstance(value, str):
        value = value.encode("ascii")
        if len(value) % 2:
            value += b"\0" if vr == "UI" else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def us(v):
    return struct.pack("<H", v)


def main():
    out = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rows = cols = 512
    frame = rows * cols * 2
    frames = max(1, mib * 1024 * 1024 // frame)
    root = "1.2.826.0.1.3680043.10.543.99.%d" % seed
    sop_class = "1.2.840.10008.5.1.4.1.1.7.3"
    sop = root + ".3.1"
    ts = "1.2.840.10008.1.2.1"
    meta = (element(0x0002, 0x0001, "OB", b"\0\1") + element(0x0002, 0x0002, "UI", sop_class)
            + element(0x0002, 0x0003, "UI", sop) + element(0x0002, 0x0010, "UI", ts)
            + element(0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.10.543.1"))
    header = (element(0x0008, 0x0016, "UI", sop_class) + element(0x0008, 0x0018, "UI", sop)
              + element(0x0008, 0x0020, "DA", "20261202") + element(0x0008, 0x0060, "CS", "OT")
              + element(0x0008, 0x0064, "CS", "WSD")
              + element(0x0010, 0x0010, "PN", "Bench^Multiframe") + element(0x0010, 0x0020, "LO", "BENCH%d" % seed)
              + element(0x0020, 0x000D, "UI", root + ".1") + element(0x0020, 0x000E, "UI", root + ".2")
              + element(0x0020, 0x0013, "IS", "1")
              + element(0x0028, 0x0002, "US", us(1)) + element(0x0028, 0x0004, "CS", "MONOCHROME2")
              + element(0x0028, 0x0008, "IS", str(frames))
              + element(0x0028, 0x0009, "AT", struct.pack("<HH", 0x0018, 0x2002))
              + element(0x0028, 0x0010, "US", us(rows)) + element(0x0028, 0x0011, "US", us(cols))
              + element(0x0028, 0x0100, "US", us(16)) + element(0x0028, 0x0101, "US", us(12))
              + element(0x0028, 0x0102, "US", us(11)) + element(0x0028, 0x0103, "US", us(0)))
    rng = random.Random(seed)
    noise = bytes(rng.getrandbits(8) & 0x0F if i % 2 else rng.getrandbits(8) for i in range(frame))
    with open(out + ".tmp", "wb") as f:
        f.write(b"\0" * 128 + b"DICM")
        f.write(element(0x0002, 0x0000, "UL", struct.pack("<I", len(meta))) + meta)
        f.write(header)
        f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, frames * frame))
        for i in range(frames):
            f.write(noise)
    os.replace(out + ".tmp", out)
    print("%s: %d frames of %dx%d, %d MiB" % (out, frames, rows, cols, frames * frame // 1048576))


if __name__ == "__main__":
    main()
