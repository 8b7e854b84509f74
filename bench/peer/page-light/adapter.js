// Adapter for the control of the light-DOM candidate: the same page markup as product-light
// (its light-page.js, mounted by candidate.json), with a hand-written minimal element in place of
// the product (entry.js), which updates the list synchronously in its `input` listener. Beside
// `product-light`, it splits what the page itself costs (a password field in a form, Chromium's
// own work on every edit) from what the element adds.
import { lightPageAdapter } from '/light-page/light-page.js';

export default lightPageAdapter('secret-page-light', () => {});
