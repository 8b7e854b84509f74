/**
 * Runs one composed story as Storybook would (loaders, MSW handlers from
 * `parameters.msw`, render, `play`) and watches the page for errors.
 */

export interface StoryRun {
  canvasElement: HTMLElement;
  /** What reached `console.error`, `window.onerror` or `unhandledrejection` during the story. */
  errors: string[];
  /** Removes the canvas and stops watching. */
  finish(): void;
}

interface RunnableStory {
  run(context?: { canvasElement?: HTMLElement; globals?: Record<string, unknown> }): Promise<void>;
}

function describeError(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `globals` override the toolbar's (e.g. `{ locale: 'cy' }` renders the story in Welsh). */
export async function runStory(story: RunnableStory, globals?: Record<string, unknown>): Promise<StoryRun> {
  const errors: string[] = [];
  const originalError = console.error;
  // Spying, not silencing: the message still reaches the browser log.
  console.error = (...args: unknown[]) => {
    errors.push(args.map(describeError).join(' '));
    originalError.apply(console, args);
  };
  const onError = (event: ErrorEvent) => errors.push(`uncaught ${describeError(event.error ?? event.message)}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandled rejection ${describeError(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);

  const canvasElement = document.createElement('div');
  canvasElement.className = 'story-canvas';
  document.body.append(canvasElement);
  const finish = () => {
    console.error = originalError;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    canvasElement.remove();
  };
  try {
    await story.run(globals ? { canvasElement, globals } : { canvasElement });
  } catch (error) {
    finish();
    throw error;
  }
  return { canvasElement, errors, finish };
}

/** The custom elements a story rendered, at any depth of light DOM. */
export function customElementsIn(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].filter((node) => node.localName.includes('-') && node.shadowRoot !== null);
}
