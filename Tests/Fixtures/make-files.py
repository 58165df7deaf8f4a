#!/usr/bin/env python3
"""Writes Tests/Fixtures/files: CSVs as people have them, written by Python's own csv, gzip, lzma and zipfile modules
(as a spreadsheet export or a Kaggle download would be), not by tandem. Deterministic.

semicolon.csv  a European spreadsheet export: ';' delimiter, decimal commas (one value with a thousands dot),
               Windows-1252 text (é, ü, €), CRLF line ends, a UTF-8-less file.
sales.csv.gz   a plain CSV, gzip-compressed (two gzip members, as `cat a.gz b.gz` makes).
sales.csv.xz   the same CSV, xz-compressed.
sales.zip      a zip holding one CSV (deflate).
competition.zip  a Kaggle competition zip: shop/train.csv, shop/test.csv, shop/sample_submission.csv (deflate),
               plus a __MACOSX entry as macOS's Finder adds.
"""
import csv, gzip, io, lzma, os, random, zipfile

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
os.makedirs(out, exist_ok=True)
random.seed(3)

rows = [("Müller", "Zürich", "1.234,50", "12,5", "ja"), ("Café Élan", "Genève", "980,25", "7,25", "nein"),
        ("Bäckerei", "Köln", "15,00", "3,0", "ja"), ("Señor €uro", "Málaga", "-2,75", "0,5", "nein")]
with open(os.path.join(out, "semicolon.csv"), "w", encoding="cp1252", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(["kunde", "stadt", "umsatz", "menge", "treu"])
    w.writerows(rows)

buf = io.StringIO()
w = csv.writer(buf, lineterminator="\n")
w.writerow(["row_id", "region", "units", "price"])
lines = [[i, random.choice(["north", "south", "east"]), random.randint(0, 90), round(random.uniform(1, 9), 2)] for i in range(1, 201)]
w.writerows(lines)
text = buf.getvalue().encode()
half = text.index(b"\n101,") + 1
with open(os.path.join(out, "sales.csv.gz"), "wb") as f:
    f.write(gzip.compress(text[:half], mtime=0) + gzip.compress(text[half:], mtime=0))
with open(os.path.join(out, "sales.csv.xz"), "wb") as f:
    f.write(lzma.compress(text))
with zipfile.ZipFile(os.path.join(out, "sales.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("sales.csv", date_time=(2024, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)

train, test = lines[:160], lines[160:]
def table(header, body):
    b = io.StringIO()
    w = csv.writer(b, lineterminator="\n")
    w.writerow(header)
    w.writerows(body)
    return b.getvalue().encode()
with zipfile.ZipFile(os.path.join(out, "competition.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("shop/train.csv", table(["row_id", "region", "price", "units"], [[r[0], r[1], r[3], r[2]] for r in train])),
                       ("shop/test.csv", table(["row_id", "region", "price"], [[r[0], r[1], r[3]] for r in test])),
                       ("shop/sample_submission.csv", table(["row_id", "units"], [[r[0], 0] for r in test])),
                       ("__MACOSX/shop/._train.csv", b"\x00\x05\x16\x07")]:
        z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
