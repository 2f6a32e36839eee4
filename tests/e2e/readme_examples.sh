#!/usr/bin/env bash
# Runs every command in the README's ```sh blocks, as written, in a copy of the
# checkout (what a clean clone holds), with `hairline` on the PATH as
# scripts/run puts it there. Each must exit 0. The two commands at the top
# (scripts/run, scripts/test) are left to scripts/check_fresh_machine, which
# runs them on a fresh Debian 12 root. ```text blocks are usage synopses.
#   tests/e2e/readme_examples.sh SOURCE_DIR HAIRLINE_BINARY
set -euo pipefail
src="$1"
binary="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard |
    (cd "$src" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _) |
    tar -C "$src" --null -T - -cf - | tar -x -C "$work"
else  # a copy without git (an unpacked archive): everything but the builds
  tar -C "$src" --exclude=./build --exclude=./.git -cf - . | tar -x -C "$work"
fi
mkdir -p "$work/.bin" "$work/.xdg/data" "$work/.xdg/config"
ln -s "$binary" "$work/.bin/hairline"

# The commands of every ```sh block, one per line, comments dropped.
mapfile -t commands < <(awk '
  /^```sh$/ { inside = 1; next }
  /^```/    { inside = 0; next }
  inside {
    sub(/[ \t]+#.*$/, ""); sub(/^[ \t]+/, "")
    if ($0 != "" && $0 !~ /^#/) print
  }' "$src/README.md")
[ "${#commands[@]}" -gt 2 ] || { echo "readme_examples: found only ${#commands[@]} commands in README.md" >&2; exit 1; }

ran=0 failed=0
for cmd in "${commands[@]}"; do
  case "$cmd" in
    "bash scripts/run"*|"bash scripts/test"*) echo "skip (scripts/check_fresh_machine runs it): $cmd"; continue ;;
  esac
  ran=$((ran + 1))
  if (cd "$work" && env -u DISPLAY -u WAYLAND_DISPLAY PATH="$work/.bin:$PATH" \
        XDG_DATA_HOME="$work/.xdg/data" XDG_CONFIG_HOME="$work/.xdg/config" \
        bash -c "$cmd" >"$work/.out" 2>&1); then
    echo "ok: $cmd"
  else
    failed=$((failed + 1))
    echo "FAILED (exit $?): $cmd"
    tail -n 20 "$work/.out" | sed 's/^/    /'
  fi
done
echo "readme_examples: $ran commands run, $failed failed"
[ "$failed" -eq 0 ]
