"""IP network functions.

https://developer.hashicorp.com/terraform/language/functions (IP Network Functions).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from iacsim.load.hcl.convert import EvalError, to_number, to_string
from iacsim.load.hcl.functions.registry import function

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _network(prefix: Any) -> Network:
    try:
        return ipaddress.ip_network(to_string(prefix), strict=False)
    except ValueError as exc:
        raise EvalError(f"invalid CIDR expression: {exc}") from None


def _whole(value: Any, what: str) -> int:
    n = to_number(value, what)
    if isinstance(n, float):
        raise EvalError(f"{what} must be a whole number")
    return n


def _subnet(net: Network, newbits: int, netnum: int) -> Network:
    new_prefix = net.prefixlen + newbits
    if newbits < 0 or new_prefix > net.max_prefixlen:
        raise EvalError(f"insufficient address space to extend prefix of {net.prefixlen} by {newbits}")
    if netnum < 0 or netnum >= 2**newbits:
        raise EvalError(f"prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
    base = int(net.network_address) + (netnum << (net.max_prefixlen - new_prefix))
    return ipaddress.ip_network((base, new_prefix))


@function("cidrsubnet")
def cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    net = _network(prefix)
    return str(_subnet(net, _whole(newbits, "newbits"), _whole(netnum, "netnum")))


@function("cidrsubnets")
def cidrsubnets(prefix: Any, *newbits: Any) -> list[str]:
    net = _network(prefix)
    out: list[str] = []
    current = int(net.network_address)
    for bits in (_whole(b, "newbits") for b in newbits):
        new_prefix = net.prefixlen + bits
        if bits < 1 or new_prefix > net.max_prefixlen:
            raise EvalError(f"cannot extend prefix of {net.prefixlen} by {bits}")
        size = 1 << (net.max_prefixlen - new_prefix)
        current = (current + size - 1) // size * size  # align to the new subnet size
        sub = ipaddress.ip_network((current, new_prefix))
        if not sub.subnet_of(net):  # type: ignore[arg-type]
            raise EvalError(
                f"not enough remaining address space for a subnet with a prefix of {new_prefix} bits"
            )
        out.append(str(sub))
        current += size
    return out


@function("cidrhost")
def cidrhost(prefix: Any, hostnum: Any) -> str:
    net = _network(prefix)
    n = _whole(hostnum, "hostnum")
    size = net.num_addresses
    if n < -size or n >= size:
        raise EvalError(f"prefix of {net.prefixlen} does not accommodate a host numbered {n}")
    index = n if n >= 0 else size + n
    return str(net.network_address + index)


@function("cidrnetmask")
def cidrnetmask(prefix: Any) -> str:
    net = _network(prefix)
    if net.version != 4:
        raise EvalError("only IPv4 networks have a netmask")
    return str(net.netmask)
