"""msrun's work on one node: the scheduler (MPICH's name server) on the master node, the workers, and
--join's watch over them.

Each worker is an MPI job of one process, `mpiexec -n 1 -nameserver MASTER:PORT python -m minispore run
script.py args`, with its output in `worker_<rank>.log` and MindSpore's msrun environment variables
(RANK_ID, RANK_SIZE, DEVICE_ID, MS_WORKER_NUM, MS_SCHED_HOST, MS_SCHED_PORT, MS_ROLE, MS_NODE_ID,
MS_TOPO_TIMEOUT). `mindspore.communication.init()` in the workers joins them into one world through the
name server (see `communication/_world.py`).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from minispore.parallel.cluster.log_follower import LogFollower

__all__ = ["ProcessManager"]

# How long surviving workers get to report a failed peer before they are killed.
_GRACE_SECONDS = 10.0


def _warn(message):
    print(f"[WARNING] msrun: {message}", file=sys.stderr, flush=True)


def _mpich_tool(name):
    """An MPICH (hydra) executable, from this Python's environment first."""
    here = os.path.dirname(sys.executable)
    path = shutil.which(name, path=here) or shutil.which(name)
    if path is None:
        raise RuntimeError(f"msrun needs MPICH's '{name}' (hydra), which was not found next to {sys.executable} "
                           "or on PATH: pip install 'minispore[dist]' brings mpi4py and MPICH.")
    return path


def _wait_for_port(host, port, seconds):
    """True once host:port accepts a TCP connection (the name server is up), False after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection((host, port), timeout=1.0).close()
            return True
        except OSError:
            if seconds >= 0 and time.monotonic() > deadline:
                return False
            time.sleep(0.05)


class ProcessManager:
    """Starts and (with join) watches this node's processes of an msrun job."""

    def __init__(self, args):
        if args.worker_num <= 0:
            raise ValueError(f"worker_num must be greater than 0, but got {args.worker_num}.")
        if args.local_worker_num > args.worker_num:
            raise ValueError(f"Total worker number is {args.worker_num}, "
                             f"but got exceeded local worker number: {args.local_worker_num}.")
        if args.local_worker_num <= 0:
            raise ValueError(f"local_worker_num must be greater than 0, but got {args.local_worker_num}.")
        if args.local_worker_num < args.worker_num and args.node_rank < 0:
            raise ValueError("minispore's msrun needs --node_rank on every node when --local_worker_num < "
                             "--worker_num: the workers join in rank order, node_rank * local_worker_num + i.")
        if not 1024 <= args.master_port <= 65535:
            raise ValueError(f"master_port must be in [1024, 65535], but got {args.master_port}.")
        self.args = args
        self.single_node = args.local_worker_num == args.worker_num
        self.is_master = self.single_node or args.node_rank == 0
        self.scheduler = None
        self.workers = []
        self.status_dir = tempfile.mkdtemp(prefix="msrun-")
        if args.log_dir:
            os.makedirs(args.log_dir, mode=0o700, exist_ok=True)

    def _log_name(self, index):
        """MindSpore's worker log names: worker_<rank>.log (or --worker_log_name's pattern)."""
        name = self.args.worker_log_name or "worker"
        if self.args.worker_log_name:
            name = re.sub(r"\{hostname\}", socket.gethostname(), name)
            name = re.sub(r"\{ip\}", socket.gethostbyname(socket.gethostname()), name)
        return os.path.join(self.args.log_dir, f"{name}_{self._node_id(index)}.log")

    def _node_id(self, index):
        return index if self.single_node else self.args.node_rank * self.args.local_worker_num + index

    def _environment(self, index):
        args = self.args
        env = dict(os.environ)
        env.update({"RANK_SIZE": str(args.worker_num), "MS_WORKER_NUM": str(args.worker_num),
                    "MS_SCHED_HOST": args.master_addr, "MS_SCHED_PORT": str(args.master_port),
                    "MS_TOPO_TIMEOUT": str(args.cluster_time_out), "MS_ROLE": "MS_WORKER",
                    "DEVICE_ID": str(index), "MINISPORE_MSRUN_STATUS": self.status_dir,
                    "MINISPORE_MSRUN_NODE": f"{socket.gethostname()}:{os.getpid()}"})
        env["RANK_ID"] = env["MS_NODE_ID"] = str(self._node_id(index))
        return env

    def _worker_command(self):
        args = self.args
        script, script_args = args.task_script, list(args.task_script_args)
        if script in ("python", "python3") and script_args:
            script, script_args = script_args[0], script_args[1:]
        return [_mpich_tool("mpiexec"), "-n", "1", "-nameserver", f"{args.master_addr}:{args.master_port}",
                sys.executable, "-m", "minispore", "run", script] + script_args

    def start_scheduler(self):
        """MPICH's name server on master_port: the rendezvous of the workers' MPI ports."""
        log_name = os.path.join(self.args.log_dir, "scheduler.log")
        command = [_mpich_tool("hydra_nameserver"), "-port", str(self.args.master_port)]
        print(f"Start scheduler process, log file:{log_name}. Execute command: {' '.join(command)}", flush=True)
        with open(log_name, "w", encoding="utf-8") as log:
            self.scheduler = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL, start_new_session=True)

    def start_workers(self):
        args = self.args
        if self.single_node and args.node_rank not in (0, -1):
            _warn(f"All workers will be spawned on this node, so 'node_rank': [{args.node_rank}] will be ignored.")
        if self.scheduler is not None:
            time.sleep(0.1)  # a name server that cannot bind its port exits at once; another job's may answer
        waited = _wait_for_port(args.master_addr, args.master_port, args.cluster_time_out)
        if self.scheduler is not None and self.scheduler.poll() is not None:
            raise RuntimeError(f"msrun: the scheduler could not listen on port {args.master_port} (see "
                               f"{os.path.join(args.log_dir, 'scheduler.log')}): is another job using this "
                               "--master_port?")
        if not waited:
            self.stop_scheduler()
            raise RuntimeError(f"msrun: no scheduler answered at {args.master_addr}:{args.master_port} within "
                               f"{args.cluster_time_out} s (cluster_time_out): start msrun with --node_rank 0 on the "
                               "master node, with the same --master_addr and --master_port.")
        command = self._worker_command()
        for index in range(args.local_worker_num):
            node_id, log_name = self._node_id(index), self._log_name(index)
            print(f"Start worker process with rank id:{node_id}, log file:{log_name}. Environment variable "
                  f"[RANK_ID={node_id}] is exported. Execute command: {' '.join(command)}", flush=True)
            with open(log_name, "w", encoding="utf-8") as log:
                process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                           env=self._environment(index), start_new_session=True)
            self.workers.append((process, node_id, log_name))

    def run(self):
        """Start the scheduler (on the master node) and the workers; with --join, watch them to the end."""
        if self.is_master:
            self.start_scheduler()
        try:
            self.start_workers()
        except BaseException:
            self.kill_workers()
            self.stop_scheduler()
            raise
        if self.args.join:
            _warn("Distributed job is spawned. Waiting all processes to exit...")
            self.join()

    def join(self):
        """Wait for every worker; when one fails, stop the others (saying which failed) and raise."""
        tail = self._tailed_logs()
        follower = LogFollower(tail) if tail else None
        previous = signal.signal(signal.SIGINT, self._interrupted)
        previous_term = signal.signal(signal.SIGTERM, self._interrupted)
        failed = None
        try:
            while failed is None:
                codes = [process.poll() for process, _, _ in self.workers]
                failed = next((i for i, code in enumerate(codes) if code not in (None, 0)), None)
                if failed is None and all(code == 0 for code in codes):
                    break
                if follower is not None:
                    follower.pump()
                time.sleep(0.05)
            if failed is not None:
                process, node_id, log_name = self.workers[failed]
                print(f"[ERROR] msrun: Worker process {process.pid} exit with exception. Error code: "
                      f"{process.returncode}.", file=sys.stderr, flush=True)
                _warn("There's worker exits with exception, kill all other workers.")
                self.stop_workers(f"rank {node_id} exited with code {process.returncode} (see {log_name})")
        finally:
            signal.signal(signal.SIGINT, previous)
            signal.signal(signal.SIGTERM, previous_term)
            if follower is not None:
                follower.close()
            self.close()
        if failed is not None:
            raise RuntimeError(f"Distributed job exited with exception. Please check logs in directory: "
                               f"{self.args.log_dir}.")

    def _tailed_logs(self):
        wanted = self.args.tail_worker_log
        if wanted == "-1":
            return [log for _, _, log in self.workers]
        chosen = {int(n) for n in wanted.split(",")}
        return [log for _, node_id, log in self.workers if node_id in chosen]

    def _interrupted(self, signum, frame):
        _warn(f"msrun process received {signal.Signals(signum).name}, terminating all workers.")
        self.kill_workers()
        self.stop_scheduler()
        sys.exit(0)

    def stop_workers(self, reason):
        """Tell the running workers why (they raise it), give them a grace period, then kill what is left."""
        with open(os.path.join(self.status_dir, "failure.tmp"), "w") as handle:
            handle.write(reason)
        os.replace(os.path.join(self.status_dir, "failure.tmp"), os.path.join(self.status_dir, "failure"))
        for name in os.listdir(self.status_dir):
            if name.startswith("pid."):
                try:
                    with open(os.path.join(self.status_dir, name)) as handle:
                        os.kill(int(handle.read()), signal.SIGTERM)
                except (OSError, ValueError):
                    pass
        deadline = time.monotonic() + _GRACE_SECONDS
        while time.monotonic() < deadline and any(p.poll() is None for p, _, _ in self.workers):
            time.sleep(0.05)
        self.kill_workers()

    def kill_workers(self):
        for process, _, _ in self.workers:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except OSError:
                    pass
                process.wait()

    def close(self):
        """Stop the scheduler and remove the status folder."""
        self.stop_scheduler()
        shutil.rmtree(self.status_dir, ignore_errors=True)

    def stop_scheduler(self):
        if self.scheduler is not None and self.scheduler.poll() is None:
            self.scheduler.terminate()
            try:
                self.scheduler.wait(5)
            except subprocess.TimeoutExpired:
                self.scheduler.kill()
                self.scheduler.wait()
