/** `struct xt_secmark_target_info.secctx` is 256 bytes with the NUL. */
export const SECMARK_SECCTX_MAX = 255;

/**
 * `-j SECMARK --selctx CONTEXT` (net/netfilter/xt_SECMARK.c): sets
 * `skb->secmark` to the LSM secid of the security context; XT_CONTINUE.
 * secmark_tg_check accepts only the mangle and security tables, and the
 * context must be valid for the running LSM (SELinux): without one the
 * kernel refuses the rule (as on this project's test machines).
 */
export interface SecmarkTarget {
  readonly kind: 'secmark';
  readonly selctx: string;
}
