import type { ReactiveControllerHost } from 'lit';
import type { CharBoxes } from './char-boxes.js';
import { askedOf, characters, shortestWhole, type Challenge } from './challenge-model.js';
import { FullSecretField, type FullSecretOutcome } from './full-secret-field.js';
import type { SecretChallengeMessages } from './messages.js';

export interface WholeSecretOptions {
  boxes: CharBoxes;
  messages(): SecretChallengeMessages;
  /** The challenge on show, if any. */
  challenge(): Challenge | undefined;
  announce(text: string): void;
  /** The asked characters are in the boxes now. */
  taken(): void;
  /** Enter in the whole-secret field. */
  verify(): void;
}

/**
 * A whole secret, pasted, typed or filled by a password manager into the
 * whole-secret field (self mode) or into a box: only the asked characters
 * are kept, put in the boxes, and the rest goes no further than `take`'s
 * argument (WCAG 2.2 SC 3.3.8). The field itself is `FullSecretField`'s.
 */
export class WholeSecret {
  readonly #host: ReactiveControllerHost;
  readonly #options: WholeSecretOptions;
  readonly #field: FullSecretField;
  /** Why the last whole secret was refused, shown beside the field. */
  error?: string;

  constructor(host: ReactiveControllerHost & HTMLElement, options: WholeSecretOptions) {
    this.#host = host;
    this.#options = options;
    this.#field = new FullSecretField(
      host,
      (value, final) => this.#onValue(value, final),
      () => options.verify(),
    );
  }

  /** Empties the field. */
  clear(): void {
    this.#field.clear();
  }

  /**
   * Shows the field (`show`), or takes it away; `wait`: the strings of the
   * page's language are still loading, and no English is shown meanwhile.
   */
  sync(show: boolean, wait: boolean, busy: boolean, account: string | undefined): void {
    if (!show) {
      this.#field.detach();
      this.error = undefined;
      return;
    }
    if (wait) return;
    const m = this.#options.messages();
    this.#field.attach(
      { label: m.fullSecretLabel, hint: m.fullSecretHint, errorPrefix: m.errorPrefix, error: this.error },
      busy,
      account,
    );
  }

  /**
   * Keeps only the asked characters of a whole secret, which goes no further
   * than this function's argument. Returns why it was refused, if it was.
   */
  take(chars: string[]): string | undefined {
    const { boxes, announce } = this.#options;
    const challenge = this.#options.challenge();
    const m = this.#options.messages();
    if (!challenge) return m.errorBadResponse;
    const asked = askedOf(chars, challenge.positions);
    if (asked === 'not-letters') return m.errorFullSecretLetters;
    if (asked === 'too-short') return m.errorFullSecretShort(shortestWhole(challenge.positions));
    boxes.fill(asked);
    this.error = undefined;
    this.#options.taken();
    const ordinals = m.list(challenge.positions.map((p) => m.ordinal(p)));
    announce(m.fullSecretTaken(ordinals, m.verify));
    return undefined;
  }

  #onValue(value: string, final: boolean): FullSecretOutcome {
    if (!final) return 'wait';
    const chars = characters(value.trim());
    if (chars.length === 0) return 'refused';
    const refusal = this.take(chars);
    if (!refusal) return 'taken';
    this.error = refusal;
    this.#options.announce(refusal);
    this.#host.requestUpdate();
    return 'refused';
  }
}
