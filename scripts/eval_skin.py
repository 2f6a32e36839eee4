#!/usr/bin/python3
"""Local check: does the skin-tone estimate follow the skin, not the light?

Usage: scripts/eval_skin.py [PHOTO...] [--out DIR] [--binary PATH]

Each photo (default: the bundled astronaut) is rendered as it is, one stop
darker and lighter (-1 / +1 EV in linear light, clipped like a camera), and
under a warm (3200 K) and a cool (7500 K) light (linear RGB gains of those
blackbodies against D65, normalised to keep green). Printed per photo: the
Fitzpatrick type and pigment of each variant, the types' spread and the
largest CIE76 delta E between the pigments.
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

# Blackbody white points in linear sRGB relative to D65 (B, G, R order), green = 1.
CASTS = {"3200K": (0.42, 1.0, 1.55), "7500K": (1.12, 1.0, 0.92)}


def linear(bgr):
    s = bgr.astype(np.float64) / 255.0
    return np.where(s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)


def srgb(lin):
    lin = np.clip(lin, 0.0, 1.0)
    s = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(np.round(s * 255.0), 0, 255).astype(np.uint8)


def variants(photo):
    lin = linear(photo)
    out = {"as shot": photo, "-1 EV": srgb(lin * 0.5), "+1 EV": srgb(lin * 2.0)}
    for name, gains in CASTS.items():
        out[name] = srgb(lin * np.array(gains))
    return out


def lab_of(bgr01):
    px = np.array([[bgr01]], np.float32)
    return cv2.cvtColor(px, cv2.COLOR_BGR2Lab)[0, 0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("photos", nargs="*", default=[os.path.join(here, "..", "assets", "astronaut.png")])
    ap.add_argument("--out", default=None)
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "release", "app", "hairline"))
    args = ap.parse_args()
    work = args.out or tempfile.mkdtemp(prefix="hairline-skin-")
    os.makedirs(work, exist_ok=True)
    worst_types, worst_de = 0, 0.0
    for path in args.photos:
        photo = cv2.imread(path)
        name = os.path.basename(path)
        rows = []
        for label, img in variants(photo).items():
            src = os.path.join(work, "v.png")
            cv2.imwrite(src, img)
            rep_path = os.path.join(work, "v.json")
            r = subprocess.run([args.binary, "render", src, "-o", os.path.join(work, "v-out.png"), "--report", rep_path,
                                "--overwrite"], capture_output=True, text=True)
            if r.returncode != 0:
                rows.append((label, None, None, None))
                continue
            rep = json.load(open(rep_path))
            st = rep.get("skin_tone", {})
            h = rep["pigment_used"].lstrip("#")
            rgb = [int(h[k:k + 2], 16) / 255.0 for k in (0, 2, 4)][::-1]  # B, G, R
            roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
            rows.append((label, roman.get(st.get("fitzpatrick")), rgb, st.get("confidence", 1.0)))
        types = [t for _, t, _, _ in rows if t]
        labs = [lab_of(p) for _, _, p, _ in rows if p]
        spread = max(types) - min(types) if types else 0
        de = max(float(np.linalg.norm(a - b)) for a in labs for b in labs) if labs else 0.0
        worst_types, worst_de = max(worst_types, spread), max(worst_de, de)
        cells = "  ".join(f"{l}: {t} ({c:.2f})" if t else f"{l}: -" for l, t, _, c in rows)
        print(f"{name[:28]:28} {cells}  | types spread {spread}, pigment dE {de:.1f}")
    print(f"worst: types spread {worst_types}, pigment dE {worst_de:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
