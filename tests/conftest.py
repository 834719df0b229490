import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").lower() == "true"

# No property test fails for being slow: `make test` runs two pytest-xdist workers, each with a browser and a
# server beside it, on two cores, and a 200 ms deadline or the too_slow health check is then a timed assert
# that a busy machine fails. A test's own @settings still decides its number of examples.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """For `make test` (pytest -n 2 --dist loadgroup, see the Makefile): each end-to-end file is one unit of
    work for one worker (its tests share a browser and a session-wide build, and run in their order), and the
    end-to-end files go first, the slow ones first of all, so that the many short unit tests fill both workers
    at the end instead of one worker waiting on a long browser test. Without xdist only the order changes."""
    def e2e(item) -> bool:
        return "e2e" in Path(str(item.fspath)).parent.parts[-1:]

    for item in items:
        if e2e(item):
            item.add_marker(pytest.mark.xdist_group(Path(str(item.fspath)).stem))
    items.sort(key=lambda item: (not e2e(item), item.get_closest_marker("slow") is None))  # stable: file order kept


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
