/**
 * Two copies of the library on one page (a portal's bundle and an app's npm
 * import, say) must not throw, and the first definitions must stay. A module
 * URL with a different query string is a different module instance, so
 * importing an element's module again with `?copy=…` evaluates a second,
 * distinct class that tries to register the same tag.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { define } from '../src/internal/define.js';
import '../src/index.js';
import { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { consoleText, stopAll, watchConsole, watchErrors } from './support/watch.js';

const FIRST = {
  'secret-setup': SecretSetupElement,
  'aup-consent': AupConsentElement,
  'secret-challenge': SecretChallengeElement,
} as const;
type Tag = keyof typeof FIRST;

const MODULES: Record<Tag, { url: string; name: string }> = {
  'secret-setup': { url: '/src/secret-setup/secret-setup.ts', name: 'SecretSetupElement' },
  'aup-consent': { url: '/src/aup-consent/aup-consent.ts', name: 'AupConsentElement' },
  'secret-challenge': { url: '/src/secret-challenge/secret-challenge.ts', name: 'SecretChallengeElement' },
};

/** Imports a URL the bundler cannot see (a string it must not resolve), as a second copy. */
async function importCopy(url: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
}

describe('defining the elements twice', () => {
  afterEach(() => stopAll());

  it('the first import registered all three, with the classes it exports', () => {
    for (const [tag, ctor] of Object.entries(FIRST)) expect(customElements.get(tag), tag).to.equal(ctor);
  });

  for (const tag of Object.keys(MODULES) as Tag[]) {
    it(`a second copy of <${tag}>'s module loads without an error, and the first definition stays`, async () => {
      const errors = watchErrors();
      const logged = watchConsole();
      const copy = await importCopy(`${MODULES[tag].url}?copy=${tag}`);
      const second = copy[MODULES[tag].name];
      expect(second, 'the copy evaluated its own class').to.be.a('function');
      expect(second, 'a distinct class, so the copy really tried to define the tag again').to.not.equal(FIRST[tag]);
      expect(customElements.get(tag), 'the first definition stays').to.equal(FIRST[tag]);
      const el = document.createElement(tag);
      expect(el).to.be.instanceOf(FIRST[tag]);
      expect(errors).to.deep.equal([]);
      expect(consoleText(logged), 'nothing logged').to.deep.equal([]);
    });
  }

  it('a second copy of the whole entry point loads without an error', async () => {
    const errors = watchErrors();
    await importCopy('/src/index.ts?copy=entry');
    for (const [tag, ctor] of Object.entries(FIRST)) expect(customElements.get(tag), tag).to.equal(ctor);
    expect(errors).to.deep.equal([]);
  });

  it('elements made after the second copy loaded work as before', async () => {
    await importCopy(`${MODULES['secret-setup'].url}?copy=work`);
    const el = await fixture<SecretSetupElement>(html`<secret-setup no-confirm></secret-setup>`);
    expect(el).to.be.instanceOf(SecretSetupElement);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part~="input"]')!;
    input.value = 'kingfishers';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
    await el.updateComplete;
    expect(el.value).to.equal('kingfishers');
    expect(el.shadowRoot!.querySelector('[data-rule="length"]')!.getAttribute('data-state')).to.equal('met');
  });

  it('the built bundle on a page that already has the elements: no error, the first definitions stay', async function () {
    const url = '/dist/account-secret-elements.min.js';
    const found = await fetch(url, { method: 'HEAD' });
    // The bundle exists once `npm run build` has run, as it has in CI before the tests.
    if (!found.ok) this.skip();
    const errors = watchErrors();
    await importCopy(url);
    for (const [tag, ctor] of Object.entries(FIRST)) expect(customElements.get(tag), tag).to.equal(ctor);
    expect(errors).to.deep.equal([]);
  });

  it('define() never throws: a taken name keeps its first class, and a class already registered under another name is left alone', () => {
    class First extends HTMLElement {}
    class Second extends HTMLElement {}
    define('ase-define-test', First);
    expect(() => define('ase-define-test', Second)).to.not.throw();
    expect(customElements.get('ase-define-test')).to.equal(First);
    // The platform refuses one constructor under two names (NotSupportedError): define() must not pass that on.
    expect(() => customElements.define('ase-define-probe', First), 'the platform throws here').to.throw();
    expect(() => define('ase-define-other', First)).to.not.throw();
    expect(customElements.get('ase-define-other')).to.equal(undefined);
  });
});
