#!/bin/sh
# Screenshots of the main pages in Chinese and English, under Xvfb with a window manager.
# Needs: xvfb xauth fonts-wqy-zenhei (and the libxcb-* of Qt's xcb plugin); imagemagick and
# openbox are optional (title bars; without them Qt grabs the screen).
set -e
cd "$(dirname "$0")/../.."
REGION="${1:-/tmp/labregistry-screenshots}"
PY="${PYTHON:-.venv/bin/python}"
PYTHONPATH=. "$PY" docs/screenshots/shoot.py build "$REGION"
for lang in zh en; do
  PYTHONPATH=. QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    sh -c "(command -v openbox >/dev/null && openbox >/dev/null 2>&1 &) ; sleep 1; '$PY' docs/screenshots/shoot.py shoot '$REGION' $lang docs/screenshots"
done
