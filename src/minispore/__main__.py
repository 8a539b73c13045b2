"""`python -m minispore run SCRIPT [ARGS...]` runs a MindSpore script on minispore; `msrun` starts it on several
processes and machines (MindSpore's msrun, on MPI); `demo` trains a net."""
import argparse
import importlib
import importlib.abc
import importlib.util
import os
import runpy
import sys

__all__ = ["main", "alias_mindspore"]


class _MindSporeAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers `import mindspore[.x.y]` with `minispore[.x.y]`, in this process only."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mindspore" or fullname.startswith("mindspore."):
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return importlib.import_module("minispore" + spec.name[len("mindspore"):])

    def exec_module(self, module):
        """The module is minispore's own, already executed."""


def alias_mindspore():
    """Make `import mindspore` import minispore from now on (idempotent)."""
    if not any(isinstance(finder, _MindSporeAlias) for finder in sys.meta_path):
        sys.meta_path.insert(0, _MindSporeAlias())


def _run(args):
    alias_mindspore()
    sys.argv = [args.script] + args.args
    # As `python script.py` does: the script's folder first on the import path (its helper modules).
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.script)))
    runpy.run_path(args.script, run_name="__main__")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["msrun"]:
        # msrun parses MindSpore's own options (--worker_num, --local_worker_num, ...).
        from minispore.parallel.cluster.run import main as msrun_main
        return msrun_main(argv[1:])
    if argv[:1] == ["demo"]:
        # The demo parses its own options (--epochs, --data, ...).
        from minispore.tools.demo import main as demo_main
        return demo_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m minispore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a MindSpore script with `import mindspore` answered by minispore")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    run.set_defaults(handler=_run)
    commands.add_parser("msrun", help="run a script on several processes and machines, as MindSpore's msrun "
                                      "(python -m minispore msrun --help)")
    commands.add_parser("demo", help="train, evaluate, save and reload a digits classifier "
                                     "(python -m minispore demo --help)")
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
