import type { ReactiveControllerHost } from 'lit';
import { FormGuard } from '../internal/form-guard.js';
import { LightControls, OWNED } from '../internal/light-controls.js';
import type { CharBoxes } from './char-boxes.js';
import type { Challenge } from './challenge-model.js';
import type { SecretChallengeMessages } from './messages.js';
import { secretChallengeLightStyles } from './secret-challenge.styles.js';
import { make, setText } from '../internal/dom.js';

/** Nodes among the children that are the element's own, never the page's boxes. */
const NOT_PAGE = `[${OWNED}], [data-secret-challenge-owned]`;

export interface PageBoxesOptions {
  /** With `endpoint` the element sends the answers itself (over JSON): a GET form then sends none of them. */
  sendsItself(): boolean;
  /** The page's form is submitted (and the guard let it through). */
  submit(event: SubmitEvent): void;
  /** The page's form was reset. */
  reset(): void;
  /** The show/hide button beside the boxes was pressed. */
  toggle(): void;
}

/** What the element's state says the additions beside the page's boxes show. */
export interface PageBoxesView {
  boxes: CharBoxes;
  messages: SecretChallengeMessages;
  /** The strings of the page's language are loaded. */
  loaded: boolean;
  agent: boolean;
  /** The challenge whose boxes are ready to answer, if any. */
  challenge?: Challenge;
  /** The last answer failed: the failure notice says how many attempts are left. */
  failed: boolean;
  /** The boxes left empty when Verify was pressed. */
  missing: readonly number[];
  shown: boolean;
  busy: boolean;
  /** The positions the host gave (and the page's labels name). */
  positions: readonly number[] | undefined;
}

/**
 * `<secret-challenge>`'s "HTML first" mode: the page's own boxes (every
 * input among the children that is not hidden and not the element's own),
 * the form they belong to, and what the element adds beside them in light
 * DOM so the boxes' and the group's `aria-describedby` reach it: the
 * attempts left, the message of a refused or missing character, the
 * show/hide button. The boxes' typing is `CharBoxes`'s.
 */
export class PageBoxes {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: PageBoxesOptions;
  readonly #light: LightControls<{ inputs: readonly HTMLInputElement[] }>;
  /** No GET submission carries a character of the page's boxes (SPEC, hardening). */
  readonly #guard: FormGuard;
  /** The page's boxes the element has taken (and the form they belong to). */
  #inputs?: readonly HTMLInputElement[];
  #form?: HTMLFormElement | null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: PageBoxesOptions) {
    this.#host = host;
    this.#options = options;
    this.#light = new LightControls(host, (element) => {
      const found = [...element.querySelectorAll<HTMLInputElement>('input:not([type="hidden" i])')].filter(
        (input) => !input.closest(NOT_PAGE),
      );
      if (found.length === 0) return undefined;
      const last: readonly HTMLInputElement[] | undefined = this.#light?.controls?.inputs;
      // The same nodes: the same list, so nothing is taken as new.
      return last && last.length === found.length && last.every((input, i) => input === found[i])
        ? { inputs: last }
        : { inputs: found };
    });
    this.#guard = new FormGuard(host, {
      tag: 'secret-challenge',
      entries: () =>
        (this.#inputs ?? [])
          .filter((input) => input.value !== '')
          .map((input): [string, string] => [input.name, input.value]),
      sendsItself: options.sendsItself,
      inForm: () => !!this.#inputs,
      submit: options.submit,
    });
  }

  /** The page's boxes, or undefined when it gave none (the element renders its own). */
  get inputs(): readonly HTMLInputElement[] | undefined {
    return this.#inputs;
  }

  /** The form of the page's boxes. */
  get form(): HTMLFormElement | null | undefined {
    return this.#form;
  }

  /**
   * Takes the page's inputs as the boxes, and watches their form. Returns
   * whether they are other nodes than before (the same nodes back after a
   * move are the same boxes).
   */
  take(): boolean {
    const inputs = this.#light.controls?.inputs;
    const given = this.#inputs;
    const same =
      given === inputs ||
      (!!given && !!inputs && given.length === inputs.length && given.every((input, i) => input === inputs[i]));
    this.#inputs = inputs;
    const form = inputs?.[0].form ?? null;
    if (form === this.#form) return !same;
    this.#form?.removeEventListener('reset', this.#onReset);
    form?.addEventListener('reset', this.#onReset);
    this.#guard.attach(form);
    this.#form = form;
    if (inputs) this.#light.adopt(secretChallengeLightStyles);
    return !same;
  }

  readonly #onReset = () => this.#options.reset();

  /** The page's own error messages for the boxes go once the user changes an answer. */
  dismissServerErrors(): void {
    for (const input of this.#inputs ?? []) this.#light.dismiss(input);
    const group = this.#group;
    if (group) this.#light.dismiss(group);
  }

  /** What holds the page's boxes: their closest common ancestor inside the element (the page's fieldset). */
  get #group(): HTMLElement | undefined {
    const [first, ...rest] = this.#inputs ?? [];
    let group = first?.parentElement;
    while (group && group !== this.#host && !rest.every((input) => group!.contains(input))) group = group.parentElement;
    return group ?? undefined;
  }

  /** The child of the group that holds box `index` (its wrapper with the label, or the box itself). */
  #itemOf(group: HTMLElement, input: HTMLInputElement): Element {
    let item: Element = input;
    while (item.parentElement && item.parentElement !== group) item = item.parentElement;
    return item;
  }

  /** Writes the boxes' state and what the element adds beside them. */
  sync(view: PageBoxesView): void {
    const inputs = this.#inputs;
    const group = this.#group;
    const { boxes, messages: m, agent, challenge, missing } = view;
    // Off the page nothing is added to the page's markup (the controller has just taken it all away).
    if (!inputs || !group || !this.#host.isConnected) return;
    boxes.sync(agent || view.shown ? 'text' : 'password', view.busy);
    // A Welsh page shows no English while the Welsh strings load: the additions wait for them.
    if (!view.loaded) return;
    const light = this.#light;
    const first = this.#itemOf(group, inputs[0]);
    const last = this.#itemOf(group, inputs[inputs.length - 1]);

    const remaining = challenge?.attemptsRemaining;
    const groupIds: string[] = [];
    if (challenge && remaining !== undefined && !view.failed) {
      const attempts = light.add(
        'attempts',
        () => make('p', { className: 'ase-attempts' }),
        (node: HTMLElement) => first.before(node),
      );
      attempts.textContent = agent ? m.attemptsAgent(remaining) : m.attemptsSelf(remaining);
      groupIds.push(light.id(attempts, 'secret-challenge-attempts'));
    } else {
      light.remove('attempts');
    }
    if (group !== this.#host) light.describe(group, groupIds);

    const text = challenge ? boxes.errorText(missing) : undefined;
    let errorId = '';
    if (text) {
      const error = light.add(
        'error',
        () => make('p', { className: 'nhsuk-error-message ase-error-message' }),
        (node: HTMLElement) => first.before(node),
      );
      error.replaceChildren(
        make('span', {
          className: 'ase-visually-hidden',
          textContent: `${m.errorPrefix} `,
        }),
        text,
      );
      errorId = light.id(error, 'secret-challenge-error');
      this.dismissServerErrors();
    } else {
      light.remove('error');
    }
    const given = view.positions;
    const relabel =
      !!challenge &&
      !(given?.length === challenge.positions.length && given.every((p, i) => p === challenge.positions[i]));
    inputs.forEach((input, index) => {
      // Positions the page could not know (fetched, or new after a 410): each label names its own.
      const label = input.labels?.[0];
      const name = relabel && challenge ? m.charLabel(challenge.positions[index]) : undefined;
      if (label && name) setText(label, name);
      const invalid = !!text && boxes.isInvalid(index, missing);
      light.describe(input, invalid ? [errorId] : [], invalid);
      light.id(input, 'secret-challenge-char');
    });

    if (challenge && !agent) {
      const toggle = light.add(
        'toggle',
        () => {
          const button = make('button', {
            type: 'button',
            className: 'ase-toggle nhsuk-button nhsuk-button--secondary',
          });
          button.addEventListener('click', () => this.#options.toggle());
          return button;
        },
        (node: HTMLElement) => last.after(node),
      );
      toggle.textContent = view.shown ? m.hide : m.show;
      toggle.setAttribute('aria-label', view.shown ? m.hideCharacters : m.showCharacters);
      toggle.setAttribute('aria-controls', inputs.map((input) => input.id).join(' '));
    } else {
      light.remove('toggle');
    }
  }
}
