#!/usr/bin/env python3
"""Derive England's primary-need mix of EHC plans from the DfE release.

Reads ``data/sen_needs_all_plans.csv`` inside the DfE "Education, health and care
plans" zip (release of 26 June 2025) and writes
``crates/dehcp-model/data/national-primary-need.toml``: for the latest year in the
file, the number and share of plans per SEN2 primary need in England, and the same
counts split by SEN2 age band. Python 3 standard library only.

Usage:
    scripts/derive-national-mix.py /work/shared/data/dfe-ehcp-statistics-2025.zip \
        [--out crates/dehcp-model/data/national-primary-need.toml]

Column names are those of the release's data guidance (``number_asd`` ...
``number_need_unknown``; ``geographic_level``; ``breakdown_topic``; ``breakdown``).
Down syndrome is counted under "other difficulty/disability" (OTH) by the release
(its footnote 1), so DS gets no separate count here. Plans with no recorded primary
need are reported but left out of the shares.
"""

import argparse
import csv
import hashlib
import io
import os
import sys
import zipfile

MEMBER = "data/sen_needs_all_plans.csv"
SOURCE_URL = (
    "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "education-health-and-care-plans"
)
RELEASE_DATE = "2025-06-26"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
# SEN2 code -> column in the CSV, in SEN2 order.
NEEDS = [
    ("ASD", "number_asd"),
    ("HI", "number_hi"),
    ("MLD", "number_mld"),
    ("MSI", "number_msi"),
    ("OTH", "number_oth"),
    ("PD", "number_pd"),
    ("PMLD", "number_pmld"),
    ("SEMH", "number_semh"),
    ("SLCN", "number_slcn"),
    ("SLD", "number_sld"),
    ("SPLD", "number_spld"),
    ("VI", "number_vi"),
]
UNKNOWN = "number_need_unknown"
BANDS = ["<5", "5-10", "11-15", "16-19", "20-25"]


def band_of(breakdown):
    """SEN2 age band for an 'age N' / 'under 3' breakdown, or None."""
    text = breakdown.strip().lower()
    if text == "under 3":
        return "<5"
    if not text.startswith("age "):
        return None
    years = int(text[4:])
    if years < 5:
        return "<5"
    if years <= 10:
        return "5-10"
    if years <= 15:
        return "11-15"
    if years <= 19:
        return "16-19"
    if years <= 25:
        return "20-25"
    return None


def count(row, column):
    value = row[column].strip()
    if value in ("x", "z", "c", ""):
        raise ValueError(f"suppressed or missing value in {column}: {value!r}")
    return int(value)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zip", help="path to dfe-ehcp-statistics-2025.zip")
    parser.add_argument(
        "--out",
        default=os.path.join(
            os.path.dirname(os.path.abspath(__file__)),
            "..",
            "crates",
            "dehcp-model",
            "data",
            "national-primary-need.toml",
        ),
    )
    args = parser.parse_args(argv)

    with open(args.zip, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    with zipfile.ZipFile(args.zip) as archive:
        with archive.open(MEMBER) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")))

    national = [r for r in rows if r["geographic_level"] == "National"]
    if not national:
        sys.exit("no National rows in " + MEMBER)
    year = max(r["time_period"] for r in national)
    latest = [r for r in national if r["time_period"] == year]

    totals = [r for r in latest if r["breakdown_topic"] == "All EHC plans"]
    if len(totals) != 1:
        sys.exit(f"expected one 'All EHC plans' row for {year}, found {len(totals)}")
    total_row = totals[0]
    plans = count(total_row, "ehc_plans")
    counts = {code: count(total_row, column) for code, column in NEEDS}
    unknown = count(total_row, UNKNOWN)
    if sum(counts.values()) + unknown != plans:
        sys.exit("need counts do not add up to the number of plans")
    known = sum(counts.values())

    by_band = {code: {band: 0 for band in BANDS} for code, _ in NEEDS}
    age_rows = [r for r in latest if r["breakdown_topic"] == "Child or young persons age"]
    for row in age_rows:
        band = band_of(row["breakdown"])
        if band is None:
            sys.exit(f"unexpected age breakdown {row['breakdown']!r}")
        for code, column in NEEDS:
            by_band[code][band] += count(row, column)
    for code, _ in NEEDS:
        if sum(by_band[code].values()) != counts[code]:
            sys.exit(f"{code}: the age breakdown does not add up to the total")

    # e.g. 202425 -> "2024/25", plans counted in January 2025
    period = f"{year[:4]}/{year[4:]}"
    census = f"January 20{year[4:]}"
    lines = [
        "# England primary-need mix of EHC plans, derived by scripts/derive-national-mix.py.",
        "# Do not edit by hand: rerun the script on the source zip.",
        "#",
        "# " + ATTRIBUTION,
        "# Down syndrome is counted under OTH by the release; plans with no recorded primary",
        "# need are counted in `need_unknown` and left out of the shares.",
        "",
        'source = "Department for Education, Education, health and care plans, '
        f'reporting year 2025, file {MEMBER}"',
        f'source_url = "{SOURCE_URL}"',
        f'release_date = "{RELEASE_DATE}"',
        f'time_period = "{period}"',
        f'census = "{census}"',
        f'zip_sha256 = "{digest}"',
        'licence = "Open Government Licence v3.0"',
        f'attribution = "{ATTRIBUTION}"',
        f"ehc_plans = {plans}",
        f"need_unknown = {unknown}",
        f"known_need = {known}",
        "",
    ]
    for code, _ in NEEDS:
        share = counts[code] / known
        bands = ", ".join(f'"{band}" = {by_band[code][band]}' for band in BANDS)
        lines += [
            "[[need]]",
            f'code = "{code}"',
            f"count = {counts[code]}",
            f"proportion = {share:.6f}",
            f"by_age_band = {{ {bands} }}",
            "",
        ]
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines))
    print(f"wrote {args.out}: {plans} plans in {census}, sha256 {digest[:12]}…")


if __name__ == "__main__":
    main(sys.argv[1:])
