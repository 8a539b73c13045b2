"""Golden fixtures for the dataset engine: samplers, shards, seeded shuffles, sources and pipeline ops.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_dataset_pipeline.py
Writes tests/golden/dataset_pipeline.json. `setup` is Python that creates small files under `root`
(MNIST IDX, CIFAR batches, an image folder, text and CSV files); each case's `code` (run after
`ds.config.set_seed(seed)`) builds `dataset` from `ds`, `np` and `root`. The case records, for one
iterator over `epochs` passes, the rows of every pass (each row: its columns as lists, or only
column 0 with "first": true), get_dataset_size(), and get_col_names() — or the error MindSpore raised.
The test runs the same code on minispore (tests/dataset/test_pipeline_golden.py).
"""
import json
import os
import sys
import tempfile

import numpy as np
import mindspore.dataset as ds

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "golden", "dataset_pipeline.json")

SETUP = r'''
import os
import numpy as np
def _idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())
rng = np.random.RandomState(7)
os.makedirs(os.path.join(root, "mnist"), exist_ok=True)
_idx(os.path.join(root, "mnist", "train-images-idx3-ubyte"), rng.randint(0, 256, (13, 28, 28)))
_idx(os.path.join(root, "mnist", "train-labels-idx1-ubyte"), np.arange(13) % 10)
_idx(os.path.join(root, "mnist", "t10k-images-idx3-ubyte"), rng.randint(0, 256, (4, 28, 28)))
_idx(os.path.join(root, "mnist", "t10k-labels-idx1-ubyte"), np.array([3, 1, 4, 1]))
# MindSpore reads CIFAR files of their real size only (10000 records a test file)
os.makedirs(os.path.join(root, "cifar10"), exist_ok=True)
records = np.frombuffer(rng.bytes(10000 * 3073), np.uint8).reshape(10000, 3073).copy()
records[:, 0] %= 10
records.tofile(os.path.join(root, "cifar10", "test_batch.bin"))
os.makedirs(os.path.join(root, "cifar100"), exist_ok=True)
records = np.frombuffer(rng.bytes(10000 * 3074), np.uint8).reshape(10000, 3074).copy()
records[:, 0] %= 20
records[:, 1] %= 100
records.tofile(os.path.join(root, "cifar100", "test.bin"))
for folder, names in (("dog", ["b.jpg", "a.jpg", "c.png"]), ("cat", ["z.jpg", "y.JPEG"]), ("ant", ["m.jpg"])):
    os.makedirs(os.path.join(root, "folder", folder), exist_ok=True)
    for name in names:
        with open(os.path.join(root, "folder", folder, name), "wb") as f:
            f.write((folder + "/" + name).encode())
os.makedirs(os.path.join(root, "text"), exist_ok=True)
for name, lines in (("b.txt", ["b0", "b1", "", "b2", "b3", "b4"]), ("a.txt", ["a0", "a1", "a2"]), ("c.txt", ["c0"])):
    with open(os.path.join(root, "text", name), "w") as f:
        f.write("\n".join(lines) + "\n")
with open(os.path.join(root, "text", "t.csv"), "w") as f:
    f.write("name,score,count\nx,1.5,2\n,-3,4\nz,2.25,5\n")
with open(os.path.join(root, "text", "empty_number.csv"), "w") as f:
    f.write("x,1.5,2\ny,,3\n")
'''


def _cases():
    cases = []

    def add(name, code, seed=5, epochs=1, first=True):
        cases.append({"name": name, "code": code, "seed": seed, "epochs": epochs, "first": first})

    # shard splits without shuffle: uneven sizes wrap round to the first rows
    for rows in (10, 7, 5, 13):
        for shards in (3, 4, 8):
            for shard in range(shards):
                add(f"slices_{rows}_shard{shard}of{shards}",
                    f"dataset = ds.NumpySlicesDataset(list(range({rows})), ['x'], shuffle=False, "
                    f"num_shards={shards}, shard_id={shard})")
    # seeded shuffles, with and without shards, over several epochs of one iterator
    for seed in (5, 1234, 5489):  # 5489 = no seed set: random order, but shards still agree (seed 5490)
        for rows in (10, 37, 100):
            if seed != 5489:
                add(f"slices_{rows}_shuffle_seed{seed}", f"dataset = ds.NumpySlicesDataset(list(range({rows})), "
                                                         f"['x'])", seed, epochs=3)
            for shards in (3, 4):
                for shard in range(shards):
                    add(f"slices_{rows}_shuffle_seed{seed}_shard{shard}of{shards}",
                        f"dataset = ds.NumpySlicesDataset(list(range({rows})), ['x'], num_shards={shards}, "
                        f"shard_id={shard})", seed, epochs=3)
    for shards, shard in ((2, 0), (2, 1), (3, 2)):
        add(f"generator_list_shuffle_shard{shard}of{shards}",
            f"dataset = ds.GeneratorDataset([np.array(i) for i in range(11)], ['x'], num_shards={shards}, "
            f"shard_id={shard})", 77, epochs=2)
        add(f"generator_list_noshuffle_shard{shard}of{shards}",
            f"dataset = ds.GeneratorDataset([np.array(i) for i in range(11)], ['x'], shuffle=False, "
            f"num_shards={shards}, shard_id={shard})")
        add(f"distributed_sampler_shard{shard}of{shards}",
            f"dataset = ds.NumpySlicesDataset(list(range(11)), ['x'], sampler=ds.DistributedSampler({shards}, "
            f"{shard}))", 9, epochs=2)
        add(f"distributed_sampler_noshuffle_numsamples_shard{shard}of{shards}",
            f"dataset = ds.NumpySlicesDataset(list(range(11)), ['x'], sampler=ds.DistributedSampler({shards}, "
            f"{shard}, shuffle=False, num_samples=3))")
    add("generator_list_default_shuffle", "dataset = ds.GeneratorDataset([np.array(i) for i in range(7)], 'x')", 3)
    add("two_iterators_same_random_order",
        "dataset = ds.NumpySlicesDataset(list(range(9)), ['x'])\nlist(dataset.create_tuple_iterator())", 11)
    add("shuffle_num_samples_draws_with_replacement",
        "dataset = ds.NumpySlicesDataset(list(range(10)), ['x'], num_samples=6)", 5, epochs=2)
    add("noshuffle_num_samples", "dataset = ds.NumpySlicesDataset(list(range(10)), ['x'], shuffle=False, "
                                 "num_samples=4)")
    add("random_sampler", "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.RandomSampler())", 21,
        epochs=2)
    add("random_sampler_replacement",
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.RandomSampler(True, 8))", 21, epochs=2)
    add("random_sampler_num_samples",
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.RandomSampler(num_samples=5))", 21)
    add("sequential_sampler",
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.SequentialSampler(3, 5))")
    add("subset_sampler",
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.SubsetSampler([5, 1, 9, 1]))")
    add("subset_random_sampler",
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=ds.SubsetRandomSampler([5, 1, 9, 2, 7]))",
        13, epochs=3)
    add("weighted_sampler_replacement",
        "dataset = ds.NumpySlicesDataset(list(range(6)), ['x'], "
        "sampler=ds.WeightedRandomSampler([0.1, 0.5, 0.0, 2.0, 1.0, 0.4], 10))", 17, epochs=2)
    add("weighted_sampler_no_replacement",
        "dataset = ds.NumpySlicesDataset(list(range(6)), ['x'], "
        "sampler=ds.WeightedRandomSampler([0.1, 0.5, 0.3, 2.0, 1.0, 0.4], 4, replacement=False))", 17, epochs=2)
    add("list_as_sampler", "dataset = ds.NumpySlicesDataset(list(range(8)), ['x'], sampler=[6, 2, 4])")
    add("child_sampler",
        "sampler = ds.DistributedSampler(2, 1, shuffle=False)\nsampler.add_child(ds.SequentialSampler(2, 7))\n"
        "dataset = ds.NumpySlicesDataset(list(range(12)), ['x'], sampler=sampler)")
    add("conflicting_sampler_and_shuffle",
        "dataset = ds.NumpySlicesDataset(list(range(4)), ['x'], sampler=ds.RandomSampler(), shuffle=True)")
    add("shard_id_too_large", "dataset = ds.NumpySlicesDataset(list(range(4)), ['x'], num_shards=2, shard_id=2)")
    # buffer shuffle (mt19937_64), reshuffled every epoch
    for size in (2, 4, 100):
        for rows in (10, 37):
            add(f"buffer_shuffle_{size}_of_{rows}",
                f"dataset = ds.NumpySlicesDataset(list(range({rows})), ['x'], shuffle=False).shuffle({size})",
                31, epochs=3)
    # an iterable-only source: shuffle is a no-op, sharding and samplers are errors
    iterable = ("class Stream:\n    def __iter__(self):\n        return iter(range(6))\n")
    add("iterable_shuffle_true", iterable + "dataset = ds.GeneratorDataset(Stream(), ['x'], shuffle=True)", 5,
        epochs=2)
    add("iterable_num_samples", iterable + "dataset = ds.GeneratorDataset(Stream(), ['x'], num_samples=4)")
    add("iterable_num_shards",
        iterable + "dataset = ds.GeneratorDataset(Stream(), ['x'], num_shards=2, shard_id=0)")
    add("iterable_sampler",
        iterable + "dataset = ds.GeneratorDataset(Stream(), ['x'], sampler=ds.SequentialSampler())")
    add("generator_function_shuffle",
        "def gen():\n    for i in range(5):\n        yield (np.array(i),)\n"
        "dataset = ds.GeneratorDataset(gen, ['x'], shuffle=True)")
    # file sources
    for usage in ("train", "test", "all"):
        add(f"mnist_{usage}_labels", f"dataset = ds.MnistDataset(root + '/mnist', usage='{usage}', shuffle=False)"
                                     ".project('label')")
    add("mnist_shuffled_shard", "dataset = ds.MnistDataset(root + '/mnist', num_shards=3, shard_id=1)"
                                ".project('label')", 8, epochs=2)
    add("mnist_image_sum", "dataset = ds.MnistDataset(root + '/mnist', usage='test', shuffle=False)"
                           ".map(lambda x: np.array(int(x.sum())), 'image')")
    add("cifar10_test", "dataset = ds.Cifar10Dataset(root + '/cifar10', usage='test', shuffle=False).take(5).map("
                        "lambda x: np.array([int(x.sum()), x.shape[0], x.shape[2], int(x[1, 2, 0])]), 'image')",
        first=False)
    add("cifar10_test_shuffled_shard", "dataset = ds.Cifar10Dataset(root + '/cifar10', usage='test', num_shards=4, "
                                       "shard_id=3).project('label').take(8)", 4)
    add("cifar100_test", "dataset = ds.Cifar100Dataset(root + '/cifar100', usage='test', shuffle=False).take(4).map("
                         "lambda x: np.array(int(x.sum())), 'image')", first=False)
    add("image_folder", "dataset = ds.ImageFolderDataset(root + '/folder', shuffle=False)", first=False)
    add("image_folder_extensions_indexing",
        "dataset = ds.ImageFolderDataset(root + '/folder', shuffle=False, extensions=['.jpg'], "
        "class_indexing={'dog': 5, 'cat': 1})", first=False)
    add("image_folder_shard", "dataset = ds.ImageFolderDataset(root + '/folder', num_shards=2, shard_id=1)", 6,
        epochs=2, first=False)
    add("image_folder_class_indexing",
        "dataset = ds.ImageFolderDataset(root + '/folder')\nclass_indexing = dataset.get_class_indexing()")
    files = "[root + '/text/b.txt', root + '/text/a.txt', root + '/text/c.txt']"
    for workers in (1, 2):
        add(f"text_file_workers{workers}", f"dataset = ds.TextFileDataset({files}, shuffle=False, "
                                           f"num_parallel_workers={workers})")
    for shard in range(3):
        add(f"text_file_shard{shard}of3", f"dataset = ds.TextFileDataset({files}, shuffle=False, num_shards=3, "
                                          f"shard_id={shard}, num_parallel_workers=2)")
    add("text_file_global_shuffle", f"dataset = ds.TextFileDataset({files}, num_parallel_workers=1)", 5, epochs=2)
    add("text_file_files_shuffle", f"dataset = ds.TextFileDataset({files}, shuffle=ds.Shuffle.FILES, "
                                   f"num_parallel_workers=1)", 5, epochs=2)
    add("text_file_glob", "dataset = ds.TextFileDataset(root + '/text/*.txt', shuffle=False, num_parallel_workers=1)")
    add("csv_header", "dataset = ds.CSVDataset(root + '/text/t.csv', column_defaults=['', 0.5, 7], shuffle=False)",
        first=False)
    add("csv_names", "dataset = ds.CSVDataset(root + '/text/t.csv', column_names=['a', 'b', 'c'], shuffle=False)",
        first=False)
    add("csv_empty_number", "dataset = ds.CSVDataset(root + '/text/empty_number.csv', column_defaults=['', 0.5, 7], "
                            "column_names=['a', 'b', 'c'], shuffle=False)", first=False)
    # pipeline operations
    base = "dataset = ds.NumpySlicesDataset({'x': np.arange(10), 'y': np.arange(10) * 10}, shuffle=False)\n"
    add("batch_drop", base + "dataset = dataset.batch(3, drop_remainder=True)", first=False)
    add("padded_batch", "dataset = ds.GeneratorDataset([(np.arange(i + 1),) for i in range(5)], ['x'], "
                        "shuffle=False).padded_batch(2, pad_info={'x': ([4], -1)})")
    add("padded_batch_default", "dataset = ds.GeneratorDataset([(np.arange(i + 1), np.array([i]))for i in range(5)],"
                                " ['x', 'y'], shuffle=False).padded_batch(3)", first=False)
    add("bucket_batch", "dataset = ds.GeneratorDataset([(np.arange(n),) for n in (1, 5, 2, 7, 3, 1, 6, 2)], ['x'], "
                        "shuffle=False).bucket_batch_by_length(['x'], [3, 6], [2, 2, 1], "
                        "pad_info={'x': ([None], 0)}, pad_to_bucket_boundary=True)")
    add("padded_batch_all", "dataset = ds.GeneratorDataset([(np.arange(i + 1), np.array([i]))for i in range(5)],"
                            " ['x', 'y'], shuffle=False).padded_batch(3, pad_info={})", first=False)
    add("bucket_batch_boundary", "dataset = ds.GeneratorDataset([(np.arange(n),) for n in (1, 5, 2, 4, 3, 1, 5)], "
                                 "['x'], shuffle=False).bucket_batch_by_length(['x'], [3, 6, 9], [2, 2, 1, 1], "
                                 "pad_info={'x': ([None], 9)}, pad_to_bucket_boundary=True)")
    add("bucket_batch_length_function", "dataset = ds.GeneratorDataset([(np.arange(n), np.array(n)) for n in "
                                        "(1, 5, 2, 4, 3)], ['x', 'n'], shuffle=False).bucket_batch_by_length("
                                        "['n'], [3], [2, 3], element_length_function=lambda n: int(n))", first=False)
    add("bucket_batch_drop", "dataset = ds.GeneratorDataset([(np.arange(n),) for n in (1, 5, 2, 7, 3)], ['x'], "
                             "shuffle=False).bucket_batch_by_length(['x'], [3], [2, 2], drop_remainder=True)")
    add("filter", base + "dataset = dataset.filter(lambda x: x % 3 == 1, ['x'])", first=False)
    add("take_skip_repeat", base + "dataset = dataset.skip(2).take(5).repeat(2)")
    add("concat_zip", base + "other = ds.NumpySlicesDataset({'x': np.arange(3) + 100, 'y': np.arange(3)}, "
                             "shuffle=False)\ndataset = dataset.take(2).concat(other).zip("
                             "ds.NumpySlicesDataset({'z': np.arange(20)}, shuffle=False))", first=False)
    add("split_mappable_random", "dataset = ds.NumpySlicesDataset(list(range(10)), ['x'])"
                                 ".split([0.3, 0.7])[1]", 19, epochs=2)
    add("split_mappable_ordered", "dataset = ds.NumpySlicesDataset(list(range(10)), ['x'])"
                                  ".split([4, 6], randomize=False)[1]")
    add("split_generic", "dataset = ds.NumpySlicesDataset(list(range(10)), ['x'], shuffle=False).map("
                         "lambda x: x).split([0.5, 0.5])[0]", 23, epochs=2)
    add("map_columns", base + "dataset = dataset.map(lambda x, y: (x + y, x - y, x * 0), ['x', 'y'], "
                              "['s', 'd', 'z'])", first=False)
    add("batch_per_batch_map", base + "dataset = dataset.batch(4, per_batch_map=lambda x, y, info: "
                                      "([a * 2 + info.get_batch_num() for a in x], y), input_columns=['x', 'y'])",
        first=False)
    return cases


def _value(array):
    array = np.asarray(array)
    return array.tolist() if array.dtype.kind not in "S" else [item.decode() for item in array.reshape(-1)]


def run_case(case, root):
    scope = {"ds": ds, "np": np, "root": root}
    ds.config.set_seed(case["seed"])
    try:
        exec(case["code"], scope)
        dataset = scope["dataset"]
        record = {"columns": dataset.get_col_names(), "size": dataset.get_dataset_size()}
        if "class_indexing" in scope:
            record["class_indexing"] = scope["class_indexing"]
        iterator = dataset.create_tuple_iterator(num_epochs=case["epochs"], output_numpy=True)
        passes = []
        for _ in range(case["epochs"]):
            passes.append([_value(row[0]) if case["first"] else [_value(v) for v in row] for row in iterator])
        record["passes"] = passes
    except Exception as error:  # the golden records MindSpore's refusal
        message = str(error)
        if "Dataset Pipeline Error Message" in message:
            message = message.split("[ERROR]")[-1].split("\n")[0].strip()
        record = {"error": type(error).__name__, "message": message.splitlines()[0] if message else ""}
    return record


def main():
    cases = _cases()
    with tempfile.TemporaryDirectory() as root:
        exec(SETUP, {"root": root})
        for case in cases:
            case["expected"] = run_case(case, root)
            print(case["name"], str(case["expected"])[:100], file=sys.stderr)
    with open(OUT, "w") as handle:
        json.dump({"setup": SETUP, "cases": cases}, handle, indent=0, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
