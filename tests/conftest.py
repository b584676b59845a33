"""Shared fixtures: one spaCy pipeline and one lexicon for the whole session.

Also makes a run in which no test executes fail: pytest already fails when nothing is
collected; this catches runs where everything was skipped or deselected.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    import kg

    return kg.load_pipeline()


@pytest.fixture(scope="session")
def lexicon():
    from kg.lexicon import load_lexicon

    return load_lexicon()


_EXECUTED = {"n": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _EXECUTED["n"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _EXECUTED["n"] == 0 and exitstatus in (0, 5):
        session.exitstatus = 1
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.write_line("kg: no test executed; a run that tests nothing fails", red=True)
