/**
 * MSW 3 in Node uses `Promise.withResolvers`, `Set.prototype.intersection` and `.difference`
 * (Node 22+). On Node 20 these stand in for them, for this test only; a
 * host's tests use core-js (docs/frameworks.md).
 */
type WithResolvers = <T>() => {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};
const promiseStatics = Promise as PromiseConstructor & { withResolvers?: WithResolvers };
if (!promiseStatics.withResolvers) {
  promiseStatics.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}
type SetOperation = (other: ReadonlySet<unknown>) => Set<unknown>;
const setProto = Set.prototype as Set<unknown> & { intersection?: SetOperation; difference?: SetOperation };
if (!setProto.intersection) {
  setProto.intersection = function (this: Set<unknown>, other: ReadonlySet<unknown>) {
    return new Set([...this].filter((item) => other.has(item)));
  };
}
if (!setProto.difference) {
  setProto.difference = function (this: Set<unknown>, other: ReadonlySet<unknown>) {
    return new Set([...this].filter((item) => !other.has(item)));
  };
}
