#!/bin/sh
# Re-measures the calibration table of SampleData/README.md on this machine:
# hidden-test scores of (a)–(f) for every bundled challenge.
set -e
cd "$(dirname "$0")/.."
swift build -c release --product tandem >/dev/null
.build/release/tandem sample calibrate --data-dir SampleData "$@"
