"""How close the ResNet-18 step's convolutions are to the floor of any im2col lowering over NumPy's BLAS.

    python benchmarks/conv_floor.py                # as installed
    python benchmarks/conv_floor.py --threads 1    # the BLAS and both frameworks on one thread

For each distinct convolution of the `resnet18_b16` case (batch 16, 32x32, CIFAR layout) it times, in
one process: the three matrix products an im2col lowering must run (forward W @ columns, input
gradient Wᵀ @ dy, weight gradient dy @ columnsᵀ) on ready-made operands, each the fastest of three
ways (the whole batch in either orientation, or one product a sample), with NumPy's BLAS on all the
threads the run allows: no window copies, no col2im, no padding. Beside it, minispore's three convolution primitives and,
when PyTorch is installed, its forward and its backward (both gradients in one call, as its autograd
runs them). Prints milliseconds per convolution and totals over the step's convolutions.
"""
import argparse
import collections
import os
import statistics
import time


def _resnet18_convolutions():
    """(in, out, image size, stride, kernel, count) of every distinct convolution of the case's ResNet-18."""
    convs = [(3, 64, 32, 1, 3)]
    channels, size = 64, 32
    for width, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        for block in range(2):
            first_stride = stride if block == 0 else 1
            convs.append((channels, width, size, first_stride, 3))
            if first_stride != 1 or channels != width:
                convs.append((channels, width, size, first_stride, 1))  # the shortcut
            size //= first_stride
            channels = width
            convs.append((width, width, size, 1, 3))
    return [conv + (count,) for conv, count in collections.Counter(convs).items()]


def _ms(seconds):
    return " / ".join(f"{t * 1e3:5.2f}" for t in seconds)


def _median(fn, repeat):
    # Idle thread pools spin for a while after a threaded call (OpenBLAS ~0.1 s): let them stop, so that
    # no framework runs beside the previous one's spinning workers.
    time.sleep(0.3)
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, metavar="N", help="run everything on N threads")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if args.threads:
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.threads)

    import numpy as np
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        raise SystemExit("conv_floor.py sets the BLAS's threads with threadpoolctl: pip install threadpoolctl")
    import minispore as ms
    from minispore.ops._prims.conv import conv2d, conv2d_input_grad, conv2d_weight_grad
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None and args.threads:
        torch.set_num_threads(args.threads)
    cores = args.threads or len(os.sched_getaffinity(0))
    rng = np.random.default_rng(0)
    n = args.batch
    totals = {"floor": 0.0, "minispore": 0.0, "torch": 0.0}
    print(f"batch {n}, {cores} thread(s) for the BLAS floor; milliseconds: forward / input gradient / weight gradient")
    for c, o, size, stride, k, count in _resnet18_convolutions():
        pad = k // 2
        out = (size + 2 * pad - k) // stride + 1
        positions, inner = n * out * out, c * k * k
        x = rng.standard_normal((n, c, size, size), dtype=np.float32)
        w = rng.standard_normal((o, c, k, k), dtype=np.float32)
        dy = rng.standard_normal((n, o, out, out), dtype=np.float32)
        first = c > 3  # the stem's input needs no gradient
        weights, columns, grads = w.reshape(o, inner), rng.standard_normal((inner, positions), dtype=np.float32), \
            dy.transpose(1, 0, 2, 3).reshape(o, positions).copy()
        columns_t, grads_t = columns.T.copy(), grads.T.copy()
        # Per sample: the batch's products one sample at a time (smaller operands stay in cache).
        sample_columns = columns.reshape(inner, n, -1).transpose(1, 0, 2).copy()
        sample_grads = grads.reshape(o, n, -1).transpose(1, 0, 2).copy()
        with threadpool_limits(cores, user_api="blas"):
            floor = (min(_median(lambda: weights @ columns, args.repeat),
                         _median(lambda: columns_t @ weights.T, args.repeat),
                         _median(lambda: [weights @ part for part in sample_columns], args.repeat)),
                     min(_median(lambda: weights.T @ grads, args.repeat),
                         _median(lambda: grads_t @ weights, args.repeat),
                         _median(lambda: [weights.T @ part for part in sample_grads], args.repeat)) if first else 0.0,
                     min(_median(lambda: grads @ columns_t, args.repeat),
                         _median(lambda: columns @ grads_t, args.repeat),
                         _median(lambda: [a @ b.T for a, b in zip(sample_grads, sample_columns)], args.repeat)))
        geometry = dict(stride=(stride, stride), padding=(pad,) * 4, dilation=(1, 1), groups=1)
        tx, tw, tdy = ms.Tensor(x), ms.Tensor(w), ms.Tensor(dy)
        ours = (_median(lambda: conv2d(tx, tw, **geometry), args.repeat),
                _median(lambda: conv2d_input_grad(tdy, tw, input_shape=x.shape, **geometry), args.repeat)
                if first else 0.0,
                _median(lambda: conv2d_weight_grad(tx, tdy, weight_shape=w.shape, **geometry), args.repeat))
        line = (f"{c:3d}->{o:3d} {size:2d}x{size:<2d} {k}x{k} stride {stride} (x{count}):  floor {_ms(floor)}"
                f"   minispore {_ms(ours)}")
        totals["floor"] += sum(floor) * count
        totals["minispore"] += sum(ours) * count
        if torch is not None:
            px, pw, pdy = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(dy)
            forward = _median(lambda: torch.nn.functional.conv2d(px, pw, None, stride, pad), args.repeat)
            backward = _median(lambda: torch.ops.aten.convolution_backward(
                pdy, px, pw, None, [stride] * 2, [pad] * 2, [1, 1], False, [0, 0], 1, [first, True, False]),
                args.repeat)
            line += f"   torch {forward * 1e3:5.2f} / {backward * 1e3:5.2f} (both)"
            totals["torch"] += (forward + backward) * count
        print(line)
    print("the step's convolutions: BLAS floor {:.1f} ms, minispore {:.1f} ms".format(
        totals["floor"] * 1e3, totals["minispore"] * 1e3)
        + (f", PyTorch {totals['torch'] * 1e3:.1f} ms" if torch is not None else ""))


if __name__ == "__main__":
    main()
