"""What MindSpore 2.10 prints and writes running its `save_load` beginner lesson.

Run from the repository root with the reference venv:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_save_load_lesson.py
Runs tests/train/lessons/save_load_lesson.py (the lesson's code cells, unchanged) in a scratch folder
and writes tests/golden/save_load_lesson.json: its standard output and the files it leaves.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "tests" / "train" / "lessons" / "save_load_lesson.py"


def main():
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([sys.executable, str(LESSON)], cwd=scratch, capture_output=True, text=True,
                                check=True)
        files = sorted(p.name for p in Path(scratch).iterdir() if p.is_file())
    record = {"stdout": result.stdout, "files": files}
    (ROOT / "tests" / "golden" / "save_load_lesson.json").write_text(json.dumps(record, indent=1) + "\n")
    print(record)


if __name__ == "__main__":
    main()
