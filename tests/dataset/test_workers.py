"""num_parallel_workers: threads for built-in transforms, processes for Python callables with
python_multiprocessing=True; rows in input order; a worker's failure raised in the consumer naming the
row and the transform; error_samples_mode; parallel reads in sources."""
import os
import threading
import warnings

import numpy as np
import pytest

import minispore.dataset as ds
from minispore.dataset import config, transforms, vision


def _rows(dataset, column=0):
    return [row[column].tolist() for row in dataset.create_tuple_iterator(output_numpy=True, num_epochs=1)]


def _source(count=12):
    return ds.NumpySlicesDataset({"x": np.arange(count), "y": np.arange(count) * 10}, shuffle=False)


def test_threads_run_at_the_same_time_and_keep_order():
    barrier = threading.Barrier(3, timeout=10)  # only three rows in flight together can pass it

    def meet(x):
        barrier.wait()
        return x * 2
    doubled = _source(9).map(meet, "x", num_parallel_workers=3, python_multiprocessing=False)
    assert _rows(doubled) == [2 * i for i in range(9)]


def test_processes_for_python_callables_keep_order():
    pids = _source(8).map(lambda x: np.array([x, os.getpid()]), "x", num_parallel_workers=2,
                          python_multiprocessing=True)
    rows = _rows(pids)
    assert [row[0] for row in rows] == list(range(8))
    workers = {row[1] for row in rows}
    assert len(workers) == 2 and os.getpid() not in workers
    assert [row[1] for row in rows[:2]] != [rows[0][1]] * 2  # round-robin: consecutive rows, other workers


def test_builtin_transforms_in_threads_equal_serial():
    images = np.random.RandomState(3).randint(0, 256, (10, 40, 50, 3)).astype(np.uint8)
    ops = [vision.Resize((20, 30)), vision.Normalize([100.0, 110.0, 120.0], [50.0, 60.0, 70.0]), vision.HWC2CHW()]
    serial = _rows(ds.NumpySlicesDataset(images, ["x"], shuffle=False).map(ops, "x", num_parallel_workers=1))
    threaded = _rows(ds.NumpySlicesDataset(images, ["x"], shuffle=False).map(ops, "x", num_parallel_workers=3))
    assert np.array_equal(np.array(serial), np.array(threaded))


def test_random_transforms_do_not_depend_on_running_in_parallel():
    images = np.random.RandomState(4).randint(0, 256, (9, 30, 30, 3)).astype(np.uint8)
    results = []
    for parallel in (False, True):
        config.set_seed(7)
        dataset = ds.NumpySlicesDataset(images, ["x"], shuffle=False)
        map_workers = 3 if parallel else None
        if not parallel:  # three logical workers run one after another in this thread
            dataset = dataset.map(vision.RandomCrop(12), "x", num_parallel_workers=3)
            dataset._workers = lambda: (3, False)
        else:
            dataset = dataset.map(vision.RandomCrop(12), "x", num_parallel_workers=map_workers)
        results.append(np.array(_rows(dataset)))
    assert np.array_equal(results[0], results[1])


@pytest.mark.parametrize("multiprocessing", [False, True])
def test_worker_error_names_row_and_transform(multiprocessing):
    def fragile(x):
        if x == 5:
            raise ValueError("bad value five")
        return x

    dataset = _source(9).map(fragile, "x", num_parallel_workers=2, python_multiprocessing=multiprocessing)
    with pytest.raises(RuntimeError, match=r"map: operation 'fragile' failed on row 5 \(input column\(s\) \['x'\]\): "
                                           r"ValueError: bad value five"):
        _rows(dataset)


def test_serial_error_names_row_and_transform():
    dataset = _source(4).map([transforms.TypeCast(np.int32), lambda x: [10, 11][int(x)]], "x")
    with pytest.raises(RuntimeError, match=r"operation '<lambda>' failed on row 2.*IndexError"):
        _rows(dataset)


def test_dead_worker_process_is_reported():
    def crash(x):
        if x == 3:
            os._exit(7)
        return x
    dataset = _source(6).map(crash, "x", num_parallel_workers=2, python_multiprocessing=True)
    with pytest.raises(RuntimeError, match="worker process .* exited with code 7"):
        _rows(dataset)


@pytest.mark.parametrize("mode, expected", [(config.ErrorSamplesMode.SKIP, [0, 1, 3]),
                                            (config.ErrorSamplesMode.REPLACE, [0, 1, 1, 3])])
def test_error_samples_mode(monkeypatch, mode, expected):
    monkeypatch.setitem(config._settings, "error_samples_mode", mode)

    def fragile(x):
        if x == 2:
            raise ValueError("two")
        return x
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _rows(_source(4).map(fragile, "x")) == expected
    assert "row 2" in str(caught[0].message) and "ValueError: two" in str(caught[0].message)


def test_generator_reads_in_worker_processes():
    class Source:
        def __getitem__(self, index):
            return np.array([index, os.getpid()])

        def __len__(self):
            return 6
    rows = _rows(ds.GeneratorDataset(Source(), ["x"], shuffle=False, num_parallel_workers=2))
    assert [row[0] for row in rows] == list(range(6)) and len({row[1] for row in rows}) == 2


def test_per_batch_map_in_workers():
    def pairs(x, info):
        return ([v * 2 for v in x],)
    batched = _source(8).batch(3, per_batch_map=pairs, input_columns=["x"], num_parallel_workers=2)
    assert _rows(batched) == [[0, 2, 4], [6, 8, 10], [12, 14]]


def test_config_settings_checked():
    with pytest.raises(ValueError, match="not within the required range"):
        config.set_num_parallel_workers(0)
    with pytest.raises(TypeError, match="numa_enable must be a boolean"):
        config.set_numa_enable(1)
    config.set_numa_enable(True)
    assert config.get_numa_enable() is True
    config.set_numa_enable(False)
    assert config.get_prefetch_size() == 16 and config.get_callback_timeout() == 60
    assert config.get_seed() == config._seed or config._seed is None
