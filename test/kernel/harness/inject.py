#!/usr/bin/python3
"""Packet injector / observer for nfverify's kernel-differential tests.

One long-lived worker per topology, started by topology.ts as
`ip netns exec <fw> /usr/bin/python3 -u inject.py`. It speaks JSON lines on
stdin/stdout (one request, one response, in order) and exits on EOF.

It opens sockets in the other namespaces of the topology (ours, named by the
test harness) by setns() into /run/netns/<name> just long enough to create the
socket; a socket stays bound to the namespace it was made in. So one process
can send from `src`, watch `dst` and `src` on the wire, and watch what `fw`
delivers locally, in one select() loop, without a process spawn per packet.

Observation points:
  * wire taps: AF_PACKET sockets on an interface; they see frames as they
    arrive on the wire (before the receiving host's netfilter). Frames the
    host itself sends (PACKET_OUTGOING) are ignored.
  * local delivery in fw: raw IP sockets (one per protocol); the kernel hands
    them a copy in ip_local_deliver_finish / ip6_input_finish, i.e. after
    the INPUT hook (and after DNAT/REDIRECT), which is "delivered locally".

Crafting uses scapy (for checksums); parsing of what arrives is done by hand
in packet_parse.py (faster, and the fields are the ones netfilter matches on).

Also, without spawning tools: conntrack flush (ctnetlink, like `conntrack
-F`, below) and legacy iptables counters (xt_counters.py: IPT_SO_GET_ENTRIES,
the interface iptables-legacy-save reads).
"""

import ctypes
import json
import os
import select
import socket
import struct
import sys
import time

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6Unknown, IPv6
from scapy.layers.l2 import Ether
from scapy.layers.sctp import SCTP
from scapy.packet import Raw

from packet_parse import parse_ip, parse_l4
from xt_counters import legacy_counters

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
PKTTYPES = {0: "host", 1: "broadcast", 2: "multicast", 3: "otherhost", 4: "outgoing"}
IP_PKTINFO = 8
IPV6_FLOWINFO = 11
IPV6_RECVPKTINFO = 49
IPV6_PKTINFO = 50
IPV6_RECVHOPLIMIT = 51
IPV6_HOPLIMIT = 52
IPV6_RECVTCLASS = 66
IPV6_TCLASS = 67
PROTO_NUM = {"icmp": 1, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "icmpv6": 58, "ipv6-icmp": 58,
             "sctp": 132, "udplite": 136}

libc = ctypes.CDLL(None, use_errno=True)
libc.setns.argtypes = [ctypes.c_int, ctypes.c_int]

HOME_NS_FD = os.open("/proc/self/ns/net", os.O_RDONLY)


class InNamespace:
    """`with InNamespace(path):` runs the block in that network namespace (None: stay home)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        if self.path is None:
            return self
        fd = os.open(self.path, os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                err = ctypes.get_errno()
                raise OSError(err, "setns(%s): %s" % (self.path, os.strerror(err)))
        finally:
            os.close(fd)
        return self

    def __exit__(self, *exc):
        if self.path is not None and libc.setns(HOME_NS_FD, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(home): %s" % os.strerror(err))
        return False


# ---------------------------------------------------------------- crafting


def proto_num(p):
    if isinstance(p, int):
        return p
    if p in PROTO_NUM:
        return PROTO_NUM[p]
    return int(p)


def payload_bytes(spec):
    if spec.get("payload_hex"):
        return bytes.fromhex(spec["payload_hex"])
    n = int(spec.get("payload_len", 0))
    return bytes((i * 7 + 1) & 0xFF for i in range(n))


def build_ip(spec, tag):
    src, dst = spec["src"], spec["dst"]
    v6 = ":" in dst
    proto = proto_num(spec.get("proto", "tcp"))
    if v6:
        l3 = IPv6(src=src, dst=dst, hlim=int(spec.get("ttl", 64)), tc=int(spec.get("tos", 0)),
                  fl=int(spec.get("flow_label", tag)))
    else:
        flags = 0
        if spec.get("df"):
            flags |= 2
        if spec.get("mf"):
            flags |= 1
        l3 = IP(src=src, dst=dst, ttl=int(spec.get("ttl", 64)), tos=int(spec.get("tos", 0)),
                id=int(spec.get("ip_id", tag)), flags=flags, frag=int(spec.get("frag_offset", 0)))
    payload = payload_bytes(spec)
    if proto == 6:
        l4 = TCP(sport=int(spec.get("sport", 40000)), dport=int(spec.get("dport", 80)),
                 flags=spec.get("tcp_flags", "S"), seq=int(spec.get("seq", 1000)), ack=int(spec.get("ack", 0)),
                 window=int(spec.get("window", 64240)))
    elif proto == 17:
        l4 = UDP(sport=int(spec.get("sport", 40000)), dport=int(spec.get("dport", 53)))
    elif proto == 132:
        l4 = SCTP(sport=int(spec.get("sport", 40000)), dport=int(spec.get("dport", 80)))
    elif proto == 1 and not v6:
        l4 = ICMP(type=int(spec.get("icmp_type", 8)), code=int(spec.get("icmp_code", 0)),
                  id=int(spec.get("icmp_id", tag)), seq=int(spec.get("icmp_seq", 1)))
    elif proto == 58 and v6:
        t = int(spec.get("icmp_type", 128))
        c = int(spec.get("icmp_code", 0))
        if t == 128:
            l4 = ICMPv6EchoRequest(code=c, id=int(spec.get("icmp_id", tag)), seq=int(spec.get("icmp_seq", 1)))
        elif t == 129:
            l4 = ICMPv6EchoReply(code=c, id=int(spec.get("icmp_id", tag)), seq=int(spec.get("icmp_seq", 1)))
        else:
            # The full 8-byte icmp6hdr (4 bytes of type-specific data): ICMPv6Unknown alone is 4
            # bytes, and -m icmp6 hot-drops a packet whose icmp6hdr it cannot read (icmp6_match).
            l4 = ICMPv6Unknown(type=t, code=c, msgbody=b"\0\0\0\0")
    else:
        l4 = None
    if l4 is None:
        if v6:
            l3.nh = proto
        else:
            l3.proto = proto
        return l3 / Raw(payload) if payload else l3
    pkt = l3 / l4
    if payload:
        pkt = pkt / Raw(payload)
    return pkt


# ---------------------------------------------------------------- conntrack


def ct_flush():
    """`conntrack -F` plus `conntrack -F expect`, over ctnetlink, in the current namespace."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
    try:
        s.bind((0, 0))
        for seq, msg_type in ((1, 0x0102), (2, 0x0202)):  # CTNETLINK/CT_DELETE, CTNETLINK_EXP/EXP_DELETE
            # nfgenmsg version 0 (NFNETLINK_V0) and no attributes: flush all families.
            s.send(struct.pack("=IHHII", 20, msg_type, 1 | 4, seq, 0) + struct.pack("=BBH", 0, 0, 0))
            reply = s.recv(65536)
            _, rtype, _, _, _ = struct.unpack_from("=IHHII", reply)
            if rtype == 2:  # NLMSG_ERROR
                err = struct.unpack_from("=i", reply, 16)[0]
                if err != 0 and -err != 2:  # ENOENT: nothing to flush
                    raise OSError(-err, "ctnetlink flush: " + os.strerror(-err))
    finally:
        s.close()


# ---------------------------------------------------------------- the worker


class Worker:
    def __init__(self):
        self.hosts = {}  # label -> /run/netns path (None: home = fw)
        self.taps = []  # (sock, host, iface)
        self.tap_by_key = {}
        self.local = {}  # (family, proto) -> sock
        self.local_host = None
        self.senders = {}  # family -> raw IPPROTO_RAW socket in the home namespace
        self.tag = 0

    def op_setup(self, req):
        self.hosts = {k: v for k, v in req["hosts"].items()}
        for t in req.get("taps", []):
            host, iface = t["host"], t["iface"]
            with InNamespace(self.hosts[host]):
                s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
                s.bind((iface, ETH_P_ALL))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            s.setblocking(False)
            self.taps.append((s, host, iface))
            self.tap_by_key[(host, iface)] = s
        self.local_host = req.get("local_host")
        for fam in ("ipv4", "ipv6"):
            for p in req.get("local_protos", [1, 6, 17, 58]):
                self.ensure_local(fam, p)
        return {}

    def ensure_local(self, family, proto):
        if self.local_host is None or (family, proto) in self.local:
            return
        if family == "ipv4" and proto == 58 or family == "ipv6" and proto == 1:
            return
        with InNamespace(self.hosts[self.local_host]):
            if family == "ipv4":
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)
                s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
            else:
                s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, proto)
                for opt in (IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS, IPV6_FLOWINFO):
                    s.setsockopt(socket.IPPROTO_IPV6, opt, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.setblocking(False)
        self.local[(family, proto)] = s

    def all_socks(self):
        return [t[0] for t in self.taps] + list(self.local.values())

    def drain(self):
        n = 0
        for s in self.all_socks():
            while True:
                try:
                    s.recv(65536)
                    n += 1
                except BlockingIOError:
                    break
        return n

    def read_tap(self, s, host, iface, t0, out):
        while True:
            try:
                data, addr = s.recvfrom(65536)
            except BlockingIOError:
                return
            if addr[2] == PACKET_OUTGOING or len(data) < 14:
                continue
            ethertype = struct.unpack("!H", data[12:14])[0]
            off = 14
            if ethertype == 0x8100 and len(data) >= 18:
                ethertype = struct.unpack("!H", data[16:18])[0]
                off = 18
            if ethertype not in (0x0800, 0x86DD):
                continue
            p = parse_ip(data[off:])
            if p is None:
                continue
            p.update(host=host, iface=iface, kind="wire", pkttype=PKTTYPES.get(addr[2], str(addr[2])),
                     eth_dst=data[0:6].hex(":"), eth_src=data[6:12].hex(":"), t_us=int((time.monotonic() - t0) * 1e6))
            out.append(p)

    def read_local(self, family, proto, s, t0, out):
        while True:
            try:
                data, anc, _flags, addr = s.recvmsg(65536, 256)
            except BlockingIOError:
                return
            ifindex = None
            if family == "ipv4":
                p = parse_ip(data)
                if p is None:
                    continue
                for level, typ, cdata in anc:
                    if level == socket.IPPROTO_IP and typ == IP_PKTINFO and len(cdata) >= 4:
                        ifindex = struct.unpack_from("=i", cdata)[0]
            else:
                # IPv6 raw sockets get no IPv6 header: rebuild the fields from ancillary data.
                p = {"family": "ipv6", "src": addr[0].split("%")[0], "proto": proto, "len": len(data) + 40,
                     "flow_label": 0, "tag": 0}
                for level, typ, cdata in anc:
                    if level != socket.IPPROTO_IPV6:
                        continue
                    if typ == IPV6_PKTINFO and len(cdata) >= 20:
                        p["dst"] = socket.inet_ntop(socket.AF_INET6, cdata[:16])
                        ifindex = struct.unpack_from("=I", cdata, 16)[0]
                    elif typ == IPV6_HOPLIMIT:
                        p["ttl"] = struct.unpack_from("=i", cdata)[0]
                    elif typ == IPV6_TCLASS:
                        p["tos"] = struct.unpack_from("=i", cdata)[0]
                    elif typ == IPV6_FLOWINFO:
                        fl = struct.unpack_from("!I", cdata)[0] & 0xFFFFF
                        p["flow_label"] = fl
                        p["tag"] = fl
                parse_l4(proto, data, p, "ipv6")
            iface = None
            if ifindex:
                try:
                    iface = socket.if_indextoname(ifindex)
                except OSError:
                    iface = str(ifindex)
            p.update(host=self.local_host, iface=iface, kind="local", t_us=int((time.monotonic() - t0) * 1e6))
            out.append(p)

    def collect(self, t0, deadline, expect, tag, family, out):
        tap_of = {t[0].fileno(): t for t in self.taps}
        local_of = {s.fileno(): (k, s) for k, s in self.local.items()}
        fds = list(tap_of) + list(local_of)
        while True:
            if expect is not None and sum(1 for a in out if a.get("matched")) >= expect:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select(fds, [], [], left)
            for fd in ready:
                n0 = len(out)
                if fd in tap_of:
                    s, host, iface = tap_of[fd]
                    self.read_tap(s, host, iface, t0, out)
                else:
                    (fam, proto), s = local_of[fd]
                    self.read_local(fam, proto, s, t0, out)
                for a in out[n0:]:
                    a["matched"] = matches(a, tag, family)

    def op_inject(self, req):
        spec = req["packet"]
        via = req["via"]
        send_error = None
        family = "ipv6" if ":" in spec["dst"] else "ipv4"
        self.tag = self.tag % 0xFFFF + 1
        tag = int(spec.get("flow_label" if family == "ipv6" else "ip_id", self.tag))
        pkt = build_ip(spec, tag)
        self.ensure_local(family, proto_num(spec.get("proto", "tcp")))
        self.drain()
        if via.get("local"):
            raw = bytes(pkt)
            s = self.senders.get(family)
            if s is None:
                s = socket.socket(socket.AF_INET6 if family == "ipv6" else socket.AF_INET, socket.SOCK_RAW,
                                  socket.IPPROTO_RAW)
                self.senders[family] = s
            t0 = time.monotonic()
            try:
                s.sendto(raw, (spec["dst"], 0))
            except OSError as e:
                # EPERM: netfilter dropped it in OUTPUT (ip_local_out's verdict reaches sendto);
                # ENETUNREACH, EINVAL...: routing refused it. Either way nothing left: say why.
                send_error = "%s: %s" % (type(e).__name__, e)
        else:
            frame = Ether(src=via["src_mac"], dst=via["dst_mac"]) / pkt
            raw = bytes(frame)
            s = self.tap_by_key[(via["host"], via["iface"])]
            t0 = time.monotonic()
            s.send(raw)
        send_us = int((time.monotonic() - t0) * 1e6)
        arrivals = []
        self.collect(t0, t0 + float(req.get("wait_ms", 20)) / 1000.0, req.get("expect"), tag, family, arrivals)
        sent = {"tag": tag, "family": family, "len": len(raw), "summary": pkt.summary(), "send_us": send_us}
        if send_error is not None:
            sent["error"] = send_error
        return {"sent": sent, "arrivals": arrivals}

    def op_ct_flush(self, req):
        with InNamespace(self.hosts.get(req.get("host"))):
            ct_flush()
        return {}

    def op_counters(self, req):
        with InNamespace(self.hosts.get(req.get("host"))):
            return {"tables": legacy_counters(req["family"])}

    def op_ping(self, req):
        return {"pid": os.getpid()}


def matches(a, tag, family):
    """Our packet (by IPv4 ID / IPv6 flow label), or an ICMP error quoting it."""
    if a.get("family") == family and a.get("tag") == tag:
        return True
    inner = a.get("inner")
    return bool(inner and inner.get("family") == family and inner.get("tag") == tag)


def main():
    w = Worker()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = {}
        try:
            req = json.loads(line)
            op = req["op"]
            if op == "quit":
                print(json.dumps({"id": req.get("id"), "ok": True}), flush=True)
                return
            res = getattr(w, "op_" + op)(req)
            res.update(id=req.get("id"), ok=True)
        except Exception as e:  # reported to the caller, the worker keeps running
            res = {"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(res) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
