#!/usr/bin/env bash
# System packages and kernel features the kernel-differential tests need
# (test/kernel/): iptables (legacy + nft backends, IPv4 + IPv6), iproute2,
# conntrack, python3-scapy (used through /usr/bin/python3), nftables, procps
# (sysctl; not in minimal Debian images); plus
# ipset and nfacct so that corpus dumps using `-m set` / `-m nfacct` can get
# their objects created (optional: without them those dumps are excluded,
# with a reason, by test/kernel/roundtrip.test.ts).
#
# Idempotent and quiet on success. Installs only when something is missing
# and we are root (`apt-get update` once, then one `apt-get install`).
# Without root, prints what is missing and exits non-zero.
#
# It never touches the host's network configuration: the only thing it
# runs against the kernel's networking is a smoke test inside a throwaway
# network namespace of its own, deleted on exit.
set -euo pipefail

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
PY=/usr/bin/python3

required_cmds=(iptables-legacy-restore iptables-legacy-save iptables-nft-restore iptables-nft-save
  ip6tables-legacy-restore ip6tables-legacy-save ip6tables-nft-restore ip6tables-nft-save ip conntrack nft sysctl)
required_pkgs=(iptables iproute2 conntrack python3-scapy nftables procps)
optional_cmds=(ipset nfacct)
optional_pkgs=(ipset nfacct)

missing_required() {
  local c
  for c in "${required_cmds[@]}"; do command -v "$c" >/dev/null 2>&1 || echo "$c"; done
  if ! [ -x "$PY" ] || ! "$PY" -c 'import scapy' >/dev/null 2>&1; then echo "python3-scapy ($PY -c 'import scapy')"; fi
}
missing_optional() {
  local c
  for c in "${optional_cmds[@]}"; do command -v "$c" >/dev/null 2>&1 || echo "$c"; done
}

is_root() { [ "$(id -u)" -eq 0 ]; }

req=$(missing_required)
opt=$(missing_optional)
if [ -n "$req" ] || [ -n "$opt" ]; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp /tmp/nfverify-setup.XXXXXX.log)
    if ! apt-get update >"$log" 2>&1; then
      cat "$log" >&2
      echo "setup-system.sh: apt-get update failed" >&2
      rm -f "$log"
      exit 1
    fi
    # Optional packages are tried together with the required ones, and on
    # their own again if that fails, so an unavailable optional package
    # never blocks the required ones.
    if ! apt-get install -y --no-install-recommends "${required_pkgs[@]}" "${optional_pkgs[@]}" >>"$log" 2>&1; then
      if ! apt-get install -y --no-install-recommends "${required_pkgs[@]}" >>"$log" 2>&1; then
        cat "$log" >&2
        echo "setup-system.sh: apt-get install failed" >&2
        rm -f "$log"
        exit 1
      fi
    fi
    rm -f "$log"
    req=$(missing_required)
    opt=$(missing_optional)
    if [ -n "$req" ]; then
      echo "setup-system.sh: still missing after apt-get install:" $req >&2
      exit 1
    fi
  elif [ -n "$req" ]; then
    echo "setup-system.sh: the kernel-differential tests need tools that are missing:" >&2
    for m in $req; do echo "  - $m" >&2; done
    if is_root; then
      echo "apt-get is not available; install the Debian packages by hand: ${required_pkgs[*]}" >&2
    else
      echo "Run this script as root (sudo bash scripts/setup-system.sh) or install: apt-get install ${required_pkgs[*]}" >&2
    fi
    exit 1
  fi
  if [ -n "$opt" ]; then
    echo "setup-system.sh: note: optional tools missing (corpus dumps needing them are excluded): $opt" >&2
  fi
fi

# Kernel modules. Many kernels (this project's CI included) build netfilter
# in; where they are modules, load them now so the first test does not pay
# for (or fail on) autoloading. modprobe may be absent (containers, minimal
# VMs): that is not an error here, the smoke test below decides.
if is_root && command -v modprobe >/dev/null 2>&1; then
  for m in veth nf_conntrack nf_nat nf_defrag_ipv4 nf_defrag_ipv6 \
    ip_tables iptable_filter iptable_nat iptable_mangle iptable_raw iptable_security \
    ip6_tables ip6table_filter ip6table_nat ip6table_mangle ip6table_raw ip6table_security \
    nf_tables nft_compat nft_chain_nat nfnetlink_acct xt_nfacct ip_set xt_set \
    xt_conntrack xt_state xt_comment xt_multiport xt_addrtype xt_mark xt_connmark xt_limit \
    xt_recent xt_LOG xt_REDIRECT xt_MASQUERADE xt_CT xt_TPROXY xt_statistic xt_owner \
    ipt_REJECT ip6t_REJECT nf_conntrack_netlink; do
    modprobe -q "$m" 2>/dev/null || true
  done
fi

# Smoke test in a throwaway namespace: both iptables backends, both
# families, conntrack, veth. Only possible as root; without root the tests
# themselves report why they cannot run.
if is_root; then
  ns="nfv-setup-$$"
  cleanup() { ip netns del "$ns" >/dev/null 2>&1 || true; }
  trap cleanup EXIT
  fail() {
    echo "setup-system.sh: kernel smoke test failed: $1" >&2
    exit 1
  }
  ip netns add "$ns" 2>/dev/null || fail "ip netns add (no permission to create network namespaces?)"
  inns() { ip netns exec "$ns" "$@"; }
  rules=$'*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1\nCOMMIT\n'
  rules6=$'*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\nCOMMIT\n'
  inns iptables-legacy-restore <<<"$rules" >/dev/null 2>&1 || fail "iptables-legacy-restore (filter+nat, conntrack)"
  inns ip6tables-legacy-restore <<<"$rules6" >/dev/null 2>&1 || fail "ip6tables-legacy-restore"
  inns iptables-nft-restore <<<"$rules" >/dev/null 2>&1 || fail "iptables-nft-restore (nf_tables, nft_compat)"
  inns ip6tables-nft-restore <<<"$rules6" >/dev/null 2>&1 || fail "ip6tables-nft-restore"
  inns conntrack -F >/dev/null 2>&1 || fail "conntrack -F (nf_conntrack_netlink)"
  inns ip link add nfv-a type veth peer name nfv-b >/dev/null 2>&1 || fail "veth"
  cleanup
  trap - EXIT
fi
exit 0
