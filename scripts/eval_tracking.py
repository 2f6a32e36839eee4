#!/usr/bin/python3
"""Local tracking check: synthetic clips with known motion, tracked by `hairline track`.

Usage: scripts/eval_tracking.py [PHOTO...] [--frames 300] [--out DIR] [--bench]

Each photo (default: the bundled assets/astronaut.png) is placed in a
1280x720 frame and turned into clips written as PNG folders (lossless):

  still         the photo at rest
  still_noise   at rest, Gaussian sensor noise sigma=4 added to every frame
  motion        a smooth similarity transform: pan up to 15% of the frame,
                rotation up to 15 degrees, scale up to 15%
  leave         pans out of the frame and back in (loss and re-acquisition)

Every tracked hairline point is mapped back through the known inverse
transform into photo coordinates, where a perfect tracker draws the same
hairline on every frame. Reported in % of the inter-ocular distance (IOD):

  drift   rms distance of the mapped-back hairline from the still clip's mean
  jitter  rms frame-to-frame movement of the mapped-back hairline
  naive   the hairline jitter of naive dlib (detector + predictor per frame,
          no smoothing) on the same clip, for comparison
  found   frames with a face / frames where the face is fully in view
  lost    frames from the face leaving the view to face:false

Needs python3-numpy and python3-opencv (scripts/setup installs them).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

W, H = 1280, 720


def similarity(photo_size, scale, angle_deg, shift):
    """Photo -> frame: centre of the photo to the frame centre + shift."""
    a = math.radians(angle_deg)
    c, s = scale * math.cos(a), scale * math.sin(a)
    fx, fy = photo_size[0] / 2, photo_size[1] / 2
    tx, ty = W / 2 + shift[0], H / 2 + shift[1]
    return np.array([[c, s, tx - (c * fx + s * fy)], [-s, c, ty - (-s * fx + c * fy)]])


def clip_transforms(kind, n, photo_size, base_scale):
    out = []
    for i in range(n):
        t = i / 30.0
        if kind.startswith("still"):
            out.append(similarity(photo_size, base_scale, 0, (0, 0)))
        elif kind == "motion":
            pan_x = 0.15 * W * math.sin(2 * math.pi * t / 8.0)
            pan_y = 0.08 * H * math.sin(2 * math.pi * t / 6.0 + 0.5)
            roll = 15.0 * math.sin(2 * math.pi * t / 7.0 + 1.0)
            zoom = 1.0 + 0.15 * math.sin(2 * math.pi * t / 9.0 + 2.0)
            out.append(similarity(photo_size, base_scale * zoom, roll, (pan_x, pan_y)))
        elif kind == "leave":
            # Rest for 1 s, slide right out of view over 2 s, stay out 1.5 s, come back.
            if t < 1.0:
                x = 0.0
            elif t < 3.0:
                x = (t - 1.0) / 2.0 * 1.2 * W
            elif t < 4.5:
                x = 1.2 * W
            elif t < 6.5:
                x = 1.2 * W * (1.0 - (t - 4.5) / 2.0)
            else:
                x = 0.0
            out.append(similarity(photo_size, base_scale, 0, (x, 0)))
    return out


def write_clip(photo, transforms, folder, noise_sigma, seed):
    os.makedirs(folder, exist_ok=True)
    small = cv2.resize(photo, (32, 18), interpolation=cv2.INTER_AREA)
    backdrop = cv2.resize(cv2.GaussianBlur(small, (0, 0), 3), (W, H), interpolation=cv2.INTER_CUBIC)
    rng = np.random.default_rng(seed)
    for i, m in enumerate(transforms):
        frame = backdrop.copy()
        cv2.warpAffine(photo, m, (W, H), dst=frame, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT)
        if noise_sigma > 0:
            frame = np.clip(frame + rng.normal(0, noise_sigma, frame.shape), 0, 255).astype(np.uint8)
        cv2.imwrite(os.path.join(folder, f"{i:05d}.png"), frame)


def track(binary, folder, out_jsonl, naive=False):
    cmd = [binary, "track", folder, "--jsonl", out_jsonl, "--overwrite"] + (["--naive"] if naive else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return [json.loads(line) for line in open(out_jsonl)]


def back_map(points, m):
    inv = cv2.invertAffineTransform(m)
    p = np.asarray(points, float)
    return p @ inv[:, :2].T + inv[:, 2]


def face_in_view(m, photo_lm):
    """True when all the photo's landmarks land inside the frame."""
    p = np.asarray(photo_lm) @ m[:, :2].T + m[:, 2]
    return bool((p[:, 0] >= 0).all() and (p[:, 0] < W).all() and (p[:, 1] >= 0).all() and (p[:, 1] < H).all())


def iod(lm):
    lm = np.asarray(lm)
    return float(np.linalg.norm(lm[36:42].mean(0) - lm[42:48].mean(0)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("photos", nargs="*", default=[os.path.join(here, "..", "assets", "astronaut.png")])
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--out", help="keep clips and results here")
    ap.add_argument("--bench", action="store_true", help="also run hairline bench on the motion clip")
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="hairline-track-eval-")
    print(f"{'photo':24} {'clip':12} {'found':>9} {'drift%':>7} {'jitter%':>8} {'naive-jit%':>10} {'lost after':>10}")
    for photo_path in args.photos:
        photo = cv2.imread(photo_path)
        name = os.path.splitext(os.path.basename(photo_path))[0]
        base_scale = 0.9 * H / max(photo.shape[:2])
        results = {}
        for k, kind in enumerate(["still", "still_noise", "motion", "leave"]):
            transforms = clip_transforms(kind, args.frames, (photo.shape[1], photo.shape[0]), base_scale)
            folder = os.path.join(out, f"{name}-{kind}")
            if not os.path.isdir(folder) or len(os.listdir(folder)) != args.frames:
                write_clip(photo, transforms, folder, 4.0 if kind.endswith("noise") else 0.0, k)
            rows = track(args.binary, folder, os.path.join(out, f"{name}-{kind}.jsonl"))
            naive_rows = None
            if kind in ("still_noise", "motion"):
                naive_rows = track(args.binary, folder, os.path.join(out, f"{name}-{kind}-naive.jsonl"), naive=True)
            results[kind] = (transforms, rows, naive_rows)

        still_t, still_rows, _ = results["still"]
        ref_points = np.mean([back_map(r["hairline"], still_t[i]) for i, r in enumerate(still_rows) if r["face"]], 0)
        ref_lm = np.mean([back_map(r["landmarks"], still_t[i]) for i, r in enumerate(still_rows) if r["face"]], 0)
        ref_iod = iod(ref_lm)
        for kind in ["still", "still_noise", "motion", "leave"]:
            transforms, rows, naive_rows = results[kind]
            mapped = [back_map(r["hairline"], transforms[i]) if r["face"] else None for i, r in enumerate(rows)]
            visible = [face_in_view(transforms[i], ref_lm) for i in range(len(rows))]
            found = sum(1 for i, r in enumerate(rows) if r["face"] and visible[i])
            drift = [np.sqrt(((m - ref_points) ** 2).sum(1).mean()) for m in mapped if m is not None]
            steps = [np.sqrt(((mapped[i] - mapped[i - 1]) ** 2).sum(1).mean())
                     for i in range(1, len(mapped)) if mapped[i] is not None and mapped[i - 1] is not None]
            # The same measure for naive dlib (every full frame, no smoothing).
            lm_steps = []
            if naive_rows is not None:
                nm = [back_map(r["hairline"], transforms[i]) if r["face"] else None for i, r in enumerate(naive_rows)]
                lm_steps = [np.sqrt(((nm[i] - nm[i - 1]) ** 2).sum(1).mean())
                            for i in range(1, len(nm)) if nm[i] is not None and nm[i - 1] is not None]
            lost_after = "-"
            if kind == "leave":
                gone = [i for i in range(1, len(rows)) if visible[i - 1] and not visible[i]]
                if gone:
                    first_false = next((j for j in range(gone[0], len(rows)) if not rows[j]["face"]), None)
                    lost_after = f"{first_false - gone[0]} fr" if first_false is not None else "never"
            drift_pct = 100 * np.sqrt(np.mean(np.square(drift))) / ref_iod if drift else float("nan")
            jitter_pct = 100 * np.sqrt(np.mean(np.square(steps))) / ref_iod if steps else float("nan")
            lm_jit = 100 * np.sqrt(np.mean(np.square(lm_steps))) / ref_iod if lm_steps else float("nan")
            print(f"{name:24} {kind:12} {found:4d}/{sum(visible):4d} {drift_pct:7.2f} {jitter_pct:8.3f} {lm_jit:10.3f} {lost_after:>10}")
        if args.bench:
            r = subprocess.run([args.binary, "bench", os.path.join(out, f"{name}-motion"), "--frames", str(args.frames)],
                               capture_output=True, text=True)
            print(r.stdout + r.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
