"""`mindspore.train.summary`: `SummaryRecord`, a summary directory of JSON lines."""
from minispore.train.summary.summary_record import SummaryRecord

__all__ = ["SummaryRecord"]
