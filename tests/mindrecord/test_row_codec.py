"""A row's raw fields in MessagePack as MindSpore's C++ (nlohmann::json) writes them."""
import math

import pytest

from minispore.mindrecord import row_codec


def test_keys_are_sorted_and_integers_take_their_smallest_encoding():
    assert row_codec.pack({"b": 1, "a": -33, "c": 256}) == (
        b"\x83" b"\xa1a" b"\xd0\xdf" b"\xa1b" b"\x01" b"\xa1c" b"\xcd\x01\x00")


@pytest.mark.parametrize("value, encoded", [
    (0.5, b"\xca\x3f\x00\x00\x00"),                      # a float32 holds 0.5 exactly
    (0.1, b"\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a"),      # it does not hold 0.1: float64
    (1e300, b"\xcb\x7e\x37\xe4\x3c\x88\x00\x75\x9c"),    # beyond float32's range
    (math.inf, b"\xca\x7f\x80\x00\x00"),
])
def test_a_float_is_float32_where_that_holds_it_exactly(value, encoded):
    assert row_codec.pack({"x": value}) == b"\x81\xa1x" + encoded


def test_values_round_trip():
    row = {"id": 2 ** 40, "label": -7, "name": "é" * 40, "data": b"\x00" * 300, "score": 0.25, "none": None,
           "flag": True}
    assert row_codec.unpack(row_codec.pack(row)) == row


@pytest.mark.parametrize("damaged", [row_codec.pack({"a": 1}) + b"\x01", b"\xc1", b"\x82\xa1a"])
def test_damaged_bytes_are_a_clear_error(damaged):
    with pytest.raises(ValueError, match="not valid MessagePack.*damaged or not MindRecord"):
        row_codec.unpack(damaged)


def test_a_value_msgpack_cannot_hold_is_refused():
    with pytest.raises(TypeError, match="cannot store a value of type set"):
        row_codec.pack({"a": {1}})


def test_without_msgpack_both_directions_name_the_extra(monkeypatch):
    monkeypatch.setattr(row_codec, "msgpack", None)
    row_codec._packer_pair.cache_clear()
    try:
        for call in (lambda: row_codec.pack({"a": 1}), lambda: row_codec.unpack(b"\x80")):
            with pytest.raises(ImportError, match=r"minispore\[mindrecord\]"):
                call()
    finally:
        row_codec._packer_pair.cache_clear()
