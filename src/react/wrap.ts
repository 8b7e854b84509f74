/**
 * The wrappers' one factory: @lit/react's `createComponent` in the browser,
 * and on a server a component that writes the element's attributes.
 *
 * @lit/react sets every prop as a property in an effect, and effects never
 * run on a server: its server HTML is a bare `<secret-setup>` (no
 * `endpoint`, no names, nothing the element reads before hydration). On a
 * server this writes each prop that has an attribute under the attribute's
 * name (`givenName` as `given-name`, never `givenName=`), leaves out
 * properties without one (`headers`, `strings`) and the `on…` event props,
 * and keeps the children (a page's own fields, HTML first). In the browser,
 * @lit/react hydrates the same tag (its `suppressHydrationWarning` covers
 * the attributes it does not render) and sets the properties.
 */
import * as React from 'react';
import type { ReactiveElement } from 'lit';
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';

type EventNames = Record<string, EventName>;

/** What the factory reads of an element class: Lit's property declarations. */
type ElementClass<I extends HTMLElement> = (new () => I) &
  Pick<typeof ReactiveElement, 'elementProperties' | 'observedAttributes'>;

interface WrapOptions<I extends HTMLElement, E extends EventNames> {
  tagName: string;
  elementClass: ElementClass<I>;
  events: E;
}

export function wrap<I extends HTMLElement, E extends EventNames>(options: WrapOptions<I, E>): ReactWebComponent<I, E> {
  if (typeof window !== 'undefined') return createComponent({ react: React, ...options });
  const attributes = attributeNames(options.elementClass);
  const events = new Set(Object.keys(options.events));
  const ServerComponent = React.forwardRef<I, Record<string, unknown>>((props, _ref) => {
    const serverProps: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
      if (events.has(key) || value === undefined || value === null) continue;
      const attribute = attributes.get(key);
      if (attribute === undefined) {
        serverProps[key] = value; // children, id, className, aria-*, data-*: as React writes them
      } else if (attribute.type === Boolean) {
        if (value) serverProps[attribute.name] = '';
      } else if (attribute.name && (typeof value === 'string' || typeof value === 'number')) {
        serverProps[attribute.name] = String(value);
      }
    }
    return React.createElement(options.tagName, serverProps);
  });
  ServerComponent.displayName = options.elementClass.name;
  return ServerComponent;
}

/**
 * Each Lit property of the element: its attribute's name (empty when it has
 * none, as `headers` and `strings`) and its type.
 */
function attributeNames<I extends HTMLElement>(
  elementClass: ElementClass<I>,
): Map<string, { name: string; type: unknown }> {
  void elementClass.observedAttributes; // finalizes the class: elementProperties then holds inherited properties too
  const names = new Map<string, { name: string; type: unknown }>();
  for (const [property, declaration] of elementClass.elementProperties) {
    if (typeof property !== 'string') continue;
    const { attribute } = declaration;
    const name = attribute === false ? '' : typeof attribute === 'string' ? attribute : property.toLowerCase();
    names.set(property, { name, type: declaration.type });
  }
  return names;
}
