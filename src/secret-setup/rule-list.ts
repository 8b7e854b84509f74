import { OWNED } from '../internal/light-controls.js';
import { isRecord } from '../internal/http.js';
import {
  DEFAULT_MAX_LENGTH,
  DEFAULT_MIN_LENGTH,
  evaluateSecret,
  isRuleId,
  secretLength,
  type RuleId,
  type RuleResult,
  type SecretContext,
} from '../rules/index.js';
import type { SecretSetupMessages } from './messages.js';
import { make, setAttr, setData } from '../internal/dom.js';

/** The element's settings that the rules and their wording read (its attributes). */
interface RuleSettings {
  givenName: string;
  familyName: string;
  organisation: string;
  minLength: number;
  maxLength: number;
  alphabet: string;
  historySize: number;
}

/** What the rules read: the entries (confirmation null with `no-confirm`), the settings and the strings. */
export interface RuleSource {
  secret: string;
  confirm: string | null;
  settings: RuleSettings;
  messages: SecretSetupMessages;
}

interface RuleInputs extends RuleSource {
  context: Required<SecretContext>;
  historySize: number;
}

/** Which field each rule's problem belongs to (for error links and anchors). */
const FIELD_OF: Record<RuleId, 'secret' | 'confirm'> = {
  letters: 'secret',
  'not-name': 'secret',
  length: 'secret',
  history: 'secret',
  match: 'confirm',
};

/**
 * An item as the list writes it (its icon, its visually hidden state and its
 * text), in the shadow list or (`light`) the page's: made once, then cloned,
 * all its nodes in one call.
 */
function itemOf(light: boolean): HTMLLIElement {
  const item = make('li');
  const icon = make('span', { className: light ? 'ase-icon' : 'icon' });
  icon.setAttribute('aria-hidden', 'true');
  const state = make('span', { className: light ? 'ase-visually-hidden' : 'visually-hidden' });
  state.append('');
  if (light) {
    for (const node of [icon, state]) node.setAttribute(OWNED, '');
    item.className = 'ase-rule';
  } else item.setAttribute('part', 'rule');
  item.append(icon, state, '');
  return item;
}
const prototypes: Array<HTMLLIElement | undefined> = [];

/**
 * The rule checklist of `<secret-setup>`: one derivation of the rules per
 * change of an entry or a setting, which the `secret-rules-change` event,
 * the polite summary, the form validity, the error texts and the list items
 * all read; and the list's items, kept true to it.
 *
 * The list is the element's own `<ul part="rules">` in its shadow root, or
 * (light-DOM mode) the page's `<ul>`/`<ol>` of plain rules, whose items it
 * turns into the live checklist: each gets `data-rule`, `data-state`, a
 * class `ase-rule`, an icon and a visually hidden state ("Done:"), and the
 * element's own wording of its rule. Page items are matched by `data-rule`,
 * otherwise in order; one the element has no rule for is hidden.
 *
 * Items are written here, not by a Lit template: a template instance per
 * item was most of the element's heap, and a keystroke that changes only
 * rule states needs no render at all (docs/performance.md).
 */
export class RuleList {
  readonly #source: () => RuleSource;
  #derived?: RuleResult[];
  /** Rules the server said the current entries fail; forgotten as the entries change. */
  #serverUnmet: readonly RuleId[] = [];
  /** What the list's items were last written from: the list, the strings, and the rest as one string. */
  #written: unknown[] = [];

  constructor(source: () => RuleSource) {
    this.#source = source;
  }

  /** The length limits in force: an unusable attribute value falls back to the default. */
  get limits(): { min: number; max: number } {
    const { minLength, maxLength } = this.#source().settings;
    const min = Number.isInteger(minLength) && minLength > 0 ? minLength : DEFAULT_MIN_LENGTH;
    const max = Number.isInteger(maxLength) && maxLength >= min ? maxLength : Math.max(min, DEFAULT_MAX_LENGTH);
    return { min, max };
  }

  #read(): RuleInputs {
    const source = this.#source();
    const { givenName, familyName, organisation, alphabet, historySize } = source.settings;
    const { min, max } = this.limits;
    const context = {
      givenName,
      familyName,
      organisation,
      minLength: min,
      maxLength: max,
      alphabet: alphabet === 'unicode' ? 'unicode' : 'latin',
    } as const;
    return { ...source, context, historySize };
  }

  /** Every rule's state for the current entries and settings, in display order (derived at most once per change). */
  get results(): RuleResult[] {
    if (this.#derived) return this.#derived;
    const { secret, confirm, context } = this.#read();
    const results = evaluateSecret(secret, context);
    if (confirm !== null) results.push({ id: 'match', state: confirm !== '' && confirm === secret ? 'met' : 'unmet' });
    this.#derived = results.map((rule) =>
      this.#serverUnmet.includes(rule.id) ? { id: rule.id, state: 'unmet' } : rule,
    );
    return this.#derived;
  }

  /** No rule is unmet (pending rules are for the server to decide). */
  get valid(): boolean {
    return this.results.every((rule) => rule.state !== 'unmet');
  }

  /**
   * Something the rules read changed: derive again at the next read. An
   * edit of the secret forgets every server verdict; one of the
   * confirmation, only the match.
   */
  changed(field?: 'secret' | 'confirm'): void {
    this.#derived = undefined;
    if (field === 'secret') this.#serverUnmet = [];
    else if (field === 'confirm') this.#serverUnmet = this.#serverUnmet.filter((id) => id !== 'match');
  }

  /** The server refused the entries for these rules (a 422). */
  reject(rules: readonly RuleId[]): void {
    this.#serverUnmet = rules;
    this.#derived = undefined;
  }

  get rejected(): boolean {
    return this.#serverUnmet.length > 0;
  }

  reset(): void {
    this.#serverUnmet = [];
    this.#derived = undefined;
  }

  /** The polite summary: "2 of 4 rules met", or "All rules met". */
  summary(): string {
    const m = this.#read().messages;
    const decided = this.results.filter((rule) => rule.state !== 'pending');
    const met = decided.filter((rule) => rule.state === 'met').length;
    return met === decided.length ? m.rulesAllMet : m.rulesSummary(met, decided.length);
  }

  /** The problems to show, each with its field, in display order: one clear instruction for an empty secret. */
  problems(): Array<{ text: string; field: 'secret' | 'confirm' }> {
    const { secret, messages } = this.#read();
    if (secret === '') return [{ text: messages.errorEmpty, field: 'secret' }];
    return this.results
      .filter((rule) => rule.state === 'unmet')
      .map((rule) => ({ text: this.problemText(rule.id), field: FIELD_OF[rule.id] }));
  }

  /**
   * The form validity the results give, as a native input's would be: the
   * first unmet rule's flag and message, and the field at fault; undefined
   * when valid.
   */
  validity(required: boolean): { flags: ValidityStateFlags; message: string; field: 'secret' | 'confirm' } | undefined {
    const { secret, context, messages } = this.#read();
    if (secret === '')
      return required ? { flags: { valueMissing: true }, message: messages.errorEmpty, field: 'secret' } : undefined;
    const first = this.results.find((rule) => rule.state === 'unmet');
    if (!first) return undefined;
    const flags: ValidityStateFlags =
      first.id === 'letters'
        ? { patternMismatch: true }
        : first.id === 'length'
          ? secretLength(secret) > context.maxLength
            ? { tooLong: true }
            : { tooShort: true }
          : { customError: true };
    return { flags, message: this.problemText(first.id), field: FIELD_OF[first.id] };
  }

  problemText(id: RuleId): string {
    const { secret, confirm, context, historySize, messages: m } = this.#read();
    switch (id) {
      case 'letters':
        return context.alphabet === 'unicode' ? m.errorLettersUnicode : m.errorLetters;
      case 'not-name':
        return m.errorNotName;
      case 'length':
        return secretLength(secret) > context.maxLength
          ? m.errorTooLong(context.maxLength)
          : m.errorTooShort(context.minLength);
      case 'history':
        return m.errorHistory(historySize);
      case 'match':
        return confirm === '' ? m.errorConfirmEmpty : m.errorMatch;
    }
  }

  #ruleText(id: RuleId, inputs: RuleInputs): string {
    const { secret, context, historySize, messages: m } = inputs;
    switch (id) {
      case 'letters':
        return m.ruleLetters;
      case 'not-name':
        return m.ruleNotName;
      case 'length':
        return secretLength(secret) > context.maxLength
          ? m.ruleTooLong(context.maxLength)
          : m.ruleLength(context.minLength);
      case 'history':
        return m.ruleHistory(historySize);
      case 'match':
        return m.ruleMatch;
    }
  }

  /**
   * Brings the list's items up to date, touching only what changed. `light`:
   * the list is the page's (items marked with classes, the element's own
   * nodes marked as owned); `live`: the user has typed or tried to save, so
   * unmet rules may look unmet. Most keystrokes change no item's state:
   * then the list is left alone; otherwise each attribute and text is
   * compared before it is set.
   */
  write(list: Element, light: boolean, live: boolean): void {
    const inputs = this.#read();
    const { secret, context, historySize, messages: m } = inputs;
    // What the items show depends on nothing else, and most keystrokes change none of it: then nothing is
    // written. (In the page's list, its text's length: a page script that rewrote or replaced the items is
    // still repaired. The shadow list is ours alone.)
    const key = `${live} ${context.minLength} ${context.maxLength} ${historySize} ${secretLength(secret) > context.maxLength} ${light && list.textContent?.length} ${this.results.map((rule) => rule.state).join()}`;
    if (list === this.#written[0] && m === this.#written[1] && key === this.#written[2]) return;
    this.#written = [list, m, key];
    const label = { met: m.stateMet, unmet: m.stateUnmet, pending: m.statePending };
    // Class names of an item's nodes: the shadow list's, or the `ase-` ones for a list in the page's light DOM.
    const prefix = light ? 'ase-' : '';
    const rules = this.results;
    const items = [...list.children].filter((child): child is HTMLLIElement => child instanceof HTMLLIElement);
    const claimed = new Set<HTMLLIElement>();
    if (light) {
      list.classList.add('ase-rules');
      list.classList.toggle('ase-rules--live', live);
    }
    // Attributes, not `dataset`, and siblings, not `childNodes`: each of those is one more object per item.
    const ruleOf = (li: Element) => li.getAttribute('data-rule');
    rules.forEach((rule, index) => {
      let item = light
        ? (items.find((li) => ruleOf(li) === rule.id) ??
          items.find((li) => !claimed.has(li) && !rules.some((r) => r.id === ruleOf(li))))
        : items[index];
      if (!item) {
        item = (prototypes[light ? 1 : 0] ??= itemOf(light)).cloneNode(true) as HTMLLIElement;
        if (light) item.setAttribute(OWNED, '');
        list.append(item);
      }
      claimed.add(item);
      let icon = item.firstChild;
      if (
        !(icon instanceof HTMLSpanElement && icon.className === `${prefix}icon`) ||
        !(icon.nextSibling?.firstChild instanceof Text) ||
        !(icon.nextSibling.nextSibling instanceof Text)
      ) {
        // A page's item of plain text: it becomes ours to word.
        item.replaceChildren(...(prototypes[1] ??= itemOf(true)).cloneNode(true).childNodes);
        item.classList.add('ase-rule');
        icon = item.firstChild!;
      }
      if (item.hidden) item.hidden = false;
      const state = icon.nextSibling!;
      // Text set on the Text nodes: no node is replaced (nor a mutation recorded, for the page's list).
      setData(state.firstChild as Text, `${label[rule.state]} `);
      setData(state.nextSibling as Text, this.#ruleText(rule.id, inputs));
      setAttr(item, 'data-rule', rule.id);
      setAttr(item, 'data-state', rule.state);
    });
    for (const item of items) {
      if (claimed.has(item)) continue;
      // The element's own surplus goes; the page's is only hidden (its nodes are never removed).
      if (!light || item.hasAttribute(OWNED)) item.remove();
      else item.hidden = true;
    }
  }
}

/** The rule ids of a 422 problem, or undefined when the body breaks the contract. */
export function rejectedRules(body: unknown): RuleId[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
  const rules: RuleId[] = [];
  for (const error of body.errors) {
    if (!isRecord(error) || !isRuleId(error.rule)) return undefined;
    if (!rules.includes(error.rule)) rules.push(error.rule);
  }
  return rules;
}
