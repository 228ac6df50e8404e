#!/usr/bin/env bash
# Renders every workbook and document okno writes, as their readers see them, for a person to look at:
# runs `okno demo` into a fresh folder, converts each .xlsx and .docx with LibreOffice to PDF (as printed: the
# sheets' print setup applies) and every PDF to PNG pages. Needs LibreOffice (Debian: libreoffice-calc,
# libreoffice-writer) and poppler-utils (pdftoppm); not part of the test suite.
#
#   test/tools/render-outputs.sh [folder]     (default: ./okno-render; build first: npx tsc -p tsconfig.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(realpath -m "${1:-okno-render}")"
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install -y libreoffice-calc libreoffice-writer poppler-utils)" >&2; exit 1; }
done
rm -rf "$out" && mkdir -p "$out/pages"
node bin/okno.js demo --out "$out/demo" >"$out/demo.txt"
# A profile of its own, so a LibreOffice already open (or another run) does not refuse the conversion.
profile="file://$out/.lo-profile"
shopt -s nullglob
mkdir -p "$out/pdf" "$out/.lo"
for file in "$out"/demo/*.xlsx "$out"/demo/*.docx; do
  # справка-2026-10.xlsx and .docx would both print to справка-2026-10.pdf: each is named after its own file.
  soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$out/.lo" "$file" >/dev/null 2>&1 \
    && mv "$out/.lo/$(basename "${file%.*}").pdf" "$out/pdf/$(basename "$file").pdf" \
    || echo "LibreOffice could not convert $(basename "$file")" >&2
done
for file in "$out"/demo/*.pdf; do cp "$file" "$out/pdf/$(basename "$file")"; done
for pdf in "$out"/pdf/*.pdf; do
  pdftoppm -png -r 70 "$pdf" "$out/pages/$(basename "${pdf%.pdf}")"
done
echo "$(ls "$out/pages" | wc -l) pages in $out/pages, from $(ls "$out/pdf" | wc -l) files: <name>.pdf are okno's own PDFs, <name>.xlsx.pdf and <name>.docx.pdf LibreOffice's print of a workbook or a Word file"
