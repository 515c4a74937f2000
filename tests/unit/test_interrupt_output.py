"""What the interrupt tests count as said after the signal (akhbar.interrupt_bench): a log line
in flight as the signal came is not a complaint; a traceback or anything after the one line is."""

from akhbar.interrupt_bench import _said_after_the_signal

LINE = "akhbar: interrupted by SIGINT: run stopped; the next run picks up from the last completed load"
BATCH_LOG = "23:52:03.245 | INFO    | Task run 'transform-batch-3b5' - batch 1: 50 item(s), 50 document(s), 0 quarantined, 0.30s"


def test_a_log_line_written_before_the_interruption_line_is_not_counted():
    assert _said_after_the_signal([BATCH_LOG, "", LINE]) == [LINE]


def test_a_traceback_before_the_interruption_line_is_counted():
    lines = ["Traceback (most recent call last):", '  File "x.py", line 1', "KeyboardInterrupt", LINE]
    assert _said_after_the_signal(lines) == lines


def test_a_warning_log_before_and_any_line_after_the_interruption_line_are_counted():
    warning = "23:52:03.245 | WARNING | prefect - could not send logs"
    assert _said_after_the_signal([warning, LINE, BATCH_LOG]) == [warning, LINE, BATCH_LOG]


def test_without_the_interruption_line_every_log_line_is_counted():
    assert _said_after_the_signal([BATCH_LOG, ""]) == [BATCH_LOG]
