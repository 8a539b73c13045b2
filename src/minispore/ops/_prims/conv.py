"""Convolution primitives on NCHW arrays: windows gathered by strides, one matmul each (pooling: pool.py).

Why primitives: an im2col copy plus one matrix product per group is far faster than any composite
of small ops. The three convolution primitives (conv2d, its input gradient, its weight gradient)
are each other's backward rules, so every order of derivative stays inside this file.

Geometry attributes: stride (sh, sw), padding (top, bottom, left, right), dilation (dh, dw),
groups. A 1-d op is the 2-d op on height 1 (as MindSpore does it).

The convolutions run over the batch in chunks (profile of a ResNet-18 step in benchmarks/README.md):
each chunk's windows are copied into a column buffer of about CHUNK_BYTES that the product reads
while it is still in cache, and that is reused by the next chunk, so the whole batch's columns (9x
the input for a 3x3 kernel) never exist at once. The batch is shared between the threads the thread
policy gives (_backend/threads.py), in chunks, each thread with its own buffers and the BLAS on one
thread, the copies in parallel as well as the products; a single sample runs its products on the
BLAS's threads instead. Samples with at least PER_SAMPLE_COLUMNS output positions get one product
per block of output rows, written straight into the NCHW output; a block's columns (at most
BLOCK_BYTES) stay in the core's cache from the copy to the product.
Smaller samples are copied batch last and folded into one product of at least GEMM_COLUMNS
columns, transposed back.

Shifted rows: a kernel of several rows at row stride 1, over at least SHIFTED_INNER channels times
kernel columns, is lowered without the full im2col. Only the KW column shifts of the input rows are
copied, S[(c, b), r, w] = x_padded[c, r, w*sw + b*dw], and out = sum over kernel rows a of
W[:, :, a, :] @ S[:, rows + a*dh, :]: flattened over (r, w), a block's rows shifted by a*dh are a
contiguous range of S's columns, a matrix the BLAS takes as it is. The copy is a KH-th of im2col's,
the products KH of inner size C*KW (ResNet-18's 64- and 128-channel 3x3 forward at batch 16, one
thread: 11.5 against 10.0 and 10.3 against 8.9 ms).
"""
from minispore.ops._prims.dispatch import needs_grad
from minispore._backend import threads
from minispore.ops._prims import defprim
from minispore.ops._prims.linalg import LOW_PRECISION

CHUNK_BYTES = 8 << 20
BLOCK_BYTES = 2 << 20
GEMM_COLUMNS = 1024
PER_SAMPLE_COLUMNS = 256
SCATTER_BATCH_LAST = 256
FLIPPED_CHANNELS = 32
FLIPPED_GROUP_OUTPUTS = 4
FLIPPED_POSITIONS_PER_CHANNEL = 16
SHIFTED_INNER = 96


def _pad(xp, x, padding, value=0):
    top, bottom, left, right = padding
    if not (top or bottom or left or right):
        return x
    return xp.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _out_size(size, kernel, stride, dilation):
    return (size - dilation * (kernel - 1) - 1) // stride + 1


def _valid(out, size, stride, offset):
    """Output positions [first, stop) whose input position i*stride + offset lies in [0, size), and the first's."""
    first = -(offset // stride) if offset < 0 else 0  # ceil(-offset / stride)
    stop = min(out, (size - 1 - offset) // stride + 1) if size - 1 - offset >= 0 else 0
    return first, max(stop, first), first * stride + offset


def _offsets(geometry, in_hw, out_hw):
    """For each kernel offset (a, b): the output rows and columns that read inside the input, and
    the input slices they read; windows overhanging the padding read zeros."""
    kernel, stride, padding, dilation = geometry
    pairs = []
    for a in range(kernel[0]):
        i0, i1, r0 = _valid(out_hw[0], in_hw[0], stride[0], a * dilation[0] - padding[0])
        for b in range(kernel[1]):
            j0, j1, c0 = _valid(out_hw[1], in_hw[1], stride[1], b * dilation[1] - padding[2])
            if i0 < i1 and j0 < j1:
                rows = slice(r0, r0 + (i1 - i0 - 1) * stride[0] + 1, stride[0])
                cols = slice(c0, c0 + (j1 - j0 - 1) * stride[1] + 1, stride[1])
                pairs.append((a, b, slice(i0, i1), slice(j0, j1), rows, cols))
    return pairs


def _blocks(out_rows, row_bytes, reach=0):
    """(rows, samples) of a block of at most BLOCK_BYTES: whole samples (as many as fit, at least one)
    when one sample's rows fit, else even blocks of output rows of one sample. A block of r output rows
    holds r + reach rows of row_bytes (the kernel's reach below them, for shifted rows)."""
    row_bytes = max(row_bytes, 1)
    most = max(1, BLOCK_BYTES // row_bytes - reach)
    if most >= out_rows:
        return out_rows, max(1, BLOCK_BYTES // (row_bytes * max(out_rows + reach, 1)))
    return -(-out_rows // -(-out_rows // most)), 1


class _Lowering:
    """One convolution's shapes, its chunks over the batch and the layout of each chunk's columns.

    Per sample (m, G, C/G*KH*KW, rows*OW) for each block of m samples, or of output rows of one sample
    (`blocks`): each block's product writes straight into NCHW rows. Batch last (G, C/G*KH*KW, OH*OW*n):
    the chunk is first copied to (C, H, W, n), so each row of a window copy is OW*n contiguous elements
    instead of OW; for small images, where NCHW rows are short.
    """

    def __init__(self, xp, n, in_channels, in_hw, out_hw, geometry, groups, dtype, per_sample=None):
        self.xp, self.n, self.in_hw, self.out_hw, self.geometry = xp, n, tuple(in_hw), tuple(out_hw), geometry
        self.groups, self.dtype = groups, dtype
        kernel, stride, padding, _ = geometry
        self.window = (in_channels,) + tuple(kernel)  # one output position's (C, KH, KW) inputs
        self.rows = in_channels * kernel[0] * kernel[1]
        self.positions = out_hw[0] * out_hw[1]
        self.per_sample = self.positions >= PER_SAMPLE_COLUMNS if per_sample is None else per_sample
        # A 1x1 kernel without padding reads a strided subsample of the input: no window copy.
        self.pointwise = kernel == (1, 1) and not any(padding)
        self.subsample = self.pointwise and stride != (1, 1)
        sample_bytes = self.rows * self.positions * dtype.itemsize
        self.size = min(n, max(1, CHUNK_BYTES // max(sample_bytes, 1), -(-GEMM_COLUMNS // self.positions)))
        # A per-sample product covers whole samples, or blocks of output rows of one sample, whose
        # columns (at most BLOCK_BYTES) stay in the core's L2 cache between the copy and the product
        # (ResNet-18's 64-channel 3x3 forward at batch 16: 14.5 against 12.9 ms for whole samples
        # in chunks of three).
        self.block_rows, self.block_samples = _blocks(out_hw[0], self.rows * out_hw[1] * dtype.itemsize)
        self.shifted = (self.per_sample and groups == 1 and stride[0] == 1 and kernel[0] > 1
                        and in_channels * kernel[1] >= SHIFTED_INNER)
        if self.shifted:  # blocks of output rows whose shifted input rows fit BLOCK_BYTES
            self.reach = geometry[3][0] * (kernel[0] - 1)
            self.shift_rows, self.shift_samples = _blocks(
                out_hw[0], in_channels * kernel[1] * out_hw[1] * dtype.itemsize, self.reach)

    def run(self, work, chunk):
        """Call chunk(start, stop, buffers) over the batch; in parallel when the thread policy allows.

        `work` is the multiply-adds of the whole convolution. Returns the chunk results in order.
        """
        count = min(threads.threads_for(work, small=threads.SMALL_PRODUCT), self.n)
        if count > 1:
            # Each thread takes an equal share of the batch, in chunks, with its own buffers.
            size = min(self.size, -(-self.n // count))
            bounds = [self.n * i // count for i in range(count + 1)]

            def share(first, last):
                buffers = {}
                return [chunk(start, min(start + size, last), buffers) for start in range(first, last, size)]
            parts = threads.run_parallel([lambda i=i: share(bounds[i], bounds[i + 1]) for i in range(count)])
            return [result for part in parts for result in part]
        # One sample, one thread, or the BLAS's workers still spinning: large products take the BLAS's threads.
        buffers = {}
        return [chunk(start, min(start + self.size, self.n), buffers) for start in range(0, self.n, self.size)]

    def buffer(self, buffers, name, shape, dtype=None, zeros=False):
        """A scratch array of one thread, reused by its chunks of the same shape."""
        key = name, shape
        array = buffers.get(key)
        if array is None:
            array = buffers[key] = (self.xp.zeros if zeros else self.xp.empty)(shape, dtype=dtype or self.dtype)
        return array

    def columns(self, x, buffers):
        """Batch last: im2col of a chunk x (n, C, H, W) as (G, C/G*KH*KW, OH*OW*n)."""
        n = x.shape[0]
        if self.subsample:
            stride = self.geometry[1]
            x = x[:, :, :stride[0] * self.out_hw[0]:stride[0], :stride[1] * self.out_hw[1]:stride[1]]
        shape = (self.groups, self.rows // self.groups)
        source = self._padded(x, buffers)
        if self.pointwise:
            return source.reshape(shape + (self.positions * n,))
        cols = self.buffer(buffers, "columns", self.window + self.out_hw + (n,))
        cols[...] = self._windows(source)
        return cols.reshape(shape + (self.positions * n,))

    def blocks(self, x, buffers):
        """Per sample: yield (i0, i1, first, last, columns) for samples [i0, i1) of the chunk x and their
        output rows [first, last): columns (i1-i0, G, C/G*KH*KW, (last-first)*OW), without groups
        (i1-i0, C*KH*KW, (last-first)*OW), in a buffer that the next block overwrites."""
        n = x.shape[0]
        oh, ow = self.out_hw
        # One group's products take 2-d weights: NumPy's stacked matmul is slower into a strided output.
        shape = (self.groups, self.rows // self.groups) if self.groups > 1 else (self.rows,)
        if self.pointwise and not self.subsample:
            yield 0, n, 0, oh, x.reshape((n,) + shape + (self.positions,))
            return
        _, stride, padding, dilation = self.geometry
        top, bottom, left, right = padding
        bordered = bool(top or bottom or left or right)
        source = x
        if bordered:  # a buffer of block_samples samples whose zero border survives from block to block
            h, w = self.in_hw
            source = self.buffer(buffers, "padded", (self.block_samples,) + self.window[:1] +
                                 (h + top + bottom, w + left + right), x.dtype, zeros=True)
        # One window view for the whole call, sliced per block (as_strided costs ~15 us a call).
        s_n, s_c, s_h, s_w = source.strides
        windows = self.xp.lib.stride_tricks.as_strided(
            source, source.shape[:1] + self.window + self.out_hw,
            (s_n, s_c, dilation[0] * s_h, dilation[1] * s_w, stride[0] * s_h, stride[1] * s_w), writeable=False)
        flat = self.buffer(buffers, "columns", (self.block_samples * self.rows * self.block_rows * ow,))
        for i0 in range(0, n, self.block_samples):
            i1 = min(n, i0 + self.block_samples)
            m = i1 - i0
            if bordered:
                source[:m, :, top:top + h, left:left + w] = x[i0:i1]
                samples = windows[:m]
            else:
                samples = windows[i0:i1]
            for first in range(0, oh, self.block_rows):
                last = min(oh, first + self.block_rows)
                block = samples[..., first:last, :]
                cols = flat[:block.size].reshape(block.shape)
                cols[...] = block
                yield i0, i1, first, last, cols.reshape((m,) + shape + ((last - first) * ow,))

    def shifted_blocks(self, x, buffers):
        """Shifted rows: yield (i0, i1, first, last, rows) for samples [i0, i1) of the chunk x and their output
        rows [first, last). rows[:i1-i0] is (m, C*KW, R*OW), R = shift_rows + reach: row (c, b) holds input
        channel c's padded rows first.. shifted by kernel column b; kernel row a reads its columns
        [a*dh*OW, (a*dh + last - first)*OW). A buffer that the next block overwrites."""
        n, c = x.shape[:2]
        (_, kw), (_, sw), (top, _, left, _), (_, dw) = self.geometry
        h, w = self.in_hw
        oh, ow = self.out_hw
        span = self.shift_rows + self.reach
        rows = self.buffer(buffers, "shifted", (self.shift_samples, c * kw, span * ow), zeros=True)
        grid = rows.reshape(self.shift_samples, c, kw, span, ow)
        # The output columns each kernel column reads inside the image; the rest stay zero.
        spans = [_valid(ow, w, sw, b * dw - left) for b in range(kw)]
        for i0 in range(0, n, self.shift_samples):
            i1 = min(n, i0 + self.shift_samples)
            m = i1 - i0
            for first in range(0, oh, self.shift_rows):
                last = min(oh, first + self.shift_rows)
                count = last - first + self.reach
                # Padded rows first..first+count-1 are input rows from first - top, zero outside the image.
                inside0, inside1 = max(0, top - first), max(max(0, top - first), min(count, h + top - first))
                block = grid[:m, :, :, :count]
                block[:, :, :, :inside0] = 0
                block[:, :, :, inside1:] = 0
                if inside0 < inside1:
                    source = x[i0:i1, :, first + inside0 - top:first + inside1 - top]
                    for b, (j0, j1, c0) in enumerate(spans):
                        if j0 < j1:
                            block[:, :, b, inside0:inside1, j0:j1] = source[..., c0:c0 + (j1 - j0 - 1) * sw + 1:sw]
                yield i0, i1, first, last, rows[:m]

    def _padded(self, x, buffers):
        """Batch last: the chunk (n, C, H, W) as (C, H, W, n), inside its zero border.

        The buffer's border stays zero while each chunk overwrites the inside.
        """
        top, bottom, left, right = self.geometry[2]
        bordered = bool(top or bottom or left or right)
        n, c, h, w = x.shape
        padded_hw = (h + top + bottom, w + left + right)
        padded = self.buffer(buffers, "padded", (c,) + padded_hw + (n,), x.dtype, zeros=bordered)
        padded[:, top:top + h, left:left + w] = x.transpose(1, 2, 3, 0)
        return padded

    def _windows(self, padded):
        """Read-only view (C, KH, KW, OH, OW, n) of the windows of a batch-last padded chunk."""
        kernel, stride, _, dilation = self.geometry
        s_c, s_h, s_w, s_n = padded.strides
        shape = padded.shape[:1] + kernel + self.out_hw + padded.shape[3:]
        strides = (s_c, dilation[0] * s_h, dilation[1] * s_w, stride[0] * s_h, stride[1] * s_w, s_n)
        return self.xp.lib.stride_tricks.as_strided(padded, shape, strides, writeable=False)

    def batch_last(self, dy, buffers):
        """A chunk of dy (n, O, OH, OW) as (G, O/G, OH*OW*n), matching batch-last columns."""
        n, o = dy.shape[:2]
        rows = self.buffer(buffers, "rows", (o,) + self.out_hw + (n,), dy.dtype)
        rows[...] = dy.transpose(1, 2, 3, 0)
        return rows.reshape(self.groups, o // self.groups, self.positions * n)

    def scatter_add(self, cols, dx, batch_last=False):
        """col2im, the adjoint of the window copy: add columns (n, C, KH, KW, OH, OW) into dx (n, C, H, W),
        or batch last, (C, KH, KW, OH, OW, n) into (C, H, W, n)."""
        for a, b, out_rows, out_cols, rows, cols_in in _offsets(self.geometry, self.in_hw, self.out_hw):
            if batch_last:
                dx[:, rows, cols_in] += cols[:, a, b, out_rows, out_cols]
            else:
                dx[:, :, rows, cols_in] += cols[:, :, a, b, out_rows, out_cols]


def _widened(xp, *arrays):
    """float16 and bfloat16 arrays as float32 — their products accumulate there and are rounded once,
    as matmul_kernel's are — and the dtype to round results to (None: nothing was widened)."""
    dtype = arrays[0].dtype
    if dtype.itemsize != 2 or dtype.name not in LOW_PRECISION:
        return arrays, None
    return tuple(a.astype(xp.float32) for a in arrays), dtype


def _narrowed(array, dtype):
    return array if dtype is None else array.astype(dtype)


def _geometry(w_shape, stride, padding, dilation):
    return tuple(w_shape[2:]), tuple(stride), tuple(padding), tuple(dilation)


def _conv2d(xp, x, w, stride, padding, dilation, groups):
    n, c, h, width = x.shape
    o, _, kh, kw = w.shape
    geometry = _geometry(w.shape, stride, padding, dilation)
    oh = _out_size(h + padding[0] + padding[1], kh, stride[0], dilation[0])
    ow = _out_size(width + padding[2] + padding[3], kw, stride[1], dilation[1])
    lowering = _Lowering(xp, n, c, (h, width), (oh, ow), geometry, groups, x.dtype)
    weights = w.reshape(groups, o // groups, -1)
    out = xp.empty((n, o, oh, ow), dtype=xp.result_type(x, w))
    if out.size == 0:
        return out

    # Per sample, without groups the products are 2-d (as lowering.blocks gives the columns).
    sample_weights = weights[0] if groups == 1 else weights

    if lowering.shifted:
        # (KH, O, C*KW): kernel row a's weights, columns in the shifted rows' (c, b) order.
        row_weights = xp.ascontiguousarray(w.transpose(2, 0, 1, 3)).reshape(kh, o, c * kw)
        step = dilation[0] * ow

    def chunk(start, stop, buffers):
        if lowering.shifted:
            rows = out[start:stop].reshape(stop - start, o, oh * ow)
            partial = lowering.buffer(buffers, "partial", (lowering.shift_samples * o * lowering.shift_rows * ow,),
                                      out.dtype)
            for i0, i1, first, last, shifted in lowering.shifted_blocks(x[start:stop], buffers):
                width = (last - first) * ow
                target = rows[i0:i1, :, first * ow:last * ow]
                threads.matmul(xp, row_weights[0], shifted[..., :width], out=target)
                product = partial[:(i1 - i0) * o * width].reshape(i1 - i0, o, width)
                for a in range(1, kh):
                    threads.matmul(xp, row_weights[a], shifted[..., a * step:a * step + width], out=product)
                    target += product
        elif lowering.per_sample:
            rows = out[start:stop].reshape((stop - start,) + sample_weights.shape[:-1] + (oh * ow,))
            for i0, i1, first, last, cols in lowering.blocks(x[start:stop], buffers):
                threads.matmul(xp, sample_weights, cols, out=rows[i0:i1, ..., first * ow:last * ow])
        else:
            cols = lowering.columns(x[start:stop], buffers)
            product = threads.matmul(xp, weights, cols)  # (G, O/G, OH*OW*n)
            out[start:stop] = product.reshape(o, oh, ow, stop - start).transpose(3, 0, 1, 2)
    lowering.run(n * o * lowering.rows // groups * oh * ow, chunk)
    return out


def _conv2d_kernel(xp, x, w, *, stride, padding, dilation, groups):
    (x, w), dtype = _widened(xp, x, w)
    return _narrowed(_conv2d(xp, x, w, stride, padding, dilation, groups), dtype)


def _flipped_padding(input_hw, out_hw, w_shape, stride, padding, dilation, groups=1):
    """Padding that makes the input gradient of a stride-1 convolution a convolution of dy with the
    flipped kernel; None where that does not hold (strides, or padding wider than the kernel's reach)
    or does not pay: under FLIPPED_CHANNELS input channels per group, the flipped convolution's
    product has too few rows for the BLAS (LeNet-5's second convolution: 1.6 ms against 0.5 ms) —
    unless a group has at most FLIPPED_GROUP_OUTPUTS output channels (depthwise convolutions), where
    col2im's products are as short and its adds cost more (ShuffleNet's 240-channel 3x3 depthwise
    convolution at 14x14, batch 16: 12.3 against 5.6 ms; 2 groups of 6 to 16 channels, 5x5: 0.4
    against 1.0 ms the other way)."""
    if tuple(stride) != (1, 1) or (w_shape[1] < FLIPPED_CHANNELS and w_shape[0] // groups > FLIPPED_GROUP_OUTPUTS):
        return None
    reach = (dilation[0] * (w_shape[2] - 1), dilation[1] * (w_shape[3] - 1))
    flipped = (reach[0] - padding[0], reach[0] - padding[1], reach[1] - padding[2], reach[1] - padding[3])
    if min(flipped) < 0 or out_hw[0] + flipped[0] + flipped[1] - reach[0] != input_hw[0] \
            or out_hw[1] + flipped[2] + flipped[3] - reach[1] != input_hw[1]:
        return None
    return flipped


def _conv2d_input_grad_kernel(xp, dy, w, *, input_shape, stride, padding, dilation, groups):
    (dy, w), dtype = _widened(xp, dy, w)
    return _narrowed(_conv2d_input_grad(xp, dy, w, input_shape, stride, padding, dilation, groups), dtype)


def _conv2d_input_grad(xp, dy, w, input_shape, stride, padding, dilation, groups):
    n, o, oh, ow = dy.shape
    _, cg, kh, kw = w.shape
    c = groups * cg
    flipped = _flipped_padding(input_shape[2:], (oh, ow), w.shape, stride, padding, dilation, groups)
    # The flipped convolution copies the turned weights: where they outweigh dy's columns (few
    # positions per input channel, ResNet-18's 512-channel 4x4 stage: 12.0 against 8.3 ms), col2im.
    if flipped is not None and n * oh * ow >= FLIPPED_POSITIONS_PER_CHANNEL * cg:
        # dx = dy correlated with the kernel turned by 180 degrees, its in/out channels swapped per
        # group: one more convolution, where col2im would add nine column blocks into dx.
        turned = w.reshape(groups, o // groups, cg, kh, kw).transpose(0, 2, 1, 3, 4)[..., ::-1, ::-1]
        return _conv2d(xp, dy, turned.reshape(c, o // groups, kh, kw), (1, 1), flipped, dilation, groups)
    geometry = _geometry(w.shape, stride, padding, dilation)
    # col2im adds columns into NCHW rows, or into (C, H, W, n) for images under SCATTER_BATCH_LAST
    # positions, whose NCHW rows are too short.
    lowering = _Lowering(xp, n, c, input_shape[2:], (oh, ow), geometry, groups, xp.result_type(dy, w),
                         oh * ow >= SCATTER_BATCH_LAST)
    weights = w.reshape(groups, o // groups, cg * kh * kw).transpose(0, 2, 1)  # (G, C/G*KH*KW, O/G)
    dx = xp.empty((n, c) + tuple(input_shape[2:]), dtype=lowering.dtype)
    if dx.size == 0 or dy.size == 0:
        dx.fill(0)
        return dx

    def chunk(start, stop, buffers):
        m = stop - start
        if lowering.per_sample:
            # By blocks of samples whose columns stay in cache from the product to col2im's adds.
            step = min(m, lowering.block_samples)
            cols = lowering.buffer(buffers, "columns", (step, groups, cg * kh * kw, oh * ow))
            dx[start:stop] = 0
            for first in range(start, stop, step):
                last = min(stop, first + step)
                block = cols[:last - first]
                grads = dy[first:last].reshape(last - first, groups, o // groups, oh * ow)
                threads.matmul(xp, weights, grads, out=block)
                lowering.scatter_add(block.reshape((last - first,) + lowering.window + (oh, ow)), dx[first:last])
        else:
            cols = threads.matmul(xp, weights, lowering.batch_last(dy[start:stop], buffers))
            total = lowering.buffer(buffers, "input gradient", (c,) + tuple(input_shape[2:]) + (m,))
            total.fill(0)
            lowering.scatter_add(cols.reshape(lowering.window + (oh, ow, m)), total, batch_last=True)
            dx[start:stop] = total.transpose(3, 0, 1, 2)
    lowering.run(n * o * cg * kh * kw * oh * ow, chunk)
    return dx


def _conv2d_weight_grad(xp, x, dy, weight_shape, stride, padding, dilation, groups):
    n, c = x.shape[:2]
    o, oh, ow = dy.shape[1:]
    geometry = _geometry(weight_shape, stride, padding, dilation)
    lowering = _Lowering(xp, n, c, x.shape[2:], (oh, ow), geometry, groups, x.dtype)
    og = o // groups
    if n == 0:
        return xp.zeros(weight_shape, dtype=xp.result_type(x, dy))

    # Per sample, each chunk gives columns @ dy^T, (G, C/G*KH*KW, O/G), transposed once at the end:
    # BLAS runs that faster than dy @ columns^T on long rows (9.6 against 12.8 ms for ResNet-18's
    # 64-channel 3x3 at batch 16). Batch last, rows are short and the weights large: dy @ columns^T.
    kh, kw = weight_shape[2:]
    step = dilation[0] * ow

    def chunk(start, stop, buffers):
        m = stop - start
        if lowering.shifted:
            # Per kernel row a: shifted rows @ dy^T, (C*KW, O), summed over the blocks.
            rows = dy[start:stop].reshape(m, o, oh * ow)
            total = xp.zeros((kh, c * kw, o), dtype=xp.result_type(x, dy))
            for i0, i1, first, last, shifted in lowering.shifted_blocks(x[start:stop], buffers):
                width = (last - first) * ow
                grads = rows[i0:i1, :, first * ow:last * ow].swapaxes(-1, -2)
                for a in range(kh):
                    part = threads.matmul(xp, shifted[..., a * step:a * step + width], grads)
                    total[a] += part[0] if i1 - i0 == 1 else xp.add.reduce(part, axis=0)
            return total
        if lowering.per_sample:
            rows = dy[start:stop].reshape((m,) + ((groups, og) if groups > 1 else (o,)) + (oh * ow,))
            total = None
            for i0, i1, first, last, cols in lowering.blocks(x[start:stop], buffers):
                part = threads.matmul(xp, cols, rows[i0:i1, ..., first * ow:last * ow].swapaxes(-1, -2))
                part = part[0] if i1 - i0 == 1 else xp.add.reduce(part, axis=0)
                if total is None:
                    total = part
                else:
                    total += part
            return total
        cols = lowering.columns(x[start:stop], buffers)
        return threads.matmul(xp, lowering.batch_last(dy[start:stop], buffers), cols.transpose(0, 2, 1))
    parts = lowering.run(n * o * lowering.rows // groups * oh * ow, chunk)
    total = parts[0]
    for part in parts[1:]:
        total += part
    if lowering.shifted:  # (KH, C, KW, O) -> (O, C, KH, KW)
        return xp.ascontiguousarray(total.reshape(kh, c, kw, o).transpose(3, 1, 0, 2))
    if lowering.per_sample:
        total = xp.ascontiguousarray(total.swapaxes(-1, -2))
    return total.reshape(weight_shape)


def _conv2d_weight_grad_kernel(xp, x, dy, *, weight_shape, stride, padding, dilation, groups):
    (x, dy), dtype = _widened(xp, x, dy)
    return _narrowed(_conv2d_weight_grad(xp, x, dy, weight_shape, stride, padding, dilation, groups), dtype)


def _conv2d_rule(x, w, out, dout, **geometry):
    # A network's first convolution needs no input gradient: skipping it saves a whole col2im.
    return (conv2d_input_grad(dout, w, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv2d_weight_grad(x, dout, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv2d_input_grad_rule(dy, w, out, dout, *, input_shape, **geometry):
    return (conv2d(dout, w, **geometry) if needs_grad(dy) else None,
            conv2d_weight_grad(dout, dy, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv2d_weight_grad_rule(x, dy, out, dout, *, weight_shape, **geometry):
    return (conv2d_input_grad(dy, dout, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv2d(x, dout, **geometry) if needs_grad(dy) else None)


conv2d = defprim("conv2d", _conv2d_kernel, _conv2d_rule)
# The adjoint of conv2d in its input; also the forward of a transposed convolution.
conv2d_input_grad = defprim("conv2d_input_grad", _conv2d_input_grad_kernel, _conv2d_input_grad_rule)
conv2d_weight_grad = defprim("conv2d_weight_grad", _conv2d_weight_grad_kernel, _conv2d_weight_grad_rule)
