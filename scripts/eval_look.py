#!/usr/bin/python3
"""Local check of the SMP look against real stubble, seen by the same camera.

Usage: scripts/eval_look.py [--faces DIR] [--binary PATH] [--out DIR]

For each photo of the calibration set below (dlib's example faces in
../shared/faces/, never copied into this repository) it measures, in CIE Lab:
  stubble: a beard or side-hair band against bare cheek or forehead skin of the
           same photo: how much it darkens (L*), how much chroma it keeps, and
           how much pixel-level grain it adds per unit of darkening;
  render:  `hairline render --set hairline_height=H` (default density and
           sessions): the same three figures for the rendered scalp, before vs
           after, on the pixels the design darkens.
and prints the ratios the product is held to (docs/ink-model.md): darkening
0.7-1.5x the stubble's, chroma ratio at most the stubble's + 0.15, grain per
unit of darkening at most 3x the stubble's.

Photos are enlarged so the face is about 300 px wide (as the checks use).
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

HERE = os.path.dirname(os.path.abspath(__file__))

# name: (file, crop x0 y0 x1 y1 or None, what the stubble band is, hairline height for the render)
PHOTOS = {
    "salley-dark-bald-beard": ("johns/John_Salley_000197_02159322.jpg", None, "beard", 50),
    "salley-2": ("johns/John_Salley_000189_02159361.jpg", None, "beard", 50),
    "simm-light-stubble": ("johns/John_Simm_000305_00470162.jpg", None, "beard", None),
    "simm-2": ("johns/John_Simm_000306_00470222.jpg", None, "beard", None),
    "bald-crown-light": ("2008_001322.jpg", (0, 100, 230, 330), "side", 60),
}


def lab(bgr):
    return cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)


def grain(lab_image, mask):
    """Pixel-level variation: std of L* minus its 1.5 px Gaussian blur."""
    l = lab_image[:, :, 0]
    high = l - cv2.GaussianBlur(l, (0, 0), 1.5)
    return float(np.std(high[mask > 0]))


def stats(lab_image, mask):
    sel = mask > 0
    l, a, b = (lab_image[:, :, i][sel] for i in range(3))
    return float(l.mean()), float(np.hypot(a.mean(), b.mean())), grain(lab_image, mask)


def landmarks(binary, image_path, work):
    out = os.path.join(work, "lm.jsonl")
    r = subprocess.run([binary, "track", image_path, "--jsonl", out, "--overwrite"], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    frame = json.loads(open(out).readline())
    if not frame.get("face"):
        raise RuntimeError("no face")
    return np.array(frame["landmarks"], dtype=np.float64)


def polygon_mask(shape, points):
    m = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(m, [np.round(points).astype(np.int32)], 255)
    return m


def regions(shape, lm, kind):
    """(stubble band, bare skin reference) masks from the landmarks."""
    iod = np.linalg.norm(lm[36:42].mean(0) - lm[42:48].mean(0))
    skin = np.zeros(shape[:2], np.uint8)
    if kind == "beard":
        lip = lm[57]
        jaw = lm[5:12]
        inner = lip + 0.40 * (jaw - lip)
        outer = lip + 0.85 * (jaw - lip)
        band = polygon_mask(shape, np.vstack([inner, outer[::-1]]))
        for c in (0.5 * (lm[2] + lm[31]), 0.5 * (lm[14] + lm[35])):
            cv2.circle(skin, tuple(int(v) for v in c), int(0.16 * iod), 255, -1)
    else:  # short hair at the side of the head, against the forehead
        up = 0.5 * (lm[21] + lm[22]) - lm[27]
        up /= np.linalg.norm(up)
        side = lm[0] + up * 0.9 * iod - (lm[16] - lm[0]) / np.linalg.norm(lm[16] - lm[0]) * 0.05 * iod
        band = np.zeros(shape[:2], np.uint8)
        cv2.circle(band, tuple(int(v) for v in side), int(0.18 * iod), 255, -1)
        forehead = 0.5 * (lm[21] + lm[22]) + up * 0.6 * iod
        cv2.circle(skin, tuple(int(v) for v in forehead), int(0.25 * iod), 255, -1)
    return band, skin


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", default=os.path.join(HERE, "..", "..", "shared", "faces"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--out", default=None, help="keep the crops and renders here")
    ap.add_argument("--set", action="append", default=[], help="extra design KEY=VALUE for the render")
    args = ap.parse_args()
    if not os.path.isdir(args.faces):
        print(f"eval_look: {args.faces} not found; skipped")
        return 0
    work = args.out or tempfile.mkdtemp(prefix="hairline-look-")
    os.makedirs(work, exist_ok=True)
    rows = []
    for name, (rel, crop, kind, height) in PHOTOS.items():
        photo = cv2.imread(os.path.join(args.faces, rel))
        if photo is None:
            print(f"{name}: missing, skipped")
            continue
        if crop:
            photo = photo[crop[1]:crop[3], crop[0]:crop[2]]
        # About a 300 px face: inter-ocular distance near 120 px.
        src = os.path.join(work, f"{name}.png")
        lm = None
        for first in (1.0, 2.0, 3.0):
            cv2.imwrite(src, cv2.resize(photo, None, fx=first, fy=first, interpolation=cv2.INTER_CUBIC))
            try:
                lm = landmarks(args.binary, src, work) / first
                break
            except RuntimeError:
                continue
        if lm is None:
            print(f"{name}: no face found, skipped")
            continue
        iod = np.linalg.norm(lm[36:42].mean(0) - lm[42:48].mean(0))
        zoom = 120.0 / iod
        photo = cv2.resize(photo, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        cv2.imwrite(src, photo)
        lm = lm * zoom
        before = lab(photo)
        band, skin = regions(photo.shape, lm, kind)
        ls, cs, gs = stats(before, skin)
        lb, cb, gb = stats(before, band)
        row = {"name": name, "stubble_darkening": ls - lb, "stubble_chroma_ratio": cb / max(cs, 1e-6),
               "stubble_grain_per_darkening": (gb - gs) / max(ls - lb, 1e-6), "skin_L": ls}
        if height is not None:
            out = os.path.join(work, f"{name}-render.png")
            def render(path, h):
                cmd = [args.binary, "render", src, "-o", path, "--overwrite", "--set", f"hairline_height={h}"]
                for kv in args.set:
                    cmd += ["--set", kv]
                return subprocess.run(cmd, capture_output=True, text=True)
            r = render(out, height)
            if r.returncode != 0:
                print(f"{name}: render failed: {r.stderr.strip()}")
                continue
            after = lab(cv2.imread(out))
            # The full build-up: at least 10 mm above the hairline, past the
            # feather zone (pixels a design 10 mm higher darkens too).
            higher = os.path.join(work, f"{name}-higher.png")
            r2 = render(higher, height + 10)
            if r2.returncode != 0:
                print(f"{name}: render failed: {r2.stderr.strip()}")
                continue
            beyond = lab(cv2.imread(higher))
            changed = (((before[:, :, 0] - after[:, :, 0]) > 0.5) &
                       ((before[:, :, 0] - beyond[:, :, 0]) > 0.5)).astype(np.uint8) * 255
            changed = cv2.erode(changed, np.ones((3, 3), np.uint8))
            if cv2.countNonZero(changed) < 200:
                print(f"{name}: the render darkened only {cv2.countNonZero(changed)} px")
                continue
            l0, c0, g0 = stats(before, changed)
            l1, c1, g1 = stats(after, changed)
            row.update({"render_px": int(cv2.countNonZero(changed)), "render_darkening": l0 - l1,
                        "render_chroma_ratio": c1 / max(c0, 1e-6),
                        "render_grain_per_darkening": (g1 - g0) / max(l0 - l1, 1e-6), "scalp_L": l0})
        rows.append(row)

    print(f"{'photo':26} {'skin L':>6} {'stubble dL':>10} {'chroma':>7} {'grain/dL':>9} | {'render dL':>9} {'chroma':>7} "
          f"{'grain/dL':>9} {'px':>6} | dL ratio  chroma diff  grain ratio")
    for r in rows:
        line = (f"{r['name']:26} {r['skin_L']:6.1f} {r['stubble_darkening']:10.2f} {r['stubble_chroma_ratio']:7.2f} "
                f"{r['stubble_grain_per_darkening']:9.3f} |")
        if "render_darkening" in r:
            line += (f" {r['render_darkening']:9.2f} {r['render_chroma_ratio']:7.2f} "
                     f"{r['render_grain_per_darkening']:9.3f} {r['render_px']:6d} | "
                     f"{r['render_darkening'] / r['stubble_darkening']:8.2f}  "
                     f"{r['render_chroma_ratio'] - r['stubble_chroma_ratio']:+11.2f}  "
                     f"{r['render_grain_per_darkening'] / max(r['stubble_grain_per_darkening'], 1e-6):11.2f}")
        print(line)
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
