#!/bin/sh
# System packages the pipeline uses beyond Python (README "System packages"):
#   tesseract-ocr, tesseract-ocr-vie  OCR of scanned PDFs (Tesseract 5 and its Vietnamese model)
#   libreoffice-writer-nogui          .doc / .odt / .rtf converted to .docx (LibreOffice headless)
#   chromium                          headless browser for the `cchc review` browser test and `make review-shot`
# Installed when this can (root, or sudo without a password, on a Debian/Ubuntu machine);
# otherwise the exact command is printed and the run goes on: those formats then fail with a
# message that names what is missing. Never fails the make target.
PACKAGES="tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui chromium"
missing=""
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$missing tesseract-ocr tesseract-ocr-vie"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
test -x /usr/bin/chromium || missing="$missing chromium"
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system packages missing:$missing (no apt-get here; install them with your package manager for OCR, .doc files and the review browser test)" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"
else
    echo "system packages missing:$missing — scans, .doc files and the review browser test will fail or be skipped until you run: sudo apt-get update && sudo $cmd" >&2
    exit 0
fi
echo "installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
log="${TMPDIR:-/tmp}/cchc-system-packages.log"
# apt's warnings (debconf, "apt does not have a stable CLI") only matter when it fails: kept in a log
if ! { $sudo apt-get update -qq && $sudo $cmd -qq; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "could not install:$missing — scans, .doc files and the review browser test will fail or be skipped until you run: sudo apt-get update && sudo $cmd" >&2
fi
exit 0
