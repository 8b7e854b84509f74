import { commonWelsh } from '../internal/messages.cy.js';
import type { SecretChallengeMessages } from './messages.js';

/** Suffixes of 1 to 20 written as figures: 1af, 2il, 3ydd, … 20fed. */
const SUFFIXES = [
  '',
  'af',
  'il',
  'ydd',
  'ydd',
  'ed',
  'ed',
  'fed',
  'fed',
  'fed',
  'fed',
  'eg',
  'fed',
  'eg',
  'eg',
  'fed',
  'eg',
  'eg',
  'fed',
  'eg',
  'fed',
];

/**
 * A Welsh ordinal written with figures, as in Welsh dates: "1af", "2il",
 * "3ydd", "4ydd", "5ed", "7fed", "11eg", "12fed", "20fed", "21ain".
 *
 * The scheme follows the traditional (vigesimal) ordinal words the suffix
 * abbreviates: 1 to 20 from the table; above 20 a number is said as "…
 * ar hugain", "… a deugain" and so on, so it ends in "-ain", except the
 * round numbers whose word ends in "-fed" (40 deugeinfed, 50 hanner canfed,
 * 60 trigeinfed, 80 pedwar ugeinfed, 100 canfed). Above 100 the last two
 * figures decide, as they do in speech ("101af"); a whole hundred is "-fed".
 */
export function welshOrdinal(n: number): string {
  const last = n > 100 ? n % 100 : n;
  let suffix: string;
  if (last === 0) suffix = 'fed';
  else if (last <= 20) suffix = SUFFIXES[last];
  else if (last % 20 === 0 || last === 50) suffix = 'fed';
  else suffix = 'ain';
  return `${n}${suffix}`;
}

/**
 * "y" or "yr" before an ordinal: "yr" when its spoken word starts with a
 * vowel (ail, wythfed, unfed ar ddeg, ugeinfed, unfed ar hugain, …).
 */
export function welshArticle(n: number): 'y' | 'yr' {
  let last = n > 100 ? n % 100 : n;
  if (last === 1) return n > 100 ? 'yr' : 'y'; // cyntaf; after a hundred, "unfed"
  let compound = false;
  while (last > 20) {
    if (last % 20 === 0 || last === 50) return 'y'; // deugeinfed, hanner canfed, trigeinfed, …
    last -= 20;
    compound = true;
  }
  if (last === 1) return compound ? 'yr' : 'y';
  return [2, 8, 11, 16, 17, 20].includes(last) ? 'yr' : 'y';
}

/**
 * "a" or "ac" before the last item of a list: "ac" where the spoken word
 * starts with a vowel, as for "yr" ("2il, 5ed ac 8fed"). Not
 * `Intl.ListFormat('cy')`: Chromium ships without Welsh list data and
 * falls back to English "and".
 */
function welshAnd(item: string): 'a' | 'ac' {
  const n = Number.parseInt(item, 10);
  if (Number.isInteger(n) && n > 0) return welshArticle(n) === 'yr' ? 'ac' : 'a';
  return /^[aeiouwyâêîôûŵŷ]/i.test(item) ? 'ac' : 'a';
}

function attemptsLeft(n: number): string {
  return n === 1 ? '1 cynnig' : `${n} cynnig`;
}

/** Welsh strings of `<secret-challenge>`, loaded only when the element's language is `cy`. */
export const secretChallengeWelsh: SecretChallengeMessages = {
  ...commonWelsh,
  ordinal: (n: number) => welshOrdinal(n),
  charLabel: (n: number) => `${welshOrdinal(n)} nod`,
  legendSelf: 'Rhowch y nodau hyn o gyfrinach eich cyfrif',
  legendAgent: "Gofynnwch i'r galwr am y nodau hyn o gyfrinach eu cyfrif",
  hintSelf: 'Rhowch un llythyren ym mhob blwch. Nid oes gwahaniaeth rhwng priflythrennau a llythrennau bach.',
  hintAgent:
    "Teipiwch un llythyren ym mhob blwch wrth i'r galwr ei darllen. Nid oes gwahaniaeth rhwng priflythrennau a llythrennau bach.",
  attemptsSelf: (n: number) => `Mae gennych ${attemptsLeft(n)} ar ôl.`,
  attemptsAgent: (n: number) => `Mae gan y galwr ${attemptsLeft(n)} ar ôl.`,
  loading: "Wrthi'n nôl y nodau i ofyn amdanynt…",
  retry: 'Rhowch gynnig arall arni',
  show: 'Dangos',
  hide: 'Cuddio',
  showCharacters: 'Dangos y nodau',
  hideCharacters: "Cuddio'r nodau",
  charactersShown: "Mae'r nodau i'w gweld",
  charactersHidden: "Mae'r nodau wedi'u cuddio",
  fullSecretLabel: 'Neu rhowch gyfrinach gyfan eich cyfrif',
  fullSecretHint:
    "Gallwch ei gludo neu adael i'ch rheolwr cyfrineiriau ei llenwi. Dim ond y nodau y gofynnir amdanynt a gaiff eu defnyddio a'u hanfon; caiff y blwch hwn ei glirio ar unwaith.",
  fullSecretTaken: (ordinals: string, verify: string) =>
    `Mae'r nodau ${ordinals} wedi'u cymryd o'ch cyfrinach ac mae hi wedi'i chlirio. Dewiswch ${verify} i'w gwirio.`,
  errorFullSecretShort: (n: number) =>
    `Mae llai na ${n} llythyren yn yr hyn a roesoch, felly ni all fod yn gyfrinach eich cyfrif. Gwiriwch mai cyfrinach eich cyfrif a roesoch, nid eich cyfrinair.`,
  errorFullSecretLetters:
    'Llythrennau yn unig sydd yng nghyfrinach eich cyfrif. Gwiriwch mai cyfrinach eich cyfrif a roesoch, nid eich cyfrinair.',
  list: (items: string[]) =>
    items.length <= 1
      ? items.join('')
      : `${items.slice(0, -1).join(', ')} ${welshAnd(items[items.length - 1])} ${items[items.length - 1]}`,
  verify: 'Gwirio',
  verifying: "Wrthi'n gwirio…",
  errorNotLetter: (n: number) => `Rhaid i'r ${welshOrdinal(n)} nod fod yn llythyren`,
  errorPasteNotLetters: "Dim ond llythrennau y gellir eu gludo i'r blychau hyn",
  errorPasteMismatch:
    "Nid yw'r hyn a gludwyd gennych yn ffitio'r blychau hyn. Gludwch un llythyren ar gyfer pob blwch, neu gyfrinach gyfan eich cyfrif.",
  errorMissingGroup: 'Rhowch lythyren ym mhob blwch',
  errorMissing: (n: number) => `Rhowch ${welshArticle(n)} ${welshOrdinal(n)} nod`,
  failedSelf: (n: number) =>
    `Nid yw'r nodau hynny'n gywir. ${n === 0 ? 'Nid oes gennych unrhyw gynigion ar ôl.' : `Mae gennych ${attemptsLeft(n)} ar ôl.`}`,
  failedAgent: (n: number) =>
    `Nid yw'r nodau a roddwyd yn gywir. ${n === 0 ? 'Nid oes gan y galwr unrhyw gynigion ar ôl.' : `Mae gan y galwr ${attemptsLeft(n)} ar ôl.`}`,
  lockedTitle: "Mae'r gwiriadau wedi'u cloi",
  lockedSelf: (time: string) =>
    `Rydych wedi rhoi'r nodau anghywir ormod o weithiau. Gallwch roi cynnig arall arni ar ôl ${time}.`,
  lockedAgent: (time: string) =>
    `Rhoddwyd y nodau anghywir ormod o weithiau. Peidiwch â gwirio cyfrinach y galwr hwn eto cyn ${time}: cadarnhewch pwy ydyn nhw mewn ffordd arall, gan ddilyn eich proses leol.`,
  lockedAdminSelf:
    "Rydych wedi rhoi'r nodau anghywir ormod o weithiau, ac mae eich gwiriadau wedi'u cloi nes iddynt gael eu datgloi i chi. Cysylltwch â'ch Gweinyddwr Lleol.",
  lockedAdminAgent:
    "Rhoddwyd y nodau anghywir ormod o weithiau, ac mae gwiriadau'r galwr hwn wedi'u cloi nes i weinyddwr eu datgloi. Cadarnhewch pwy ydyn nhw mewn ffordd arall, gan ddilyn eich proses leol, a gofynnwch iddynt gysylltu â'u Gweinyddwr Lleol.",
  expired: 'Roedd y gwiriad hwnnw wedi dod i ben, felly mae nodau newydd i ofyn amdanynt. Rhowch nhw isod.',
  verifiedTitleSelf: 'Mae cyfrinach eich cyfrif yn gywir',
  verifiedBodySelf: "Mae'r nodau a roesoch yn gywir.",
  verifiedTitleAgent: "Hunaniaeth wedi'i gwirio",
  verifiedBodyAgent: 'Rhoddodd y galwr y nodau cywir o gyfrinach eu cyfrif.',
  helpSelf: "Wedi anghofio cyfrinach eich cyfrif? Cysylltwch â'ch Gweinyddwr Lleol.",
  helpAgent: "Os yw'r galwr wedi anghofio cyfrinach eu cyfrif, mae angen iddynt gysylltu â'u Gweinyddwr Lleol.",
};
