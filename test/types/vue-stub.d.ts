/**
 * The two names `src/vue.ts` takes from Vue, so the repository type-checks
 * its Vue typings without installing Vue: `GlobalComponents` (augmented) and
 * `HTMLAttributes` (a few of Vue's, enough to show they are accepted).
 * Mapped to `vue` by `paths` in tsconfig.json.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Vue's is empty too, filled by augmentation
export interface GlobalComponents {}
export interface HTMLAttributes {
  id?: string;
  class?: unknown;
  style?: unknown;
}
