// The source-text helpers of the structural checks: argv-style words and the
// jump of a line that did not parse.
import { describe, expect, it } from 'vitest';
import { transferInText } from '../../../src/lint/checks/structural/references.js';
import { splitWords } from '../../../src/lint/checks/structural/words.js';

describe('splitWords', () => {
  it('keeps quoted runs together and unescapes inside quotes', () => {
    expect(splitWords('-A X -m comment --comment "a \\"b\\" --set"  -j  Y')).toEqual([
      { text: '-A', quoted: false, offset: 0 },
      { text: 'X', quoted: false, offset: 3 },
      { text: '-m', quoted: false, offset: 5 },
      { text: 'comment', quoted: false, offset: 8 },
      { text: '--comment', quoted: false, offset: 16 },
      { text: 'a "b" --set', quoted: true, offset: 26 },
      { text: '-j', quoted: false, offset: 43 },
      { text: 'Y', quoted: false, offset: 47 },
    ]);
  });
});

describe('transferInText', () => {
  it.each([
    ['[1:2] -A INPUT -m mac --mac-source XX:XX:XX:XX:XX:XX -j mac_1', { chain: 'mac_1', kind: 'jump' }],
    ['-A INPUT --jump mine', { chain: 'mine', kind: 'jump' }],
    ['-A INPUT -g other', { chain: 'other', kind: 'goto' }],
    ['-A INPUT --goto other\r', { chain: 'other', kind: 'goto' }],
    ['-A INPUT -jmine', { chain: 'mine', kind: 'jump' }],
    ['-A INPUT -m comment --comment "-j fake"', null],
    ['-A INPUT -s 10.0.0.1', null],
  ])('%s', (text, expected) => {
    expect(transferInText(text)).toEqual(expected);
  });
});
