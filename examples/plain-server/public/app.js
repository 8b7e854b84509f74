// The page's own script, after the bundle: the CSRF token for the element's
// requests, and what the page shows from the element's events.
/** @import { SecretRulesChangeEvent, SecretSavedEvent } from 'account-secret-elements' */

const setup = document.querySelector('secret-setup');
const status = document.getElementById('status');
if (setup && status) {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  setup.headers = { 'X-CSRF-Token': csrfToken };
  setup.addEventListener('secret-rules-change', (/** @type {SecretRulesChangeEvent} */ event) => {
    const { rules } = event.detail;
    status.textContent = `${rules.filter((rule) => rule.state === 'met').length} of ${rules.length} rules met`;
  });
  setup.addEventListener('secret-saved', (/** @type {SecretSavedEvent} */ event) => {
    const { savedAt } = /** @type {{ savedAt?: string }} */ (event.detail.response ?? {});
    status.textContent = `Saved at ${savedAt ?? 'now'}`;
  });
}
