"""`mindspore.mindrecord`: MindSpore's MindRecord file format — FileWriter, FileReader.

Files written here load in MindSpore 2.10 and files MindSpore writes load here (the format and its
sqlite index are reproduced byte for byte; see layout.py).
"""
from minispore.mindrecord.filereader import FileReader
from minispore.mindrecord.filewriter import FileWriter

SUCCESS = 0
FAILED = 1

__all__ = ["FileWriter", "FileReader", "SUCCESS", "FAILED"]
