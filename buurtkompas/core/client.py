"""The address of the client that sent a request, also behind a reverse proxy.

Without configuration the client is the direct peer (`REMOTE_ADDR`) and `X-Forwarded-For` is
ignored: anyone can send that header. Behind a reverse proxy every request comes from the
proxy, so the proxy's own address would stand for everyone. Then one of two settings says whom
to believe:

- `TRUSTED_PROXIES` (addresses or networks): when the peer is one of them, the header is read
  from the right, skipping the trusted proxies; the first other address is the client.
- `TRUSTED_PROXY_COUNT` N: exactly N proxies stand in front of the application, each appending
  the address it saw, so the client is the N-th address from the right. Entries further left
  were written by the client and are ignored.

A header that is missing, too short or not made of addresses falls back to `REMOTE_ADDR`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def parse_address(value: str) -> str | None:
    """The address in its normal spelling, or None when the value is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


@lru_cache(maxsize=16)
def networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def is_trusted(address: str, proxies) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks(tuple(proxies)))


def forwarded_chain(request) -> list[str] | None:
    """The addresses in X-Forwarded-For, left to right; None when one of them is no address."""
    header = request.META.get(FORWARDED_FOR, "")
    entries = [parse_address(part) for part in header.split(",")] if header.strip() else []
    return None if None in entries else entries


def client_ip(request) -> str | None:
    """The client's address as the settings allow us to know it (None when unknown)."""
    peer = parse_address(request.META.get("REMOTE_ADDR") or "")
    proxies = getattr(settings, "TRUSTED_PROXIES", [])
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if peer is None or not (proxies or count > 0):
        return peer
    chain = forwarded_chain(request)
    if not chain:
        return peer
    if proxies:
        if not is_trusted(peer, proxies):
            return peer  # the request did not come through our proxy
        untrusted = [address for address in chain if not is_trusted(address, proxies)]
        return untrusted[-1] if untrusted else chain[0]
    return chain[-count] if len(chain) >= count else peer
