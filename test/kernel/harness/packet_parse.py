"""Parsing of IPv4/IPv6 packets as observed (possibly truncated, as inside ICMP
errors): the header fields netfilter matches on. Hand-written rather than
scapy's dissectors: faster, and exactly these fields."""

import socket
import struct

TCP_FLAG_ORDER = "FSRPAUEC"


def tcp_flag_str(b):
    return "".join(f for i, f in enumerate(TCP_FLAG_ORDER) if b & (1 << i))


def parse_l4(proto, data, out, family):
    """Fills ports / flags / ICMP fields from an L4 header (may be truncated)."""
    if proto in (6, 17, 132, 136) and len(data) >= 4:
        out["sport"], out["dport"] = struct.unpack("!HH", data[:4])
        if proto == 6 and len(data) >= 14:
            out["seq"], out["ack"] = struct.unpack("!II", data[4:12])
            out["tcp_flags"] = tcp_flag_str(data[13])
    elif (proto == 1 and family == "ipv4") or (proto == 58 and family == "ipv6"):
        if len(data) >= 2:
            out["icmp_type"], out["icmp_code"] = data[0], data[1]
        err_types = (3, 4, 5, 11, 12) if proto == 1 else (1, 2, 3, 4)
        echo_types = (0, 8, 13, 14) if proto == 1 else (128, 129)
        if len(data) >= 8 and data[0] in echo_types:
            out["icmp_id"], out["icmp_seq"] = struct.unpack("!HH", data[4:8])
        if len(data) > 8 and data[0] in err_types:
            inner = parse_ip(data[8:])
            if inner is not None:
                out["inner"] = inner


V6_EXT = (0, 43, 60, 51, 44)


def parse_ip(data):
    """Parses an IPv4 or IPv6 packet (possibly truncated, as inside ICMP errors)."""
    if not data:
        return None
    ver = data[0] >> 4
    out = {}
    if ver == 4 and len(data) >= 20:
        ihl = (data[0] & 15) * 4
        tos, tot, ident, frag, ttl, proto = struct.unpack("!xBHHHBB", data[:10])
        out.update(family="ipv4", tos=tos, len=tot, tag=ident, ip_id=ident, ttl=ttl, proto=proto,
                   src=socket.inet_ntop(socket.AF_INET, data[12:16]), dst=socket.inet_ntop(socket.AF_INET, data[16:20]),
                   df=bool(frag & 0x4000), mf=bool(frag & 0x2000), frag_offset=frag & 0x1FFF)
        if frag & 0x1FFF == 0:
            parse_l4(proto, data[ihl:], out, "ipv4")
        return out
    if ver == 6 and len(data) >= 40:
        first, plen, nh, hlim = struct.unpack("!IHBB", data[:8])
        out.update(family="ipv6", tos=(first >> 20) & 0xFF, flow_label=first & 0xFFFFF, tag=first & 0xFFFFF,
                   len=plen + 40, ttl=hlim, src=socket.inet_ntop(socket.AF_INET6, data[8:24]),
                   dst=socket.inet_ntop(socket.AF_INET6, data[24:40]))
        off = 40
        exts = []
        fragmented = False
        while nh in V6_EXT and off + 8 <= len(data):
            exts.append(nh)
            if nh == 44:
                fo = struct.unpack("!H", data[off + 2:off + 4])[0]
                out["frag_offset"] = fo >> 3
                out["mf"] = bool(fo & 1)
                fragmented = (fo >> 3) != 0
                nh, hlen = data[off], 8
            elif nh == 51:
                nh, hlen = data[off], (data[off + 1] + 2) * 4
            else:
                nh, hlen = data[off], (data[off + 1] + 1) * 8
            off += hlen
        out["proto"] = nh
        if exts:
            out["ext_headers"] = exts
        if not fragmented:
            parse_l4(nh, data[off:], out, "ipv6")
        return out
    return None
