// Adapter for the product's <secret-setup> in light-DOM mode: the page gives its own labelled
// <input type="password"> and a plain <ul> of the rules (as a server-rendered page does); the
// element turns the list into its live checklist (light-page.js).
import { lightPageAdapter } from './light-page.js';

export default lightPageAdapter('secret-setup', (el) => el.updateComplete);
