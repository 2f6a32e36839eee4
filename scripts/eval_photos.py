#!/usr/bin/python3
"""Local accuracy check of `hairline render` on photos with independent landmarks.

Usage: scripts/eval_photos.py [FACES_DIR] [--binary PATH] [--keep DIR]

FACES_DIR holds photos and dlib's imglab XML of hand-checked 68-point
landmarks (testing_with_face_landmarks.xml); by default ../shared/faces.
Those photos are for local checks only and are never copied into the
project. For each photo the script renders the preview (the largest face),
matches the rendered face to its XML landmarks, and measures with those
landmarks, not hairline's own:

  face_paint    painted pixels inside the face (jaw line and brows) / face pixels
  off_head      painted pixels far off the head / painted pixels; "far" is
                outside the face's landmark box widened by 0.35 jaw widths on
                each side and raised by 1.5 chin-glabella heights (a turned
                head extends towards the back, away from the face centre)
  h70, h85      height of the lowest paint on the midline above the glabella,
                in mm via the interpupillary distance, for hairline_height 70/85

Needs python3-numpy and python3-opencv (scripts/setup installs them).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import cv2
import numpy as np


def read_landmarks(xml_path):
    faces = {}
    for image in ET.parse(xml_path).getroot().iter("image"):
        for box in image.iter("box"):
            parts = {int(p.get("name")): (float(p.get("x")), float(p.get("y"))) for p in box.iter("part")}
            if len(parts) == 68:
                faces.setdefault(image.get("file"), []).append(np.array([parts[i] for i in range(68)]))
    return faces


def render(binary, photo, out_dir, tag, sets):
    out = os.path.join(out_dir, f"{tag}.png")
    report = os.path.join(out_dir, f"{tag}.json")
    cmd = [binary, "render", photo, "-o", out, "--report", report, "--overwrite"]
    for s in sets:
        cmd += ["--set", s]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None, None, r.stderr.strip()
    with open(report) as f:
        return cv2.imread(out), json.load(f), ""


def paint_mask(before, after, threshold=3):
    return np.abs(after.astype(int) - before.astype(int)).max(axis=2) >= threshold


def geometry(lm):
    right_eye, left_eye = lm[36:42].mean(0), lm[42:48].mean(0)
    glabella = (lm[21] + lm[22]) / 2
    axis = (left_eye - right_eye) / np.linalg.norm(left_eye - right_eye)
    up = np.array([axis[1], -axis[0]])
    return glabella, axis, up, np.linalg.norm(left_eye - right_eye)


def face_polygon(lm):
    return np.vstack([lm[0:17], lm[26:16:-1]]).astype(np.int32)


def head_region(shape, lm):
    glabella, axis, up, _ = geometry(lm)
    jaw = np.linalg.norm(lm[16] - lm[0])
    height = np.linalg.norm(lm[8] - glabella)
    # In the face's own frame (eye axis, up), then back to pixels.
    rel = lm - glabella
    along, above = rel @ axis, rel @ up
    corners = [(along.min() - 0.35 * jaw, above.min()), (along.max() + 0.35 * jaw, above.min()),
               (along.max() + 0.35 * jaw, 1.5 * height), (along.min() - 0.35 * jaw, 1.5 * height)]
    poly = np.array([glabella + a * axis + u * up for a, u in corners], np.int32)
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(mask, [poly], 1)
    return mask.astype(bool)


def midline_height_mm(paint, lm, ipd_mm=63.0):
    glabella, axis, up, iod = geometry(lm)
    ys, xs = np.nonzero(paint)
    if len(xs) == 0:
        return None
    rel = np.stack([xs - glabella[0], ys - glabella[1]], 1)
    along, above = rel @ axis, rel @ up
    band = (np.abs(along) < 0.15 * iod) & (above > 0)
    if not band.any():
        return None
    return float(above[band].min() * ipd_mm / iod)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("faces", nargs="?", default=os.path.join(here, "..", "..", "shared", "faces"))
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--keep", help="keep rendered images in this folder")
    ap.add_argument("--per-face", action="store_true",
                    help="check every annotated face: crop around it (x2 when small) so it is the largest")
    args = ap.parse_args()
    xml = os.path.join(args.faces, "testing_with_face_landmarks.xml")
    if not os.path.exists(xml):
        print(f"skip: no landmark XML in {args.faces}")
        return 0
    faces = read_landmarks(xml)
    out_dir = args.keep or tempfile.mkdtemp(prefix="hairline-eval-")
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    jobs = []  # (label, photo path, landmarks list)
    for name in sorted(faces):
        if not args.per_face:
            jobs.append((name, os.path.join(args.faces, name), faces[name]))
            continue
        image = cv2.imread(os.path.join(args.faces, name))
        for k, lm in enumerate(faces[name]):
            iod = geometry(lm)[3]
            scale = 2.0 if iod < 30 else 1.0
            c = lm.mean(0)
            x0, y0 = int(max(c[0] - 5 * iod, 0)), int(max(c[1] - 6 * iod, 0))
            x1, y1 = int(min(c[0] + 5 * iod, image.shape[1])), int(min(c[1] + 4 * iod, image.shape[0]))
            crop = cv2.resize(image[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
            path = os.path.join(out_dir, f"{os.path.splitext(name)[0]}-face{k}.png")
            cv2.imwrite(path, crop)
            jobs.append((os.path.basename(path), path, [(lm - (x0, y0)) * scale]))
    print(f"{'photo':26} {'iod':>5} {'face_paint%':>11} {'off_head%':>9} {'h70':>6} {'h85':>6} {'d':>5}  report70")
    for name, photo, candidates in jobs:
        before = cv2.imread(photo)
        tag = os.path.splitext(name)[0]
        after70, rep70, err = render(args.binary, photo, out_dir, tag + "-70", ["hairline_height=70"])
        if after70 is None:
            print(f"{name:26} render failed: {err}")
            continue
        after85, rep85, _ = render(args.binary, photo, out_dir, tag + "-85", ["hairline_height=85"])
        gx, gy = rep70["glabella_px"]
        lm = min(candidates, key=lambda l: np.linalg.norm((l[21] + l[22]) / 2 - (gx, gy)))
        if np.linalg.norm((lm[21] + lm[22]) / 2 - (gx, gy)) > 0.5 * geometry(lm)[3]:
            print(f"{name:26} rendered face has no XML landmarks; skipped")
            continue
        paint = paint_mask(before, after70)
        face = np.zeros(paint.shape, np.uint8)
        cv2.fillPoly(face, [face_polygon(lm)], 1)
        face = face.astype(bool)
        head = head_region(paint.shape, lm)
        face_paint = (paint & face).sum() / max(face.sum(), 1)
        off_head = (paint & ~head).sum() / max(paint.sum(), 1)
        h70 = midline_height_mm(paint, lm)
        h85 = midline_height_mm(paint_mask(before, after85), lm)
        d = (h85 - h70) if (h70 is not None and h85 is not None) else None
        iod = geometry(lm)[3]
        fmt = lambda v: f"{v:6.1f}" if v is not None else "     -"
        print(f"{name:26} {iod:5.1f} {100 * face_paint:11.3f} {100 * off_head:9.2f} {fmt(h70)} {fmt(h85)} {fmt(d)}"
              f"  proj {rep70['hairline_height_projected_mm']:.1f}")
        rows.append((face_paint, off_head, h70, h85, d, rep70["hairline_height_projected_mm"],
                     abs(h70 - rep70["hairline_height_projected_mm"]) if h70 is not None else None))
    if rows:
        arr = lambda i: np.array([r[i] for r in rows if r[i] is not None])
        print(f"max face_paint {100 * arr(0).max():.3f}% (limit 0.5%), max off_head {100 * arr(1).max():.2f}% "
              f"(limit 2%), h70 median {np.median(arr(2)):.1f} mm (63..77), "
              f"85-70 median {np.median(arr(4)):.1f} mm (12..18), "
              f"h70 vs report: median |diff| {np.median(arr(6)):.1f} mm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
