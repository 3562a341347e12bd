/**
 * Interface names as xtables_parse_interface reads them: at most IFNAMSIZ-1
 * (15) characters; a trailing "+" makes a prefix wildcard ("+" alone matches
 * every interface). The kernel compares names with a mask, so "eth+" matches
 * "eth0" and "eth" itself.
 */
import type { IfaceName } from '../../../ir/addr.js';
import type { ArgValue, LowerCtx } from '../extensions/spec.js';

export const IFNAMSIZ = 16;

export function parseIface(arg: ArgValue, ctx: LowerCtx): IfaceName | null {
  const t = arg.text;
  if (t.length === 0 || t.length > IFNAMSIZ - 1) {
    ctx.report('BadValue', `interface name "${t}" must be 1 to ${IFNAMSIZ - 1} characters`, arg.span);
    return null;
  }
  if (/[\s/]/.test(t)) {
    ctx.report('BadValue', `interface name "${t}" contains a space or "/"`, arg.span);
    return null;
  }
  return t.endsWith('+') ? { name: t.slice(0, -1), wildcard: true } : { name: t, wildcard: false };
}

export function formatIface(i: IfaceName): string {
  return i.wildcard ? `${i.name}+` : i.name;
}
