"""Test helpers for the bolna-emulator (an emulator of the Bolna voice-AI calling API).

    from bolna_emulator import Emulator
    with Emulator.start() as emulator:          # or Emulator.connect("http://127.0.0.1:8080")
        tenant = emulator.tenant()              # a fresh API key: its own account
        tenant.advance(60)                      # move its virtual clock

pytest: ``pytest_plugins = ["bolna_emulator.pytest"]`` gives the ``bolna_emulator`` and
``bolna_tenant`` fixtures. Standard library only.
"""

from ._http import EmulatorError
from .client import (
    MINIMAL_AGENT,
    Emulator,
    EmulatorTimeout,
    Faults,
    Sink,
    Tenant,
    Wallet,
    Webhooks,
    find_binary,
)

__version__ = "0.1.0"

__all__ = [
    "Emulator",
    "Tenant",
    "Sink",
    "Faults",
    "Webhooks",
    "Wallet",
    "EmulatorError",
    "EmulatorTimeout",
    "find_binary",
    "MINIMAL_AGENT",
]
