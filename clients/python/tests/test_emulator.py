# Emulator: starting the binary, connecting, finding the binary, stopping.
import os
import socket

import pytest

from bolna_emulator import Emulator, EmulatorError, EmulatorTimeout, find_binary


def test_start_serves_on_a_free_loopback_port_and_stop_exits_0():
    emulator = Emulator.start()
    try:
        assert emulator.url.startswith("http://127.0.0.1:")
        assert emulator.ready()
        assert emulator.health() == {"status": "ok"}
        assert emulator.tenant().clock()["mode"] == "manual"
    finally:
        assert emulator.stop() == 0
    with pytest.raises(EmulatorError) as err:
        emulator.health()
    assert err.value.status == 0


def test_start_as_a_context_manager_with_options():
    with Emulator.start(clock="realtime", clock_speed=60, wallet=7) as emulator:
        tenant = emulator.tenant()
        assert tenant.clock()["mode"] == "realtime"
        assert tenant.clock()["speed"] == 60
        assert tenant.wallet.balance == 7
    assert emulator.process.returncode == 0


def test_start_with_a_bad_option_raises_with_the_output():
    with pytest.raises(EmulatorError) as err:
        Emulator.start(profile="nonsense", ready_timeout=20)
    assert "exited with code" in str(err.value.body)
    assert "profile" in str(err.value.body)


def test_connect_uses_a_running_emulator(bolna_emulator):
    other = Emulator.connect(bolna_emulator.url)
    assert other.process is None
    assert other.stop() is None  # a connected emulator is not ours to stop
    assert bolna_emulator.ready()


def test_connect_reads_the_environment(bolna_emulator, monkeypatch):
    monkeypatch.setenv("BOLNA_EMULATOR_URL", bolna_emulator.url)
    assert Emulator.connect().url == bolna_emulator.url


def test_connect_times_out_on_a_closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EmulatorTimeout):
        Emulator.connect(f"http://127.0.0.1:{port}", ready_timeout=0.3)


def test_find_binary_prefers_the_argument_then_the_environment(monkeypatch, tmp_path):
    real = find_binary()
    assert os.access(real, os.X_OK)
    monkeypatch.setenv("BOLNA_EMULATOR_BINARY", real)
    assert find_binary() == real
    monkeypatch.setenv("BOLNA_EMULATOR_BINARY", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError) as err:
        find_binary()
    assert "BOLNA_EMULATOR_BINARY" in str(err.value)
    assert find_binary(real) == real


def test_tenant_keys_are_fresh(bolna_emulator):
    a, b = bolna_emulator.tenant(), bolna_emulator.tenant()
    assert a.api_key != b.api_key
    assert bolna_emulator.tenant("my-key").api_key == "my-key"
    a.create_agent()
    assert len(a.get("/v2/agent/all")) == 1
    assert b.get("/v2/agent/all") == []


def test_reset_all_needs_and_uses_the_admin_token(bolna_emulator):
    tenant = bolna_emulator.tenant()
    tenant.create_agent()
    sink = bolna_emulator.sink()
    from bolna_emulator._http import request
    request("POST", sink.url, {"hello": 1})
    assert sink.bodies() == [{"hello": 1}]
    assert bolna_emulator.reset_all()["status"] == "reset"
    assert tenant.get("/v2/agent/all") == []
    assert sink.bodies() == []
    with pytest.raises(EmulatorError) as err:
        bolna_emulator.reset_all(admin_token="wrong")
    assert err.value.status == 403
