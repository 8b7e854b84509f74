import { executeServerCommand } from '@web/test-runner-commands';

/** The platform's shortcut modifier: Command on a Mac, Control elsewhere. */
export const MODIFIER = navigator.platform.startsWith('Mac') ? 'Meta' : 'Control';

/**
 * Presses a shortcut (`chord('v')` pastes) with real keys, in every engine:
 * sendKeys' `down`/`up` exist only for puppeteer, so the test runner's
 * `key-chord` command (test/runner/commands.mjs) does it.
 */
export async function chord(key: string, modifier: string = MODIFIER): Promise<void> {
  await executeServerCommand('key-chord', { modifier, key });
}
