import type { CommonMessages } from './messages.js';

/** A time of day in Welsh use, for "try again after 14:05". */
function welshTimeAfter(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return at.toLocaleTimeString('cy-GB', { hour: '2-digit', minute: '2-digit' });
}

/**
 * Welsh for the strings every element shares. Loaded on demand with an
 * element's Welsh pack. Waits are given as a clock time ("ar ôl 14:05"),
 * which reads naturally without Welsh number mutations.
 */
export const commonWelsh: CommonMessages = {
  errorPrefix: 'Gwall:',
  errorSummaryTitle: 'Mae problem wedi codi',
  errorNetwork: "Nid oedd modd cysylltu â'r gwasanaeth. Gwiriwch eich cysylltiad, yna rhowch gynnig arall arni.",
  errorTimeout: 'Cymerodd y gwasanaeth ormod o amser i ateb. Rhowch gynnig arall arni.',
  errorServer: "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth. Rhowch gynnig arall arni nes ymlaen.",
  errorUnauthorized: 'Mae eich sesiwn wedi dod i ben. Mewngofnodwch eto, yna rhowch gynnig arall arni.',
  errorForbidden: "Nid oes gennych ganiatâd i wneud hyn. Cysylltwch â'ch Gweinyddwr Lleol.",
  errorRateLimitedIn: (wait: number) =>
    `Rydych wedi rhoi cynnig arni ormod o weithiau. Rhowch gynnig arall arni ar ôl ${welshTimeAfter(wait)}.`,
  errorRateLimited: 'Rydych wedi rhoi cynnig arni ormod o weithiau. Rhowch gynnig arall arni nes ymlaen.',
  errorBadResponse:
    "Mae'n ddrwg gennym, anfonodd y gwasanaeth ateb nad oeddem yn ei ddeall. Rhowch gynnig arall arni nes ymlaen.",
};
