#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screenshot the metainfo lists is in the tree (data/screenshots/...),
has a caption, is a PNG of at most 1000×700 and has the size it declares."""
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

metainfo, source_root = Path(sys.argv[1]), Path(sys.argv[2])
errors = []
shots = ET.parse(metainfo).getroot().findall("./screenshots/screenshot")
if not shots:
    errors.append("no screenshots listed")
for shot in shots:
    image = shot.find("image")
    caption = shot.find("caption")
    if image is None or not (image.text or "").strip():
        errors.append("a screenshot without an image")
        continue
    url = image.text.strip()
    if caption is None or not (caption.text or "").strip():
        errors.append(f"{url}: no caption")
    marker = "/main/"
    if marker not in url:
        errors.append(f"{url}: not a path in the repository")
        continue
    path = source_root / url.split(marker, 1)[1]
    if not path.is_file():
        errors.append(f"{url}: {path} is not in the tree")
        continue
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        errors.append(f"{path}: not a PNG")
        continue
    width, height = struct.unpack(">II", head[16:24])
    if width > 1000 or height > 700:
        errors.append(f"{path}: {width}×{height}, more than 1000×700")
    declared = (image.get("width"), image.get("height"))
    if declared != (None, None) and declared != (str(width), str(height)):
        errors.append(f"{path}: says {declared[0]}×{declared[1]}, is {width}×{height}")
    print(f"{path.name}: {width}×{height}, “{caption.text.strip() if caption is not None else ''}”")
for error in errors:
    print("error:", error, file=sys.stderr)
sys.exit(1 if errors else 0)
