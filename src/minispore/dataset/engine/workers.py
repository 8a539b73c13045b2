"""Parallel workers for `map`, `batch` and sources: threads or processes, results in input order.

Item k goes to worker (first + k) % n — MindSpore's round-robin — and each worker handles its items
first in, first out, so the k-th result is the next one on that worker's output: order is kept
without sorting, and a worker's random transforms see a fixed sequence of rows (the same results
on every run, and MindSpore's). Worker w computes with `factory(w)` (random transforms keep one
generator per worker, seeded as MindSpore seeds its map workers).
Threads suit NumPy and Pillow work (both release the GIL); processes suit Python callables.
A failure in a worker is raised in the consumer as RuntimeError naming the item and the step.
"""
import collections
import multiprocessing
import queue
import threading
import traceback

from minispore.dataset import config

__all__ = ["WorkerError", "ordered_map"]

_STOP = None


class WorkerError(RuntimeError):
    """A transform failed inside a worker; the message names the row and the transform."""


def _failure(error):
    describe = getattr(error, "describe", None)
    summary = describe() if describe else f"{type(error).__name__}: {error}"
    return False, summary, traceback.format_exc()


def _serve(function, receive, send):
    """A worker's loop: items in, (ok, result) or (False, summary, traceback) out, until _STOP."""
    while True:
        item = receive()
        if item is _STOP:
            return
        try:
            send((True, function(*item)))
        except Exception as error:  # reported to the consumer, which raises it there
            send(_failure(error))


def _thread_main(factory, index, inbox, outbox):
    try:
        function = factory(index)
    except Exception as error:
        outbox.put(_failure(error))
        return
    _serve(function, inbox.get, outbox.put)


def _process_main(factory, index, inbox, outbox):
    try:
        function = factory(index)
    except Exception as error:
        outbox.send(_failure(error))
        return
    try:
        _serve(function, inbox.recv, outbox.send)
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass


class _Threads:
    def __init__(self, factory, count):
        self.inboxes = [queue.Queue() for _ in range(count)]
        self.outboxes = [queue.Queue() for _ in range(count)]
        self.threads = [threading.Thread(target=_thread_main, args=(factory, k, i, o), daemon=True)
                        for k, (i, o) in enumerate(zip(self.inboxes, self.outboxes))]
        for thread in self.threads:
            thread.start()

    def put(self, worker, item):
        self.inboxes[worker].put(item)

    def get(self, worker):
        return self.outboxes[worker].get()

    def close(self):
        for inbox in self.inboxes:
            inbox.put(_STOP)
        for thread in self.threads:
            thread.join(timeout=5)


class _Processes:
    def __init__(self, factory, count):
        context = multiprocessing.get_context(config.get_multiprocessing_start_method())
        self.inboxes, self.outboxes, self.processes = [], [], []
        for index in range(count):
            inbox_read, inbox_write = context.Pipe(duplex=False)
            outbox_read, outbox_write = context.Pipe(duplex=False)
            process = context.Process(target=_process_main, args=(factory, index, inbox_read, outbox_write),
                                      daemon=True)
            process.start()
            inbox_read.close()
            outbox_write.close()
            self.inboxes.append(inbox_write)
            self.outboxes.append(outbox_read)
            self.processes.append(process)

    def put(self, worker, item):
        self.inboxes[worker].send(item)

    def get(self, worker):
        interval = config.get_multiprocessing_timeout_interval()
        outbox, process = self.outboxes[worker], self.processes[worker]
        while not outbox.poll(interval if process.is_alive() else 0.1):
            if not process.is_alive():
                raise WorkerError(f"worker process {process.pid} exited with code {process.exitcode} without "
                                  "returning its result (killed, or crashed in native code).")
        try:
            return outbox.recv()
        except EOFError:
            process.join(5)
            raise WorkerError(f"worker process {process.pid} exited with code {process.exitcode} without returning "
                              "its result (killed, or crashed in native code).") from None

    def close(self):
        for inbox in self.inboxes:
            try:
                inbox.send(_STOP)
                inbox.close()
            except (BrokenPipeError, OSError):
                pass
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for outbox in self.outboxes:
            outbox.close()


def ordered_map(factory, items, num_workers, use_processes=False, describe=None, first=0):
    """Yield factory(w)(*item) for each item of `items` in order, item k computed by worker (first + k) % n.

    `describe(k, summary)` turns a failure of item k into the message raised (WorkerError).
    """
    pool = (_Processes if use_processes else _Threads)(factory, num_workers)
    window = max(num_workers, config.get_prefetch_size())
    pending = collections.deque()
    items = iter(items)
    try:
        sent = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                item = next(items, _STOP)
                if item is _STOP:
                    exhausted = True
                    break
                pool.put((first + sent) % num_workers, item)
                pending.append(sent)
                sent += 1
            if not pending:
                return
            index = pending.popleft()
            reply = pool.get((first + index) % num_workers)
            if not reply[0]:
                summary, trace = reply[1], reply[2]
                message = describe(index, summary) if describe else f"item {index}: {summary}"
                raise WorkerError(f"{message}\nWorker traceback:\n{trace}")
            yield reply[1]
    finally:
        pool.close()
