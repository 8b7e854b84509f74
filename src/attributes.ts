/**
 * The three elements' attributes as written in markup (kebab-case, strings
 * or numbers), for the template typings of frameworks: React's JSX
 * (`./jsx.ts`) and Vue's templates (`./vue.ts`). Types only.
 */
import type { Alphabet } from './rules/index.js';
import type { ChallengeMode } from './secret-challenge/secret-challenge.js';

/** Attributes common to the three elements. */
export interface SharedAttributes {
  endpoint?: string;
  credentials?: RequestCredentials;
  timeout?: number | string;
}

export interface SecretSetupAttributes extends SharedAttributes {
  name?: string;
  required?: boolean;
  disabled?: boolean;
  'given-name'?: string;
  'family-name'?: string;
  organisation?: string;
  'min-length'?: number | string;
  'max-length'?: number | string;
  alphabet?: Alphabet;
  'history-size'?: number | string;
  'no-confirm'?: boolean;
}

export interface AupConsentAttributes extends SharedAttributes {
  name?: string;
  required?: boolean;
  disabled?: boolean;
  version?: string;
  src?: string;
  'accepted-at'?: string;
}

export interface SecretChallengeAttributes extends SharedAttributes {
  mode?: ChallengeMode;
  positions?: string;
  'challenge-id'?: string;
  'help-href'?: string;
  account?: string;
}
