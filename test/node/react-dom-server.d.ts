// The one function of react-dom/server the wrappers' server test calls; the
// repository installs React for its typings and tests, not @types/react-dom.
declare module 'react-dom/server' {
  import type { ReactNode } from 'react';
  export function renderToString(node: ReactNode): string;
}
