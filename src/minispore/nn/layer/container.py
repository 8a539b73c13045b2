"""Containers: SequentialCell, CellList, CellDict."""
from collections import OrderedDict

from minispore.nn.cell import Cell

__all__ = ["SequentialCell", "CellList", "CellDict"]


def _check_cell(cell, owner):
    if not isinstance(cell, Cell):
        raise TypeError(f"For '{owner}', every element must be a Cell, but got type {type(cell)}.")


class SequentialCell(Cell):
    """Calls its Cells in order; built from Cells, a list of Cells or an OrderedDict of them."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, cell in args[0].items():
                self.insert_child_to_cell(name, cell)
            return
        cells = args[0] if len(args) == 1 and isinstance(args[0], list) else args
        for index, cell in enumerate(cells):
            self.insert_child_to_cell(str(index), cell)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _sliced(type(self), list(self._cells.items())[index])
        if not isinstance(index, int):
            raise TypeError(f"For 'SequentialCell', the type of 'index' must be int, but got "
                            f"{type(index).__name__}.")
        return list(self._cells.values())[self._position(index)]

    def __setitem__(self, index, cell):
        _check_cell(cell, "SequentialCell")
        key = list(self._cells)[self._position(index)]
        self.insert_child_to_cell(key, cell)

    def __delitem__(self, index):
        if isinstance(index, slice):
            for key in list(self._cells)[index]:
                del self._cells[key]
                self.__dict__.pop(key, None)
            return
        key = list(self._cells)[self._position(index)]
        del self._cells[key]
        self.__dict__.pop(key, None)

    def _position(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f"For 'SequentialCell', index {index} is out of range for {len(self)} cells.")
        return index % len(self)

    def __len__(self):
        return len(self._cells)

    def __iter__(self):
        return iter(list(self._cells.values()))

    def append(self, cell):
        _check_cell(cell, "SequentialCell")
        self.insert_child_to_cell(str(len(self)), cell)
        return self

    def construct(self, input_data):
        for cell in self._cells.values():
            input_data = cell(input_data)
        return input_data


def _sliced(cls, items):
    """A container holding `items` under their original keys (MindSpore keeps the keys in the repr)."""
    new = cls.__new__(cls)
    Cell.__init__(new)
    for key, cell in items:
        new._cells[key] = cell
        new.__dict__[key] = cell
    return new


class CellList(Cell):
    """A list of Cells, registered as children `0`, `1`, ...; not callable itself."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        if args:
            self.extend(args[0])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _sliced(type(self), list(self._cells.items())[index])
        return list(self._cells.values())[index]

    def __setitem__(self, index, cell):
        _check_cell(cell, "CellList")
        self.insert_child_to_cell(list(self._cells)[index], cell)

    def __delitem__(self, index):
        keys = list(self._cells)
        for key in (keys[index] if isinstance(index, slice) else [keys[index]]):
            del self._cells[key]
            self.__dict__.pop(key, None)
        self._renumber()

    def _renumber(self):
        cells = list(self._cells.values())
        for key in list(self._cells):
            self.__dict__.pop(key, None)
        self._cells.clear()
        for index, cell in enumerate(cells):
            self._cells[str(index)] = cell
            self.__dict__[str(index)] = cell

    def __len__(self):
        return len(self._cells)

    def __iter__(self):
        return iter(list(self._cells.values()))

    def append(self, cell):
        _check_cell(cell, "CellList")
        self.insert_child_to_cell(str(len(self)), cell)
        return self

    def extend(self, cells):
        for cell in cells:
            self.append(cell)
        return self

    def insert(self, index, cell):
        _check_cell(cell, "CellList")
        cells = list(self._cells.values())
        cells.insert(index, cell)
        for key in list(self._cells):
            self.__dict__.pop(key, None)
        self._cells.clear()
        for position, item in enumerate(cells):
            self.insert_child_to_cell(str(position), item)

    def construct(self, *inputs):
        raise NotImplementedError("CellList is a container: call its Cells, not the list.")


class CellDict(Cell):
    """A dict of Cells, registered as children by key."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        if args:
            self.update(args[0])

    def __getitem__(self, key):
        return self._cells[key]

    def __setitem__(self, key, cell):
        if not isinstance(key, str) or "." in key:
            raise KeyError(f'For \'CellDict\', key can not contain ".", but got key {key}')
        _check_cell(cell, "CellDict")
        self.insert_child_to_cell(key, cell)

    def __delitem__(self, key):
        del self._cells[key]
        self.__dict__.pop(key, None)

    def __contains__(self, key):
        return key in self._cells

    def __len__(self):
        return len(self._cells)

    def __iter__(self):
        return iter(self._cells)

    def keys(self):
        return self._cells.keys()

    def values(self):
        return self._cells.values()

    def items(self):
        return self._cells.items()

    def pop(self, key):
        cell = self._cells.pop(key)
        self.__dict__.pop(key, None)
        return cell

    def clear(self):
        for key in list(self._cells):
            self.pop(key)

    def update(self, cells):
        items = cells.items() if hasattr(cells, "items") else cells
        for key, cell in items:
            self[key] = cell

    def construct(self, *inputs):
        raise NotImplementedError("CellDict is a container: call its Cells, not the dict.")
