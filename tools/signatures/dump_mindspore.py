"""Dump MindSpore 2.10's public signatures to tests/golden/signatures.json (run with the reference venv).

    /root/.cache/minispore-reference/ms210/bin/python tools/signatures/dump_mindspore.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mindspore  # noqa: E402
from mindspore.common.dtype import Type  # noqa: E402

from spec import collect  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "golden", "signatures.json")


def main():
    table = collect(mindspore, (Type,))
    payload = {"mindspore": mindspore.__version__, "signatures": dict(sorted(table.items()))}
    path = os.path.normpath(OUT)
    tmp = path + ".tmp"
    lines = [f"  {json.dumps(name)}: {json.dumps(sig)}" for name, sig in payload["signatures"].items()]
    with open(tmp, "w") as file:
        file.write('{"mindspore": ' + json.dumps(payload["mindspore"]) + ',\n "signatures": {\n')
        file.write(",\n".join(lines) + "\n}}\n")
    os.replace(tmp, path)
    known = sum(1 for v in table.values() if v is not None)
    print(f"{len(table)} callables ({known} with a signature) -> {path}")


if __name__ == "__main__":
    main()
