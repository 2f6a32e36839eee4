#!/usr/bin/python3
"""Scale consistency and shimmer of the SMP look, measured with the CLI.

Usage: scripts/eval_scale.py PHOTO [--face-px 900] [--factor 3] [--height 60]

Scale: the photo is sized so the face is about --face-px wide, then
  A: rendered, and the preview shrunk --factor times (area average, in sRGB,
     as any image tool does);
  B: shrunk first, then rendered.
The mean darkening and the grain (std of the high-pass of after - before) on
the pixels either darkens are compared: both ratios should be near 1
(checked: darkening 0.9-1.1, grain 0.7-1.3).

Shimmer: the shrunk photo is shifted by 0..1 px in 8 steps (sub-pixel, as a
head moving across the sensor) and rendered each time; the mean darkening
of the design's area must not swing (reported as max/min - 1).

Needs python3-numpy and python3-opencv.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def render(binary, src, out, height):
    r = subprocess.run([binary, "render", src, "-o", out, "--overwrite", "--set", f"hairline_height={height}"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return cv2.imread(out)


def gray(image):
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float64)


def figures(before, after, region):
    d = gray(before) - gray(after)
    high = d - cv2.GaussianBlur(d, (0, 0), 1.5)
    return float(d[region].mean()), float(high[region].std())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("photo")
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--face-px", type=float, default=900.0)
    ap.add_argument("--factor", type=int, default=3)
    ap.add_argument("--height", type=float, default=60.0)
    ap.add_argument("--out", default=None, help="keep the files here")
    args = ap.parse_args()
    work = args.out or tempfile.mkdtemp(prefix="hairline-scale-")
    os.makedirs(work, exist_ok=True)
    photo = cv2.imread(args.photo)
    if photo is None:
        print(f"cannot read {args.photo}")
        return 2
    # Face width from the render report's inter-ocular distance (a face is about 2.3 IOD wide).
    probe = os.path.join(work, "probe.png")
    cv2.imwrite(probe, photo)
    rep = os.path.join(work, "probe.json")
    subprocess.run([args.binary, "render", probe, "-o", os.path.join(work, "p.png"), "--report", rep, "--overwrite"], check=True,
                   capture_output=True)
    import json
    iod = json.load(open(rep))["iod_px"]
    zoom = args.face_px / (2.3 * iod)
    big = cv2.resize(photo, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC if zoom > 1 else cv2.INTER_AREA)
    f = args.factor
    big = big[: big.shape[0] // f * f, : big.shape[1] // f * f]
    small_size = (big.shape[1] // f, big.shape[0] // f)
    big_path, small_path = os.path.join(work, "big.png"), os.path.join(work, "small.png")
    cv2.imwrite(big_path, big)
    small = cv2.resize(big, small_size, interpolation=cv2.INTER_AREA)
    cv2.imwrite(small_path, small)

    a = cv2.resize(render(args.binary, big_path, os.path.join(work, "big-r.png"), args.height), small_size,
                   interpolation=cv2.INTER_AREA)
    b = render(args.binary, small_path, os.path.join(work, "small-r.png"), args.height)
    region = ((gray(small) - gray(a)) > 0.5) | ((gray(small) - gray(b)) > 0.5)
    da, ga = figures(small, a, region)
    db, gb = figures(small, b, region)
    print(f"face {args.face_px:.0f} px, shrunk {f}x: {int(region.sum())} px darkened")
    print(f"  rendered then shrunk: darkening {da:.3f} levels, grain {ga:.3f}")
    print(f"  shrunk then rendered: darkening {db:.3f} levels, grain {gb:.3f}")
    print(f"  darkening ratio {da / max(db, 1e-9):.3f} (0.9-1.1), grain ratio {ga / max(gb, 1e-9):.3f} (0.7-1.3)")

    means = []
    for k in range(8):
        shift = k / 8.0
        m = np.float32([[1, 0, shift], [0, 1, shift]])
        moved = cv2.warpAffine(small, m, small_size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        p = os.path.join(work, f"shift{k}.png")
        cv2.imwrite(p, moved)
        r = render(args.binary, p, os.path.join(work, f"shift{k}-r.png"), args.height)
        means.append(float((gray(moved) - gray(r))[region].mean()))
    print(f"  shimmer over 8 sub-pixel shifts: darkening {min(means):.3f}..{max(means):.3f} levels "
          f"({100 * (max(means) / max(min(means), 1e-9) - 1):.2f}% swing)")
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
