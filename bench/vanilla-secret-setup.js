// The floor the benchmark compares <secret-setup> with: a minimal
// hand-written custom element that checks the same three client rules
// (letters, length, not-name) on every input and renders them. No library,
// no accessibility extras, no i18n: the cheapest honest way to do the work.
const LETTERS = /^[A-Za-z]+$/;
const fold = (s) => s.normalize('NFKC').toLowerCase().replace(/\P{L}/gu, '');

class VanillaSecretSetup extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<label for="s">Account secret</label><input id="s" type="password">
<ul><li data-rule="letters" data-state="unmet">only letters</li><li data-rule="not-name" data-state="unmet">not your name</li><li data-rule="length" data-state="unmet">at least 9 letters</li></ul>`;
    this.input = root.querySelector('input');
    this.items = [...root.querySelectorAll('li')];
    this.input.addEventListener('input', () => this.render());
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  render() {
    const v = this.input.value;
    const f = fold(v);
    const name = fold(this.getAttribute('given-name') ?? '');
    const n = [...v.normalize('NFC')].length;
    const states = [LETTERS.test(v), v !== '' && f !== name, n >= 9 && n <= 64];
    this.items.forEach((li, i) => li.setAttribute('data-state', states[i] ? 'met' : 'unmet'));
  }
}
customElements.define('vanilla-secret-setup', VanillaSecretSetup);
