#!/usr/bin/python3
"""Local check of the hair-aware previews (issue 14).

Usage: scripts/eval_hair.py [--faces DIR] [--out DIR]

For each client below (dlib's example faces in ../shared/faces/, never copied
into this repository; one darkened to a deep skin tone, and the bundled demo),
`hairline render --set hair=shave --set opacity=0` runs and is measured:
  dark hair   pixels of the original, 20 to 110 mm above the glabella (the
              report's glabella and scale), inside the hair as drawn by hand
              on each photo (a polygon, independent of the product's own
              segmentation) and off the face hull, whose L* is 15 or more
              below the skin's (the report's skin tone)
  removed     of those, the share that no longer is dark hair: lighter than
              that, or another colour (delta E76 > 10: hair that stood out
              beyond the skull became the room behind it, dark or not); at
              least 90% wanted
  lighter     the stricter share that is no longer dark at all (a dark room
              stays dark)
  unlike room the dark hair pixels more than delta E 12 from the room's
              median colour just outside the drawn hair, and the share of
              them removed (where hair and a dark room look alike, colour
              alone cannot say whether a pixel still is hair)
  face        pixels of the landmarks' face hull (jaw and brows) changed by
              more than 8 levels (at most 0.5% wanted)
and the mode `auto` chose. Then the default design is rendered with hair
shave, under and as_is, kept with 3x crops in --out (the closing note's
pictures).

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_visible import darken_skin, track  # noqa: E402  (the same face tracking and skin darkening)

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "assets", "astronaut.png")

# name: file (None: the demo), crop (x0, y0, x1, y1) or None, zoom, skin darkening (None: as is), and
# the hair drawn by hand on the prepared photo: its outer edge over the top, then back along the
# forehead (pixels of the cropped and zoomed photo)
MID_HAIR = [(85, 215), (85, 170), (95, 130), (120, 105), (160, 92), (200, 95), (235, 110), (262, 135), (272, 170),
            (270, 215), (262, 200), (250, 160), (225, 140), (180, 135), (140, 145), (112, 170), (100, 215)]
CLIENTS = {
    "demo: light skin, light brown hair": (None, None, 1.0, None,
                                           [(155, 85), (157, 60), (170, 37), (195, 22), (225, 15), (260, 17),
                                            (285, 30), (300, 55), (302, 85), (297, 107), (280, 135), (267, 132),
                                            (265, 115), (262, 85), (250, 75), (220, 74), (195, 79), (182, 90),
                                            (180, 115), (175, 132), (162, 117)]),
    "light skin, dark hair (Tom)": ("Tom_Cruise_avp_2014_4.jpg", None, 1.0, None,
                                    [(60, 330), (65, 250), (80, 170), (110, 110), (160, 50), (230, 15), (320, 10),
                                     (400, 30), (470, 70), (520, 130), (550, 200), (555, 280), (545, 350), (520, 400),
                                     (500, 380), (490, 300), (470, 230), (430, 180), (380, 160), (300, 150),
                                     (230, 160), (170, 180), (130, 220), (110, 280), (100, 340), (90, 380)]),
    "medium skin, dark hair, dark room": ("2008_002506.jpg", (180, 10, 360, 210), 2.0, None, MID_HAIR),
    "medium skin, dark hair, turned": ("2008_002506.jpg", (50, 0, 240, 200), 2.0, None,
                                       [(100, 162), (112, 122), (140, 74), (175, 55), (200, 46), (252, 46),
                                        (284, 66), (308, 110), (316, 162), (300, 130), (260, 90), (220, 78),
                                        (180, 94), (156, 126), (140, 162)]),
    "deep skin (darkened copy), dark hair": ("2008_002506.jpg", (180, 10, 360, 210), 2.0, 0.5, MID_HAIR),
    "grey hair, light skin (pictures only)": ("2007_007763.jpg", (250, 40, 400, 190), 3.0, None, None),
}




def lab_of(bgr):
    return cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)


def render(binary, src, out, report, *sets):
    cmd = [binary, "render", src, "-o", out, "--report", report, "--overwrite"]
    for kv in sets:
        cmd += ["--set", kv]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return json.load(open(report))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", default=os.path.join(HERE, "..", "..", "shared", "faces"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", "build", "release", "app", "hairline"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    work = args.out or tempfile.mkdtemp(prefix="hairline-hair-")
    os.makedirs(work, exist_ok=True)
    print(f"{'client':40} {'dark hair':>9} {'removed':>8} {'lighter':>8} {'unlike room':>11} {'removed':>8} {'face':>7}  auto   notes")
    for i, (name, (rel, crop, zoom, dark, hair_polygon)) in enumerate(CLIENTS.items()):
        path = DEMO if rel is None else os.path.join(args.faces, rel)
        if not os.path.exists(path):
            print(f"{name:40} {path} not found; skipped")
            continue
        photo = cv2.imread(path)
        if crop:
            photo = photo[crop[1]:crop[3], crop[0]:crop[2]]
        if zoom != 1.0:
            photo = cv2.resize(photo, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        if dark:
            photo = darken_skin(photo, dark)
        src = os.path.join(work, f"h{i}.png")
        cv2.imwrite(src, photo)
        lm = track(args.binary, src, work)
        if lm is None:
            print(f"{name:40} no face found")
            continue
        try:
            shaved_path = os.path.join(work, f"h{i}-shave0.png")
            rep = render(args.binary, src, shaved_path, os.path.join(work, f"h{i}-shave0.json"), "hair=shave",
                         "opacity=0")
            auto = render(args.binary, src, os.path.join(work, f"h{i}-auto.png"), os.path.join(work, f"h{i}-auto.json"))
            for mode in ("shave", "under", "as_is"):
                render(args.binary, src, os.path.join(work, f"h{i}-{mode}.png"), os.path.join(work, f"h{i}-{mode}.json"),
                       f"hair={mode}")
        except RuntimeError as e:
            print(f"{name:40} render failed: {e}")
            continue
        shaved = cv2.imread(shaved_path)
        lab_in, lab_out = lab_of(photo), lab_of(shaved)
        skin_l = rep["skin_tone"]["lab"][0]
        gx, gy = rep["glabella_px"]
        mm = rep["mm_per_px"]
        roll = np.radians(rep["pose_deg"]["roll"])
        ys, xs = np.mgrid[0:photo.shape[0], 0:photo.shape[1]]
        # Height above the glabella along the face's up (perpendicular to the eye line).
        up_x, up_y = np.sin(roll), -np.cos(roll)
        above_mm = ((xs - gx) * up_x + (ys - gy) * up_y) * mm
        band = (above_mm >= 20) & (above_mm <= 110)
        face = np.zeros(photo.shape[:2], np.uint8)
        cv2.fillConvexPoly(face, cv2.convexHull(np.round(lm[:27]).astype(np.int32)), 1)
        centre = lm[:27].mean(0)
        hull_w = lm[:, 0].max() - lm[:, 0].min()
        head = np.zeros(photo.shape[:2], np.uint8)
        if hair_polygon:
            cv2.fillPoly(head, [np.array(hair_polygon, np.int32)], 1)

        def dark_hair(lab):
            return lab[:, :, 0] < skin_l - 15

        truth = dark_hair(lab_in) & band & (head > 0) & (face == 0)
        # Hair the colour of the room behind it (delta E76 < 12 from the room's
        # median just outside the drawn hair) cannot be told apart by colour:
        # left out of the count, and counted separately.
        if hair_polygon:
            outer = cv2.dilate(head, np.ones((61, 61), np.uint8)) & ~cv2.dilate(head, np.ones((21, 21), np.uint8)) & \
                (face == 0) & (above_mm > 0)
            room = np.median(lab_in[outer > 0], axis=0)
            like_room = np.sqrt(((lab_in - room) ** 2).sum(2)) < 12
        else:
            like_room = np.zeros(truth.shape, bool)
        distinct = truth & ~like_room
        # Still hair: dark, and not turned into something else (a dark room
        # behind the hair stays dark, but is another colour: delta E > 10).
        delta_e = np.sqrt(((lab_out - lab_in) ** 2).sum(2))
        left = truth & dark_hair(lab_out) & (delta_e <= 10)
        still_dark = truth & dark_hair(lab_out)
        n = int(truth.sum())
        removed = 100.0 * (1.0 - left.sum() / max(n, 1))
        lighter = 100.0 * (1.0 - still_dark.sum() / max(n, 1))
        n_distinct = int(distinct.sum())
        removed_distinct = 100.0 * (1.0 - (left & distinct).sum() / max(n_distinct, 1))
        painted = np.abs(shaved.astype(int) - photo.astype(int)).max(2) > 8
        on_face = 100.0 * (painted & (face > 0)).sum() / max(face.sum(), 1)
        notes = "; ".join(rep.get("notices", [])) or "-"
        print(f"{name:40} {n:9d} {removed:7.1f}% {lighter:7.1f}% {n_distinct:11d} {removed_distinct:7.1f}% {on_face:6.2f}%  {auto['hair']['used']:6} "
              f"hair {auto['hair']['designed_hair_fraction']:.2f}; {notes}")
        vis = photo.copy()
        vis[truth] = (0, 0, 255)
        vis[left] = (0, 255, 255)
        cnts, _ = cv2.findContours(head, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(vis, cnts, -1, (255, 255, 0), 1)
        cv2.imwrite(os.path.join(work, f"h{i}-check.png"), np.hstack([photo, vis, shaved]))
        # The closing note's pictures: the three modes at 1:1, and 3x of the head.
        row = [photo] + [cv2.imread(os.path.join(work, f"h{i}-{m}.png")) for m in ("shave", "under", "as_is")]
        cv2.imwrite(os.path.join(work, f"h{i}-modes.png"), np.hstack(row))
        x0 = int(max(0, centre[0] - 0.8 * hull_w))
        x1 = int(min(photo.shape[1], centre[0] + 0.8 * hull_w))
        y0 = int(max(0, centre[1] - 1.5 * hull_w))
        y1 = int(min(photo.shape[0], centre[1] + 0.1 * hull_w))
        zoomed = [cv2.resize(im[y0:y1, x0:x1], None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST) for im in row]
        cv2.imwrite(os.path.join(work, f"h{i}-modes-3x.png"), np.hstack(zoomed))
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
