#!/usr/bin/python3
"""Local check: the default design is visible on every head, and stays on it.

Usage: scripts/eval_visible.py [--faces DIR] [--out DIR] [--set KEY=VALUE]...

For each client of the set below (dlib's example faces in ../shared/faces/,
never copied into this repository; one darkened to a deep skin tone), the
face is scaled to about 300 px wide and `hairline render` runs with the
default design. Reported, with pixels counted as painted when a channel
changed by more than 8 levels:
  scalp px   painted pixels (at least 2,000 wanted)
  on face    painted pixels inside the landmarks' face hull (jaw and brows),
             in % of that hull (at most 0.5% wanted)
  off head   painted pixels outside the head, in % of the painted ones (at
             most 2% wanted); the head is a hand-checked ellipse per photo
             (centre and axes in face-hull units), independent of the
             product's own segmentation
and the report's notices and scalp fit. The crops, renders and overlays are
kept in --out.

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

# name: file, crop (x0, y0, x1, y1), head ellipse (centre dx, dy, half-axes ax, ay in face-hull
# widths from the hull's centre, angle deg), skin darkening (None: as is)
CLIENTS = {
    "light, bald crown, tilted back": ("2008_001322.jpg", (0, 100, 230, 330), (0.0, -0.42, 0.66, 0.93, 0), None),
    "turned, thinning": ("2007_007763.jpg", (300, 60, 460, 220), (0.07, -0.35, 0.62, 0.88, 0), None),
    "receding, looking up": ("2009_004587.jpg", (90, 10, 290, 210), (0.0, -0.38, 0.66, 0.9, 0), None),
    "deep skin (darkened copy), bald crown": ("2008_001322.jpg", (0, 100, 230, 330), (0.0, -0.42, 0.66, 0.93, 0), 0.45),
}


def track(binary, path, work):
    out = os.path.join(work, "lm.jsonl")
    r = subprocess.run([binary, "track", path, "--jsonl", out, "--overwrite"], capture_output=True, text=True)
    frame = json.loads(open(out).readline()) if r.returncode == 0 else {}
    return np.array(frame["landmarks"]) if frame.get("face") else None


def darken_skin(bgr, factor):
    """A deeper skin tone: L* scaled towards black, chroma kept (hair and background too)."""
    lab = cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    lab[:, :, 0] *= factor
    lab[:, :, 1:] *= 0.9
    out = cv2.cvtColor(lab, cv2.COLOR_Lab2BGR)
    return np.clip(out * 255.0, 0, 255).astype(np.uint8)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", default=os.path.join(HERE, "..", "..", "shared", "faces"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--set", action="append", default=[])
    args = ap.parse_args()
    if not os.path.isdir(args.faces):
        print(f"eval_visible: {args.faces} not found; skipped")
        return 0
    work = args.out or tempfile.mkdtemp(prefix="hairline-visible-")
    os.makedirs(work, exist_ok=True)
    print(f"{'client':40} {'scalp px':>8} {'on face':>8} {'off head':>9}  notes")
    for i, (name, (rel, crop, ellipse, dark)) in enumerate(CLIENTS.items()):
        photo = cv2.imread(os.path.join(args.faces, rel))
        photo = photo[crop[1]:crop[3], crop[0]:crop[2]]
        if dark:
            photo = darken_skin(photo, dark)
        src = os.path.join(work, f"c{i}.png")
        lm = None
        for first in (2.0, 3.0, 4.0):
            cv2.imwrite(src, cv2.resize(photo, None, fx=first, fy=first, interpolation=cv2.INTER_CUBIC))
            found = track(args.binary, src, work)
            if found is not None:
                lm = found / first
                break
        if lm is None:
            print(f"{name:40} no face found")
            continue
        hull_w = lm[:, 0].max() - lm[:, 0].min()
        zoom = 300.0 / hull_w
        photo = cv2.resize(photo, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        lm = lm * zoom
        cv2.imwrite(src, photo)
        out, rep = os.path.join(work, f"c{i}-render.png"), os.path.join(work, f"c{i}.json")
        cmd = [args.binary, "render", src, "-o", out, "--report", rep, "--overwrite"]
        for kv in args.set:
            cmd += ["--set", kv]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name:40} render failed: {r.stderr.strip()}")
            continue
        report = json.load(open(rep))
        after = cv2.imread(out)
        painted = (np.abs(after.astype(int) - photo.astype(int)).max(2) > 8)
        face = np.zeros(painted.shape, np.uint8)
        cv2.fillConvexPoly(face, cv2.convexHull(np.round(lm[:27]).astype(np.int32)), 1)
        centre = lm[:27].mean(0)
        head = np.zeros(painted.shape, np.uint8)
        cx, cy, ax, ay, ang = ellipse
        w = hull_w * zoom
        cv2.ellipse(head, (int(centre[0] + cx * w), int(centre[1] + cy * w)), (int(ax * w), int(ay * w)), ang, 0, 360,
                    1, -1)
        scalp_px = int(painted.sum())
        on_face = 100.0 * (painted & (face > 0)).sum() / max(face.sum(), 1)
        off_head = 100.0 * (painted & (head == 0)).sum() / max(scalp_px, 1)
        fit = report.get("head_outline", {})
        notes = "; ".join(report.get("notices", [])) or "-"
        print(f"{name:40} {scalp_px:8d} {on_face:7.2f}% {off_head:8.2f}%  tilt {fit.get('scalp_tilt_deg', 0):+.1f}, "
              f"scale {fit.get('scalp_scale', 1):.3f}; {notes}")
        vis = after.copy()
        cnts, _ = cv2.findContours(head, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(vis, cnts, -1, (0, 255, 255), 1)
        cnts, _ = cv2.findContours(face, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(vis, cnts, -1, (255, 255, 0), 1)
        cv2.imwrite(os.path.join(work, f"c{i}-check.png"), np.hstack([photo, vis]))
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
