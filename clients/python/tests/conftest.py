# The helpers' own tests: the plugin under test provides the fixtures; pytester runs
# inner pytest sessions for the plugin's command-line options.
import pathlib

import pytest

pytest_plugins = ["bolna_emulator.pytest", "pytester"]

REPO = pathlib.Path(__file__).resolve().parents[3]
ADMIN_TOKEN = "test-admin-token"


@pytest.fixture(scope="session")
def bolna_emulator_options():
    return {"scenarios_dir": str(REPO / "scenarios"), "admin_token": ADMIN_TOKEN}
