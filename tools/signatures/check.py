"""Compare minispore's public signatures with MindSpore 2.10's (tests/golden/signatures.json).

    python tools/signatures/check.py            # summary and every unlisted difference
    python tools/signatures/check.py --all      # also the listed differences and the missing names

A difference is "listed" when docs/differences.md names it (backticked, first column) in its
"Signatures" section. MindSpore's signatures that say nothing ((*args, **kwargs): its generated and
overloaded functions) are counted as opaque, not compared. Exit status 1 when an unlisted difference exists.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from spec import collect  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GOLDEN = os.path.join(ROOT, "tests", "golden", "signatures.json")
DIFFERENCES = os.path.join(ROOT, "docs", "differences.md")
_OPAQUE = ("(*args, **kwargs)", "(*args)", "(**kwargs)")


def listed_differences(path=DIFFERENCES):
    """The names in the first column of the table under '## Signatures' in differences.md."""
    names, inside = set(), False
    with open(path, encoding="utf-8") as file:
        for line in file:
            if line.startswith("## "):
                inside = line.strip() == "## Signatures"
            elif inside and line.startswith("| `"):
                names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def compare():
    """(report dict): compared, equal, listed, unlisted, missing, stale listings."""
    import minispore
    from minispore.common.dtype import Type
    with open(GOLDEN, encoding="utf-8") as file:
        reference = json.load(file)["signatures"]
    ours = collect(minispore, (Type,))
    listed = listed_differences()
    report = {"compared": [], "equal": [], "listed": [], "unlisted": [], "missing": [], "stale": [], "opaque": []}
    for name, theirs in reference.items():
        if name not in ours:
            report["missing"].append(name)
            continue
        mine = ours[name]
        if theirs in _OPAQUE:
            report["opaque"].append(name)
            continue
        if theirs is None or mine is None:
            continue
        report["compared"].append(name)
        if mine == theirs:
            report["equal"].append(name)
            if name in listed:
                report["stale"].append(name)
        else:
            report["listed" if name in listed else "unlisted"].append((name, theirs, mine))
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also print listed differences and missing names")
    args = parser.parse_args(argv)
    report = compare()
    print(f"compared {len(report['compared'])}: equal {len(report['equal'])}, listed differences "
          f"{len(report['listed'])}, unlisted differences {len(report['unlisted'])} "
          f"(not compared: {len(report['opaque'])} opaque in MindSpore; MindSpore names not in minispore: "
          f"{len(report['missing'])})")
    for name, theirs, mine in report["unlisted"]:
        print(f"UNLISTED {name}\n    mindspore {theirs}\n    minispore {mine}")
    for name in report["stale"]:
        print(f"STALE    {name}: listed in docs/differences.md but equal now")
    if args.all:
        for name, theirs, mine in report["listed"]:
            print(f"listed   {name}\n    mindspore {theirs}\n    minispore {mine}")
        for name in report["missing"]:
            print(f"missing  {name}")
    return 1 if report["unlisted"] or report["stale"] else 0


if __name__ == "__main__":
    sys.exit(main())
