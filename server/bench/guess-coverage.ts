/**
 * The figures of docs/backend.md's threat model, computed (exactly, no
 * sampling): `npx tsx server/bench/guess-coverage.ts`. Runs in well under a
 * second.
 *
 * 1. Guessing: a challenge asks 3 positions, the same ones until a success,
 *    so every wrong guess a caller makes is against the same 3 letters. The
 *    best a guesser can do with k tries is the k most likely 3-letter
 *    answers. With letters drawn from English letter frequencies (the
 *    models below), the chance that one of them is right is the sum of
 *    their probabilities.
 * 2. What agents learn: each successful agent check tells 3 of positions
 *    1..9. A new secret is forced once 6 distinct positions have been told:
 *    how many are told by then, and after how many checks.
 * 3. What that is worth: someone who knows the letters at m of the 9
 *    positions, answering a fresh challenge with k tries.
 */
import { LOCKS_BEFORE_ADMIN, MAX_FAILED_ATTEMPTS, MAX_UNLOCKS } from '../../src/policy.js';

/**
 * Two models of the letters of a secret, per cent. Secrets are words, so
 * the main model is the letters of dictionary words (the Concise Oxford
 * Dictionary's entries, as widely reproduced: flatter than running text);
 * running text (Lewand, "Cryptological Mathematics", 2000) is shown beside
 * it. Either is a model, not a measurement of real secrets: a guesser with
 * a better one (position-specific frequencies, a list of likely secrets)
 * does better than these figures.
 */
const DICTIONARY: Record<string, number> = {
  a: 8.4966,
  b: 2.072,
  c: 4.5388,
  d: 3.3844,
  e: 11.1607,
  f: 1.8121,
  g: 2.4705,
  h: 3.0034,
  i: 7.5448,
  j: 0.1965,
  k: 1.1016,
  l: 5.4893,
  m: 3.0129,
  n: 6.6544,
  o: 7.1635,
  p: 3.1671,
  q: 0.1962,
  r: 7.5809,
  s: 5.7351,
  t: 6.9509,
  u: 3.6308,
  v: 1.0074,
  w: 1.2899,
  x: 0.2902,
  y: 1.7779,
  z: 0.2722,
};
const RUNNING_TEXT: Record<string, number> = {
  a: 8.167,
  b: 1.492,
  c: 2.782,
  d: 4.253,
  e: 12.702,
  f: 2.228,
  g: 2.015,
  h: 6.094,
  i: 6.966,
  j: 0.153,
  k: 0.772,
  l: 4.025,
  m: 2.406,
  n: 6.749,
  o: 7.507,
  p: 1.929,
  q: 0.095,
  r: 5.987,
  s: 6.327,
  t: 9.056,
  u: 2.758,
  v: 0.978,
  w: 2.36,
  x: 0.15,
  y: 1.974,
  z: 0.074,
};

/** The letter probabilities of a model. */
function probabilities(model: Record<string, number>): number[] {
  const sum = Object.values(model).reduce((a, b) => a + b, 0);
  return Object.values(model).map((f) => f / sum);
}

/** Probabilities of every answer of `n` independent letters drawn from `p`, most likely first. */
function answersByLikelihood(p: readonly number[], n: number): number[] {
  let answers = [1];
  for (let i = 0; i < n; i++) answers = answers.flatMap((q) => p.map((pl) => q * pl));
  return answers.sort((a, b) => b - a);
}

/** Chance that the k most likely of `answers` include the right one. */
function coverage(answers: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, answers.length); i++) sum += answers[i];
  return sum;
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const percent = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 4 : 2)} %`;
const oneIn = (x: number) => `1 in ${Math.round(1 / x).toLocaleString('en-GB')}`;

const dictionary = probabilities(DICTIONARY);
const three = answersByLikelihood(dictionary, 3);
const threeText = answersByLikelihood(probabilities(RUNNING_TEXT), 3);
const uniform = (k: number) => k / 26 ** 3;

// Wrong guesses a day (see the unlock rules): alone, one person gets the
// attempts of 3 locks before only an admin can unlock, and may lift none of
// them; a second admin adds MAX_UNLOCKS unlocks, each worth one more run.
const alone = MAX_FAILED_ATTEMPTS * LOCKS_BEFORE_ADMIN;
const pair = alone + MAX_FAILED_ATTEMPTS * MAX_UNLOCKS;

print('1. Guessing 3 letters, the same positions until a success: the k most likely answers');
print('   guesses                                             dictionary words        running text   uniform letters');
for (const [k, what] of [
  [1, 'one check'],
  [MAX_FAILED_ATTEMPTS, 'one run of failures (then a 15-minute lock)'],
  [alone, `a day, alone (${LOCKS_BEFORE_ADMIN} locks, no unlock)`],
  [pair, `a day, with a second admin (${MAX_UNLOCKS} unlocks)`],
  [pair * 30, `30 days at ${pair} a day, if nobody acts on the audit`],
] as const) {
  const c = coverage(three, k);
  const t = coverage(threeText, k);
  print(
    `   ${String(k).padStart(4)}  ${what.padEnd(46)} ${percent(c).padStart(8)} (${oneIn(c)})`.padEnd(80) +
      `${percent(t).padStart(8)}   ${percent(uniform(k)).padStart(9)}`,
  );
}
print(`   best single guess: "eee" (${percent(three[0])} with dictionary words)`);

// 2. Exposure: the number of distinct positions told, as a Markov chain.
const POSITIONS = 9;
const ASKED = 3;
const LIMIT = 6;
const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
/** P(told n → n + j) for one check. */
const step = (n: number, j: number) => (choose(POSITIONS - n, j) * choose(n, ASKED - j)) / choose(POSITIONS, ASKED);

let distribution = new Map<number, number>([[0, 1]]);
const atTrigger = new Map<number, number>();
let expectedChecks = 0;
for (let check = 1; distribution.size > 0 && check < 200; check++) {
  const next = new Map<number, number>();
  for (const [n, q] of distribution) {
    for (let j = 0; j <= ASKED; j++) {
      const r = q * step(n, j);
      if (r === 0) continue;
      const m = n + j;
      if (m >= LIMIT) {
        atTrigger.set(m, (atTrigger.get(m) ?? 0) + r);
        expectedChecks += check * r;
      } else next.set(m, (next.get(m) ?? 0) + r);
    }
  }
  distribution = next;
}
print('');
print(
  `2. Successful agent checks until ${LIMIT} distinct positions of ${POSITIONS} have been told (a new secret is then due)`,
);
print(`   expected checks: ${expectedChecks.toFixed(2)}`);
for (const [m, q] of [...atTrigger].sort((a, b) => a[0] - b[0]))
  print(`   ${m} positions told when it triggers: ${percent(q)}`);
print(`   most before it triggers: ${LIMIT - 1}; most at the check that triggers it: ${Math.max(...atTrigger.keys())}`);

// 3. Someone who knows m positions answers a fresh challenge with k tries:
// the asked positions they know are right; the others are guessed, the
// most likely combinations first.
print('');
print('3. Passing a fresh challenge knowing the letters at m of the 9 positions (dictionary words)');
print('   m   all 3 known   within 1 try   within 5 tries (one run)');
for (const m of [0, 3, 5, 6, 8]) {
  let known = 0;
  let one = 0;
  let five = 0;
  for (let unknown = 0; unknown <= ASKED; unknown++) {
    const q = (choose(m, ASKED - unknown) * choose(POSITIONS - m, unknown)) / choose(POSITIONS, ASKED);
    if (unknown === 0) known += q;
    const answers = answersByLikelihood(dictionary, unknown);
    one += q * coverage(answers, 1);
    five += q * coverage(answers, MAX_FAILED_ATTEMPTS);
  }
  print(`   ${m}   ${percent(known).padEnd(13)} ${percent(one).padEnd(14)} ${percent(five)}`);
}
