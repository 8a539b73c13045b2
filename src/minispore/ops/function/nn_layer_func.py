"""Normalisation, embedding and attention ops (`ops.batch_norm`, `ops.layer_norm`, ...) with MindSpore's arguments."""
import math

from minispore._autodiff.tape import paused
from minispore._backend import backend_of
from minispore.common import _validate as V
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, linalg as L, norm as N, reduce as R, shape as S
from minispore.ops._prims.inplace import assign_at
from minispore.ops._prims.optim import scale_add
from minispore.ops.function.nn_func import dropout

# Only MindSpore's names are exported to `ops`; the layers import the helpers below directly.
__all__ = ["batch_norm", "layer_norm", "group_norm", "embedding"]


def normalize_over(x, axes, eps):
    """(x - mean) / sqrt(biased var + eps) over `axes` (a tuple); returns (normalised, mean, var)."""
    mean = R.mean(x, axis=axes, keepdims=True)
    centred = E.sub(x, mean)
    var = R.mean(E.mul(centred, centred), axis=axes, keepdims=True)
    return E.mul(centred, E.rsqrt(E.add(var, x._data.dtype.type(eps)))), mean, var


def update_running_stats(running_mean, running_var, batch_mean, batch_var, count, momentum):
    """In place: running = (1 - momentum)·running + momentum·batch; the variance is made unbiased.

    Written with ops and one in-place `scale_add` per statistic, so that jit's trace sees the update;
    the batch statistics pass through stop_gradient (the running ones take no part in differentiation).
    """
    unbiased = count / max(count - 1, 1)
    for running, batch, scale in ((running_mean, batch_mean, 1.0), (running_var, batch_var, unbiased)):
        dtype = running._data.dtype
        step = E.mul(S.reshape(E.stop_gradient(batch), shape=running.shape), momentum * scale)
        scale_add(running, E.cast(step, dtype=dtype), dtype.type(1 - momentum), 1)


def _channel_view(t, ndim):
    """A (C,) Tensor shaped to broadcast over axis 1 of an ndim-d input."""
    return S.reshape(t, shape=(1, t.shape[0]) + (1,) * (ndim - 2)) if ndim > 2 else t


def batch_norm(input_x, running_mean, running_var, weight, bias, training=False, momentum=0.1, eps=1e-05):
    """Normalise over every axis but 1; training uses (and records into the running stats) batch stats."""
    V.tensor("batch_norm", "input_x", input_x)
    training = V.flag("batch_norm", "training", training)
    if input_x.ndim < 2:
        raise ValueError(f"For 'batch_norm', 'input_x' must have at least 2 dimensions, but got shape "
                         f"{input_x.shape}.")
    channels = input_x.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        V.tensor("batch_norm", name, t)
        if tuple(t.shape) != (channels,):
            raise ValueError(f"For 'batch_norm', '{name}' must have shape ({channels},) to match the channel "
                             f"dimension of 'input_x' {input_x.shape}, but got {t.shape}.")
    ndim = input_x.ndim
    if training:
        out, mean, var = N.batch_norm(input_x, weight, bias, eps=float(eps))
        update_running_stats(running_mean, running_var, mean, var, input_x.size // channels, momentum)
        return out
    # Moving statistics (the composite an exported graph writes as MindSpore reads it).
    shift = E.stop_gradient(_channel_view(running_mean, ndim))
    scale = E.rsqrt(E.add(E.stop_gradient(_channel_view(running_var, ndim)), input_x._data.dtype.type(eps)))
    normed = E.mul(E.sub(input_x, shift), scale)
    return E.add(E.mul(normed, _channel_view(weight, ndim)), _channel_view(bias, ndim))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    """Normalise over the trailing `normalized_shape` dims, then scale by weight and shift by bias."""
    V.tensor("layer_norm", "input", input)
    shape = V.shape("layer_norm", "normalized_shape", normalized_shape)
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and V.tensor("layer_norm", name, t).shape != shape:
            raise ValueError(f"For 'layer_norm', the '{name}' must have the shape {shape}, but got {t.shape}.")
    if tuple(input.shape[input.ndim - len(shape):]) != shape or len(shape) > input.ndim:
        raise ValueError(f"For 'layer_norm', the trailing dimensions of 'input' {input.shape} must equal "
                         f"'normalized_shape' {shape}.")
    axes = tuple(range(input.ndim - len(shape), input.ndim))
    out = normalize_over(input, axes, eps)[0]
    if weight is not None:
        out = E.mul(out, weight)
    if bias is not None:
        out = E.add(out, bias)
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    """Normalise each of `num_groups` channel groups of (N, C, *) over its channels and positions."""
    V.tensor("group_norm", "input", input)
    num_groups = V.integer("group_norm", "num_groups", num_groups, 1)
    if input.ndim < 2 or input.shape[1] % num_groups:
        raise ValueError(f"For 'group_norm', the channel dimension of 'input' {input.shape} must be divisible "
                         f"by 'num_groups' {num_groups}.")
    channels = input.shape[1]
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(V.tensor("group_norm", name, t).shape) != (channels,):
            raise ValueError(f"For 'group_norm', '{name}' must have shape ({channels},) to match the channel "
                             f"dimension of 'input' {input.shape}, but got {t.shape}.")
    grouped = S.reshape(input, shape=(input.shape[0], num_groups, -1))
    out = S.reshape(normalize_over(grouped, (2,), eps)[0], shape=input.shape)
    if weight is not None:
        out = E.mul(out, _channel_view(weight, input.ndim))
    if bias is not None:
        out = E.add(out, _channel_view(bias, input.ndim))
    return out


def check_indices(op, input, vocab_size):
    """Integer index Tensor with every value in [0, vocab_size) (no range check when vocab_size is None)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{op}', the indices must be a Tensor, but got {type(input).__name__}.")
    if input._data.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', the indices must be an int32 or int64 Tensor, but got {input.dtype}; convert "
                        "them with ids.astype(mindspore.int32).")
    data = input._data
    if vocab_size is not None and data.size and (data.min() < 0 or data.max() >= vocab_size):
        bad = data[(data < 0) | (data >= vocab_size)].flat[0]
        raise ValueError(f"For '{op}', the 'input_indices' should be in the range [0, {vocab_size}), but got "
                         f"{bad}.")


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False):
    """Rows of `weight` at the integer indices `input`; the padding_idx row gets no gradient."""
    V.tensor("embedding", "weight", weight)
    if weight.ndim != 2:
        raise ValueError(f"For 'embedding', the 'weight' must be 2-d (vocab_size, embedding_size), but got shape "
                         f"{weight.shape}.")
    check_indices("embedding", input, weight.shape[0])
    if padding_idx is not None:
        padding_idx = V.integer("embedding", "padding_idx", padding_idx, -weight.shape[0], weight.shape[0] - 1)
    if max_norm is not None:
        V.number("embedding", "max_norm", max_norm, 0)
    xp = backend_of(weight._data).xp
    if max_norm is not None:
        rows = xp.unique(input._data)
        norms = xp.linalg.norm(weight._data[rows], ord=norm_type, axis=1, keepdims=True)
        factor = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(weight._data.dtype)
        # Renormalising the looked-up rows is a write to the table outside the gradient (as in PyTorch).
        with paused():
            assign_at(weight, wrap(weight._data[rows] * factor), index=rows)
    out = S.gather(weight, input, axis=0)
    if padding_idx is None and not scale_grad_by_freq:
        return out
    # The forward value is unchanged; only the gradient flowing to the table is rescaled/masked.
    keep = xp.ones(input.shape + (1,), dtype=weight._data.dtype)
    if padding_idx is not None:
        keep[input._data == padding_idx % weight.shape[0]] = 0
    if scale_grad_by_freq:
        _, inverse, counts = xp.unique(input._data, return_inverse=True, return_counts=True)
        keep = keep / counts[inverse].reshape(keep.shape).astype(keep.dtype)
    mask = wrap(keep)
    return E.add(E.mul(out, mask), E.stop_gradient(E.mul(out, wrap(1 - keep))))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, training=False):
    """softmax(q·kᵀ/sqrt(d) + mask)·v over the last two axes; returns (output, weights)."""
    # q and k are each scaled by d**-0.25, as MindSpore does, rather than the product by d**-0.5.
    scale = query._data.dtype.type(1 / math.sqrt(math.sqrt(query.shape[-1])))
    perm = tuple(range(key.ndim - 2)) + (key.ndim - 1, key.ndim - 2)
    scores = L.matmul(E.mul(query, scale), S.transpose(E.mul(key, scale), perm=perm))
    if attn_mask is not None:
        scores = E.add(scores, attn_mask)
    weights = R.softmax(scores, axis=scores.ndim - 1)
    if training and dropout_p > 0:
        weights = dropout(weights, dropout_p, True)
    return L.matmul(weights, value), weights
