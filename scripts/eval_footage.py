#!/usr/bin/python3
"""Local check of tracking on footage-like clips: cuts, occluders, a second
face behind, a 45-degree roll, a damaged file. Built from photos you have
(never shipped), written as MP4 (mp4v) and tracked by `hairline track`;
the reference is dlib run on every frame at 2x (`track --naive --upsample 2`).

Usage: scripts/eval_footage.py --faces DIR [--out DIR] [--binary PATH]

Figures per clip (and over all):
  ghost     frames where a face is reported and the reference has none there
            (the tracked landmarks' centre in no reference box), and the
            longest run of them
  missed    frames where the reference has a face of 80 px or more and none
            is reported
  error     median landmark error against the reference (mean over the 68
            points), % of the reference IOD, where both have the same face
  ids       how many different face_ids were reported
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

W, H, FPS = 640, 360, 30.0


def backdrop(photo):
    """The photo stretched over the frame and blurred past recognition (a
    mirrored border would add faces)."""
    return cv2.GaussianBlur(cv2.resize(photo, (W, H)), (0, 0), 25)


def place(photo, m):
    """The photo warped by m onto its own blurred backdrop."""
    out = backdrop(photo)
    inside = cv2.warpAffine(np.full(photo.shape[:2], 255, np.uint8), m, (W, H), flags=cv2.INTER_NEAREST)
    warped = cv2.warpAffine(photo, m, (W, H), flags=cv2.INTER_AREA)
    out[inside > 0] = warped[inside > 0]
    return out


def cover(photo, scale, centre):
    """The photo scaled by `scale` with `centre` (photo px) at the frame centre."""
    m = np.array([[scale, 0, W / 2 - scale * centre[0]], [0, scale, H / 2 - scale * centre[1]]])
    return place(photo, m)


def noisy(frame, rng, sigma=3.0):
    return np.clip(frame.astype(np.float32) + rng.normal(0, sigma, frame.shape), 0, 255).astype(np.uint8)


def shot(photo, n, rng, scale, centre, pan=(0.0, 0.0), zoom=0.0):
    out = []
    for i in range(n):
        c = (centre[0] + pan[0] * i, centre[1] + pan[1] * i)
        out.append(noisy(cover(photo, scale * (1 + zoom * i), c), rng))
    return out


def clip_cuts(faces, rng):
    """Shots of 20 frames, each from another photo, some without a face."""
    names = ["2008_002506.jpg", "dogs.jpg", "Tom_Cruise_avp_2014_4.jpg", "2008_001322.jpg",
             "johns/John_Salley_000183_02159543.jpg", "2008_007676.jpg", "2009_004587.jpg", "dogs.jpg",
             "johns/John_Savage_000264_01099001.jpg", "2008_002470.jpg", "2008_001009.jpg",
             "johns/John_Schneider_000288_00925786.jpg", "2008_004176.jpg", "2008_002079.jpg"]
    frames = []
    for k, name in enumerate(names):
        photo = cv2.imread(os.path.join(faces, name))
        if photo is None:
            continue
        s = max(W / photo.shape[1], H / photo.shape[0]) * (1.0 + 0.25 * (k % 3))
        centre = (photo.shape[1] * (0.4 + 0.1 * (k % 3)), photo.shape[0] * 0.45)
        frames += shot(photo, 20, rng, s, centre, pan=(1.5 * ((k % 2) * 2 - 1), 0.5), zoom=0.002)
    return frames


def clip_occluder(faces, rng):
    """A skin-coloured hand-sized blob sliding over the face and away."""
    photo = cv2.imread(os.path.join(faces, "johns/John_Salley_000183_02159543.jpg"))
    s = 1.3
    base = cover(photo, s, (photo.shape[1] / 2, photo.shape[0] / 2))
    cx, cy = W // 2, int(H * 0.45)
    skin = np.median(base[cy - 20:cy + 20, cx - 20:cx + 20].reshape(-1, 3), axis=0)
    frames = []
    for i in range(120):
        f = base.copy()
        if 20 <= i < 100:
            x = int(-150 + (i - 20) / 80.0 * (W + 300))
            mask = np.zeros((H, W), np.uint8)
            cv2.ellipse(mask, (x, cy), (55, 90), 15, 0, 360, 255, -1)
            tex = (skin * (0.9 + 0.1 * rng.random((H, W, 1)))).astype(np.uint8)
            f[mask > 0] = tex[mask > 0]
        frames.append(noisy(f, rng))
    return frames


def clip_behind(faces, rng):
    """The client still in the middle; another person's face slides past behind."""
    main = cv2.imread(os.path.join(faces, "johns/John_Savage_000264_01099001.jpg"))
    other = cv2.imread(os.path.join(faces, "johns/John_Schneider_000288_00925786.jpg"))
    s = 1.3
    base = cover(main, s, (main.shape[1] / 2, main.shape[0] / 2))
    # The other face: its photo's centre, 0.8x, in an oval.
    o = cv2.resize(other, None, fx=0.8 * s, fy=0.8 * s)
    oh, ow = o.shape[:2]
    oval = np.zeros((oh, ow), np.uint8)
    cv2.ellipse(oval, (ow // 2, oh // 2), (int(ow * 0.3), int(oh * 0.42)), 0, 0, 360, 255, -1)
    front = np.zeros((H, W), np.uint8)  # the client's head, in front
    cv2.ellipse(front, (W // 2, int(H * 0.5)), (int(W * 0.2), int(H * 0.55)), 0, 0, 360, 255, -1)
    frames = []
    for i in range(120):
        f = base.copy()
        x0 = int(-ow + (i / 119.0) * (W + ow))
        y0 = H // 2 - oh // 2 - 20
        layer = np.zeros_like(f)
        m = np.zeros((H, W), np.uint8)
        xs, xe = max(0, x0), min(W, x0 + ow)
        ys, ye = max(0, y0), min(H, y0 + oh)
        if xe > xs and ye > ys:
            layer[ys:ye, xs:xe] = o[ys - y0:ye - y0, xs - x0:xe - x0]
            m[ys:ye, xs:xe] = oval[ys - y0:ye - y0, xs - x0:xe - x0]
        m[front > 0] = 0
        f[m > 0] = layer[m > 0]
        frames.append(noisy(f, rng))
    return frames


def clip_rolled(faces, rng, angle=45.0):
    """A face rolled 45 degrees from the first frame, drifting slowly; with
    angle=0 its upright twin (whose reference, turned, is the truth: dlib's
    own fit of a face rolled this far is not)."""
    photo = cv2.imread(os.path.join(faces, "Tom_Cruise_avp_2014_4.jpg"))
    s = max(W / photo.shape[1], H / photo.shape[0]) * 0.4
    frames, turns = [], []
    for i in range(60):
        a = angle + (0.1 * i if angle else 0.0)
        c = (photo.shape[1] / 2, photo.shape[0] * 0.4)
        m = cv2.getRotationMatrix2D(c, a, s)
        m[0, 2] += W / 2 - c[0] * s + i - (c[0] - c[0] * s)
        m[1, 2] += H / 2 - c[1] * s - (c[1] - c[1] * s)
        frames.append(noisy(place(photo, m), rng))
        turns.append(m)
    return frames, turns


def turned_reference(ref_upright, turns_upright, turns_rolled):
    """The upright twin's reference landmarks carried onto the rolled clip."""
    out = []
    for b, mu, mr in zip(ref_upright, turns_upright, turns_rolled):
        b = dict(b)
        if b["face"]:
            q = np.array(b["landmarks"])
            inv = cv2.invertAffineTransform(mu)
            photo_pts = q @ inv[:, :2].T + inv[:, 2]
            q2 = photo_pts @ mr[:, :2].T + mr[:, 2]
            b["landmarks"] = q2.tolist()
            lo, hi = q2.min(0), q2.max(0)
            b["faces"] = [[lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]]]
        out.append(b)
    return out


def write_mp4(frames, path):
    out = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    for f in frames:
        out.write(f)
    out.release()


def damage(path, out_path, rng):
    """Bytes overwritten with noise in a tenth of the file's 4 KB blocks past its start."""
    data = bytearray(open(path, "rb").read())
    blocks = len(data) // 4096
    for b in rng.choice(np.arange(4, blocks), size=max(1, blocks // 10), replace=False):
        data[b * 4096:b * 4096 + 512] = rng.integers(0, 256, 512, dtype=np.uint8).tobytes()
    open(out_path, "wb").write(bytes(data))


def track(binary, video, jsonl, naive):
    cmd = [binary, "track", video, "--jsonl", jsonl, "--overwrite"]
    if naive:
        cmd += ["--naive", "--upsample", "2"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    lines = [json.loads(x) for x in open(jsonl)] if os.path.exists(jsonl) else []
    return r.returncode, r.stderr.strip(), lines


def score(ours, ref):
    ghost = missed = visible = 0
    run = longest = 0
    errors, ids = [], set()
    for a, b in zip(ours, ref):
        boxes = b.get("faces", [])
        big = [x for x in boxes if x[2] >= 80]
        if a.get("face_id") is not None and a["face"]:
            ids.add(a["face_id"])
        if big:
            visible += 1
        if a["face"]:
            p = np.array(a["landmarks"])
            c = p.mean(0)
            inside = [x for x in boxes if x[0] <= c[0] <= x[0] + x[2] and x[1] <= c[1] <= x[1] + x[3]]
            if not inside:
                ghost += 1
                run += 1
                longest = max(longest, run)
            else:
                run = 0
                if b["face"]:
                    q = np.array(b["landmarks"])
                    if q[:, 0].min() <= c[0] <= q[:, 0].max() and q[:, 1].min() <= c[1] <= q[:, 1].max():
                        iod = np.linalg.norm(q[36:42].mean(0) - q[42:48].mean(0))
                        errors.append(100.0 * np.linalg.norm(p - q, axis=1).mean() / iod)
        else:
            run = 0
            if big:
                missed += 1
    return dict(frames=len(ours), ghost=ghost, longest=longest, missed=missed, visible=visible,
                error=float(np.median(errors)) if errors else float("nan"), ids=len(ids))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--faces", required=True, help="folder of photos (dlib's examples)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "build", "release", "app", "hairline"))
    args = ap.parse_args()
    work = args.out or tempfile.mkdtemp(prefix="hairline-footage-")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(3)
    rolled, rolled_turns = clip_rolled(args.faces, rng)
    upright, upright_turns = clip_rolled(args.faces, rng, angle=0.0)
    clips = {"cuts": clip_cuts(args.faces, rng), "occluder": clip_occluder(args.faces, rng),
             "behind": clip_behind(args.faces, rng), "rolled45": rolled}
    print(f"{'clip':10} {'frames':>6} {'ghost':>6} {'run':>4} {'missed':>7} {'error%':>7} {'ids':>4}")
    total = dict(frames=0, ghost=0, missed=0, visible=0, longest=0)
    for name, frames in clips.items():
        video = os.path.join(work, f"{name}.mp4")
        write_mp4(frames, video)
        rc, err, ours = track(args.binary, video, os.path.join(work, f"{name}.jsonl"), False)
        _, _, ref = track(args.binary, video, os.path.join(work, f"{name}-ref.jsonl"), True)
        if name == "rolled45":
            twin = os.path.join(work, "upright.mp4")
            write_mp4(upright, twin)
            _, _, ref_up = track(args.binary, twin, os.path.join(work, "upright-ref.jsonl"), True)
            ref = turned_reference(ref_up, upright_turns, rolled_turns)
        if rc != 0:
            print(f"{name:10} track failed ({rc}): {err}")
            continue
        s = score(ours, ref)
        for k in ("frames", "ghost", "missed", "visible"):
            total[k] += s[k]
        total["longest"] = max(total["longest"], s["longest"])
        print(f"{name:10} {s['frames']:6d} {100.0 * s['ghost'] / s['frames']:5.1f}% {s['longest']:4d} "
              f"{100.0 * s['missed'] / max(s['visible'], 1):6.1f}% {s['error']:7.2f} {s['ids']:4d}")
        if name == "cuts":
            damaged = os.path.join(work, "cuts-damaged.mp4")
            damage(video, damaged, rng)
            rc, err, lines = track(args.binary, damaged, os.path.join(work, "cuts-damaged.jsonl"), False)
            print(f"{'damaged':10} exit {rc}, {len(lines)} frames tracked of {len(frames)} written; {err[-120:]}")
    print(f"{'all':10} {total['frames']:6d} {100.0 * total['ghost'] / max(total['frames'], 1):5.1f}% {total['longest']:4d} "
          f"{100.0 * total['missed'] / max(total['visible'], 1):6.1f}%")
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
