"""Counters of legacy iptables tables read straight from the kernel, the way
iptables-legacy-save does (IPT_SO_GET_INFO / IPT_SO_GET_ENTRIES on a raw
socket), without spawning a process. Reads the tables of the current network
namespace.

Chains are recovered from the blob the way libiptc does: built-in chains start
at hook_entry[h] and end with their policy entry at underflow[h]; a user chain
starts with an ERROR-target entry carrying its name and ends with an implicit
RETURN entry right before the next ERROR entry; the last entry is the table's
closing ERROR entry. Rule indexes are 1-based per chain, as in `-L --line-numbers`.
"""

import ctypes
import os
import socket
import struct

libc = ctypes.CDLL(None, use_errno=True)
libc.getsockopt.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)]

HOOKS = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]
VERDICTS = {-1: "DROP", -2: "ACCEPT"}


def getsockopt_buf(fd, level, opt, inbuf, size):
    buf = ctypes.create_string_buffer(size)
    ctypes.memmove(buf, inbuf, len(inbuf))
    ln = ctypes.c_uint32(size)
    if libc.getsockopt(fd, level, opt, buf, ctypes.byref(ln)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return buf.raw[:ln.value]


def legacy_counters(family):
    """Counters of every legacy table, as iptables-legacy-save -c would show them (rules 1-based per chain)."""
    if struct.calcsize("P") != 8:
        raise RuntimeError("xt_counters: entry offsets are those of 64-bit ABIs")
    v6 = family == "ipv6"
    names_file = "/proc/net/ip6_tables_names" if v6 else "/proc/net/ip_tables_names"
    try:
        with open(names_file) as f:
            names = [l.strip() for l in f if l.strip()]
    except FileNotFoundError:
        names = []
    level = socket.IPPROTO_IPV6 if v6 else socket.IPPROTO_IP
    # Entry layout (x86-64 and every 64-bit ABI): target_offset, next_offset, counters.
    t_off, n_off, c_off = (140, 142, 152) if v6 else (88, 90, 96)
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    tables = {}
    try:
        for name in names:
            nm = name.encode().ljust(32, b"\0")
            info = getsockopt_buf(s.fileno(), level, 64, nm, 84)  # IPT_SO_GET_INFO
            fields = struct.unpack("=32sI5I5III", info)
            valid, hook_entry, underflow, size = fields[1], fields[2:7], fields[7:12], fields[13]
            blob = getsockopt_buf(s.fileno(), level, 65, nm + struct.pack("=I", size), 40 + size)  # GET_ENTRIES
            entries = []
            off = 0
            while off < size:
                base = 40 + off
                to, no = struct.unpack_from("=HH", blob, base + t_off)
                pc, bc = struct.unpack_from("=QQ", blob, base + c_off)
                tbase = base + to
                tname = blob[tbase + 2:tbase + 31].split(b"\0", 1)[0].decode()
                data = blob[tbase + 32:base + no]
                entries.append((off, tname, data, pc, bc))
                off += no
            hook_at = {hook_entry[h]: h for h in range(5) if valid & (1 << h)}
            under_at = {underflow[h]: h for h in range(5) if valid & (1 << h)}
            chains, rules = [], []
            chain, user, idx = None, False, 0
            for i, (eoff, tname, data, pc, bc) in enumerate(entries):
                if eoff in hook_at:
                    chain, user, idx = HOOKS[hook_at[eoff]], False, 0
                if eoff in under_at:
                    verdict = struct.unpack_from("=i", data)[0] if len(data) >= 4 else None
                    chains.append({"chain": HOOKS[under_at[eoff]], "policy": VERDICTS.get(verdict, str(verdict)),
                                   "packets": str(pc), "bytes": str(bc)})
                    chain = None
                    continue
                if tname == "ERROR":
                    if i == len(entries) - 1:
                        break
                    chain, user, idx = data.split(b"\0", 1)[0].decode(), True, 0
                    chains.append({"chain": chain, "policy": "-", "packets": "0", "bytes": "0"})
                    continue
                if user and i + 1 < len(entries) and entries[i + 1][1] == "ERROR":
                    continue  # the user chain's implicit RETURN tail
                if chain is None:
                    raise RuntimeError("table %s: entry at offset %d belongs to no chain" % (name, eoff))
                idx += 1
                rules.append({"chain": chain, "index": idx, "packets": str(pc), "bytes": str(bc)})
            tables[name] = {"chains": chains, "rules": rules}
    finally:
        s.close()
    return tables
