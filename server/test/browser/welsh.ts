/**
 * "No English on a Welsh page", shared by the journey pages' tests in every
 * engine (journeys.ts, over puppeteer and over WebDriver).
 */
import assert from 'node:assert/strict';
import { aupConsentEnglish } from '../../../src/aup-consent/messages.js';
import { aupConsentWelsh } from '../../../src/aup-consent/messages.cy.js';
import { secretChallengeEnglish } from '../../../src/secret-challenge/messages.js';
import { secretChallengeWelsh } from '../../../src/secret-challenge/messages.cy.js';
import { secretSetupEnglish } from '../../../src/secret-setup/messages.js';
import { secretSetupWelsh } from '../../../src/secret-setup/messages.cy.js';
import { messagesFor } from '../../src/pages/messages.js';

/** Fixed English wording of a table: plain strings whole, functions split at their arguments. */
function wording(english: Record<string, unknown>, welsh: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const say = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'function') return '';
    try {
      return String((value as (...a: unknown[]) => unknown)(7, 7, 7));
    } catch {
      return ''; // a message of other arguments (a list): its words are in the plain strings too
    }
  };
  for (const [key, value] of Object.entries(english)) {
    const text = say(value);
    const cyText = say(welsh[key]);
    for (const piece of text.split(/7(?:th)?/)) {
      const trimmed = piece.trim();
      if (/[a-z]{3}/i.test(trimmed) && trimmed !== cyText.trim() && !cyText.includes(trimmed)) out.add(trimmed);
    }
  }
  return [...out];
}

const ENGLISH = [
  ...wording(messagesFor('en').page, messagesFor('cy').page),
  ...wording(secretSetupEnglish, secretSetupWelsh),
  ...wording(secretChallengeEnglish, secretChallengeWelsh),
  ...wording(aupConsentEnglish, aupConsentWelsh),
];
const ENGLISH_WORDS = /\b(the|your|you|and|enter|check|secret|sign|accept|policy|character|account|caller|error)\b/i;

/**
 * Runs in the page: what a person perceives of it (the title, text, and the
 * title, aria-label, placeholder and alt attributes), outside what is marked
 * `lang="en"` (the English-only policy, the "English" link), and its `lang`.
 * No named helpers inside: tsx would wrap them in a `__name` the page does not have.
 */
export function perceivedText(): { lang: string; texts: string[] } {
  const texts: string[] = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Element) {
      for (const attribute of ['title', 'aria-label', 'placeholder', 'alt']) {
        const value = node.getAttribute(attribute);
        if (value && !node.closest('[lang]:not([lang="cy"])')) texts.push(value);
      }
      continue;
    }
    const parent = node.parentElement;
    if (!parent || parent.closest('[lang]:not([lang="cy"])') || parent.closest('script, style')) continue;
    const text = node.textContent?.trim();
    if (text) texts.push(text);
  }
  return { lang: document.documentElement.lang, texts };
}

/** A page's `perceivedText()` is Welsh: `lang="cy"`, no English word, ordinal or message of the English tables. */
export function assertWelsh({ lang, texts }: { lang: string; texts: string[] }, where: string): void {
  assert.equal(lang, 'cy', `lang="cy" on ${where}`);
  for (const text of texts) {
    assert.doesNotMatch(text, ENGLISH_WORDS, `English on ${where}: "${text}"`);
    assert.doesNotMatch(text, /\b\d+(st|nd|rd|th)\b/, `English ordinal on ${where}: "${text}"`);
    for (const piece of ENGLISH) assert.ok(!text.includes(piece), `English "${piece}" on ${where}: "${text}"`);
  }
}
