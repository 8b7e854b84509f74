// The control's element: the least a script can do on the light-DOM candidate's page markup (find
// the input and the rules' items, and mark each item met or unmet on every edit), with the bench's
// own reference rules. No library, no shadow root.
import { checkRules, userFromAttrs } from '../common/rules.js';

const KEY = { letters: 'letters', length: 'length', 'not-name': 'notName' };

class SecretPageLight extends HTMLElement {
  connectedCallback() {
    const input = this.querySelector('input[type="password"]');
    const items = [...this.querySelectorAll('li[data-rule]')].filter((li) => li.dataset.rule in KEY);
    const user = userFromAttrs(this);
    const update = () => {
      const states = checkRules(input.value, user);
      for (const li of items) {
        const state = states[KEY[li.dataset.rule]] ? 'met' : 'unmet';
        if (li.dataset.state !== state) li.dataset.state = state;
      }
    };
    input.addEventListener('input', update);
    update();
  }
}
customElements.define('secret-page-light', SecretPageLight);
