// The page markup of the README's HTML-first usage, one instance per `create`: a
// <form method="post">, a labelled <input type="password"> and the plain rules <ul>, inside the
// element `tag`. Shared by the light-DOM candidate (the product) and its control (page-light,
// which mounts this folder), so that both measure the same page. States are read from the list
// items' data-rule/data-state, never from the value.
import { typeChar, setValue } from '/harness/kit.js';

let n = 0;
const input = (el) => el.querySelector('input[type="password"]');
const readDom = (el) => {
  const s = {};
  for (const li of el.querySelectorAll('li[data-rule]')) s[li.dataset.rule] = li.dataset.state;
  return { letters: s.letters === 'met', length: s.length === 'met', notName: s['not-name'] === 'met' };
};

/** An adapter for `tag`; `settle(el)` resolves when the element's feedback is in the DOM. */
export function lightPageAdapter(tag, settle) {
  const settled = async (el) => {
    await settle(el);
    return readDom(el);
  };
  return {
    async setup() {
      await customElements.whenDefined(tag);
    },
    create(container, user) {
      const id = `secret-${++n}`;
      const form = document.createElement('form');
      form.method = 'post';
      const el = document.createElement(tag);
      el.setAttribute('given-name', user.givenName);
      el.setAttribute('family-name', user.familyName);
      el.setAttribute('organisation', user.organisation);
      el.setAttribute('no-confirm', '');
      el.innerHTML =
        `<div class="nhsuk-form-group"><label for="${id}">Your new account secret</label>` +
        `<ul id="${id}-rules"><li data-rule="letters">only letters</li><li data-rule="not-name">not your name or your organisation's name</li>` +
        `<li data-rule="length">at least 9 letters</li><li data-rule="history">not one of your last 5 secrets</li></ul>` +
        `<input type="password" id="${id}" name="secret" autocomplete="off" spellcheck="false" aria-describedby="${id}-rules"></div>`;
      form.append(el);
      container.append(form);
      return el;
    },
    ready: settled,
    input,
    type: (el, ch) => typeChar(input(el), ch),
    clear: (el) => setValue(input(el), ''),
    settled,
  };
}
