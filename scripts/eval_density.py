#!/usr/bin/python3
"""Local density check: distinct dots per cm² in a 2x2 cm patch 15 mm above the hairline.

Usage: scripts/eval_density.py PHOTO [--zoom 8] [--height 50]

The photo is enlarged (--zoom) so a 0.8 mm dot spans several pixels, then
rendered with density=20 and 40, dot_size=0.8, no size variation. Dots are
counted as connected blobs in a square 20 mm patch (mm from the
interpupillary distance, as a ruler on the picture would give) centred 15 mm
above the hairline's mid-frontal point: pixels darkened by at least half of a
dot's own contrast (half the 99th percentile of the darkening in the patch),
so a dot counts when its core stands apart from its neighbours, whatever the
skin or the photo's softness. --height sets hairline_height so
the patch falls on bare forehead skin of the test photo.

Needs python3-numpy and python3-opencv.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("photo")
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--zoom", type=float, default=8.0,
                    help="enlargement; at 8 a 0.8 mm dot spans about 4 px on a 500 px portrait, so neighbours stay apart")
    ap.add_argument("--height", type=float, default=50.0)
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="hairline-density-")
    big = cv2.resize(cv2.imread(args.photo), None, fx=args.zoom, fy=args.zoom, interpolation=cv2.INTER_CUBIC)
    src = os.path.join(out, "big.png")
    cv2.imwrite(src, big)
    counts = {}
    for density in (20, 40):
        png, rep = os.path.join(out, f"d{density}.png"), os.path.join(out, f"d{density}.json")
        r = subprocess.run([args.binary, "render", src, "-o", png, "--report", rep, "--set", f"density={density}",
                            "--set", "dot_size=0.8", "--set", "dot_size_variation=0", "--set", "irregularity=0",
                            "--set", f"hairline_height={args.height}"], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            return 1
        report = json.load(open(rep))
        mm = report["mm_per_px"]
        gx, gy = report["glabella_px"]
        line_y = gy - report["hairline_height_projected_mm"] / mm
        cy = line_y - 15.0 / mm
        half = 10.0 / mm
        after = cv2.imread(png)
        darkening = np.abs(after.astype(int) - big.astype(int)).max(2)
        window = darkening[int(cy - half):int(cy + half), int(gx - half):int(gx + half)]
        patch = (window >= max(0.5 * np.percentile(window, 99), 4)).astype(np.uint8)
        n, _ = cv2.connectedComponents(patch, connectivity=8)
        counts[density] = n - 1
        cv2.imwrite(os.path.join(out, f"patch{density}.png"),
                    after[int(cy - half):int(cy + half), int(gx - half):int(gx + half)])
        print(f"density={density}: {n - 1} dots in 4 cm² = {(n - 1) / 4:.1f} per cm² "
              f"(mm/px {mm:.3f}, dot {0.8 / mm:.1f} px, patch {2 * half:.0f} px)")
    print(f"ratio 40/20 = {counts[40] / max(counts[20], 1):.2f}; patches in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
