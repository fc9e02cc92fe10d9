"""Which address the receiver listens on: by default the local network address of the
interface the default route leaves by (the Wi-Fi a phone shares with the computer)."""

from __future__ import annotations

import contextlib
import socket


def default_route_address() -> str | None:
    """The address of the interface the default route leaves by, or None. A UDP socket's
    connect() only picks a route: no packet is sent."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: never sent to
        address = str(s.getsockname()[0])
        if not address.startswith(("0.", "127.")):
            return address
    return None
