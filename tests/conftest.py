import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").lower() == "true"

# The command line speaks the environment's language: every test (and the servers and commands it starts)
# runs in English unless it asks for another (LANG=es_MX.UTF-8 or --lang es in the test itself).
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

# No property test fails for being slow: `make test` runs two pytest-xdist workers, each with a browser and a
# server beside it, on two cores, and a 200 ms deadline or the too_slow health check is then a timed assert
# that a busy machine fails. A test's own @settings still decides its number of examples.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


def _e2e(path: str) -> bool:
    return "e2e" in Path(path).parent.parts[-1:]


def pytest_collection_modifyitems(config, items):
    """The end-to-end files first, the slow ones first of all, so that under `make test` (two pytest-xdist
    workers, see pytest_xdist_make_scheduler) the many short unit tests fill both workers at the end instead of
    one worker waiting on a long browser test. Without xdist only the order changes."""
    items.sort(key=lambda item: (not _e2e(str(item.fspath)), item.get_closest_marker("slow") is None))  # stable


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`pytest -n 2` (--dist load, as `make test` runs it): each end-to-end file is one unit of work for one
    worker (its tests share a browser and a session-wide build such as the offline app's, and run in their
    order); each unit test is a unit of its own, in the order collected. (--dist loadgroup would do it with
    xdist_group marks, but pytest-xdist 3.8.0 renames node ids in a way pytest 9.2 no longer sees.)"""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for by name: pytest-xdist's own
    from xdist.scheduler import LoadScopeScheduling

    class EndToEndFiles(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if _e2e(path) else nodeid

    config.option.loadscopereorder = False  # keep the order above (xdist would put files with most tests first)
    return EndToEndFiles(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped end-to-end test is a failure: the browser tests must really run there."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("e2e"):
        report.outcome = "failed"
        report.longrepr = f"end-to-end test skipped in CI: {report.longrepr}"


@pytest.fixture
def run_async():
    """Runs a coroutine to its end in an event loop of its own, on a thread of its own: Playwright's sync API
    (the end-to-end tests' session-wide browser) keeps a loop running on the main thread, where
    asyncio.run() refuses to start another."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    def run(coroutine):
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    return run
