"""Attention layers: MultiheadAttention, the Transformer encoder and decoder, and Transformer."""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import HeUniform, Uniform, XavierNormal, XavierUniform, initializer
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell
from minispore.nn.layer.activation import GELU, ReLU
from minispore.nn.layer.basic import Dense, Dropout
from minispore.nn.layer.container import CellList
from minispore.nn.layer.normalization import LayerNorm
from minispore.ops._prims import elementwise as E, reduce as R, shape as S
from minispore.ops._prims.nn import dense
from minispore.ops.function import nn_func as NF
from minispore.ops.function.nn_layer_func import scaled_dot_product_attention

__all__ = ["MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
           "TransformerDecoder", "Transformer"]


def _check_mask_dtype(mask, what):
    if mask is not None and mask._data.dtype.kind not in "bf":
        raise ValueError(f"only bool and floating types of {what} are supported, but got {mask.dtype}.")


def _additive_mask(mask, dtype):
    """A bool mask (True = blocked) as 0/-inf of `dtype`; a float mask as it is."""
    if mask._data.dtype.kind == "b":
        return wrap(backend_of(mask._data).xp.where(mask._data, -math.inf, 0).astype(dtype))
    return mask


def _append_column(mask):
    """One more key position on the last axis, never blocked (for bias_k/bias_v and the zero key)."""
    pad = [(0, 0)] * (mask.ndim - 1) + [(0, 1)]
    return wrap(backend_of(mask._data).xp.pad(mask._data, pad))


class MultiheadAttention(Cell):
    """Multi-head scaled dot-product attention with packed or separate q/k/v projections."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, has_bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, dtype=mstype.float32):
        super().__init__()
        embed_dim = V.integer("MultiheadAttention", "embed_dim", embed_dim, 1)
        num_heads = V.integer("MultiheadAttention", "num_heads", num_heads, 1)
        V.number("MultiheadAttention", "dropout", dropout, 0, 1, high_open=True)
        kdim = None if kdim is None else V.integer("MultiheadAttention", "kdim", kdim, 1)
        vdim = None if vdim is None else V.integer("MultiheadAttention", "vdim", vdim, 1)
        has_bias, add_bias_kv, add_zero_attn, batch_first = (
            V.flag("MultiheadAttention", name, value) for name, value in (
                ("has_bias", has_bias), ("add_bias_kv", add_bias_kv), ("add_zero_attn", add_zero_attn),
                ("batch_first", batch_first)))
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise ValueError(f"For 'MultiheadAttention', the init argument 'embed_dim' must be divisible by "
                             f"'num_heads', but got {embed_dim} and {num_heads}.")
        dtype = mstype.float32 if dtype is None else dtype
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(initializer(XavierUniform(), (3 * embed_dim, embed_dim), dtype),
                                            name="in_proj_weight")
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, embed_dim), dtype),
                                           name="q_proj_weight")
            self.k_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, self.kdim), dtype),
                                           name="k_proj_weight")
            self.v_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, self.vdim), dtype),
                                           name="v_proj_weight")
            self.in_proj_weight = None
        self.in_proj_bias = None
        if has_bias:
            self.in_proj_bias = Parameter(initializer("zeros", (3 * embed_dim,), dtype), name="in_proj_bias")
        self.out_proj = Dense(embed_dim, embed_dim, has_bias=has_bias, weight_init=HeUniform(math.sqrt(5)),
                              bias_init=Uniform(1 / math.sqrt(embed_dim)), dtype=dtype)
        self.bias_k = self.bias_v = None
        if add_bias_kv:
            self.bias_k = Parameter(initializer(XavierNormal(), (1, 1, embed_dim), dtype), name="bias_k")
            self.bias_v = Parameter(initializer(XavierNormal(), (1, 1, embed_dim), dtype), name="bias_v")
        self.add_zero_attn = add_zero_attn

    def _project(self, query, key, value):
        e = self.embed_dim
        bias = self.in_proj_bias
        b_q, b_k, b_v = (None, None, None) if bias is None else S.split(bias, axis=0, sections=[e, 2 * e])
        if self._qkv_same_embed_dim:
            w_q, w_k, w_v = S.split(self.in_proj_weight, axis=0, sections=[e, 2 * e])
        else:
            w_q, w_k, w_v = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return dense(query, w_q, b_q), dense(key, w_k, b_k), dense(value, w_v, b_v)

    def _check_inputs(self, query, key, value, key_padding_mask, attn_mask):
        for name, t, dim in (("query", query, self.embed_dim), ("key", key, self.kdim), ("value", value, self.vdim)):
            if not isinstance(t, Tensor):
                raise TypeError(f"For 'MultiheadAttention', '{name}' must be a Tensor, but got {type(t).__name__}.")
            if t.ndim != query.ndim or t.ndim not in (2, 3):
                raise ValueError(f"For 'MultiheadAttention', query, key and value must all be 3-D (batched) or 2-D "
                                 f"(unbatched), but got query {query.shape}, key {key.shape}, value {value.shape}.")
            if t.shape[-1] != dim:
                what = "embed_dim" if name == "query" else ("kdim" if name == "key" else "vdim")
                raise ValueError(f"For 'MultiheadAttention', the last dimension of '{name}' must be {what}={dim}, "
                                 f"but got shape {t.shape}.")
        if key.shape[:-1] != value.shape[:-1]:
            raise ValueError(f"For 'MultiheadAttention', 'key' {key.shape} and 'value' {value.shape} must have the "
                             "same sequence length and batch size.")
        _check_mask_dtype(key_padding_mask, "key_padding_mask")
        if attn_mask is not None and attn_mask._data.dtype.kind not in "buf":
            raise ValueError(f"`attn_mask` only support float, byte, and bool types, but got not {attn_mask.dtype}.")

    def construct(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                  average_attn_weights=True):
        self._check_inputs(query, key, value, key_padding_mask, attn_mask)
        batched = query.ndim == 3
        if not batched:
            query, key, value = (S.expand_dims(t, axis=1) for t in (query, key, value))
            if key_padding_mask is not None:
                key_padding_mask = S.expand_dims(key_padding_mask, axis=0)
        elif self.batch_first:
            query, key, value = (S.transpose(t, perm=(1, 0, 2)) for t in (query, key, value))
        output, weights = self._attend(query, key, value, key_padding_mask, attn_mask, average_attn_weights)
        if not batched:
            output, weights = S.squeeze(output, axis=(1,)), S.squeeze(weights, axis=(0,))
        elif self.batch_first:
            output = S.transpose(output, perm=(1, 0, 2))
        return (output, weights) if need_weights else (output,)

    def _attend(self, query, key, value, key_padding_mask, attn_mask, average_attn_weights):
        """Attention on (L, N, E) query and (S, N, *) key/value; returns ((L, N, E), weights)."""
        tgt_len, batch, _ = query.shape
        heads, head_dim = self.num_heads, self.head_dim
        q, k, v = self._project(query, key, value)
        dtype = q._data.dtype
        if attn_mask is not None:
            attn_mask = self._attn_mask_3d(attn_mask, tgt_len, key.shape[0], batch)
        if self.bias_k is not None:
            k = S.concat(k, S.tile(self.bias_k, reps=(1, batch, 1)), axis=0)
            v = S.concat(v, S.tile(self.bias_v, reps=(1, batch, 1)), axis=0)
            attn_mask = None if attn_mask is None else _append_column(attn_mask)
            key_padding_mask = None if key_padding_mask is None else _append_column(key_padding_mask)
        # (len, N, E) -> (N, heads, len, head_dim)
        q, k, v = (S.transpose(S.reshape(t, shape=(t.shape[0], batch, heads, head_dim)), perm=(1, 2, 0, 3))
                   for t in (q, k, v))
        if self.add_zero_attn:
            zeros = wrap(backend_of(k._data).xp.zeros((batch, heads, 1, head_dim), dtype=dtype))
            k, v = S.concat(k, zeros, axis=2), S.concat(v, zeros, axis=2)
            attn_mask = None if attn_mask is None else _append_column(attn_mask)
            key_padding_mask = None if key_padding_mask is None else _append_column(key_padding_mask)
        src_len = k.shape[2]
        mask = self._combined_mask(attn_mask, key_padding_mask, batch, tgt_len, src_len, dtype)
        output, weights = scaled_dot_product_attention(q, k, v, mask, self.dropout, self.training)
        output = S.reshape(S.transpose(output, perm=(2, 0, 1, 3)), shape=(tgt_len, batch, self.embed_dim))
        output = self.out_proj(output)
        if average_attn_weights:
            weights = E.div(R.sum(weights, axis=(1,), keepdims=False), dtype.type(heads))
        return output, weights

    def _attn_mask_3d(self, attn_mask, tgt_len, src_len, batch):
        if attn_mask.dtype == mstype.uint8:
            attn_mask = wrap(attn_mask._data.astype(bool))
        if attn_mask.ndim == 2:
            if attn_mask.shape != (tgt_len, src_len):
                raise ValueError(f"The shape of the `attn_mask` should be {(tgt_len, src_len)}, "
                                 f"but got {attn_mask.shape}.")
            return S.expand_dims(attn_mask, axis=0)
        expected = (batch * self.num_heads, tgt_len, src_len)
        if attn_mask.ndim != 3 or attn_mask.shape != expected:
            raise ValueError(f"The shape of the `attn_mask` should be {(tgt_len, src_len)} or {expected}, "
                             f"but got {attn_mask.shape}.")
        return attn_mask

    def _combined_mask(self, attn_mask, key_padding_mask, batch, tgt_len, src_len, dtype):
        """attn_mask and key_padding_mask merged into one additive (N, heads | 1, L | 1, S) mask."""
        if key_padding_mask is not None:
            if key_padding_mask.shape != (batch, src_len):
                raise ValueError(f"The shape of `key_padding_mask` should be {(batch, src_len)}, "
                                 f"but got {key_padding_mask.shape}.")
            padding = S.reshape(key_padding_mask, shape=(batch, 1, 1, src_len))
            if attn_mask is None:
                attn_mask = padding
            elif attn_mask._data.dtype.kind == "b" and padding._data.dtype.kind == "b":
                heads_mask = self._heads_view(attn_mask, batch)._data
                attn_mask = wrap(backend_of(heads_mask).xp.logical_or(heads_mask, padding._data))
            else:
                attn_mask = E.add(self._heads_view(_additive_mask(attn_mask, dtype), batch),
                                  _additive_mask(padding, dtype))
        if attn_mask is None:
            return None
        if attn_mask.ndim == 3:
            attn_mask = self._heads_view(attn_mask, batch)
        return _additive_mask(attn_mask, dtype)

    def _heads_view(self, mask, batch):
        """A (1 | N·heads, L, S) mask as (1 | N, 1 | heads, L, S)."""
        if mask.ndim == 4:
            return mask
        if mask.shape[0] == 1:
            return S.expand_dims(mask, axis=0)
        return S.reshape(mask, shape=(batch, self.num_heads) + tuple(mask.shape[1:]))


def _activation_fn(activation, layer):
    """The callable for 'relu'/'gelu', nn.ReLU/nn.GELU instances or ops.relu/ops.gelu (errors name `layer`)."""
    if isinstance(activation, str):
        if activation == "relu":
            return NF.relu
        if activation == "gelu":
            return NF.gelu
        raise ValueError(f"For '{layer}', The activation must be relu/gelu, but get {activation}")
    if isinstance(activation, Cell):
        if not isinstance(activation, (ReLU, GELU)):
            raise ValueError(f"For '{layer}', the argument 'activation' must be nn.ReLU or nn.GELU instance, but get "
                             f"{activation}.")
        return activation
    if callable(activation):
        if getattr(activation, "__wrapped__", activation) not in (NF.relu, NF.gelu):  # ops.gelu wraps NF.gelu
            raise ValueError(f"For '{layer}', the argument 'activation' must be ops.relu or ops.gelu instance, but "
                             f"get {activation}.")
        return activation
    raise ValueError(f"For '{layer}', the argument 'activation' must be str, callable or Cell instance, but get "
                     f"{activation}.")


def _feed_forward_dense(in_channels, out_channels, dtype):
    """A feed-forward Dense with MindSpore's transformer initialisation: U(±1/sqrt(in_channels))."""
    return Dense(in_channels, out_channels, weight_init=HeUniform(math.sqrt(5)),
                 bias_init=Uniform(1 / math.sqrt(in_channels)), dtype=dtype)


def _keep_config(layer, d_model, nhead, dim_feedforward, dropout, activation, activation_fn, layer_norm_eps,
                 batch_first, norm_first, dtype):
    """The constructor arguments an encoder or decoder layer keeps (stacks rebuild layers from them)."""
    layer.activation1 = activation
    layer.activation = activation_fn
    layer.d_model, layer.nhead, layer.dim_feedforward = d_model, nhead, dim_feedforward
    layer.dropout_num, layer.layernorm_eps = dropout, layer_norm_eps
    layer.batch_first, layer.norm_first, layer.dtype = batch_first, norm_first, dtype


class TransformerEncoderLayer(Cell):
    """Self-attention then a feed-forward block, each with a residual and LayerNorm (post- or pre-norm)."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, dtype=mstype.float32):
        super().__init__()
        activation_fn = _activation_fn(activation, "TransformerEncoderLayer")
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, dtype=dtype)
        self.dense1 = _feed_forward_dense(d_model, dim_feedforward, dtype)
        self.dropout = Dropout(p=dropout)
        self.dense2 = _feed_forward_dense(dim_feedforward, d_model, dtype)
        self.norm1 = LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype)
        self.norm2 = LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype)
        self.dropout1 = Dropout(p=dropout)
        self.dropout2 = Dropout(p=dropout)
        _keep_config(self, d_model, nhead, dim_feedforward, dropout, activation, activation_fn, layer_norm_eps,
                     batch_first, norm_first, dtype)

    def construct(self, src, src_mask=None, src_key_padding_mask=None):
        _check_mask_dtype(src_key_padding_mask, "key_padding_mask")
        x = src
        if self.norm_first:
            x = E.add(x, self._sa_block(self.norm1(x), src_mask, src_key_padding_mask))
            return E.add(x, self._ff_block(self.norm2(x)))
        x = self.norm1(E.add(x, self._sa_block(x, src_mask, src_key_padding_mask)))
        return self.norm2(E.add(x, self._ff_block(x)))

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        return self.dropout2(self.dense2(self.dropout(self.activation(self.dense1(x)))))


def _identical_copies(layer, num_layers, kind, stack):
    """`num_layers` freshly built layers of `layer`'s configuration, all starting from the first one's
    weights, as MindSpore builds its stacks."""
    if not isinstance(layer, kind):
        raise TypeError(f"For '{stack}', the layer must be a {kind.__name__}, but got {V.describe(layer)}.")
    num_layers = V.integer(stack, "num_layers", num_layers, 1)
    config = (layer.d_model, layer.nhead, layer.dim_feedforward, layer.dropout_num, layer.activation1,
              layer.layernorm_eps, layer.batch_first, layer.norm_first)
    layers = [type(layer)(*config, dtype=layer.dtype) for _ in range(num_layers)]
    for other in layers[1:]:
        for (_, source), (_, target) in zip(layers[0].parameters_and_names(), other.parameters_and_names()):
            target.set_data(Tensor(source._data.copy()))
    return CellList(layers)


class TransformerEncoder(Cell):
    """`num_layers` copies of an encoder layer's configuration (identical initial weights), then `norm`."""

    def __init__(self, encoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _identical_copies(encoder_layer, num_layers, TransformerEncoderLayer, "TransformerEncoder")
        self.num_layers = num_layers
        self.norm = norm

    def construct(self, src, src_mask=None, src_key_padding_mask=None):
        _check_mask_dtype(src_key_padding_mask, "key_padding_mask")
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.norm(output) if self.norm is not None else output


class TransformerDecoderLayer(Cell):
    """Self-attention, attention over `memory`, then a feed-forward block; residuals and LayerNorms."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, dtype=mstype.float32):
        super().__init__()
        activation_fn = _activation_fn(activation, "TransformerDecoderLayer")
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, dtype=dtype)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first,
                                                 dtype=dtype)
        self.dense1 = _feed_forward_dense(d_model, dim_feedforward, dtype)
        self.dropout = Dropout(p=dropout)
        self.dense2 = _feed_forward_dense(dim_feedforward, d_model, dtype)
        self.norm1 = LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype)
        self.norm2 = LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype)
        self.norm3 = LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype)
        self.dropout1 = Dropout(p=dropout)
        self.dropout2 = Dropout(p=dropout)
        self.dropout3 = Dropout(p=dropout)
        _keep_config(self, d_model, nhead, dim_feedforward, dropout, activation, activation_fn, layer_norm_eps,
                     batch_first, norm_first, dtype)

    def construct(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                  memory_key_padding_mask=None):
        x = tgt
        if self.norm_first:
            x = E.add(x, self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask))
            x = E.add(x, self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask))
            return E.add(x, self._ff_block(self.norm3(x)))
        x = self.norm1(E.add(x, self._sa_block(x, tgt_mask, tgt_key_padding_mask)))
        x = self.norm2(E.add(x, self._mha_block(x, memory, memory_mask, memory_key_padding_mask)))
        return self.norm3(E.add(x, self._ff_block(x)))

    def _sa_block(self, x, attn_mask, key_padding_mask):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, memory, attn_mask, key_padding_mask):
        x = self.multihead_attn(x, memory, memory, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        return self.dropout3(self.dense2(self.dropout(self.activation(self.dense1(x)))))


class TransformerDecoder(Cell):
    """`num_layers` copies of a decoder layer's configuration (identical initial weights), then `norm`."""

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _identical_copies(decoder_layer, num_layers, TransformerDecoderLayer, "TransformerDecoder")
        self.num_layers = num_layers
        self.norm = norm

    def construct(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                  memory_key_padding_mask=None):
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask)
        return self.norm(output) if self.norm is not None else output


class Transformer(Cell):
    """Encoder-decoder Transformer; every parameter with more than one dim starts Xavier-uniform."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation="relu", custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, dtype=mstype.float32):
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            encoder_layer = TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
                                                    layer_norm_eps, batch_first, norm_first, dtype=dtype)
            self.encoder = TransformerEncoder(encoder_layer, num_encoder_layers,
                                              LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            decoder_layer = TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation,
                                                    layer_norm_eps, batch_first, norm_first, dtype=dtype)
            self.decoder = TransformerDecoder(decoder_layer, num_decoder_layers,
                                              LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype))
        for _, p in self.parameters_and_names():
            if p.ndim > 1:
                p.set_data(initializer("xavier_uniform", p.shape, p.dtype))
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def construct(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                  tgt_key_padding_mask=None, memory_key_padding_mask=None):
        V.tensor("Transformer", "src", src)
        V.tensor("Transformer", "tgt", tgt)
        if not src.ndim or not tgt.ndim or src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise ValueError("The number of features for 'src' and 'tgt' must be equal to `d_model`.")
        memory = self.encoder(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask)
