/**
 * The options iptables' do_parse reads itself (iptables/xshared.c), before
 * any extension is asked: -s -d -p -i -o -f -j -g -m -c, and the commands
 * that may not appear among a rule's arguments.
 */
export type BaseKey = 'src' | 'dst' | 'proto' | 'in' | 'out' | 'frag' | 'jump' | 'goto' | 'match' | 'counters';
const BASE: Readonly<Record<string, BaseKey>> = {
  '-s': 'src', '--source': 'src', '--src': 'src',
  '-d': 'dst', '--destination': 'dst', '--dst': 'dst',
  '-p': 'proto', '--protocol': 'proto',
  '-i': 'in', '--in-interface': 'in',
  '-o': 'out', '--out-interface': 'out',
  '-f': 'frag', '--fragment': 'frag',
  '-j': 'jump', '--jump': 'jump',
  '-g': 'goto', '--goto': 'goto',
  '-m': 'match', '--match': 'match',
  '-c': 'counters', '--set-counters': 'counters',
};
export const BASE_NAMES: Readonly<Record<BaseKey, string>> = {
  src: '-s', dst: '-d', proto: '-p', in: '-i', out: '-o', frag: '-f', jump: '-j', goto: '-g', match: '-m', counters: '-c',
};

/** Commands that cannot appear inside a rule's arguments. */
const COMMAND_FLAGS = ['-A', '--append', '-I', '--insert', '-D', '--delete', '-R', '--replace', '-N', '--new-chain', '-X', '--delete-chain', '-F', '--flush', '-P', '--policy', '-Z', '--zero', '-E', '--rename-chain', '-L', '--list', '-S', '--list-rules'];

/** What a flag is before any extension is asked: a base option, a (misplaced) command, or neither. */
export const FLAG_KIND = new Map<string, BaseKey | 'command'>([...COMMAND_FLAGS.map((f) => [f, 'command'] as const), ...Object.entries(BASE)]);

/** A bit for each base option that may be given only once. */
export const ONCE_BIT: Readonly<Partial<Record<BaseKey, number>>> = { src: 1, dst: 2, proto: 4, in: 8, out: 16, frag: 32 };
