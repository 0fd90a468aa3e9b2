"""Refuse URLs that point into private networks, so a link in a feed cannot make warta scan them.

:func:`check_url` resolves the host name and rejects it when any address it resolves to is
private, loopback, link-local, multicast, reserved, unspecified or otherwise not globally
routable (IPv4-mapped IPv6 addresses are unwrapped first). The crawler calls it before every
request and every redirect hop, and its HTTP transport checks the connected peer address again
(so DNS rebinding between the check and the connect does not help). The web explorer reuses it.

    check_url("https://www.kompas.com/x")            # returns the addresses
    check_url("http://169.254.169.254/")              # raises ForbiddenAddress
    check_url("http://127.0.0.1:8000/", allow_private=True)  # tests
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})


class ForbiddenAddress(ValueError):
    """The URL's host is, or resolves to, an address warta will not contact."""

    reason = "forbidden-address"


class BadURL(ValueError):
    reason = "bad-url"


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be contacted (``"private"``, ``"loopback"``, ...), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None:
        inner = address_problem(ip.sixtofour)
        if inner:
            return f"6to4 of {inner}"
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    )
    for name, bad in checks:
        if bad:
            return name
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "shared (carrier-grade NAT)"
    if not ip.is_global:
        return "not globally routable"
    return None


Networks = Iterable[str | ipaddress.IPv4Network | ipaddress.IPv6Network]


def _in(ip: IPAddress, networks: Networks) -> bool:
    for net in networks:
        network = ipaddress.ip_network(net, strict=False) if isinstance(net, str) else net
        if ip.version == network.version and ip in network:
            return True
    return False


def check_addresses(
    host: str, addresses: Iterable[str], *, allow_private: bool = False, allowed_networks: Networks = ()
) -> list[IPAddress]:
    """Parse ``addresses`` (of ``host``) and raise ForbiddenAddress when one may not be contacted."""
    out: list[IPAddress] = []
    allowed = list(allowed_networks)
    for text in addresses:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
        problem = address_problem(ip)
        if problem and not allow_private and not _in(ip, allowed):
            raise ForbiddenAddress(f"{host} resolves to {ip} ({problem})")
        out.append(ip)
    if not out:
        raise ForbiddenAddress(f"{host} resolves to no address")
    return out


def _split(url: str) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"{url!r}: {exc}") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise BadURL(f"{url!r}: scheme {parts.scheme!r} is not http or https")
    host = parts.hostname
    if not host:
        raise BadURL(f"{url!r}: no host")
    return host, port or (443 if parts.scheme.lower() == "https" else 80)


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        pass
    # inet_aton accepts the legacy forms browsers still honour: "2130706433", "0x7f.1", "127.1".
    if host.replace(".", "").replace("x", "").replace("X", "").isalnum() and not any(
        c.isalpha() and c.lower() not in "abcdefx" for c in host
    ):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _loopback_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in {"localhost", "localhost.localdomain"} or host.endswith(".localhost")


def check_url(url: str, allow_private: bool = False, allowed_networks: Networks = ()) -> list[IPAddress]:
    """Resolve ``url``'s host and return its addresses; raise ForbiddenAddress or BadURL.

    ``allow_private`` lifts the rule entirely; ``allowed_networks`` (CIDR strings) lifts it for
    those networks only (the tests allow ``127.0.0.1/32`` and nothing else)."""
    host, port, checked = _before_resolving(url, allow_private, allowed_networks)
    if checked is not None:
        return checked
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ForbiddenAddress(f"{host} does not resolve: {exc}") from None
    return _check_resolved(host, infos, allow_private, allowed_networks)


def _before_resolving(
    url: str, allow_private: bool, allowed_networks: Networks
) -> tuple[str, int, list[IPAddress] | None]:
    """Host and port of ``url``, and the verdict when no lookup is needed (an IP literal);
    raises for loopback names. Shared by :func:`check_url` and :func:`acheck_url`."""
    host, port = _split(url)
    literal = _literal(host)
    if literal is not None:
        return host, port, check_addresses(
            host, [literal], allow_private=allow_private, allowed_networks=allowed_networks
        )
    if _loopback_name(host) and not allow_private and not allowed_networks:
        raise ForbiddenAddress(f"{host} is a loopback name")
    return host, port, None


def _check_resolved(host: str, infos: Any, allow_private: bool, allowed_networks: Networks) -> list[IPAddress]:
    return check_addresses(
        host, [str(info[4][0]) for info in infos], allow_private=allow_private, allowed_networks=allowed_networks
    )


async def acheck_url(url: str, allow_private: bool = False, allowed_networks: Networks = ()) -> list[IPAddress]:
    """:func:`check_url` without blocking the event loop (resolution runs in the loop's executor)."""
    host, port, checked = _before_resolving(url, allow_private, allowed_networks)
    if checked is not None:
        return checked
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ForbiddenAddress(f"{host} does not resolve: {exc}") from None
    return _check_resolved(host, infos, allow_private, allowed_networks)
