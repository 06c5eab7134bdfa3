"""pytest plugin of the bolna-emulator helpers: the session-scoped ``bolna_emulator``
fixture (a started binary, or the emulator at --bolna-emulator-url / $BOLNA_EMULATOR_URL)
and the per-test ``bolna_tenant`` (a fresh key on the manual clock, reset after the test).
Enable it with ``pytest_plugins = ["bolna_emulator.pytest"]`` in a conftest.py, or by
installing the package (entry point ``pytest11``)."""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator

import pytest

from .client import Emulator, Tenant


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("bolna-emulator", "bolna-emulator test helpers")
    group.addoption(
        "--bolna-emulator-url",
        default=None,
        help="use the emulator already running at this URL (default: $BOLNA_EMULATOR_URL; "
        "without either, the fixture starts the binary)",
    )
    group.addoption(
        "--bolna-emulator-binary",
        default=None,
        help="the bolna-emulator binary to start (default: $BOLNA_EMULATOR_BINARY, "
        "bolna-emulator on PATH, or build/bolna-emulator)",
    )


@pytest.fixture(scope="session")
def bolna_emulator_options() -> Dict[str, Any]:
    """Keyword options for Emulator.start() (override this fixture in your conftest.py to
    pass e.g. ``{"scenarios_dir": "scenarios", "admin_token": "s3cret"}``)."""
    return {}


@pytest.fixture(scope="session")
def bolna_emulator(request: Any, bolna_emulator_options: Dict[str, Any]) -> Iterator[Emulator]:
    """One emulator for the whole session: the one at --bolna-emulator-url, else the binary
    of --bolna-emulator-binary, else the one at $BOLNA_EMULATOR_URL, else the binary found
    by find_binary(); a started one listens on a free loopback port with the manual clock
    and is stopped at the end of the session."""
    url = request.config.getoption("bolna_emulator_url")
    binary = request.config.getoption("bolna_emulator_binary")
    if not url and not binary:
        url = os.environ.get("BOLNA_EMULATOR_URL")
    if url:
        yield Emulator.connect(url, admin_token=bolna_emulator_options.get("admin_token"))
        return
    emulator = Emulator.start(binary, **bolna_emulator_options)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def bolna_tenant(bolna_emulator: Emulator) -> Iterator[Tenant]:
    """A tenant with a fresh unique key and a manual clock; after the test it is reset and
    the sinks it made are cleared."""
    tenant = bolna_emulator.tenant(clock="manual")
    yield tenant
    tenant.cleanup()
