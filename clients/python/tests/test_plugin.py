# The pytest plugin's fixtures and options, run in inner pytest sessions (pytester).
import pytest

from conftest import REPO


@pytest.fixture(autouse=True)
def _importable(monkeypatch):
    # the inner sessions run in a temporary directory: make the package importable there
    monkeypatch.setenv("PYTHONPATH", str(REPO / "clients" / "python"))
    monkeypatch.delenv("BOLNA_EMULATOR_URL", raising=False)

INNER_CONFTEST = 'pytest_plugins = ["bolna_emulator.pytest"]\n'
INNER_TEST = """
KEYS = []

def test_one(bolna_emulator, bolna_tenant):
    KEYS.append(bolna_tenant.api_key)
    assert bolna_tenant.base_url == bolna_emulator.url
    assert bolna_tenant.clock()["mode"] == "manual"
    bolna_tenant.create_agent()

def test_two(bolna_emulator, bolna_tenant):
    KEYS.append(bolna_tenant.api_key)
    assert KEYS[0] != KEYS[1]
    assert bolna_tenant.get("/v2/agent/all") == []
    # the first test's tenant was reset after it
    assert bolna_emulator.tenant(KEYS[0]).get("/v2/agent/all") == []
    print("URL=" + bolna_emulator.url)
"""


def test_plugin_starts_the_binary_given_by_option(pytester, bolna_emulator):
    from bolna_emulator import find_binary
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(INNER_TEST)
    # "=": an option of a plugin enabled in conftest.py is unknown while pytest looks
    # for the initial conftest files, so its value must not look like a test path
    result = pytester.runpytest_subprocess("--bolna-emulator-binary=" + find_binary(), "-s",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert f"URL={bolna_emulator.url}" not in result.stdout.str()  # its own emulator


def test_plugin_connects_to_the_url_given_by_option(pytester, bolna_emulator):
    pytester.makepyfile(INNER_TEST)  # no conftest.py: -p enables the plugin
    result = pytester.runpytest_subprocess("-p", "bolna_emulator.pytest", "--bolna-emulator-url",
                                           bolna_emulator.url, "-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([f"*URL={bolna_emulator.url}*"])


def test_plugin_reports_a_missing_binary(pytester, tmp_path):
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(INNER_TEST)
    result = pytester.runpytest_subprocess("--bolna-emulator-binary=" + str(tmp_path / "nope"),
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*bolna-emulator binary not found*"])


def test_plugin_options_are_in_the_help(pytester):
    result = pytester.runpytest_subprocess("--help", "-p", "bolna_emulator.pytest")
    result.stdout.fnmatch_lines(["*--bolna-emulator-url*", "*--bolna-emulator-binary*"])


def test_installed_package_registers_the_plugin_once(pytester, tmp_path, monkeypatch):
    # pip install puts the pytest11 entry point in place: no conftest.py needed, and a
    # conftest.py that also names the plugin does not register it twice.
    import shutil
    import subprocess
    import sys
    source = tmp_path / "src"
    shutil.copytree(REPO / "clients" / "python", source,
                    ignore=shutil.ignore_patterns("__pycache__", "tests", "build", "*.egg-info"))
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps",
         "--no-index", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300)
    if install.returncode != 0:
        pytest.skip("pip cannot build the package here: " + install.stderr[-300:])
    monkeypatch.setenv("PYTHONPATH", str(target))  # the installed copy, not the source
    pytester.makepyfile(INNER_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    pytester.makeconftest(INNER_CONFTEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
