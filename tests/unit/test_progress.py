import io

from akhbar.progress import Progress


def test_progress_line_reports_rate_and_remaining_time():
    progress = Progress(total_weight=100, stream=io.StringIO(), enabled=False)
    progress.started = 0.0
    progress.advance(25, 500)
    assert progress.line(now=10.0) == "transform  25.0%  500 documents  50 docs/s  ~30s left"


def test_progress_is_quiet_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(total_weight=10, stream=stream)
    progress.advance(10, 10)
    progress.close()
    assert stream.getvalue() == ""
