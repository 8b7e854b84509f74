import { expect } from '@open-wc/testing';
import {
  canonicalCharacters,
  canonicalSecret,
  evaluateSecret,
  foldForComparison,
  isRuleId,
  sameSecret,
  secretLength,
  type RuleId,
  type RuleState,
  type SecretContext,
} from '../src/rules/index.js';

const mary: SecretContext = {
  givenName: 'Mary',
  familyName: 'Smith',
  organisation: 'Leeds Teaching Hospitals NHS Trust',
};

function stateOf(secret: string, id: RuleId, context: SecretContext = mary): RuleState {
  const rule = evaluateSecret(secret, context).find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.state;
}

describe('evaluateSecret', () => {
  it('returns the client rules in display order, history pending', () => {
    expect(evaluateSecret('bluebellwood', mary)).to.deep.equal([
      { id: 'letters', state: 'met' },
      { id: 'not-name', state: 'met' },
      { id: 'length', state: 'met' },
      { id: 'history', state: 'pending' },
    ]);
  });

  it('treats the empty secret as unmet on every client rule', () => {
    expect(evaluateSecret('', mary).map((r) => r.state)).to.deep.equal(['unmet', 'unmet', 'unmet', 'pending']);
    expect(stateOf('', 'not-name', {})).to.equal('unmet');
  });

  describe('letters', () => {
    const cases: Array<[string, string, 'latin' | 'unicode', RuleState]> = [
      ['plain letters', 'abcdefghij', 'latin', 'met'],
      ['mixed case', 'AbCdEfGhIj', 'latin', 'met'],
      ['space inside', 'abcde fghij', 'latin', 'unmet'],
      ['leading space', ' abcdefghij', 'latin', 'unmet'],
      ['trailing space', 'abcdefghij ', 'latin', 'unmet'],
      ['digit', 'abcdefghi1', 'latin', 'unmet'],
      ['hyphen', 'abcde-fghij', 'latin', 'unmet'],
      ['apostrophe', "o'connorabc", 'latin', 'unmet'],
      ['typographic apostrophe', 'o’connorabc', 'latin', 'unmet'],
      ['emoji', 'abcdefghij😀', 'latin', 'unmet'],
      ['zero-width space', 'abcde\u200bfghij', 'latin', 'unmet'],
      ['zero-width joiner', 'abcde\u200dfghij', 'latin', 'unmet'],
      ['non-breaking space', 'abcde\u00a0fghij', 'latin', 'unmet'],
      ['tab', 'abcde\tfghij', 'latin', 'unmet'],
      ['Cyrillic а look-alike (latin)', 'bluebellwооd', 'latin', 'unmet'],
      ['Cyrillic look-alike (unicode)', 'bluebellwооd', 'unicode', 'met'],
      ['accented letter (latin)', 'crèmebrûlée', 'latin', 'unmet'],
      ['accented letter (unicode)', 'crèmebrûlée', 'unicode', 'met'],
      ['decomposed accent (unicode)', 'cre\u0300mebru\u0302le\u0301e', 'unicode', 'met'],
      ['Welsh ŵ (unicode)', 'ffenestrŵyr', 'unicode', 'met'],
      ['full-width letters (latin)', 'ａｂｃｄｅｆｇｈｉ', 'latin', 'unmet'],
      ['digit (unicode)', 'abcdefghi1', 'unicode', 'unmet'],
      ['emoji (unicode)', 'abcdefghij😀', 'unicode', 'unmet'],
      ['zero-width (unicode)', 'abcde\u200bfghij', 'unicode', 'unmet'],
      ['right-to-left mark (unicode)', 'abcde\u200ffghij', 'unicode', 'unmet'],
      ['empty', '', 'latin', 'unmet'],
    ];
    for (const [name, secret, alphabet, expected] of cases) {
      it(`${name} (${alphabet}): ${expected}`, () => {
        expect(stateOf(secret, 'letters', { ...mary, alphabet })).to.equal(expected);
      });
    }
  });

  describe('length', () => {
    const cases: Array<[number, RuleState]> = [
      [0, 'unmet'],
      [8, 'unmet'],
      [9, 'met'],
      [64, 'met'],
      [65, 'unmet'],
    ];
    for (const [n, expected] of cases) {
      it(`${n} letters: ${expected}`, () => {
        expect(stateOf('q'.repeat(n), 'length')).to.equal(expected);
      });
    }

    it('counts a decomposed accent once, after NFC', () => {
      // 8 letters plus "e" + combining acute: 9 code points after NFC, 10 before.
      expect(secretLength('abcdefghe\u0301')).to.equal(9);
      expect(stateOf('abcdefgh' + 'e\u0301', 'length', { alphabet: 'unicode' })).to.equal('met');
      expect(stateOf('abcdefg' + 'e\u0301', 'length', { alphabet: 'unicode' })).to.equal('unmet');
    });

    it('counts an emoji as one character, not two UTF-16 units', () => {
      expect(secretLength('😀😀')).to.equal(2);
    });

    it('honours minLength and maxLength', () => {
      expect(stateOf('abcdefghijkl', 'length', { minLength: 12 })).to.equal('met');
      expect(stateOf('abcdefghijk', 'length', { minLength: 12 })).to.equal('unmet');
      expect(stateOf('abcdefghijk', 'length', { maxLength: 10 })).to.equal('unmet');
    });
  });

  describe('not-name', () => {
    const cases: Array<[string, string, RuleState]> = [
      ['given name', 'mary', 'unmet'],
      ['given name in capitals', 'MARY', 'unmet'],
      ['family name', 'Smith', 'unmet'],
      ['full name', 'marysmith', 'unmet'],
      ['full name reversed', 'smithmary', 'unmet'],
      ['full name with a space and case', 'Mary Smith', 'unmet'],
      ['secret containing the full name', 'hellomarysmithxx', 'unmet'],
      ['secret containing the reversed full name', 'xxsmithmaryxx', 'unmet'],
      ['organisation', 'leedsteachinghospitalsnhstrust', 'unmet'],
      ['secret containing the organisation', 'myleedsteachinghospitalsnhstrustword', 'unmet'],
      ['given name inside a longer word', 'rosemarywoods', 'met'],
      ['unrelated word', 'bluebellwood', 'met'],
    ];
    for (const [name, secret, expected] of cases) {
      it(`${name}: ${expected}`, () => {
        expect(stateOf(secret, 'not-name')).to.equal(expected);
      });
    }

    it('folds names with punctuation, accents and compatibility forms', () => {
      const context = { givenName: 'Mary-Jane', familyName: "O'Neil" };
      expect(stateOf('maryjaneoneil', 'not-name', context)).to.equal('unmet');
      expect(stateOf('ＭＡＲＹＪＡＮＥ', 'not-name', context)).to.equal('unmet');
      expect(stateOf('José', 'not-name', { givenName: 'Jose\u0301' })).to.equal('unmet');
    });

    it('is pending when no name is known, so the server decides', () => {
      expect(stateOf('marysmith', 'not-name', {})).to.equal('pending');
      expect(stateOf('marysmith', 'not-name', { givenName: '', familyName: ' ', organisation: '--' })).to.equal(
        'pending',
      );
    });

    it('uses only the names it knows', () => {
      expect(stateOf('marysmith', 'not-name', { givenName: 'Mary' })).to.equal('met');
      expect(stateOf('mary', 'not-name', { givenName: 'Mary' })).to.equal('unmet');
      expect(stateOf('leedsteachinghospitalsnhstrust', 'not-name', { organisation: mary.organisation })).to.equal(
        'unmet',
      );
    });

    it('checks against the names of each call, however the calls alternate', () => {
      // The folded names are kept between calls (the secret changes on every keystroke, the names rarely).
      const ann = { givenName: 'Ann', familyName: 'Jones', organisation: 'Acme' };
      for (let round = 0; round < 2; round++) {
        expect(stateOf('marysmith', 'not-name', mary)).to.equal('unmet');
        expect(stateOf('marysmith', 'not-name', ann)).to.equal('met');
        expect(stateOf('annjones', 'not-name', ann)).to.equal('unmet');
        expect(stateOf('annjones', 'not-name', { ...ann, givenName: 'Anne' })).to.equal('met');
        expect(stateOf('annjones', 'not-name', {})).to.equal('pending');
        expect(stateOf('acmeville', 'not-name', ann)).to.equal('unmet');
      }
    });
  });
});

describe('helpers', () => {
  it('foldForComparison drops non-letters and lower-cases after NFKC', () => {
    expect(foldForComparison("Mary-Jane O'Neil 2")).to.equal('maryjaneoneil');
    expect(foldForComparison('ﬁsh')).to.equal('fish');
  });

  it('sameSecret ignores case, as a phone call does', () => {
    expect(sameSecret('BlueBellWood', 'bluebellwood')).to.equal(true);
    expect(sameSecret('bluebellwood', 'bluebellwoods')).to.equal(false);
  });

  it('foldForComparison lower-cases each code point, so a name with a Σ before a space is still found', () => {
    expect(foldForComparison('\u039F\u0394\u039F\u03A3 \u0391\u0398\u0397\u039D\u0391')).to.equal(
      '\u03BF\u03B4\u03BF\u03C3\u03B1\u03B8\u03B7\u03BD\u03B1',
    );
    expect(
      stateOf('\u039F\u0394\u039F\u03A3\u0391\u0398\u0397\u039D\u0391', 'not-name', {
        organisation: '\u039F\u0394\u039F\u03A3 \u0391\u0398\u0397\u039D\u0391',
      }),
    ).to.equal('unmet');
  });

  it('isRuleId accepts exactly the public ids', () => {
    expect(['letters', 'not-name', 'length', 'history', 'match'].every(isRuleId)).to.equal(true);
    expect(isRuleId('Letters')).to.equal(false);
    expect(isRuleId(undefined)).to.equal(false);
  });
});

/**
 * The canonical form against the reference server's: each expected value
 * below is what `canonicalCharacters` in server/src/secret-crypto.ts
 * returned for the input (copied as literals, so this suite needs no
 * server). `perStringDiffers` marks the inputs where lower-casing the whole
 * string (the old `sameSecret`) gives another answer: only Final_Sigma does,
 * the others pin where a lower-cased character is longer than one code
 * point, or NFC changes the count.
 */
describe('canonical form, as the reference server computes it', () => {
  const CASES: Array<{ name: string; input: string; server: string[]; perStringDiffers: boolean }> = [
    {
      name: 'ΟΔΟΣ (final sigma)',
      input: '\u039F\u0394\u039F\u03A3',
      server: ['\u03BF', '\u03B4', '\u03BF', '\u03C3'],
      perStringDiffers: true,
    },
    {
      name: 'ΣΑΣ (a Σ at each end)',
      input: '\u03A3\u0391\u03A3',
      server: ['\u03C3', '\u03B1', '\u03C3'],
      perStringDiffers: true,
    },
    {
      name: 'ΑΣ with a combining acute after the Σ',
      input: '\u0391\u03A3\u0301',
      server: ['\u03B1', '\u03C3', '\u0301'],
      perStringDiffers: true,
    },
    {
      name: 'ὈΔΥΣΣΕΎΣ (breathing, tonos, two Σ inside and one at the end)',
      input: '\u1F48\u0394\u03A5\u03A3\u03A3\u0395\u038E\u03A3',
      server: ['\u1F40', '\u03B4', '\u03C5', '\u03C3', '\u03C3', '\u03B5', '\u03CD', '\u03C3'],
      perStringDiffers: true,
    },
    { name: 'Σ alone', input: '\u03A3', server: ['\u03C3'], perStringDiffers: false },
    {
      name: 'İSTANBUL (İ lower-cases to i and a combining dot)',
      input: '\u0130STANBUL',
      server: ['i\u0307', 's', 't', 'a', 'n', 'b', 'u', 'l'],
      perStringDiffers: false,
    },
    { name: 'İ with a combining acute', input: '\u0130\u0301', server: ['i\u0307', '\u0301'], perStringDiffers: false },
    {
      name: 'STRAẞE (capital sharp s)',
      input: 'STRA\u1E9EE',
      server: ['s', 't', 'r', 'a', '\u00DF', 'e'],
      perStringDiffers: false,
    },
    {
      name: 'E and a combining acute (NFC: one character)',
      input: 'E\u0301CLAIR',
      server: ['\u00E9', 'c', 'l', 'a', 'i', 'r'],
      perStringDiffers: false,
    },
    {
      name: 'Sian with a combining circumflex',
      input: 'Sia\u0302n',
      server: ['s', 'i', '\u00E2', 'n'],
      perStringDiffers: false,
    },
    {
      name: 'the Kelvin sign (NFC: K)',
      input: 'KELVIN\u212A',
      server: ['k', 'e', 'l', 'v', 'i', 'n', 'k'],
      perStringDiffers: false,
    },
    { name: 'ǅ (title-case digraph)', input: '\u01C5', server: ['\u01C6'], perStringDiffers: false },
  ];

  for (const { name, input, server, perStringDiffers } of CASES) {
    it(name, () => {
      expect(canonicalCharacters(input)).to.deep.equal(server);
      expect(canonicalSecret(input)).to.equal(server.join(''));
      expect(input.normalize('NFC').toLowerCase() !== server.join(''), 'per-string lower case differs').to.equal(
        perStringDiffers,
      );
    });
  }

  const PAIRS: Array<[a: string, b: string, same: boolean]> = [
    ['\u039F\u0394\u039F\u03A3', '\u03BF\u03B4\u03BF\u03C3', true],
    // The server keeps ς and σ apart: the person typed different letters.
    ['\u039F\u0394\u039F\u03A3', '\u03BF\u03B4\u03BF\u03C2', false],
    ['\u0130STANBUL', 'i\u0307stanbul', true],
    ['\u0130STANBUL', 'istanbul', false],
    ['STRA\u1E9EE', 'stra\u00DFe', true],
    ['E\u0301CLAIR', '\u00E9clair', true],
  ];
  for (const [a, b, same] of PAIRS) {
    it(`sameSecret(${JSON.stringify(a)}, ${JSON.stringify(b)}) is ${same}, as on the server`, () => {
      expect(sameSecret(a, b)).to.equal(same);
      expect(sameSecret(b, a)).to.equal(same);
    });
  }
});
