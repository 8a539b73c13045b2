"""Normalisation layers: BatchNorm1d/2d/3d, SyncBatchNorm, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm."""
from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import initializer
from minispore.common.parameter import Parameter
from minispore.nn.cell import Cell
from minispore.nn.layer._check import layer_input
from minispore.ops._prims import elementwise as E, reduce as R, shape as S
from minispore.ops._prims.inplace import assign
from minispore.ops.function import nn_layer_func as NL

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "InstanceNorm1d", "InstanceNorm2d",
           "InstanceNorm3d", "LayerNorm", "GroupNorm"]


class _BatchNorm(Cell):
    """Shared BatchNorm: batch statistics in training (or when use_batch_statistics=True), moving ones otherwise."""

    _input_ndims = ()

    def __init__(self, num_features, eps=1e-05, momentum=0.9, affine=True, gamma_init="ones", beta_init="zeros",
                 moving_mean_init="zeros", moving_var_init="ones", use_batch_statistics=None, data_format="NCHW",
                 dtype=mstype.float32):
        super().__init__()
        name = type(self).__name__
        if isinstance(num_features, bool) or not isinstance(num_features, int):
            raise TypeError(f"For '{name}', the type of 'num_features' must be int, but got "
                            f"{type(num_features).__name__}.")
        if num_features < 1:
            raise ValueError(f"For '{name}', the 'num_features' must be at least 1, but got {num_features}.")
        V.number(name, "momentum", momentum)
        V.number(name, "eps", eps, 0, low_open=True)
        if not 0 <= momentum <= 1:
            raise ValueError(f"For '{name}', the 'momentum' must be a number in range [0, 1], but got {momentum}.")
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError(f"For '{name}', the 'data_format' must be 'NCHW' or 'NHWC', but got {data_format}.")
        affine = V.flag(name, "affine", affine)
        if use_batch_statistics is not None:
            use_batch_statistics = V.flag(name, "use_batch_statistics", use_batch_statistics)
        self.num_features, self.eps, self.affine = num_features, eps, affine
        # MindSpore keeps the weight of the batch statistic (1 - momentum) as `momentum`.
        self.momentum = 1.0 - momentum
        self.use_batch_statistics, self.format = use_batch_statistics, data_format
        shape = (num_features,)
        self.moving_mean = Parameter(initializer(moving_mean_init, shape, dtype), name="mean", requires_grad=False)
        self.moving_variance = Parameter(initializer(moving_var_init, shape, dtype), name="variance",
                                         requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, shape, dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, shape, dtype), name="beta", requires_grad=affine)

    def _check_input(self, x):
        name = type(self).__name__
        V.tensor(name, "input", x)
        if x.ndim not in self._input_ndims:
            dims = " or ".join(str(n) for n in self._input_ndims)
            hint = "; add the batch dimension with x.expand_dims(0)" if x.ndim == min(self._input_ndims) - 1 else ""
            raise ValueError(f"For '{name}', the in_shape must have {dims} dims, but got {x.ndim} "
                             f"(input of shape {x.shape}){hint}.")
        layout = "(N, C)" if self._input_ndims == (2, 3) else "(N, C, H, W)"
        layout = {("(N, C)", "NCHW"): "(N, C) or (N, C, L)", ("(N, C, H, W)", "NHWC"): "(N, H, W, C)"}.get(
            (layout, self.format), layout).replace("C", str(self.num_features))
        layer_input(self, x, self._input_ndims, layout, self.num_features,
                    channel_axis=-1 if self.format == "NHWC" else 1,
                    name=f"{type(self).__name__}(num_features={self.num_features})")

    def construct(self, x):
        self._check_input(x)
        use_batch = self.training if self.use_batch_statistics is None else self.use_batch_statistics
        channels_last = self.format == "NHWC" and x.ndim == 4
        if channels_last:
            x = S.transpose(x, perm=(0, 3, 1, 2))
        out = NL.batch_norm(x, self.moving_mean, self.moving_variance, self.gamma, self.beta, training=use_batch,
                            momentum=self.momentum, eps=self.eps)
        return S.transpose(out, perm=(0, 2, 3, 1)) if channels_last else out

    def extend_repr(self):
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={1.0 - self.momentum}, "
                f"gamma={self.gamma!r}, beta={self.beta!r}, moving_mean={self.moving_mean!r}, "
                f"moving_variance={self.moving_variance!r}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs over every axis but the channel axis."""

    _input_ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) inputs per channel."""

    _input_ndims = (4,)


class BatchNorm3d(Cell):
    """Batch normalisation of (N, C, D, H, W) inputs per channel: a BatchNorm2d (`bn2d`) over (N, C, D*H, W),
    as MindSpore builds it (so its parameters are named `bn2d.gamma`, ...)."""

    def __init__(self, num_features, eps=1e-05, momentum=0.9, affine=True, gamma_init="ones", beta_init="zeros",
                 moving_mean_init="zeros", moving_var_init="ones", use_batch_statistics=None, dtype=mstype.float32):
        super().__init__()
        self.bn2d = BatchNorm2d(num_features, eps, momentum, affine, gamma_init, beta_init, moving_mean_init,
                                moving_var_init, use_batch_statistics, dtype=dtype)

    def construct(self, input_x):
        if V.tensor("BatchNorm3d", "input_x", input_x).ndim != 5:
            raise ValueError(f"For 'BatchNorm3d', the in_shape must have 5 dims, but got {input_x.ndim}.")
        n, c, d, h, w = input_x.shape
        out = self.bn2d(S.reshape(input_x, shape=(n, c, d * h, w)))
        return S.reshape(out, shape=(n, c, d, h, w))


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation whose statistics are synchronised across processes; in one process (the only
    kind minispore runs today) it is BatchNorm over every axis but 1."""

    _input_ndims = (2, 3, 4)

    def __init__(self, num_features, eps=1e-05, momentum=0.9, affine=True, gamma_init="ones", beta_init="zeros",
                 moving_mean_init="zeros", moving_var_init="ones", use_batch_statistics=None, process_groups=None,
                 dtype=mstype.float32):
        super().__init__(num_features, eps, momentum, affine, gamma_init, beta_init, moving_mean_init,
                         moving_var_init, use_batch_statistics, dtype=dtype)
        self.process_groups = process_groups


class _InstanceNorm(Cell):
    """Normalise each sample's channels over their spatial axes (instance statistics in training and
    evaluation alike); in training the running statistics follow the batch's average instance statistics."""

    _input_ndim = 4

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, gamma_init="ones", beta_init="zeros",
                 dtype=mstype.float32):
        super().__init__()
        name = type(self).__name__
        if isinstance(num_features, bool) or not isinstance(num_features, int):
            raise TypeError(f"For '{name}', the type of 'num_features' must be int, but got "
                            f"{type(num_features).__name__}.")
        for arg, value in (("eps", eps), ("momentum", momentum)):
            if not isinstance(value, float):
                raise TypeError(f"For '{name}', the type of '{arg}' must be float, but got {type(value).__name__}.")
        if not isinstance(affine, bool):
            raise TypeError(f"For '{name}', the type of 'affine' must be bool, but got {type(affine).__name__}.")
        if num_features < 1:
            raise ValueError(f"For '{name}', the 'num_features' must be at least 1, but got {num_features}.")
        if not 0 <= momentum <= 1:
            raise ValueError(f"For '{name}', the 'momentum' must be a number in range [0, 1], but got {momentum}.")
        V.dtype(name, "dtype", dtype)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        shape = (num_features,)
        self.moving_mean = Parameter(initializer("zeros", shape, dtype), name="mean", requires_grad=False)
        self.moving_variance = Parameter(initializer("ones", shape, dtype), name="variance", requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, shape, dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, shape, dtype), name="beta", requires_grad=affine)

    def construct(self, x):
        name = type(self).__name__
        if V.tensor(name, "x", x).ndim != self._input_ndim:
            raise ValueError(f"For '{name}', the in_shape must have {self._input_ndim} dims, but got {x.ndim}.")
        if x.shape[1] != self.num_features:
            raise ValueError(f"For '{name}', the channel dimension of the input must equal num_features="
                             f"{self.num_features}, but got input of shape {x.shape}.")
        normed, mean, var = NL.normalize_over(x, tuple(range(2, x.ndim)), self.eps)
        if self.training:
            count = x.size // (x.shape[0] * x.shape[1])
            unbiased = count / max(count - 1, 1)
            keep = 1.0 - self.momentum
            for running, batch, scale in ((self.moving_mean, mean, self.momentum),
                                          (self.moving_variance, var, self.momentum * unbiased)):
                batch = E.stop_gradient(R.mean(S.reshape(batch, shape=x.shape[:2]), axis=(0,), keepdims=False))
                assign(running, E.add(E.mul(running, keep), E.mul(batch, scale)))
        view = (1, self.num_features) + (1,) * (x.ndim - 2)
        return E.add(E.mul(normed, S.reshape(self.gamma, shape=view)), S.reshape(self.beta, shape=view))

    def extend_repr(self):
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, gamma={self.gamma!r}, "
                f"beta={self.beta!r}, moving_mean={self.moving_mean!r}, moving_variance={self.moving_variance!r}")


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of (N, C, L) inputs."""

    _input_ndim = 3


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of (N, C, H, W) inputs."""

    _input_ndim = 4


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation of (N, C, D, H, W) inputs."""

    _input_ndim = 5


class LayerNorm(Cell):
    """Normalise over axes begin_norm_axis.. and apply gamma/beta over axes begin_params_axis.."""

    def __init__(self, normalized_shape, begin_norm_axis=-1, begin_params_axis=-1, gamma_init="ones",
                 beta_init="zeros", epsilon=1e-07, dtype=mstype.float32):
        super().__init__()
        if not isinstance(normalized_shape, (tuple, list)):
            raise TypeError(f"For 'LayerNorm', the type of 'normalized_shape' must be tuple[int] or list[int], "
                            f"but got {normalized_shape} and the type is {type(normalized_shape)}.")
        self.normalized_shape = V.shape("LayerNorm", "normalized_shape", tuple(normalized_shape))
        if 0 in self.normalized_shape:
            raise ValueError(f"For 'LayerNorm', every dimension of 'normalized_shape' must be positive, but got "
                             f"{self.normalized_shape}.")
        V.integer("LayerNorm", "begin_norm_axis", begin_norm_axis)
        V.integer("LayerNorm", "begin_params_axis", begin_params_axis)
        self.begin_norm_axis, self.begin_params_axis, self.epsilon = begin_norm_axis, begin_params_axis, epsilon
        self.gamma = Parameter(initializer(gamma_init, self.normalized_shape, dtype), name="gamma")
        self.beta = Parameter(initializer(beta_init, self.normalized_shape, dtype), name="beta")

    def construct(self, input_x):
        shape = self.normalized_shape
        layer_input(self, input_x, range(len(shape), 33), "(..., " + ", ".join(map(str, shape)) + ")")
        rank = input_x.ndim
        for name, axis in (("begin_norm_axis", self.begin_norm_axis), ("begin_params_axis", self.begin_params_axis)):
            # MindSpore 2.10 accepts only -1 among the negative axes (observed).
            if not -1 <= axis < rank:
                raise RuntimeError(f"For primitive[LayerNorm], input_x's rank is {rank}, while the '{name}' value "
                                   f"should be in the range [-1, {rank}), but got {axis}")
        if tuple(input_x.shape[self.begin_params_axis % rank:]) != self.gamma.shape:
            hint = ""
            if input_x.ndim >= 3 and input_x.shape[1:1 + len(shape)] == shape:
                hint = "; the normalized dimensions look first: move them last, e.g. x.transpose(0, 2, 1)"
            raise ValueError(f"For 'LayerNorm', gamma or beta shape must match input shape, but got input shape: "
                             f"{input_x.shape}, gamma shape: {self.gamma.shape}, beta shape: {self.beta.shape}{hint}.")
        axes = tuple(range(self.begin_norm_axis % rank, rank))
        normed = NL.normalize_over(input_x, axes, self.epsilon)[0]
        return E.add(E.mul(normed, self.gamma), self.beta)

    def extend_repr(self):
        # MindSpore's repr lacks the '=' after gamma; kept so printed networks match.
        return (f"normalized_shape={self.normalized_shape}, begin_norm_axis={self.begin_norm_axis}, "
                f"begin_params_axis={self.begin_params_axis}, gamma{self.gamma!r}, beta={self.beta!r}")


class GroupNorm(Cell):
    """Normalise (N, C, *) inputs over groups of C/num_groups channels, then scale/shift per channel."""

    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, gamma_init="ones", beta_init="zeros",
                 dtype=mstype.float32):
        super().__init__()
        num_groups = V.integer("GroupNorm", "num_groups", num_groups, 1)
        num_channels = V.integer("GroupNorm", "num_channels", num_channels, 1)
        V.number("GroupNorm", "eps", eps, 0, low_open=True)
        V.dtype("GroupNorm", "dtype", dtype)
        if num_channels % num_groups:
            raise ValueError(f"For 'GroupNorm', the 'num_channels' must be divided by 'num_groups', but got "
                             f"'num_channels': {num_channels}, 'num_groups': {num_groups}.")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        self.gamma = Parameter(initializer(gamma_init, (num_channels,), dtype), name="gamma", requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, (num_channels,), dtype), name="beta", requires_grad=affine)

    def construct(self, x):
        layer_input(self, x, range(2, 33), f"(N, {self.num_channels}, ...)", self.num_channels,
                    name=f"GroupNorm(num_channels={self.num_channels})")
        return NL.group_norm(x, self.num_groups, self.gamma, self.beta, self.eps)

    def extend_repr(self):
        return f"num_groups={self.num_groups}, num_channels={self.num_channels}"
