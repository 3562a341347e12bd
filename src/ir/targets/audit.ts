/** XT_AUDIT_TYPE_* (uapi linux/netfilter/xt_AUDIT.h). */
export const AUDIT_TYPES = { accept: 0, drop: 1, reject: 2 } as const;
export type AuditType = keyof typeof AUDIT_TYPES;

/**
 * `-j AUDIT --type accept|drop|reject` (net/netfilter/xt_AUDIT.c): writes an
 * audit record (NETFILTER_PKT) and returns XT_CONTINUE; `type` is only
 * recorded, it decides nothing. Valid in every table and hook.
 */
export interface AuditTarget {
  readonly kind: 'audit';
  readonly type: AuditType;
}
