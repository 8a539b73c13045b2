"""`python -m minispore msrun`: MindSpore's msrun launcher on MPI.

    python -m minispore msrun --worker_num=4 --local_worker_num=2 --master_addr=HOST0 --master_port=8118 \\
        --node_rank=0 --log_dir=logs --join=True train.py --epochs 3     # on node 0; --node_rank=1 on node 1

Arguments, defaults and log names are MindSpore's; `import mindspore` in the script is answered by minispore.
"""
import argparse
import ast
import os
import sys

__all__ = ["get_args", "main"]


def _bool(value):
    parsed = ast.literal_eval(value)
    if parsed not in (True, False):
        raise argparse.ArgumentTypeError(f"expected True or False, but got {value!r}")
    return parsed


def _tail_worker_log(value):
    if value != "-1" and not all(part.strip().isdigit() for part in value.split(",")):
        raise argparse.ArgumentTypeError(f"expected -1 or rank ids like 0,1, but got {value!r}")
    return value


def get_args(argv=None):
    """Parse msrun's command line (MindSpore's names and defaults)."""
    parser = argparse.ArgumentParser(prog="python -m minispore msrun", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker_num", type=int, default=8, help="the number of workers of the whole job")
    parser.add_argument("--local_worker_num", type=int, default=8, help="the number of workers on this node")
    parser.add_argument("--master_addr", type=str, default="127.0.0.1",
                        help="address of the master node, where the scheduler (MPICH's name server) runs")
    parser.add_argument("--master_port", type=int, default=8118, help="the scheduler's port (1024-65535)")
    parser.add_argument("--node_rank", type=int, default=-1,
                        help="this node's index: its workers get ranks node_rank*local_worker_num + i")
    parser.add_argument("--log_dir", type=str, default="", help="folder of scheduler.log and worker_<rank>.log")
    parser.add_argument("--join", type=_bool, default=False,
                        help="wait for the workers, show their logs, and fail when one fails")
    parser.add_argument("--cluster_time_out", type=int, default=600,
                        help="seconds to wait for every worker to join before giving up (negative: forever)")
    parser.add_argument("--worker_log_name", type=str, default="",
                        help="worker log name instead of 'worker' ({ip} and {hostname} are filled in)")
    parser.add_argument("--tail_worker_log", type=_tail_worker_log, default="-1",
                        help="with --join, which ranks' logs to show (-1: all)")
    parser.add_argument("task_script", type=str, help="the script to run on every worker")
    parser.add_argument("task_script_args", nargs=argparse.REMAINDER, help="arguments of the script")
    return parser.parse_args(argv)


def main(argv=None):
    from minispore.parallel.cluster.process_manager import ProcessManager
    args = get_args(argv)
    manager = ProcessManager(args)
    if args.join:
        manager.run()
        return 0
    return _run_detached(manager)


def _run_detached(manager):
    """Without --join, msrun returns once the workers are started; a child process stays to reap them and
    to stop the scheduler when they are done."""
    ready_read, ready_write = os.pipe()
    child = os.fork()
    if child:
        os.close(ready_write)
        status = os.read(ready_read, 1)
        os.close(ready_read)
        return 0 if status == b"1" else 1
    os.close(ready_read)
    os.setsid()
    code = 0
    try:
        manager.run()
        os.write(ready_write, b"1")
        os.close(ready_write)
        for process, _, _ in manager.workers:
            process.wait()
    except BaseException as error:
        print(f"msrun: {error}", file=sys.stderr, flush=True)
        code = 1
    finally:
        manager.close()
    os._exit(code)
