"""Sums a twiggy `top --format csv` listing of the islands' WASM by crate,
then lists its largest items: what to look at when the WASM grows.
Usage: python3 scripts/wasm-contents.py top.csv"""

import collections
import csv
import re
import sys

# An item's crate: the first `name::` (or `name[hash]::`) in its name, which
# for `<T as crate::Trait>::f` is the type's crate.
CRATE = re.compile(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::")


def main(path):
    items = [
        (row["Name"], int(row["ShallowSize"]))
        for row in csv.DictReader(open(path, encoding="utf-8"))
        # Function names are kept for this listing only.
        if "function names" not in row["Name"]
    ]
    total = sum(size for _, size in items)
    by_crate = collections.Counter()
    for name, size in items:
        found = CRATE.search(name)
        if found:
            by_crate[found.group(1)] += size
        elif name.startswith("data segment"):
            by_crate["(data: strings, tables)"] += size
        else:
            by_crate["(glue, imports, tables)"] += size
    print(f"What the islands' WASM holds ({total / 1024:.1f} KB before compression), by crate:")
    print("| crate | KB | share |\n|---|---:|---:|")
    for crate, size in by_crate.most_common(15):
        print(f"| {crate} | {size / 1024:.1f} | {100 * size / total:.0f}% |")
    print("\nIts 15 largest items:")
    print("| item | bytes |\n|---|---:|")
    for name, size in sorted(items, key=lambda item: -item[1])[:15]:
        shown = re.sub(r"::h[0-9a-f]{16}$", "", name).replace("|", "\\|")
        print(f"| `{shown[:100]}` | {size} |")


if __name__ == "__main__":
    main(sys.argv[1])
