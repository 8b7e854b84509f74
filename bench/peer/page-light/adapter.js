// Adapter for the control of the light-DOM candidate: the same page markup as product-light (a
// <form method="post">, a labelled <input type="password">, the plain rules <ul>), with a
// hand-written minimal element in place of the product (entry.js). Beside `product-light`, it
// splits what the page itself costs (a password field in a form, Chromium's own work on every
// edit) from what the element adds. States are read from the list items, never from the value.
import { typeChar, setValue } from '/harness/kit.js';

let n = 0;
const input = (el) => el.querySelector('input[type="password"]');
const readDom = (el) => {
  const s = {};
  for (const li of el.querySelectorAll('li[data-rule]')) s[li.dataset.rule] = li.dataset.state;
  return { letters: s.letters === 'met', length: s.length === 'met', notName: s['not-name'] === 'met' };
};

export default {
  async setup() {
    await customElements.whenDefined('secret-page-light');
  },
  create(container, user) {
    const id = `secret-${++n}`;
    const form = document.createElement('form');
    form.method = 'post';
    const el = document.createElement('secret-page-light');
    el.setAttribute('given-name', user.givenName);
    el.setAttribute('family-name', user.familyName);
    el.setAttribute('organisation', user.organisation);
    el.innerHTML =
      `<div class="nhsuk-form-group"><label for="${id}">Your new account secret</label>` +
      `<ul id="${id}-rules"><li data-rule="letters">only letters</li><li data-rule="not-name">not your name or your organisation's name</li>` +
      `<li data-rule="length">at least 9 letters</li><li data-rule="history">not one of your last 5 secrets</li></ul>` +
      `<input type="password" id="${id}" name="secret" autocomplete="off" spellcheck="false" aria-describedby="${id}-rules"></div>`;
    form.append(el);
    container.append(form);
    return el;
  },
  ready: (el) => readDom(el),
  input,
  type: (el, ch) => typeChar(input(el), ch),
  clear: (el) => setValue(input(el), ''),
  settled: async (el) => readDom(el),
};
