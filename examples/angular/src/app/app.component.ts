import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { SecretRulesChangeEvent, SecretSavedEvent } from 'account-secret-elements/secret-setup.js';

@Component({
  selector: 'app-root',
  // Lets the template use tags Angular does not know (any name with a dash)
  // and bind their properties; the package types their events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>Set your account secret</h1>
    <secret-setup
      endpoint="/api/account-secret"
      [attr.given-name]="user.givenName"
      [attr.family-name]="user.familyName"
      [attr.organisation]="user.organisation"
      [headers]="headers"
      (secret-rules-change)="onRulesChange($event)"
      (secret-saved)="onSaved($event)"
    ></secret-setup>
    <p id="rules-met">{{ rulesMet() }}</p>
    @if (savedAt()) {
      <p id="saved-at">Saved at {{ savedAt() }}</p>
    }
  `,
})
export class AppComponent {
  readonly user = { givenName: 'Mary', familyName: 'Smith', organisation: 'Leeds Teaching Hospitals NHS Trust' };
  /** Sent with every request the element makes, e.g. a CSRF token. */
  readonly headers = { 'X-Requested-With': 'account-secret-elements example' };
  readonly rulesMet = signal('');
  readonly savedAt = signal('');

  // $event arrives typed (strictTemplates): the element's tag and the
  // event's name are in HTMLElementTagNameMap and GlobalEventHandlersEventMap.
  onRulesChange(event: SecretRulesChangeEvent): void {
    const { rules } = event.detail;
    this.rulesMet.set(`${rules.filter((rule) => rule.state === 'met').length} of ${rules.length} rules met`);
  }

  onSaved(event: SecretSavedEvent): void {
    const { response } = event.detail;
    const savedAt = typeof response === 'object' && response !== null && 'savedAt' in response && response.savedAt;
    this.savedAt.set(typeof savedAt === 'string' ? savedAt : 'an unknown time');
  }
}
