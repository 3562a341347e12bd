/**
 * Chain name prefixes of tools that create chains and hook them with rules
 * of their own, often from files or commands other than the dump at hand
 * (ufw's before/after/user files, `iptables-restore --noflush` fragments of
 * kube-proxy and Calico, fail2ban's per-jail chains). A chain of such a
 * family that nothing in the file refers to is expected, not a mistake of the
 * operator; the checks say so instead of warning. Prefixes are the names the
 * tools write (case-sensitive, as chain names are).
 */
export interface ToolFamily {
  readonly prefix: string;
  readonly tool: string;
}

export const TOOL_FAMILIES: readonly ToolFamily[] = [
  { prefix: 'ufw-', tool: 'ufw' },
  { prefix: 'ufw6-', tool: 'ufw' },
  { prefix: 'KUBE-', tool: 'kube-proxy' },
  { prefix: 'DOCKER', tool: 'Docker' },
  { prefix: 'f2b-', tool: 'fail2ban' },
  { prefix: 'fail2ban-', tool: 'fail2ban' },
  { prefix: 'cali-', tool: 'Calico' },
  { prefix: 'CNI-', tool: 'a CNI plugin' },
  { prefix: 'ISTIO_', tool: 'Istio' },
  { prefix: 'WEAVE', tool: 'Weave Net' },
  { prefix: 'FLANNEL-', tool: 'flannel' },
  { prefix: 'CILIUM_', tool: 'Cilium' },
  { prefix: 'LIBVIRT_', tool: 'libvirt' },
  { prefix: 'NETAVARK', tool: 'Podman (netavark)' },
];

/** The family a chain name belongs to, or null. */
export function toolFamilyOf(chain: string): ToolFamily | null {
  return TOOL_FAMILIES.find((f) => chain.startsWith(f.prefix)) ?? null;
}
